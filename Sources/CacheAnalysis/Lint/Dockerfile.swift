import CacheKeys
import CacheModel

/// A Dockerfile as lint, diff and history read it: CacheKeys' parse (`ParsedDockerfile`, the one
/// parser) with the path it was read from, and the questions those commands ask of it (which
/// line made a layer, which stages the final one derives from). The text is read by the CLI and
/// passed in (this type does no I/O).
public struct Dockerfile: Sendable {
    public typealias Instruction = DockerInstruction
    public typealias Stage = DockerStage

    /// Path as given by the user (used in SARIF locations and error messages).
    public let path: String
    /// The parse every view below reads.
    public let parsed: ParsedDockerfile
    public let stages: [Stage]

    public init(path: String, parsed: ParsedDockerfile) {
        self.path = path
        self.parsed = parsed
        self.stages = parsed.stages
    }

    /// Parses `text`; a syntax error carries its line and column.
    public init(path: String, text: String) throws(DockerfileError) {
        self.init(path: path, parsed: try ParsedDockerfile(parsing: text))
    }

    public var instructions: [Instruction] { parsed.instructions }

    /// What the parser reads but cachectl does not follow (`ONBUILD`…), each at its line.
    public var unsupported: [DockerfileIssue] { parsed.unsupported }

    /// The stage a `FROM` word names: an earlier stage's `AS` name (names are lowercased).
    func parentStage(of index: Int) -> Int? {
        let base = stages[index].base.lowercased()
        return stages[..<index].lastIndex { $0.name != nil && $0.name == base }
    }

    /// Stages the last stage is built from (`FROM <stage>` chain), last stage included, in order.
    public var finalStageChain: [Int] {
        guard !stages.isEmpty else { return [] }
        var chain = [stages.count - 1]
        var seen = Set(chain)
        while let cur = chain.first, let parent = parentStage(of: cur), seen.insert(parent).inserted {
            chain.insert(parent, at: 0)
        }
        return chain
    }

    /// Line of each layer whose history step matches an instruction of the final stage (or the
    /// stages it derives from), matched in order.
    public func lines(forSteps steps: [String?]) -> [Int: Int] {
        let chain = Set(finalStageChain)
        let candidates = instructions.filter { chain.contains($0.stage) && $0.keyword != "FROM" }
        var out: [Int: Int] = [:]
        var next = 0
        for (layer, step) in steps.enumerated() {
            guard let step else { continue }
            let norm = StepText.normalizedHistory(step)
            if let k = candidates[next...].firstIndex(where: { $0.historyForm == norm }) {
                out[layer] = candidates[k].line
                next = k + 1
            }
        }
        return out
    }

    /// Line of the first `FROM` of a stage the final stage does not derive from.
    public var firstOtherStageLine: Int? {
        let chain = Set(finalStageChain)
        return stages.enumerated().first { !chain.contains($0.offset) }.map { instructions[$0.element.fromInstruction].line }
    }
}
