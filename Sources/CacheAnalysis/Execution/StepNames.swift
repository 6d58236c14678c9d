import CacheModel

/// Names the steps of a build's key graph with the Dockerfile that made it, the way BuildKit
/// prints them (`[build 3/6] RUN …`).
///
/// BuildKit's Dockerfile frontend (`frontend/dockerfile/dockerfile2llb/convert.go`) gives every
/// `FROM <image>`, `RUN`, `COPY`, `ADD` and `WORKDIR` a vertex, numbered within its stage; a stage
/// built `FROM` another stage continues that stage's filesystem and has no `FROM` vertex of its
/// own. Each filesystem step is one record of the key graph, chained through input slot 0, so a
/// stage's records, read from its last one down, are its lineage's steps read backwards.
public struct StepNames: Sendable {
    public struct Name: Sendable, Equatable {
        /// The stage as BuildKit prints it (`AS` name, else `stage-N`); nil for a one-stage Dockerfile.
        public let stage: String?
        /// BuildKit's `i/n` numbering within the stage (the `FROM <image>` vertex is 1 when present).
        public let index: Int
        public let total: Int
        /// The instruction, keyword and body (flags kept), as in the Dockerfile.
        public let instruction: String
        /// 1-based line in the Dockerfile.
        public let line: Int

        /// `[build 3/6] RUN …`
        public var printed: String { "[\(stage.map { $0 + " " } ?? "")\(index)/\(total)] \(instruction)" }
    }

    public let names: [Int: Name]

    /// Keywords whose instruction is a filesystem step (a vertex and a record).
    static let stepKeywords: Set<String> = ["RUN", "COPY", "ADD", "WORKDIR"]

    /// - Parameters:
    ///   - target: the stage the image was built from (`--target`), by name or index; the last by default.
    public init(dockerfile: Dockerfile, graph g: CacheGraph, steps: BuildSteps, target: String? = nil) {
        let df = dockerfile
        // A lone stage keeps its `stage-0` name when a RUN --mount or a COPY --from of an image gives
        // BuildKit's frontend another state (`detectRunMount`, `toCommand`).
        func addsState(_ ins: Dockerfile.Instruction) -> Bool {
            guard ins.stage == 0 else { return false }
            if ins.keyword == "RUN" { return ins.flags.contains { $0.name == "mount" } }
            guard ins.keyword == "COPY" else { return false }
            return ins.flags.contains { f in f.name == "from" && (f.value.map { !$0.isEmpty && Int($0) == nil } ?? false) }
        }
        let single = df.stages.count == 1 && !df.instructions.contains(where: addsState)
        // Per stage: its own step instructions, numbered as BuildKit prints them.
        var own: [[(Dockerfile.Instruction, Int)]] = Array(repeating: [], count: df.stages.count)
        var totals = [Int](repeating: 0, count: df.stages.count)
        for (s, stage) in df.stages.enumerated() {
            let fromVertex = Self.stageIndex(df, name: stage.base, before: s) == nil && stage.base.lowercased() != "scratch"
            var i = fromVertex ? 1 : 0
            for ins in df.instructions where ins.stage == s && Self.stepKeywords.contains(ins.keyword) {
                i += 1
                own[s].append((ins, i))
            }
            totals[s] = i
        }
        func stageName(_ s: Int) -> String? { single ? nil : (df.stages[s].name ?? "stage-\(s)") }
        // The steps of a stage and the stages it is built FROM, bottom first.
        func lineage(_ s: Int) -> [(stage: Int, ins: Dockerfile.Instruction, index: Int)] {
            var chain = [s]
            var seen: Set<Int> = [s]
            while let parent = Self.stageIndex(df, name: df.stages[chain[0]].base, before: chain[0]), seen.insert(parent).inserted {
                chain.insert(parent, at: 0)
            }
            return chain.flatMap { st in own[st].map { (st, $0.0, $0.1) } }
        }
        var names: [Int: Name] = [:]
        var named = Set<Int>()
        let finalIndex = target.flatMap { Self.stageIndex(df, name: $0.lowercased(), before: df.stages.count) } ?? (df.stages.count - 1)
        guard finalIndex >= 0 else { self.names = [:]; return }
        // Walk a stage's records from `tail` down slot 0, naming them with its lineage from the end.
        var work: [(tail: Int, stage: Int)] = []
        func walk(tail: Int, stage: Int) {
            let steps = lineage(stage)
            var k = steps.count - 1
            var cur: Int? = tail
            while let r = cur, k >= 0, !g.records[r].isRoot, named.insert(r).inserted {
                let s = steps[k]
                let name = Name(
                    stage: stageName(s.stage), index: s.index, total: totals[s.stage],
                    instruction: Self.text(s.ins), line: s.ins.line)
                names[r] = name
                let copy = BuildSteps.linkCopy(of: r, in: g)
                if let copy { names[copy] = name }
                // Where this step copies or mounts from another stage, that stage's tail is linked here.
                if let from = Self.fromStage(s.ins, df, before: s.stage) {
                    let links: [Int]
                    let inputs = g.records[copy ?? r].inputs
                    // A copy onto scratch (and a `COPY --link` copy) has its source as its only slot.
                    if copy != nil || (inputs.count == 1 && inputs[0].contains { g.records[$0.link].isRoot }) {
                        links = (inputs.first ?? []).map(\.link)
                    } else {
                        links = inputs.dropFirst().flatMap { $0.map(\.link) }
                    }
                    for l in links where !g.records[l].isRoot { work.append((l, from)) }
                }
                cur = below(r)
                k -= 1
            }
            // Steps left below the lineage's first one, above the base image: the base image's ONBUILD
            // triggers, which BuildKit runs first in the stage built FROM it, counted after the FROM was
            // numbered (`[1/4] FROM …`, `[2/6] ONBUILD COPY …`, `[4/6] WORKDIR …`).
            let bottom = steps.first?.stage ?? stage
            guard k < 0, let first = cur, !g.records[first].isRoot, !named.contains(first),
                Self.stageIndex(df, name: df.stages[bottom].base, before: bottom) == nil, df.stages[bottom].base != "scratch"
            else { return }
            var triggers: [Int] = []
            var t: Int? = first
            while let r = t, !g.records[r].isRoot, !named.contains(r) { triggers.insert(r, at: 0); t = below(r) }
            let m = triggers.count
            for (r, n) in names where n.stage == stageName(bottom) && n.total == totals[bottom] {
                names[r] = Name(stage: n.stage, index: n.index + m, total: n.total + m, instruction: n.instruction, line: n.line)
            }
            let fromLine = df.instructions[df.stages[bottom].fromInstruction].line
            for (i, r) in triggers.enumerated() {
                named.insert(r)
                names[r] = Name(
                    stage: stageName(bottom), index: 2 + i, total: totals[bottom] + m,
                    instruction: "ONBUILD (a trigger of the base image)", line: fromLine)
            }
        }
        func below(_ r: Int) -> Int? {
            let slot0 = g.records[r].inputs.first ?? []
            return slot0.contains(where: { g.records[$0.link].isRoot }) ? nil : slot0.first(where: { !g.records[$0.link].isRoot })?.link
        }
        if let top = steps.stages.first?.steps.last?.record { walk(tail: top, stage: finalIndex) }
        while let next = work.popLast() { walk(tail: next.tail, stage: next.stage) }
        self.names = names
    }

    /// The stage a `FROM`/`--from` word names: an earlier stage's `AS` name or its index.
    static func stageIndex(_ df: Dockerfile, name: String, before limit: Int) -> Int? {
        let lower = name.lowercased()
        if let i = df.stages[..<min(limit, df.stages.count)].lastIndex(where: { $0.name == lower }) { return i }
        if let n = Int(lower), n >= 0, n < min(limit, df.stages.count) { return n }
        return nil
    }

    /// The stage a step copies or mounts from: `COPY --from=X`, or one `RUN --mount=…,from=X`.
    static func fromStage(_ ins: Dockerfile.Instruction, _ df: Dockerfile, before limit: Int) -> Int? {
        var froms: [String] = []
        for f in ins.flagWords {
            if f.lowercased().hasPrefix("--from=") { froms.append(String(f.dropFirst("--from=".count))) }
            if f.lowercased().hasPrefix("--mount=") {
                for part in f.dropFirst("--mount=".count).split(separator: ",") where part.lowercased().hasPrefix("from=") {
                    froms.append(String(part.dropFirst("from=".count)))
                }
            }
        }
        guard froms.count == 1 else { return nil }
        return stageIndex(df, name: froms[0], before: df.stages.count)
    }

    static func text(_ ins: Dockerfile.Instruction) -> String {
        ([ins.keyword] + ins.flagWords + (ins.body.isEmpty ? [] : [ins.body])).joined(separator: " ")
    }
}
