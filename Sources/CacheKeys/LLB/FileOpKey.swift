import CacheModel

/// An LLB FileOp: its actions, each with its input, secondary input and output indexes.
public struct FileOp: Sendable, Hashable {
    public var actions: [Entry]
    /// Number of inputs of the op (a copy's source is hashed by base name only when its
    /// secondary input is one of them).
    public var inputCount: Int

    public init(actions: [Entry], inputCount: Int) { self.actions = actions; self.inputCount = inputCount }

    public struct Entry: Sendable, Hashable {
        public var input: Int64
        public var secondaryInput: Int64
        public var output: Int64
        public var action: Action
        public init(input: Int64, secondaryInput: Int64, output: Int64, action: Action) {
            self.input = input; self.secondaryInput = secondaryInput; self.output = output; self.action = action
        }
    }

    public enum Action: Sendable, Hashable {
        case mkdir(Mkdir)
        case mkfile(Mkfile)
        case copy(Copy)
        case rm(Rm)
    }

    /// A user or group: by name (resolved in input `input`'s /etc/passwd) or by number.
    public enum UserOpt: Sendable, Hashable {
        case byName(String, input: Int64)
        case byID(UInt32)
    }

    public struct Chown: Sendable, Hashable {
        public var user: UserOpt?
        public var group: UserOpt?
        public init(user: UserOpt?, group: UserOpt?) { self.user = user; self.group = group }

        /// `llb.WithUser("user[:group]")`: numbers (and `root`) by id, anything else by name.
        public static func parse(_ spec: String, input: Int64) -> Chown {
            func one(_ s: Substring) -> UserOpt {
                if s == "root" { return .byID(0) }
                if let n = Int32(s) { return .byID(UInt32(bitPattern: n)) }
                return .byName(String(s), input: input)
            }
            let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            return Chown(user: parts.first.map(one), group: parts.count > 1 ? one(parts[1]) : nil)
        }
    }

    public struct Mkdir: Sendable, Hashable {
        public var path: String
        public var mode: Int32
        public var makeParents: Bool
        public var owner: Chown?
        /// Unix nanoseconds, or -1 (no time set).
        public var timestamp: Int64
        public init(path: String, mode: Int32, makeParents: Bool, owner: Chown? = nil, timestamp: Int64 = -1) {
            self.path = path; self.mode = mode; self.makeParents = makeParents; self.owner = owner; self.timestamp = timestamp
        }
    }

    public struct Mkfile: Sendable, Hashable {
        public var path: String
        public var mode: Int32
        public var data: [UInt8]
        public var owner: Chown?
        public var timestamp: Int64
        public init(path: String, mode: Int32, data: [UInt8], owner: Chown? = nil, timestamp: Int64 = -1) {
            self.path = path; self.mode = mode; self.data = data; self.owner = owner; self.timestamp = timestamp
        }
    }

    public struct Rm: Sendable, Hashable {
        public var path: String
        public var allowNotFound: Bool
        public var allowWildcard: Bool
        public init(path: String, allowNotFound: Bool, allowWildcard: Bool) {
            self.path = path; self.allowNotFound = allowNotFound; self.allowWildcard = allowWildcard
        }
    }

    public struct Copy: Sendable, Hashable {
        public var src: String
        public var dest: String
        public var owner: Chown?
        /// Permission bits, or -1 (keep the source's).
        public var mode: Int32
        public var followSymlink: Bool
        public var dirCopyContents: Bool
        public var attemptUnpack: Bool
        public var createDestPath: Bool
        public var allowWildcard: Bool
        public var allowEmptyWildcard: Bool
        public var timestamp: Int64
        public var includePatterns: [String]
        public var excludePatterns: [String]
        public var alwaysReplaceExistingDestPaths: Bool
        public var modeStr: String

        public init(
            src: String, dest: String, owner: Chown? = nil, mode: Int32 = -1, followSymlink: Bool = false,
            dirCopyContents: Bool = false, attemptUnpack: Bool = false, createDestPath: Bool = false,
            allowWildcard: Bool = false, allowEmptyWildcard: Bool = false, timestamp: Int64 = -1,
            includePatterns: [String] = [], excludePatterns: [String] = [],
            alwaysReplaceExistingDestPaths: Bool = false, modeStr: String = ""
        ) {
            self.src = src; self.dest = dest; self.owner = owner; self.mode = mode; self.followSymlink = followSymlink
            self.dirCopyContents = dirCopyContents; self.attemptUnpack = attemptUnpack
            self.createDestPath = createDestPath; self.allowWildcard = allowWildcard
            self.allowEmptyWildcard = allowEmptyWildcard; self.timestamp = timestamp
            self.includePatterns = includePatterns; self.excludePatterns = excludePatterns
            self.alwaysReplaceExistingDestPaths = alwaysReplaceExistingDestPaths; self.modeStr = modeStr
        }
    }
}

extension FileOp {
    /// The digest of BuildKit's cache map for this op (`solver/llbsolver/ops/file.go` `CacheMap`).
    public func cacheMap(formula: KeyFormula) -> Digest {
        Digest.sha256(of: cacheMapJSON(formula: formula).encoded)
    }

    /// `{"Type":"buildkit.file.v0","Actions":[<base64 of each action's JSON>…][,"indexes":…]}`.
    public func cacheMapJSON(formula: KeyFormula) -> GoJSON {
        var payloads: [GoJSON] = []
        var indexes: [[Int64]] = []
        for entry in actions {
            var action = entry.action
            if case var .copy(c) = action, entry.secondaryInput != -1, entry.secondaryInput < Int64(inputCount) {
                c.src = GoPath.base(c.src)
                action = .copy(c)
            }
            payloads.append(.bytes(Self.actionJSON(action, formula: formula).encoded))
            indexes.append([entry.input, entry.secondaryInput, entry.output])
        }
        var s = GoStruct()
        s.string("Type", "buildkit.file.v0", omitEmpty: false)
        s.add("Actions", .array(payloads))
        if !Self.isDefaultIndexes(indexes) {
            s.add("indexes", .array(indexes.map { .array($0.map(GoJSON.int)) }))
        }
        return s.json
    }

    /// `isDefaultIndexes`: the common chain (first action on input 0, each next one on the
    /// previous action, secondary input 1 or none, only the last one an output) is left out.
    static func isDefaultIndexes(_ idxs: [[Int64]]) -> Bool {
        guard !idxs.isEmpty else { return false }
        let n = Int64(idxs.count)
        for (i, idx) in idxs.enumerated() {
            let i = Int64(i)
            if i == 0 && idx[0] != 0 { return false }
            if i != 0 && idx[0] != n + (i - 1) { return false }
            if idx[1] != -1 && idx[1] != 1 { return false }
            if i == n - 1 && idx[2] != 0 { return false }
            if i != n - 1 && idx[2] != -1 { return false }
        }
        return true
    }

    static func actionJSON(_ action: Action, formula: KeyFormula) -> GoJSON {
        var s = GoStruct()
        switch action {
        case let .mkdir(m):
            s.string("path", m.path)
            s.int("mode", Int64(m.mode))
            s.bool("makeParents", m.makeParents)
            s.optional("owner", m.owner.map { chownJSON($0, formula) })
            s.int("timestamp", m.timestamp)
        case let .mkfile(m):
            s.string("path", m.path)
            s.int("mode", Int64(m.mode))
            if !m.data.isEmpty { s.add("data", .bytes(m.data)) }
            s.optional("owner", m.owner.map { chownJSON($0, formula) })
            s.int("timestamp", m.timestamp)
        case let .rm(r):
            s.string("path", r.path)
            s.bool("allowNotFound", r.allowNotFound)
            s.bool("allowWildcard", r.allowWildcard)
        case let .copy(c):
            s.string("src", c.src)
            s.string("dest", c.dest)
            s.optional("owner", c.owner.map { chownJSON($0, formula) })
            s.int("mode", Int64(c.mode))
            s.bool("followSymlink", c.followSymlink)
            s.bool("dirCopyContents", c.dirCopyContents)
            s.bool("attemptUnpackDockerCompatibility", c.attemptUnpack)
            s.bool("createDestPath", c.createDestPath)
            s.bool("allowWildcard", c.allowWildcard)
            s.bool("allowEmptyWildcard", c.allowEmptyWildcard)
            s.int("timestamp", c.timestamp)
            s.strings("include_patterns", c.includePatterns)
            s.strings("exclude_patterns", c.excludePatterns)
            s.bool("alwaysReplaceExistingDestPaths", c.alwaysReplaceExistingDestPaths)
            s.string("modeStr", c.modeStr)
        }
        return s.json
    }

    static func chownJSON(_ c: Chown, _ formula: KeyFormula) -> GoJSON {
        var s = GoStruct()
        s.optional("user", c.user.map { userJSON($0, formula) })
        s.optional("group", c.group.map { userJSON($0, formula) })
        return s.json
    }

    /// `{"User":{"byName":{"name":…,"input":…}}}` or `{"User":{"byId":N}}` (names per engine).
    static func userJSON(_ u: UserOpt, _ formula: KeyFormula) -> GoJSON {
        let names = formula.userOptNames
        var inner = GoStruct()
        switch u {
        case let .byName(name, input):
            var n = GoStruct(); n.string("name", name); n.int("input", input, omitEmpty: !formula.writesZeroIndexes)
            inner.add(names.byName, n.json)
        case let .byID(id):
            inner.int(names.byID, Int64(id))
        }
        return .object([("User", inner.json)])
    }
}

/// A MergeOp (`COPY --link`'s second vertex): `{"Type":"buildkit.merge.v0","Merge":{"inputs":[…]}}`.
public struct MergeOp: Sendable, Hashable {
    public var inputs: [Int64]
    public init(inputs: [Int64]) { self.inputs = inputs }

    public func cacheMap(formula: KeyFormula) -> Digest { Digest.sha256(of: cacheMapJSON(formula: formula).encoded) }

    public func cacheMapJSON(formula: KeyFormula) -> GoJSON {
        var merge = GoStruct()
        merge.list(
            "inputs",
            inputs.map { i in
                var s = GoStruct(); s.int("input", i, omitEmpty: !formula.writesZeroIndexes); return s.json
            })
        var s = GoStruct()
        s.string("Type", "buildkit.merge.v0", omitEmpty: false)
        s.add("Merge", merge.json)
        return s.json
    }
}
