import CacheModel

extension Planner {
    /// What a `--mount` of a RUN becomes in the ExecOp, or why it cannot be computed.
    enum RunMount {
        case mount(ExecOp.Mount, source: MountSource)
        case secret(ExecOp.Mount?, env: ExecOp.SecretEnv?)
        case unknown(String)
    }

    enum MountSource: Hashable { case none, context, stage(Int), image(String), inline(String) }

    /// `instructions.parseMount` with the values expanded, then `dispatchRunMounts`.
    func runMount(
        _ spec: String, ins: DockerInstruction, env: [String: String], stages: [DockerStage],
        stageIndex: Int, dir: String
    ) throws(BuildPlanError) -> RunMount {
        var type = "bind", from = "", source = "", target = "", id = "", sharing = ""
        var readonly: Bool?
        var required = false
        var size: Int64 = 0
        var mode: UInt32?, uid: UInt32?, gid: UInt32?
        var envName: String?
        for field in spec.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = parts[0].lowercased()
            guard parts.count == 2 else {
                switch key {
                case "readonly", "ro": readonly = true
                case "readwrite", "rw": readonly = false
                case "required": required = true
                default: return .unknown("mount option \(field) is not understood")
                }
                continue
            }
            let value = try expand(String(parts[1]), env, line: ins.line)
            switch key {
            case "type": type = value.lowercased()
            case "from": from = value
            case "source", "src": source = value
            case "target", "dst", "destination": target = value
            case "readonly", "ro": readonly = value == "true" || value == "1"
            case "readwrite", "rw": readonly = !(value == "true" || value == "1")
            case "required": required = value == "true" || value == "1"
            case "id": id = value
            case "sharing": sharing = value.lowercased()
            case "size":
                guard let n = Int64(value) else { return .unknown("tmpfs size \(value) with a unit is not computed") }
                size = n
            case "mode": mode = UInt32(value, radix: 8)
            case "uid": uid = UInt32(value)
            case "gid": gid = UInt32(value)
            case "env": envName = value
            default: return .unknown("mount option \(key) is not understood")
            }
        }
        switch type {
        case "secret":
            var sid = source.isEmpty ? id : source
            if sid.isEmpty { sid = GoPath.base(target) }
            var dest: String? = target.isEmpty ? nil : target
            if envName == nil && dest == nil { dest = "/run/secrets/" + GoPath.base(sid) }
            let m = dest.map {
                // The LLB client leaves a secret mount's output unset (0).
                ExecOp.Mount(
                    input: -1, dest: $0, output: 0, type: .secret,
                    secret: ExecOp.IDOpt(id: sid, uid: uid ?? 0, gid: gid ?? 0, mode: mode ?? 0o400, optional: !required))
            }
            return .secret(m, env: envName.map { ExecOp.SecretEnv(id: sid, name: $0, optional: !required) })
        case "ssh":
            return .unknown("RUN --mount=type=ssh is not computed")
        case "cache", "bind", "tmpfs":
            break
        default:
            return .unknown("mount type \(type) is not understood")
        }
        if uid != nil || gid != nil || mode != nil {
            return .unknown("a cache mount with uid/gid/mode is prepared by a FileOp that cachectl does not compute")
        }
        let ro = readonly ?? !(type == "cache" || type == "tmpfs")
        var mountFrom = from
        if mountFrom.isEmpty && type == "cache" { mountFrom = "scratch" }
        var src: MountSource = .context
        if !mountFrom.isEmpty {
            if mountFrom.lowercased() == "scratch" {
                src = .none
            } else if let i = Self.stageIndex(mountFrom, stages: stages, before: stageIndex) {
                src = .stage(i)
            } else {
                src = .image(mountFrom)
            }
        }
        if type == "tmpfs" { src = .none }
        var dest = target
        if !GoPath.isAbs(GoPath.clean(target)) { dest = GoPath.join("/", dir, target) }
        var m = ExecOp.Mount(input: -1, dest: dest, output: -1, readonly: ro)
        let selector = GoPath.join("/", source)
        if selector != "/" { m.selector = selector }
        switch type {
        case "cache":
            m.type = .cache
            m.cacheID = "/" + (id.isEmpty ? GoPath.clean(target) : id)
            m.cacheSharing = sharing == "private" ? .private : sharing == "locked" ? .locked : .shared
        case "tmpfs":
            m.type = .tmpfs
            m.tmpfsSize = size
        default:
            break
        }
        return .mount(m, source: src)
    }

    mutating func run(
        _ ins: DockerInstruction, _ cmd: CommandForm, state s: inout StageState, stages: [DockerStage],
        states: [Int: StageState], stageIndex: Int, naming: inout Naming
    ) throws(BuildPlanError) -> PlannedStep? {
        let env = s.env.dictionary
        var customName = String(ins.original.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        var args: [String]
        var mounts: [(ExecOp.Mount, MountSource)] = [(ExecOp.Mount(input: 0, dest: "/", output: 0), .stage(stageIndex))]
        var secretMounts: [ExecOp.Mount] = []
        var secretEnv: [ExecOp.SecretEnv] = []
        var unknown = s.unknown ?? runUnknown
        switch cmd {
        case let .exec(a):
            args = a
        case let .shell(line):
            args = [line]
            if !ins.heredocs.isEmpty {
                let first = ins.heredocs[0]
                if (try? DockerfileParser.heredoc(line, line: ins.line)) ?? nil != nil {
                    let data = first.effectiveContent
                    if s.platform.os != "windows" && first.content.hasPrefix("#!") {
                        // The script is a file made on scratch (its own FileOp), mounted read-only.
                        mounts.append((ExecOp.Mount(input: -1, dest: "/dev/pipes/", output: -1, readonly: true), .inline(data)))
                        args = [GoPath.join("/dev/pipes/", first.name)]
                    } else {
                        args = [data]
                    }
                    customName += " (\(Self.summarizeHeredoc(first.content)))"
                } else {
                    var full = line
                    for f in ins.heredocs { full += "\n" + f.content + f.name }
                    args = [full]
                }
            }
            let shell = s.shell.isEmpty ? (s.platform.os == "windows" ? ["cmd", "/S", "/C"] : ["/bin/sh", "-c"]) : s.shell
            args = shell + [args.joined(separator: " ")]
        }
        for spec in ins.flagValues("mount") {
            switch try runMount(spec, ins: ins, env: env, stages: stages, stageIndex: stageIndex, dir: s.dir) {
            case let .mount(m, src):
                mounts.append((m, src))
                if case let .image(ref) = src { noteImageSource(ref, line: ins.line, stage: stageIndex, platform: s.platform) }
            case let .secret(m, e):
                if let m { secretMounts.append(m) }
                if let e { secretEnv.append(e) }
            case let .unknown(why): unknown = unknown ?? why
            }
        }
        if options.shmSize > 0 {
            mounts.append((ExecOp.Mount(input: -1, dest: "/dev/shm", output: -1, type: .tmpfs, tmpfsSize: options.shmSize), .none))
        }
        var network = s.network
        if let n = ins.flag("network") {
            switch n {
            case "none": network = .none
            case "host": network = .host
            case "default", "sandbox": break
            default: unknown = unknown ?? "RUN --network=\(n) is not understood"
            }
        }
        var security: ExecOp.SecurityMode = .sandbox
        if let sec = ins.flag("security") {
            if sec == "insecure" {
                security = .insecure
            } else if sec != "sandbox" {
                unknown = unknown ?? "RUN --security=\(sec) is not understood"
            }
        }
        for f in ins.flags where !["mount", "network", "security"].contains(f.name) {
            unknown = unknown ?? "RUN --\(f.name) is not computed"
        }
        let name = naming.prefix(Self.upperFirstWord((try? lex.rawCopy().processWord(customName, env: env)) ?? customName))
        let history = "RUN " + runCommandString(args, buildArgs: s.buildArgs, env: env) + " # buildkit"
        if let why = unknown {
            var step = unknownStep(.run, name, ins, stageIndex, why)
            step.history = history
            return step
        }

        // Inputs in mount order (sorted by target), deduplicated; a scratch root has none.
        let sorted = mounts.enumerated().sorted { a, b in
            a.element.0.dest == b.element.0.dest ? a.offset < b.offset : a.element.0.dest < b.element.0.dest
        }.map(\.element)
        var inputs: [MountSource] = []
        var outIndex: Int64 = 0
        var finalMounts: [ExecOp.Mount] = []
        for (m0, src) in sorted {
            var m = m0
            var source = src
            if m.dest == "/" && source == .stage(stageIndex) && s.isScratch { source = .none }
            if source == .none {
                m.input = -1
            } else if let i = inputs.firstIndex(of: source) {
                m.input = Int64(i)
            } else {
                inputs.append(source)
                m.input = Int64(inputs.count - 1)
            }
            let noOutput = m.type == .bind && !m.readonly && m.dest != "/"
            if !noOutput && !m.readonly && m.cacheID == nil && m.type != .tmpfs {
                m.output = outIndex
                outIndex += 1
            } else {
                m.output = -1
            }
            finalMounts.append(m)
        }
        finalMounts += secretMounts
        let op = ExecOp(
            meta: ExecOp.Meta(
                args: args, env: s.env.array, cwd: s.dir, user: s.user, extraHosts: options.extraHosts,
                ulimits: options.ulimits, cgroupParent: options.cgroupParent,
                removeMountStubsRecursive: options.formula.frontendV011OrLater),
            mounts: finalMounts, network: network, security: security, secretEnv: secretEnv)
        let json = op.cacheMapJSON(platform: s.platform, formula: options.formula)
        s.isScratch = false
        var sources: [CopySource] = []
        for case let (m, .context) in sorted {
            sources.append(
                CopySource(
                    origin: .context, path: m.selector.isEmpty ? "/" : m.selector, followSymlink: false,
                    allowWildcard: false, includePatterns: [], excludePatterns: []))
        }
        return PlannedStep(
            kind: .run, name: name, line: ins.line, stage: stageIndex,
            records: [
                record(
                    .exec, Digest.sha256(of: json.encoded), json: json,
                    inputs: inputs.map { src -> StepInput in
                        switch src {
                        case .stage(stageIndex): return .previous
                        case let .stage(i): return .source(.stage(i, stages[i].name ?? "stage-\(i)"))
                        case let .image(ref): return .source(.image(ref))
                        case let .inline(data): return .source(.inline(data))
                        case .context, .none: return .source(.context)
                        }
                    })
            ], unknown: nil, sources: sources, history: history)
    }

    /// Go's `strings.Cut`.
    static func cut(_ s: String, _ sep: String) -> (String, String)? {
        let chars = Array(s), sepChars = Array(sep)
        guard chars.count >= sepChars.count else { return nil }
        for i in 0...(chars.count - sepChars.count) where Array(chars[i..<(i + sepChars.count)]) == sepChars {
            return (String(chars[..<i]), String(chars[(i + sepChars.count)...]))
        }
        return nil
    }

    /// `runCommandString`: `|N K=V … ` before the command when the stage declared ARGs (the
    /// value in the environment, else the declared one); a repeated ARG keeps its first place
    /// from frontend v0.18 (here: v0.22+).
    func runCommandString(_ args: [String], buildArgs: [ArgDeclaration], env: [String: String]) -> String {
        var pairs: [(String, String)] = []
        for a in buildArgs {
            let v = env[a.key] ?? a.defaultValue ?? ""
            if options.formula.frontend >= .v022OrLater, let i = pairs.firstIndex(where: { $0.0 == a.key }) {
                pairs[i].1 = v
            } else {
                pairs.append((a.key, v))
            }
        }
        var words = args
        if !pairs.isEmpty { words = ["|\(pairs.count)"] + pairs.map { "\($0.0)=\($0.1)" } + args }
        return words.joined(separator: " ")
    }

    static func summarizeHeredoc(_ doc: String) -> String {
        let t = String(doc.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
        let lines = t.replacingCRLF().split(separator: "\n", omittingEmptySubsequences: false)
        return String(lines[0]) + (lines.count > 1 ? "..." : "")
    }

    static func upperFirstWord(_ s: String) -> String {
        guard let sp = s.firstIndex(of: " ") else { return s.uppercased() }
        return s[..<sp].uppercased() + s[sp...]
    }

    static func isURL(_ s: String) -> Bool { s.hasPrefix("http://") || s.hasPrefix("https://") }

    /// A git source for ADD (`dfgitutil.ParseGitRef`, conservatively: anything that may be one).
    static func isGit(_ s: String) -> Bool {
        s.hasPrefix("git@") || s.hasPrefix("git://") || s.hasPrefix("ssh://") || s.hasPrefix("github.com/")
            || (isURL(s) && (s.hasSuffix(".git") || s.contains(".git#") || s.contains(".git/")))
    }

    mutating func copy(
        _ ins: DockerInstruction, sources rawSources: [String], dest rawDest: String, isAdd: Bool,
        state s: inout StageState, stages: [DockerStage], states: [Int: StageState], stageIndex: Int,
        naming: inout Naming
    ) throws(BuildPlanError) -> PlannedStep? {
        let env = s.env.dictionary
        let kind: PlannedStep.Kind = isAdd ? .add : .copy
        var unknown = s.unknown
        let chown = try expand(ins.flag("chown") ?? "", env, line: ins.line)
        let chmod = try expand(ins.flag("chmod") ?? "", env, line: ins.line)
        let link = ins.boolFlag("link")
        let parents = ins.boolFlag("parents")
        let excludes = ins.flagValues("exclude")
        for f in ins.flags where !["chown", "chmod", "link", "parents", "exclude", "from"].contains(f.name) {
            unknown = unknown ?? "\(ins.keyword) --\(f.name) is not computed"
        }
        // The first non-space-preserving name expansion (quotes processed) is what the frontend shows.
        let name = naming.prefix(displayText(ins, env: env, raw: false))

        // Where the files come from.
        var origin: CopySource.Origin = .context
        if ins.keyword == "COPY", let from = ins.flag("from"), !from.isEmpty {
            if from.contains("$") { unknown = unknown ?? "COPY --from does not support variables" }
            if let i = Self.stageIndex(from, stages: stages, before: stageIndex) {
                guard let st = states[i] else { throw .copyFromLaterStage(line: ins.line, from) }
                if let why = st.unknown { unknown = unknown ?? "stage \(from): \(why)" }
                origin = .stage(i, stages[i].name ?? "stage-\(i)")
            } else if Int(from) != nil {
                throw .copyFromLaterStage(line: ins.line, from)
            } else {
                origin = .image(from)
                noteImageSource(from, line: ins.line, stage: stageIndex, platform: s.platform)
            }
        }

        var mode: Int32 = -1
        var modeStr = ""
        if !chmod.isEmpty {
            if let m = Int32(chmod, radix: 8), m >= 0, m <= 0o7777 { mode = m } else { modeStr = chmod }
        }
        let destDir = s.dir
        var dest = rawDest.isEmpty ? "" : try expand(rawDest, env, line: ins.line)
        if !GoPath.isAbs(dest) && (dest == "." || dest.isEmpty) { dest = "./" }
        dest =
            GoPath.isAbs(dest)
            ? Self.normalizePath(parent: "/", dest, keepSlash: true)
            : Self.normalizePath(parent: destDir, dest, keepSlash: true)
        let onScratch = link && chmod.isEmpty
        let baseInput: Int64 = (onScratch || s.isScratch) ? -1 : 0
        let owner = chown.isEmpty ? nil : FileOp.Chown.parse(chown, input: baseInput)
        let llbDest = Self.llbNormalizePath(parent: onScratch ? "/" : destDir, dest, keepSlash: true)

        var message = isAdd ? "ADD" : "COPY"
        if options.formula.frontend >= .v011ToV021 {
            if parents { message += " --parents" }
            if !chown.isEmpty { message += " --chown=" + chown }
            if !chmod.isEmpty { message += " --chmod=" + chmod }
        }
        var heredocNames: [String] = []
        var actions: [FileOp.Entry] = []
        var inputCount = baseInput == -1 ? 0 : 1
        var slots: [StepInput] = baseInput == -1 ? [] : [.previous]
        var sourceInput: Int64 = -1
        var copySources: [CopySource] = []
        // An action after the first works on the previous one: index (number of inputs, known at
        // the end) + previous action, as `getIndex` resolves it when the op is marshalled.
        let chained = Int64.min
        func chainInput() -> Int64 { actions.isEmpty ? baseInput : chained + Int64(actions.count - 1) }
        // Paths first, then heredoc bodies (`dispatchCopy` handles SourcePaths, then SourceContents).
        let heredocSources = rawSources.compactMap { raw in (try? DockerfileParser.heredoc(raw, line: ins.line)) ?? nil }
        for raw in rawSources where (try? DockerfileParser.heredoc(raw, line: ins.line)) ?? nil == nil {
            let src = try expand(raw, env, line: ins.line)
            message += " " + src
            if Self.isURL(src) || (isAdd && Self.isGit(src)) {
                unknown = unknown ?? (isAdd ? "ADD of a URL or git source: its content is known only when fetched" : "COPY of a URL")
                continue
            }
            if sourceInput == -1 {
                sourceInput = Int64(inputCount)
                inputCount += 1
                slots.append(.source(origin))
            }
            var path = src
            var include: [String] = []
            if parents {
                if let (before, after) = Self.cut(src, "/./") {
                    path = before
                    include = [String(Self.normalizePath(parent: "/", after, keepSlash: false).dropFirst())]
                } else {
                    include = [String(Self.normalizePath(parent: "/", src, keepSlash: false).dropFirst())]
                    path = "/"
                }
            }
            path = Self.normalizePath(parent: "/", path, keepSlash: false)
            let c = FileOp.Copy(
                src: GoPath.clean(path), dest: llbDest, owner: owner, mode: mode, followSymlink: true,
                dirCopyContents: true, attemptUnpack: isAdd, createDestPath: true, allowWildcard: true,
                allowEmptyWildcard: true, includePatterns: include, excludePatterns: excludes, modeStr: modeStr)
            actions.append(.init(input: chainInput(), secondaryInput: sourceInput, output: -1, action: .copy(c)))
            copySources.append(
                CopySource(
                    origin: origin, path: GoPath.clean(path), followSymlink: true, allowWildcard: true,
                    includePatterns: include, excludePatterns: excludes))
        }
        for doc in heredocSources {
            // A heredoc source: a file made on scratch by its own FileOp, copied from there.
            guard let body = ins.heredocs.first(where: { $0.name == doc.name }) else { continue }
            heredocNames.append(doc.name)
            var data =
                doc.chomp
                ? Heredoc(name: body.name, content: body.content, chomp: true, expand: body.expand).effectiveContent : body.content
            if body.expand {
                // `ExpandRaw`: `\` as escape whatever the directive, quotes left alone.
                var l = ShellLex(escape: "\\")
                l.skipProcessQuotes = true
                data = (try? l.processWord(data, env: env)) ?? data
            }
            let input = Int64(inputCount)
            inputCount += 1
            slots.append(.source(.inline(data)))
            let c = FileOp.Copy(
                src: doc.name, dest: llbDest, owner: owner, mode: mode, createDestPath: true,
                excludePatterns: excludes, modeStr: modeStr)
            actions.append(.init(input: chainInput(), secondaryInput: input, output: -1, action: .copy(c)))
            copySources.append(
                CopySource(
                    origin: .inline(data), path: "/" + doc.name, followSymlink: false,
                    allowWildcard: false, includePatterns: [], excludePatterns: excludes))
        }
        for h in heredocNames { message += " <<" + h }
        message += " " + (rawDest.isEmpty ? "" : try expand(rawDest, env, line: ins.line)) + " # buildkit"
        if let why = unknown {
            return PlannedStep(
                kind: kind, name: name, line: ins.line, stage: stageIndex, records: [], unknown: why,
                sources: copySources, history: message)
        }
        guard !actions.isEmpty else { return nil }
        actions[actions.count - 1].output = 0
        for i in actions.indices where actions[i].input < -1 { actions[i].input = actions[i].input - chained + Int64(inputCount) }
        let op = FileOp(actions: actions, inputCount: inputCount)
        let json = op.cacheMapJSON(formula: options.formula)
        var records = [record(onScratch ? .linkCopy : .file, Digest.sha256(of: json.encoded), json: json, inputs: slots)]
        if onScratch && !s.isScratch {
            let merge = MergeOp(inputs: [0, 1]).cacheMapJSON(formula: options.formula)
            records.append(record(.merge, Digest.sha256(of: merge.encoded), json: merge, inputs: [.previous, .linkCopy]))
        }
        s.isScratch = false
        return PlannedStep(
            kind: kind, name: name, line: ins.line, stage: stageIndex, records: records, unknown: nil,
            sources: copySources, history: message)
    }
}

extension ShellLex {
    /// The lexer the frontend uses for RUN vertex names (quotes kept, unset variables kept).
    func rawCopy() -> ShellLex {
        var l = self
        l.rawQuotes = true
        l.skipUnsetEnv = true
        return l
    }
}

extension String {
    func replacingCRLF() -> String {
        var out = ""
        for c in self { if c == "\r\n" { out.append("\n") } else { out.append(c) } }
        return out
    }
}
