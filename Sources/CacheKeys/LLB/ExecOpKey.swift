import CacheModel

/// An LLB ExecOp (`solver/pb/ops.proto`), as much of it as enters its cache key.
public struct ExecOp: Sendable, Hashable {
    public var meta: Meta
    public var mounts: [Mount]
    public var network: NetMode
    public var security: SecurityMode
    public var secretEnv: [SecretEnv]
    public var cdiDevices: [CDIDevice]

    public init(
        meta: Meta, mounts: [Mount], network: NetMode = .sandbox, security: SecurityMode = .sandbox,
        secretEnv: [SecretEnv] = [], cdiDevices: [CDIDevice] = []
    ) {
        self.meta = meta; self.mounts = mounts; self.network = network; self.security = security
        self.secretEnv = secretEnv; self.cdiDevices = cdiDevices
    }

    public enum NetMode: Int64, Sendable, Hashable { case sandbox = 0, host = 1, none = 2 }
    public enum SecurityMode: Int64, Sendable, Hashable { case sandbox = 0, insecure = 1 }

    public struct Meta: Sendable, Hashable {
        public var args: [String]
        public var env: [String]
        public var cwd: String
        public var user: String
        /// Proxy variables: never part of the key (BuildKit clears them), kept for completeness.
        public var hasProxyEnv: Bool
        public var extraHosts: [HostIP]
        public var hostname: String
        public var ulimits: [Ulimit]
        public var cgroupParent: String
        public var removeMountStubsRecursive: Bool
        public var validExitCodes: [Int32]

        public init(
            args: [String], env: [String], cwd: String, user: String = "", hasProxyEnv: Bool = false,
            extraHosts: [HostIP] = [], hostname: String = "", ulimits: [Ulimit] = [], cgroupParent: String = "",
            removeMountStubsRecursive: Bool, validExitCodes: [Int32] = []
        ) {
            self.args = args; self.env = env; self.cwd = cwd; self.user = user; self.hasProxyEnv = hasProxyEnv
            self.extraHosts = extraHosts; self.hostname = hostname; self.ulimits = ulimits
            self.cgroupParent = cgroupParent; self.removeMountStubsRecursive = removeMountStubsRecursive
            self.validExitCodes = validExitCodes
        }
    }

    public struct HostIP: Sendable, Hashable {
        public var host: String
        public var ip: String
        public init(host: String, ip: String) { self.host = host; self.ip = ip }
    }

    public struct Ulimit: Sendable, Hashable {
        public var name: String
        public var soft: Int64
        public var hard: Int64
        public init(name: String, soft: Int64, hard: Int64) { self.name = name; self.soft = soft; self.hard = hard }
    }

    public struct SecretEnv: Sendable, Hashable {
        public var id: String
        public var name: String
        public var optional: Bool
        public init(id: String, name: String, optional: Bool) { self.id = id; self.name = name; self.optional = optional }
    }

    public struct CDIDevice: Sendable, Hashable {
        public var name: String
        public var optional: Bool
        public init(name: String, optional: Bool) { self.name = name; self.optional = optional }
    }

    public enum MountType: Int64, Sendable, Hashable { case bind = 0, secret = 1, ssh = 2, cache = 3, tmpfs = 4 }
    public enum CacheSharing: Int64, Sendable, Hashable { case shared = 0, `private` = 1, locked = 2 }

    public struct Mount: Sendable, Hashable {
        /// Input index, or -1 for none (scratch, cache, secret, ssh, tmpfs).
        public var input: Int64
        /// Path inside the input (cleared before hashing).
        public var selector: String
        public var dest: String
        /// Output index, or -1 when the mount has no output.
        public var output: Int64
        public var readonly: Bool
        public var type: MountType
        public var tmpfsSize: Int64?
        public var cacheID: String?
        public var cacheSharing: CacheSharing
        public var secret: IDOpt?
        public var ssh: IDOpt?
        public var resultID: String
        public var contentCache: Int64

        public init(
            input: Int64, selector: String = "", dest: String, output: Int64, readonly: Bool = false,
            type: MountType = .bind, tmpfsSize: Int64? = nil, cacheID: String? = nil,
            cacheSharing: CacheSharing = .shared, secret: IDOpt? = nil, ssh: IDOpt? = nil,
            resultID: String = "", contentCache: Int64 = 0
        ) {
            self.input = input; self.selector = selector; self.dest = dest; self.output = output
            self.readonly = readonly; self.type = type; self.tmpfsSize = tmpfsSize; self.cacheID = cacheID
            self.cacheSharing = cacheSharing; self.secret = secret; self.ssh = ssh; self.resultID = resultID
            self.contentCache = contentCache
        }

        /// The root filesystem mount of a RUN: input 0 at `/`, output 0.
        public static let root = Mount(input: 0, dest: "/", output: 0)
    }

    /// `SecretOpt` / `SSHOpt`.
    public struct IDOpt: Sendable, Hashable {
        public var id: String
        public var uid: UInt32
        public var gid: UInt32
        public var mode: UInt32
        public var optional: Bool
        public init(id: String, uid: UInt32 = 0, gid: UInt32 = 0, mode: UInt32, optional: Bool = false) {
            self.id = id; self.uid = uid; self.gid = gid; self.mode = mode; self.optional = optional
        }
    }
}

extension ExecOp {
    /// The digest of the cache map BuildKit computes for this op (`solver/llbsolver/ops/exec.go`
    /// `CacheMap`): the op normalised (selectors, proxy variables and extra-host IPs cleared,
    /// user-set cache ids cleared on v0.13+, a lone default root mount dropped) inside
    /// `{"Type":"buildkit.exec.v0","Exec":…,"OS":…,"Arch":…}`.
    public func cacheMap(platform: KeyPlatform, formula: KeyFormula) -> Digest {
        Digest.sha256(of: cacheMapJSON(platform: platform, formula: formula).encoded)
    }

    /// The JSON whose digest `cacheMap` is.
    public func cacheMapJSON(platform: KeyPlatform, formula: KeyFormula) -> GoJSON {
        var mounts = self.mounts.map { m -> Mount in
            var m = m
            m.selector = ""
            if formula.clearsCacheMountOptions, m.cacheID != nil, Self.shouldClearCacheOptions(m) {
                m.cacheID = ""
                m.cacheSharing = .shared
            }
            return m
        }
        if mounts.count == 1, let m = mounts.first, m.dest == "/", m.selector.isEmpty, !m.readonly, m.type == .bind,
            m.cacheID == nil, m.ssh == nil, m.secret == nil, m.resultID.isEmpty
        {
            mounts = []
        }
        var outer = GoStruct()
        outer.string("Type", "buildkit.exec.v0", omitEmpty: false)
        outer.add("Exec", execJSON(mounts: mounts, formula: formula))
        outer.string("OS", platform.os, omitEmpty: false)
        outer.string("Arch", platform.architecture, omitEmpty: false)
        outer.string("Variant", platform.variant)
        outer.string("OSVersion", platform.osVersion)
        outer.strings("OSFeatures", platform.osFeatures)
        return outer.json
    }

    /// `checkShouldClearCacheOpts`: a Dockerfile's default cache id (`<target>`, or
    /// `<namespace>/<target>`) with default sharing is kept; anything a user set is cleared.
    static func shouldClearCacheOptions(_ m: Mount) -> Bool {
        guard let id = m.cacheID else { return false }
        if id == m.dest && m.cacheSharing == .shared { return false }
        if let slash = id.firstIndex(of: "/"), id[id.index(after: slash)...] == m.dest, m.cacheSharing == .shared {
            return false
        }
        return true
    }

    private func execJSON(mounts: [Mount], formula: KeyFormula) -> GoJSON {
        var meta = GoStruct()
        meta.strings("args", self.meta.args)
        meta.strings("env", self.meta.env)
        meta.string("cwd", self.meta.cwd)
        meta.string("user", self.meta.user)
        // proxy_env: always nil after normalisation.
        meta.list(
            "extraHosts",
            self.meta.extraHosts.map { h in
                var s = GoStruct(); s.string("Host", h.host); return s.json  // IP blanked
            })
        meta.string("hostname", self.meta.hostname)
        meta.list(
            "ulimit",
            self.meta.ulimits.map { u in
                var s = GoStruct(); s.string("Name", u.name); s.int("Soft", u.soft); s.int("Hard", u.hard); return s.json
            })
        meta.string("cgroupParent", self.meta.cgroupParent)
        meta.bool("removeMountStubsRecursive", self.meta.removeMountStubsRecursive)
        if !self.meta.validExitCodes.isEmpty {
            meta.add("validExitCodes", .array(self.meta.validExitCodes.map { .int(Int64($0)) }))
        }

        var exec = GoStruct()
        exec.add("meta", meta.json)
        exec.list("mounts", mounts.map { Self.mountJSON($0, formula) })
        exec.int("network", network.rawValue)
        exec.int("security", security.rawValue)
        exec.list(
            "secretenv",
            secretEnv.map { e in
                var s = GoStruct(); s.string("ID", e.id); s.string("name", e.name); s.bool("optional", e.optional); return s.json
            })
        exec.list(
            "cdiDevices",
            cdiDevices.map { d in
                var s = GoStruct(); s.string("name", d.name); s.bool("optional", d.optional); return s.json
            })
        return exec.json
    }

    private static func mountJSON(_ m: Mount, _ formula: KeyFormula) -> GoJSON {
        var s = GoStruct()
        s.int("input", m.input, omitEmpty: !formula.writesZeroIndexes)
        s.string("selector", m.selector)
        s.string("dest", m.dest)
        s.int("output", m.output, omitEmpty: !formula.writesZeroIndexes)
        s.bool("readonly", m.readonly)
        s.int("mountType", m.type.rawValue)
        if let size = m.tmpfsSize {
            var t = GoStruct(); t.int("size", size); s.add("TmpfsOpt", t.json)
        }
        if let id = m.cacheID {
            var c = GoStruct(); c.string("ID", id); c.int("sharing", m.cacheSharing.rawValue); s.add("cacheOpt", c.json)
        }
        if let o = m.secret { s.add("secretOpt", idOptJSON(o)) }
        if let o = m.ssh { s.add("SSHOpt", idOptJSON(o)) }
        s.string("resultID", m.resultID)
        s.int("contentCache", m.contentCache)
        return s.json
    }

    private static func idOptJSON(_ o: IDOpt) -> GoJSON {
        var s = GoStruct()
        s.string("ID", o.id)
        s.int("uid", Int64(o.uid))
        s.int("gid", Int64(o.gid))
        s.int("mode", Int64(o.mode))
        s.bool("optional", o.optional)
        return s.json
    }
}
