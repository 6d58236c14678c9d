import CacheModel

/// Which BuildKit wrote the LLB and which one hashes it: the cache keys of the same Dockerfile
/// differ between them. Pass the variant of the builder that will run the next build.
public struct KeyFormula: Sendable, Hashable, CustomStringConvertible {
    /// The Dockerfile frontend that writes the LLB (the engine's built-in one, or a `# syntax=` image).
    public var frontend: Frontend
    /// The engine (the BuildKit that computes the keys).
    public var engine: Engine

    public enum Frontend: Int, Sendable, Hashable, Comparable, CaseIterable {
        /// LLB client before v0.11: no `meta.removeMountStubsRecursive`.
        case beforeV011
        /// v0.11 to v0.21 (docker/dockerfile 1.5 to 1.15): `removeMountStubsRecursive: true`
        /// (`client/llb/exec.go`, commit 6b265b1ba); WORKDIR ignores SOURCE_DATE_EPOCH.
        case v011ToV021
        /// v0.22 and later (docker/dockerfile 1.16+): WORKDIR's mkdir carries SOURCE_DATE_EPOCH
        /// (commit 01b3eb44f).
        case v022OrLater

        public static func < (l: Frontend, r: Frontend) -> Bool { l.rawValue < r.rawValue }
    }

    public enum Engine: Int, Sendable, Hashable, Comparable, CaseIterable {
        /// Before v0.13.0: a cache mount's user-set `id=` and `sharing=` are part of the key.
        case beforeV013
        /// v0.13.0 to v0.16: user-set cache-mount id/sharing cleared (`checkShouldClearCacheOpts`);
        /// gogo protobuf JSON (`byID`, zero input/output indexes written).
        case v013ToV016
        /// v0.17: Go protobuf without JSON names on oneof fields (`ByName`, `ByID`).
        case v017
        /// v0.18 and later: `solver/pb/json.go` names them `byName`, `byId`.
        case v018OrLater

        public static func < (l: Engine, r: Engine) -> Bool { l.rawValue < r.rawValue }
    }

    public init(frontend: Frontend, engine: Engine) {
        self.frontend = frontend
        self.engine = engine
    }

    /// BuildKit v0.22 or later with its built-in frontend (Docker 28.1+; the v0.25 fixtures).
    public static let current = KeyFormula(frontend: .v022OrLater, engine: .v018OrLater)
    /// Docker 26.1 (BuildKit v0.13) with its built-in frontend.
    public static let v013 = KeyFormula(frontend: .v011ToV021, engine: .v013ToV016)
    /// Docker 20.10 (BuildKit v0.8) with its built-in frontend.
    public static let v08 = KeyFormula(frontend: .beforeV011, engine: .beforeV013)

    /// Every combination: to tell which builder made a cache, plan with each and keep the one
    /// whose keys the cache holds.
    public static var all: [KeyFormula] {
        Frontend.allCases.flatMap { f in Engine.allCases.map { KeyFormula(frontend: f, engine: $0) } }
    }

    /// Every ExecOp carries `meta.removeMountStubsRecursive: true`.
    public var frontendV011OrLater: Bool { frontend >= .v011ToV021 }

    /// WORKDIR's mkdir takes its time from SOURCE_DATE_EPOCH.
    public var workdirUsesSourceDateEpoch: Bool { frontend >= .v022OrLater }

    /// Whether a user-set cache-mount `id=`/`sharing=` is cleared before hashing.
    var clearsCacheMountOptions: Bool { engine >= .v013ToV016 }

    /// Engines before v0.17 marshal gogo types: input and output indexes (`InputIndex`,
    /// `OutputIndex` custom types) are written even when 0 (`json:"input"`, no `omitempty`).
    var writesZeroIndexes: Bool { engine <= .v013ToV016 }

    /// JSON names of a `UserOpt`'s oneof members.
    var userOptNames: (byName: String, byID: String) {
        switch engine {
        case .beforeV013, .v013ToV016: return ("byName", "byID")
        case .v017: return ("ByName", "ByID")
        case .v018OrLater: return ("byName", "byId")
        }
    }

    public var description: String {
        let f: String
        switch frontend {
        case .beforeV011: f = "frontend<v0.11"
        case .v011ToV021: f = "frontend v0.11-v0.21"
        case .v022OrLater: f = "frontend>=v0.22"
        }
        let e: String
        switch engine {
        case .beforeV013: e = "engine<v0.13"
        case .v013ToV016: e = "engine v0.13-v0.16"
        case .v017: e = "engine v0.17"
        case .v018OrLater: e = "engine>=v0.18"
        }
        return f + ", " + e
    }
}
/// The platform a step is hashed for (`ocispecs.Platform` as BuildKit passes it).
public struct KeyPlatform: Sendable, Hashable {
    public var os: String
    public var architecture: String
    public var variant: String
    public var osVersion: String
    public var osFeatures: [String]

    public init(os: String, architecture: String, variant: String = "", osVersion: String = "", osFeatures: [String] = []) {
        self.os = os; self.architecture = architecture; self.variant = variant
        self.osVersion = osVersion; self.osFeatures = osFeatures
    }

    public init(_ p: Platform) {
        self.init(os: p.os, architecture: p.architecture, variant: p.variant ?? "")
    }

    public static let linuxAMD64 = KeyPlatform(os: "linux", architecture: "amd64")
}
