import CacheModel

/// A Dockerfile read just enough to point findings at lines: instructions with their first line,
/// flags and stage. The text is read by the CLI and passed in (this type does no I/O).
public struct Dockerfile: Sendable {
    public struct Instruction: Sendable, Equatable {
        /// 1-based line of the instruction's first line.
        public let line: Int
        /// Uppercased keyword (`RUN`, `COPY`, `FROM`…).
        public let keyword: String
        /// Leading `--flag[=value]` words (`--mount=type=cache,…`, `--from=builder`, `--link`).
        public let flags: [String]
        /// The rest, continuation lines joined, whitespace collapsed.
        public let body: String
        /// Index of the stage (0 = first `FROM`; -1 before any `FROM`).
        public let stage: Int

        /// The form BuildKit writes to history: keyword and body, flags left out, exec form flattened.
        public var historyForm: String {
            var b = body
            if keyword == "RUN" || keyword == "CMD" || keyword == "ENTRYPOINT", b.hasPrefix("["), b.hasSuffix("]") {
                b = Dockerfile.flattenExecForm(b)
            }
            return StepText.collapse(keyword + " " + b)
        }
    }

    public struct Stage: Sendable, Equatable {
        /// Index of the `FROM` instruction.
        public let fromInstruction: Int
        /// Name after `AS`, lowercased, if any.
        public let name: String?
        /// What it is built `FROM` (image or stage name), lowercased.
        public let base: String
    }

    /// Path as given by the user (used in SARIF locations).
    public let path: String
    public let instructions: [Instruction]
    public let stages: [Stage]

    public init(path: String, text: String) {
        self.path = path
        var escape: Character = "\\"
        var instructions: [Instruction] = []
        var stages: [Stage] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var l = String(line)
            if l.hasSuffix("\r") { l.removeLast() }
            return l
        }
        var i = 0
        var directives = true
        while i < lines.count {
            let raw = lines[i]
            let trimmed = raw.trimmingCharacters()
            if trimmed.isEmpty { i += 1; continue }
            if trimmed.hasPrefix("#") {
                if directives {
                    let d = trimmed.dropFirst().trimmingCharacters().lowercased()
                    if d.hasPrefix("escape=") || d.hasPrefix("escape =") {
                        if let c = d.split(separator: "=").last?.trimmingCharacters().first { escape = c }
                    }
                }
                i += 1
                continue
            }
            directives = false
            let start = i + 1
            var text = trimmed
            // Continuation lines; comment lines inside are skipped.
            while text.last == escape, i + 1 < lines.count {
                text.removeLast()
                i += 1
                while i < lines.count, lines[i].trimmingCharacters().hasPrefix("#") { i += 1 }
                if i < lines.count { text += " " + lines[i].trimmingCharacters() }
            }
            i += 1
            let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let first = words.first else { continue }
            let keyword = first.uppercased()
            var rest = words.dropFirst()
            var flags: [String] = []
            while let w = rest.first, w.hasPrefix("--") { flags.append(w); rest = rest.dropFirst() }
            let body = rest.joined(separator: " ")
            if keyword == "FROM" {
                let parts = Array(rest)
                var name: String?
                if parts.count >= 3, parts[parts.count - 2].uppercased() == "AS" { name = parts.last?.lowercased() }
                stages.append(Stage(fromInstruction: instructions.count, name: name, base: (parts.first ?? "").lowercased()))
            }
            instructions.append(Instruction(line: start, keyword: keyword, flags: flags, body: StepText.collapse(body),
                                            stage: stages.count - 1))
        }
        self.instructions = instructions
        self.stages = stages
    }

    /// `["a", "b c"]` → `a b c` (the way BuildKit prints exec-form commands in history).
    static func flattenExecForm(_ s: String) -> String {
        var out: [String] = []
        var cur = ""
        var inString = false
        var escaped = false
        for ch in s.dropFirst().dropLast() {
            if inString {
                if escaped { cur.append(ch); escaped = false }
                else if ch == "\\" { escaped = true }
                else if ch == "\"" { inString = false; out.append(cur); cur = "" }
                else { cur.append(ch) }
            } else if ch == "\"" {
                inString = true
            }
        }
        return out.joined(separator: " ")
    }

    /// Stages the last stage is built from (`FROM <stage>` chain), last stage included, in order.
    public var finalStageChain: [Int] {
        guard !stages.isEmpty else { return [] }
        var chain = [stages.count - 1]
        var seen = Set(chain)
        while let cur = chain.first, let parent = stages[..<cur].lastIndex(where: { $0.name != nil && $0.name == stages[cur].base }),
              seen.insert(parent).inserted {
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

extension StringProtocol {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
