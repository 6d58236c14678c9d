import CacheModel

/// The state the frontend threads through a stage (`dispatchState` + its `llb.State`).
struct StageState {
    var env = EnvList()
    var dir = "/"
    var user = ""
    var network: ExecOp.NetMode = .sandbox
    /// The image config being built: env (as the image keeps it), working dir, user, shell.
    var imageEnv: [String] = []
    var imageWorkingDir = ""
    var imageUser = ""
    var shell: [String] = []
    /// The stage's filesystem is scratch so far (no input).
    var isScratch = false
    /// Keys cannot be computed from here on (reason).
    var unknown: String?
    var buildArgs: [ArgDeclaration] = []
    var platform: KeyPlatform = .linuxAMD64
}

struct Planner {
    let df: ParsedDockerfile
    var options: BuildOptions
    /// Why every step's keys are unknown (a frontend cachectl cannot follow), if so.
    var frontendUnknown: String?
    /// Why RUN keys are unknown (the frontend's LLB client version is not known), if so.
    var runUnknown: String?
    let baseImages: [String: BaseImage]
    var issues: [DockerfileIssue] = []
    var imageSources: [PlannedStep] = []
    var imageSourceRefs: Set<String> = []

    init(df: ParsedDockerfile, options: BuildOptions, baseImages: [String: BaseImage]) {
        self.df = df; self.options = options; self.baseImages = baseImages
        self.issues = df.unsupported
        let line = df.directives.first { $0.name == "syntax" }?.line ?? 1
        switch SyntaxFrontend(directive: df.syntax) {
        case .builtIn: break
        case let .official(tag, frontend):
            if let frontend {
                self.options.formula.frontend = frontend
            } else {
                runUnknown =
                    "the # syntax= frontend docker/dockerfile\(tag.hasPrefix("@") ? "" : ":")\(tag) does not tell which LLB client wrote the RUN steps"
                issues.append(DockerfileIssue(line: line, message: runUnknown!))
            }
        case let .other(ref):
            frontendUnknown = "the # syntax= frontend \(ref) is not BuildKit's Dockerfile frontend; its LLB may differ"
            issues.append(DockerfileIssue(line: line, message: frontendUnknown!))
        }
    }

    var lex: ShellLex { ShellLex(escape: df.escape) }

    func expand(_ word: String, _ env: [String: String], line: Int) throws(BuildPlanError) -> String {
        do { return try lex.processWord(word, env: env) } catch { throw .expansion(line: line, error.description) }
    }

    static func platformString(_ p: KeyPlatform) -> String {
        [p.os, p.architecture, p.variant].filter { !$0.isEmpty }.joined(separator: "/")
    }

    /// `defaultArgs` then the global `ARG`s (`buildMetaArgs`).
    func globalArgs(targetName: String) throws(BuildPlanError) -> EnvList {
        var env = EnvList()
        let bp = options.buildPlatform, tp = options.targetPlatform
        let defaults: [(String, String)] = [
            ("BUILDPLATFORM", Self.platformString(bp)), ("BUILDOS", bp.os), ("BUILDOSVERSION", bp.osVersion),
            ("BUILDARCH", bp.architecture), ("BUILDVARIANT", bp.variant),
            ("TARGETPLATFORM", Self.platformString(tp)), ("TARGETOS", tp.os), ("TARGETOSVERSION", tp.osVersion),
            ("TARGETARCH", tp.architecture), ("TARGETVARIANT", tp.variant),
            ("TARGETSTAGE", options.target ?? (targetName.isEmpty ? "default" : targetName)),
        ]
        for (k, v) in defaults { env.set(k, options.buildArgs[k] ?? v) }
        for ins in df.instructions.prefix(while: { $0.keyword != "FROM" }) {
            guard case let .arg(args) = ins.command else { continue }
            for a in args {
                if let v = options.buildArgs[a.key] {
                    env.set(a.key, v)
                } else if let d = a.defaultValue {
                    env.set(a.key, try expand(d, env.dictionary, line: ins.line))
                }
            }
        }
        return env
    }

    /// `docker.io/library/` and `:latest` defaulting, as `reference.ParseNormalizedNamed` + `TagNameOnly`.
    static func normalizedImageName(_ ref: String) -> String {
        var name = ref
        var digest = ""
        if let at = name.firstIndex(of: "@") { digest = String(name[at...]); name = String(name[..<at]) }
        let firstSlash = name.firstIndex(of: "/")
        let first = firstSlash.map { String(name[..<$0]) } ?? ""
        let hasDomain = firstSlash != nil && (first.contains(".") || first.contains(":") || first == "localhost")
        if !hasDomain {
            name = "docker.io/" + (firstSlash == nil ? "library/" : "") + name
        }
        let lastComponent = name.split(separator: "/").last ?? ""
        if digest.isEmpty && !lastComponent.contains(":") { name += ":latest" }
        return name + digest
    }

    mutating func run() throws(BuildPlanError) -> BuildPlan {
        let stages = df.stages
        guard !stages.isEmpty else { throw .noStages }
        let targetIndex = try self.targetIndex(stages)
        let globals = try globalArgs(targetName: stages[targetIndex].name ?? "")
        let (bases, baseStage, deps) = try resolveStages(stages, globals: globals)
        let reachable = Self.reachable(from: targetIndex, deps: deps)

        var states: [Int: StageState] = [:]
        var planned: [PlannedStage] = []
        let singleStage = stages.count == 1 && !df.instructions(ofStage: stages[0].index).contains(where: Self.addsDispatchState)
        for st in stages {
            let display = singleStage ? "" : (st.name ?? "stage-\(st.index)")
            guard reachable.contains(st.index) else {
                planned.append(
                    PlannedStage(
                        index: st.index, displayName: display, name: st.name, base: bases[st.index],
                        reachable: false, steps: []))
                continue
            }
            var steps: [PlannedStep] = []
            let (state, fromStep) = try initialState(
                st, base: bases[st.index], baseStage: baseStage[st.index],
                states: states, globals: globals, display: display)
            var s = state
            if let why = frontendUnknown { s.unknown = why }
            var naming = Naming(
                display: display, total: Self.commandTotal(df, st, isImage: fromStep != nil),
                prefixPlatform: options.multiPlatform, platform: s.platform)
            if var f = fromStep {
                f.name = naming.prefix(f.name)
                if let why = frontendUnknown { f.records = []; f.unknown = why }
                steps.append(f)
            }
            // The base image's ONBUILD triggers run first, counted after the FROM was named
            // (`initOnBuildTriggers`): `[1/4] FROM …`, then `[2/6] ONBUILD COPY …`.
            let triggers = try onBuildTriggers(st, base: bases[st.index], baseStage: baseStage[st.index])
            naming.total += triggers.count
            naming.onBuild = true
            for ins in triggers {
                if let step = try dispatch(
                    ins, state: &s, globals: globals, stages: stages, states: states,
                    stageIndex: st.index, naming: &naming)
                {
                    steps.append(step)
                }
            }
            naming.onBuild = false
            for ins in df.instructions(ofStage: st.index) {
                if let step = try dispatch(
                    ins, state: &s, globals: globals, stages: stages, states: states,
                    stageIndex: st.index, naming: &naming)
                {
                    steps.append(step)
                }
            }
            states[st.index] = s
            planned.append(
                PlannedStage(
                    index: st.index, displayName: display, name: st.name, base: bases[st.index],
                    reachable: true, steps: steps))
        }
        return BuildPlan(stages: planned, target: targetIndex, issues: issues, imageSources: imageSources)
    }

    func imageNames() throws(BuildPlanError) -> [String] {
        let stages = df.stages
        guard !stages.isEmpty else { throw .noStages }
        let target = try targetIndex(stages)
        let globals = try globalArgs(targetName: stages[target].name ?? "")
        let (bases, baseStage, deps) = try resolveStages(stages, globals: globals)
        let reachable = Self.reachable(from: target, deps: deps)
        var out: [String] = []
        func add(_ n: String) { if n.lowercased() != "scratch", !out.contains(n) { out.append(n) } }
        for st in stages where reachable.contains(st.index) {
            if baseStage[st.index] == nil { add(bases[st.index]) }
            for ins in df.instructions(ofStage: st.index) {
                for ref in Self.stageReferences(ins) where Self.stageIndex(ref, stages: stages, before: st.index) == nil && Int(ref) == nil
                {
                    add(ref)
                }
            }
        }
        return out
    }

    func targetIndex(_ stages: [DockerStage]) throws(BuildPlanError) -> Int {
        guard let t = options.target else { return stages.count - 1 }
        guard let i = stages.firstIndex(where: { $0.name == t.lowercased() }) else { throw .targetNotFound(t) }
        return i
    }

    /// Each stage's expanded base, the earlier stage it is built FROM, and the stages it reads.
    func resolveStages(_ stages: [DockerStage], globals: EnvList) throws(BuildPlanError) -> ([String], [Int?], [Set<Int>]) {
        var bases: [String] = []
        var baseStage: [Int?] = []
        var deps: [Set<Int>] = []
        for st in stages {
            let line = df.instructions[st.fromInstruction].line
            let b = try expand(st.base, globals.dictionary, line: line)
            guard !b.isEmpty else { throw .emptyBaseName(line: line) }
            bases.append(b)
            let parent = stages[..<st.index].lastIndex { $0.name != nil && $0.name == b.lowercased() }
            baseStage.append(parent)
            var d = Set<Int>()
            if let parent { d.insert(parent) }
            for ins in df.instructions(ofStage: st.index) {
                for from in Self.stageReferences(ins) {
                    if let i = Self.stageIndex(from, stages: stages, before: st.index) { d.insert(i) }
                }
            }
            deps.append(d)
        }
        return (bases, baseStage, deps)
    }

    static func reachable(from target: Int, deps: [Set<Int>]) -> Set<Int> {
        var reachable = Set<Int>()
        var todo = [target]
        while let s = todo.popLast() {
            guard reachable.insert(s).inserted else { continue }
            todo.append(contentsOf: deps[s])
        }
        return reachable
    }

    /// Stage names or indexes an instruction reads from (`COPY --from`, `RUN --mount=from=`).
    static func stageReferences(_ ins: DockerInstruction) -> [String] {
        var out: [String] = []
        if ins.keyword == "COPY", let f = ins.flag("from"), !f.isEmpty { out.append(f) }
        if ins.keyword == "RUN" {
            for m in ins.flagValues("mount") {
                for field in m.split(separator: ",") where field.lowercased().hasPrefix("from=") {
                    out.append(String(field.dropFirst(5)))
                }
            }
        }
        return out
    }

    static func stageIndex(_ ref: String, stages: [DockerStage], before: Int) -> Int? {
        if let n = Int(ref) { return n >= 0 && n < stages.count ? n : nil }
        return stages[..<before].lastIndex { $0.name == ref.lowercased() }
    }

    /// `cmdTotal`: FROM of an image (not of a stage, not scratch), plus every ADD, COPY, RUN and WORKDIR.
    /// Whether BuildKit's frontend gives this instruction a source state of its own (`toCommand`,
    /// `detectRunMount`): a `RUN` with any `--mount` (one per mount, scratch when it has no `from`), a
    /// `COPY --from` naming an image. Such a state makes a lone stage one of several, so its steps
    /// are printed with the stage's name (`[stage-0 2/5] …`), not as `[2/5] …`.
    static func addsDispatchState(_ ins: DockerInstruction) -> Bool {
        switch ins.keyword {
        case "RUN": return !ins.flagValues("mount").isEmpty
        case "COPY": return (ins.flag("from") ?? "").isEmpty == false && Int(ins.flag("from") ?? "") == nil
        default: return false
        }
    }

    /// The ONBUILD triggers of a stage's base image, parsed as instructions of that stage (at its
    /// FROM line). A trigger that does not parse as one instruction fails the build in BuildKit too.
    mutating func onBuildTriggers(_ st: DockerStage, base: String, baseStage: Int?) throws(BuildPlanError) -> [DockerInstruction] {
        guard baseStage == nil, base.lowercased() != "scratch", let img = baseImages[base], !img.onBuild.isEmpty else { return [] }
        let line = df.instructions[st.fromInstruction].line
        var out: [DockerInstruction] = []
        for trigger in img.onBuild {
            let parsed: ParsedDockerfile
            do { parsed = try ParsedDockerfile(parsing: "FROM scratch\n" + trigger + "\n") } catch {
                throw .expansion(line: line, "the base image's ONBUILD trigger \"\(trigger)\" does not parse: \(error)")
            }
            let own = parsed.instructions(ofStage: 0)
            guard own.count == 1, var ins = own.first, !["ONBUILD", "FROM", "MAINTAINER"].contains(ins.keyword) else {
                throw .expansion(line: line, "the base image's ONBUILD trigger \"\(trigger)\" is not one instruction a trigger may hold")
            }
            ins.line = line; ins.endLine = line; ins.stage = st.index
            out.append(ins)
        }
        return out
    }

    static func commandTotal(_ df: ParsedDockerfile, _ st: DockerStage, isImage: Bool) -> Int {
        (isImage ? 1 : 0) + df.instructions(ofStage: st.index).filter { ["ADD", "COPY", "RUN", "WORKDIR"].contains($0.keyword) }.count
    }

    struct Naming {
        let display: String
        var total: Int
        let prefixPlatform: Bool
        let platform: KeyPlatform
        var index = 0
        /// Printing a base image's ONBUILD trigger: `[2/6] ONBUILD COPY …`.
        var onBuild = false

        /// `prefixCommand`: `[name i/total] text`, the index right-aligned to the width of `total`.
        mutating func prefix(_ text: String) -> String {
            guard total > 0 else { return text }
            index += 1
            var out = "["
            if prefixPlatform { out += Planner.platformString(platform) + " " }
            if !display.isEmpty { out += display + " " }
            let width = String(total).count
            let n = String(index)
            out += String(repeating: " ", count: max(0, width - n.count)) + n + "/\(total)] "
            return out + (onBuild ? "ONBUILD " : "") + text
        }
    }

    func stagePlatform(_ st: DockerStage, globals: EnvList) throws(BuildPlanError) -> KeyPlatform {
        guard let p = st.platform else { return options.targetPlatform }
        let line = df.instructions[st.fromInstruction].line
        let v = try expand(p, globals.dictionary, line: line)
        let parts = v.split(separator: "/").map(String.init)
        guard parts.count >= 2 else { throw .expansion(line: line, "invalid platform \"\(v)\"") }
        var variant = parts.count > 2 ? parts[2] : ""
        if parts[1] == "arm64" && variant == "v8" { variant = "" }
        return KeyPlatform(os: parts[0], architecture: parts[1], variant: variant)
    }

    /// The state at the start of a stage, and its FROM step for an image base.
    mutating func initialState(
        _ st: DockerStage, base: String, baseStage: Int?, states: [Int: StageState],
        globals: EnvList, display: String
    ) throws(BuildPlanError) -> (StageState, PlannedStep?) {
        let line = df.instructions[st.fromInstruction].line
        var s = StageState()
        var from: PlannedStep?
        if let b = baseStage, let parent = states[b] {
            s = parent
        } else {
            s.platform = try stagePlatform(st, globals: globals)
            if base.lowercased() == "scratch" {
                s.isScratch = true
                s.imageEnv = s.platform.os == "windows" ? [] : ["PATH=" + Self.defaultPath]
                s.imageWorkingDir = "/"
            } else if let img = baseImages[base] {
                s.imageEnv = img.env
                s.imageWorkingDir = img.workingDir
                s.imageUser = img.user
                s.shell = img.shell
                var records = [
                    record(.imageManifest, ImageSourceKey.manifestCacheMap(resolved: img.resolvedDigest, platform: s.platform), json: nil)
                ]
                if let c = ImageSourceKey.configCacheMap(diffIDs: img.diffIDs) {
                    records.append(record(.imageConfig, c, json: nil))
                } else {
                    s.isScratch = true  // an image without layers is scratch to the frontend
                    records = []
                }
                let name = "FROM " + Self.normalizedImageName(base) + "@" + img.resolvedDigest.description
                if !records.isEmpty {
                    from = PlannedStep(kind: .from, name: name, line: line, stage: st.index, records: records, unknown: nil, sources: [])
                }
            } else {
                s.unknown = "the base image \(base) was not resolved"
                from = PlannedStep(
                    kind: .from, name: "FROM " + Self.normalizedImageName(base), line: line, stage: st.index,
                    records: [], unknown: s.unknown, sources: [])
            }
        }
        // The frontend's per-stage initialisation (also for a stage built FROM another one).
        if !s.imageEnv.contains(where: { $0.hasPrefix("PATH=") }), s.platform.os != "windows" {
            s.imageEnv.append("PATH=" + Self.defaultPath)
        }
        for e in s.imageEnv {
            let (k, v) = Self.keyValue(e)
            s.env.set(k, v)
        }
        if !s.imageWorkingDir.isEmpty {
            s.imageWorkingDir = Self.normalizePath(parent: s.imageWorkingDir, s.imageWorkingDir, keepSlash: false)
            s.dir = s.imageWorkingDir
        }
        if !s.imageUser.isEmpty { s.user = s.imageUser }
        s.network = options.network
        return (s, from)
    }

    static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    static func keyValue(_ e: String) -> (String, String) {
        guard let eq = e.firstIndex(of: "=") else { return (e, "") }
        return (String(e[..<eq]), String(e[e.index(after: eq)...]))
    }

    /// `system.NormalizePath` (Linux): a relative path joined to the parent; an absolute one kept as written.
    static func normalizePath(parent: String, _ p: String, keepSlash: Bool) -> String {
        let parent = parent.isEmpty ? "/" : (GoPath.isAbs(parent) ? parent : GoPath.join("/", parent))
        var out = p.isEmpty ? parent : p
        if !GoPath.isAbs(out) { out = GoPath.join(parent, out) }
        return keepSlash ? keepingTrailingSlash(of: p, in: out) : out
    }

    /// A trailing `/` or `/.` of the path as written, put back after cleaning.
    static func keepingTrailingSlash(of original: String, in cleaned: String) -> String {
        var out = cleaned
        if original.hasSuffix("/") && !out.hasSuffix("/") {
            out += "/"
        } else if original.hasSuffix("/.") {
            if out != "/" { out += "/" }
            out += "."
        }
        return out
    }

    /// `client/llb/fileop.go` `normalizePath`: cleaned, joined to the parent when relative.
    static func llbNormalizePath(parent: String, _ p: String, keepSlash: Bool) -> String {
        var out = GoPath.clean(p)
        if !GoPath.isAbs(out) { out = GoPath.join("/", parent, out) }
        return keepSlash ? keepingTrailingSlash(of: p, in: out) : out
    }

    func record(_ role: StepRecord.Role, _ cacheMap: Digest, json: GoJSON?, inputs: [StepInput] = []) -> StepRecord {
        StepRecord(
            role: role, cacheMap: cacheMap, record: RecordKey.record(cacheMap: cacheMap, output: 0), json: json?.text,
            inputs: inputs)
    }

    /// The step's name text with variables expanded as the frontend does for its vertex names.
    func displayText(_ ins: DockerInstruction, env: [String: String], raw: Bool) -> String {
        var l = lex
        if raw { l.rawQuotes = true; l.skipUnsetEnv = true }
        let text = String(ins.original.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        let expanded = (try? l.processWord(text, env: env)) ?? text
        guard let sp = expanded.firstIndex(of: " ") else { return expanded.uppercased() }
        return expanded[..<sp].uppercased() + expanded[sp...]
    }

    mutating func dispatch(
        _ ins: DockerInstruction, state s: inout StageState, globals: EnvList, stages: [DockerStage],
        states: [Int: StageState], stageIndex: Int, naming: inout Naming
    ) throws(BuildPlanError) -> PlannedStep? {
        let env = s.env.dictionary
        switch ins.command {
        case let .env(kvs):
            // Every pair is expanded against the environment before the instruction (`Expand`).
            for kv in kvs {
                let k = try expand(kv.key, env, line: ins.line)
                let v = try expand(kv.value, env, line: ins.line)
                s.env.set(k, v)
                if let i = s.imageEnv.firstIndex(where: { Self.keyValue($0).0 == k }) {
                    s.imageEnv[i] = "\(k)=\(v)"
                } else {
                    s.imageEnv.append("\(k)=\(v)")
                }
            }
            return nil
        case let .arg(args):
            for var a in args {
                let hasValue = options.buildArgs[a.key] != nil
                var value: String?
                if a.defaultValue == nil && !hasValue, let g = globals.get(a.key) { value = g }
                if hasValue {
                    value = options.buildArgs[a.key]
                } else if let d = a.defaultValue {
                    value = try expand(d, s.env.dictionary, line: ins.line)
                }
                if let value, a.key != "BUILDKIT_SBOM_SCAN_CONTEXT", a.key != "BUILDKIT_SBOM_SCAN_STAGE" {
                    s.env.set(a.key, value)
                }
                a.defaultValue = value
                s.buildArgs.append(a)
            }
            return nil
        case let .user(u):
            let v = try expand(u, env, line: ins.line)
            s.user = v
            s.imageUser = v
            return nil
        case let .shell(sh):
            s.shell = sh
            return nil
        case let .workdir(p):
            let path = try expand(p, env, line: ins.line)
            let wd = Self.normalizePath(parent: s.imageWorkingDir, path, keepSlash: false)
            s.imageWorkingDir = wd
            s.dir = wd
            guard wd != "/" else { return nil }
            let name = naming.prefix(displayText(ins, env: s.env.dictionary, raw: false))
            if let why = s.unknown {
                var step = unknownStep(.workdir, name, ins, stageIndex, why)
                step.history = "WORKDIR " + wd
                return step
            }
            let input: Int64 = s.isScratch ? -1 : 0
            var mkdir = FileOp.Mkdir(path: GoPath.clean(wd), mode: 0o755, makeParents: true)
            if !s.imageUser.isEmpty { mkdir.owner = FileOp.Chown.parse(s.imageUser, input: input) }
            if let epoch = options.sourceDateEpoch, options.formula.workdirUsesSourceDateEpoch { mkdir.timestamp = epoch * 1_000_000_000 }
            let op = FileOp(
                actions: [.init(input: input, secondaryInput: -1, output: 0, action: .mkdir(mkdir))],
                inputCount: s.isScratch ? 0 : 1)
            let json = op.cacheMapJSON(formula: options.formula)
            let inputs: [StepInput] = s.isScratch ? [] : [.previous]
            s.isScratch = false
            return PlannedStep(
                kind: .workdir, name: name, line: ins.line, stage: stageIndex,
                records: [record(.file, Digest.sha256(of: json.encoded), json: json, inputs: inputs)], unknown: nil,
                sources: [], history: "WORKDIR " + wd)
        case let .run(cmd):
            return try run(ins, cmd, state: &s, stages: stages, states: states, stageIndex: stageIndex, naming: &naming)
        case let .copy(sources, dest):
            return try copy(
                ins, sources: sources, dest: dest, isAdd: false, state: &s, stages: stages, states: states,
                stageIndex: stageIndex, naming: &naming)
        case let .add(sources, dest):
            return try copy(
                ins, sources: sources, dest: dest, isAdd: true, state: &s, stages: stages, states: states,
                stageIndex: stageIndex, naming: &naming)
        default:
            return nil
        }
    }

    /// Records an image read by `--from` (once): its two source keys, on the stage's platform.
    mutating func noteImageSource(_ ref: String, line: Int, stage: Int, platform: KeyPlatform) {
        guard imageSourceRefs.insert(ref).inserted else { return }
        guard let img = baseImages[ref] else {
            imageSources.append(
                PlannedStep(
                    kind: .from, name: "FROM " + Self.normalizedImageName(ref), line: line, stage: stage,
                    records: [], unknown: "the image \(ref) was not resolved", sources: []))
            return
        }
        var records = [record(.imageManifest, ImageSourceKey.manifestCacheMap(resolved: img.resolvedDigest, platform: platform), json: nil)]
        if let c = ImageSourceKey.configCacheMap(diffIDs: img.diffIDs) { records.append(record(.imageConfig, c, json: nil)) }
        imageSources.append(
            PlannedStep(
                kind: .from, name: "FROM " + Self.normalizedImageName(ref) + "@" + img.resolvedDigest.description,
                line: line, stage: stage, records: records, unknown: nil, sources: []))
    }

    func unknownStep(_ kind: PlannedStep.Kind, _ name: String, _ ins: DockerInstruction, _ stage: Int, _ why: String) -> PlannedStep {
        PlannedStep(kind: kind, name: name, line: ins.line, stage: stage, records: [], unknown: why, sources: [])
    }
}
