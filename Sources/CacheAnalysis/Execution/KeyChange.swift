import CacheModel

/// What changed in a step whose own key is new, read from the image history of OLD's and NEW's
/// layer at the same position of the final stage.
public enum KeyChange: Sendable, Equatable {
    public struct Arg: Sendable, Equatable {
        public let name: String
        /// nil: unset on that side.
        public let old: String?
        public let new: String?
    }
    /// Build args in the step's history text changed; `used`: the command mentions one of them
    /// (when it does not, every RUN after the ARG re-runs all the same).
    case buildArgs([Arg], used: Bool)
    /// The instruction itself changed.
    case instruction(old: String, new: String)
    /// The same history text: an ENV, an ARG outside the text, or a file it reads changed.
    case sameText

    /// The change between two history texts; nil when either is unknown.
    public static func between(old: String?, new: String?) -> KeyChange? {
        guard let o = old, let n = new else { return nil }
        if let oa = StepText.buildArgs(o), let na = StepText.buildArgs(n) {
            let oldArgs = Dictionary(oa.args, uniquingKeysWith: { a, _ in a })
            let newArgs = Dictionary(na.args, uniquingKeysWith: { a, _ in a })
            let changed = Set(oldArgs.keys).union(newArgs.keys).sorted().filter { oldArgs[$0] != newArgs[$0] }
            if !changed.isEmpty {
                let used = changed.contains { StepText.uses(na.command, variable: $0) }
                return .buildArgs(changed.map { Arg(name: $0, old: oldArgs[$0], new: newArgs[$0]) }, used: used)
            }
        }
        return o == n ? .sameText : .instruction(old: o, new: n)
    }
}
