import CacheModel

/// Why a diff cannot be made. Exit code 2.
public enum DiffError: UserFacingError {
    case newHasNoCache(String)
    case noSource
    /// The graphs need more than this many comparisons (thousands of records sharing one digest).
    case tooComplex(Int)
    /// `--dockerfile` does not describe the image: the step at `line` is not what the image's
    /// history says made layer `layer`.
    case dockerfileMismatch(path: String, line: Int, instruction: String, layer: Int, history: String)
    /// `--target` names no stage of `--dockerfile`. Exit code 64.
    case unknownTarget(String, stages: [String])
    public var exitCode: Int32 {
        if case .unknownTarget = self { return 64 }
        return 2
    }
    public var description: String {
        switch self {
        case let .tooComplex(n):
            return "the cache graphs are too complex to compare (over \(n) comparisons); refusing to continue"
        case let .dockerfileMismatch(path, line, instruction, layer, history):
            return "\(Sanitize.inline(path)):\(line): \(Sanitize.inline(String(instruction.prefix(80)))) is not what made layer \(layer) (the image's history says \(Sanitize.inline(String(history.prefix(80))))): is this the Dockerfile the image was built from?"
        case let .unknownTarget(target, stages):
            return "--target \(Sanitize.quoted(target)) names no stage of the Dockerfile; its stages: \(stages.map { Sanitize.inline($0) }.joined(separator: ", "))"
        case .noSource:
            return "diff needs at least one cache source before NEW"
        case let .newHasNoCache(why):
            return "cannot tell which steps the new build ran: \(why). Build it with --cache-to type=inline (or --build-arg BUILDKIT_INLINE_CACHE=1) so its config records the build's cache keys"
        }
    }
}
