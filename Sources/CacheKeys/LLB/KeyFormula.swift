import CacheModel

/// Which BuildKit wrote the LLB and which one hashes it: the cache keys of the same Dockerfile
/// differ between them. Pass the variant of the builder that will run the next build.
public struct KeyFormula: Sendable, Hashable, CustomStringConvertible {
    /// The Dockerfile frontend's LLB client is BuildKit v0.11 or later: every ExecOp carries
    /// `meta.removeMountStubsRecursive: true` (`client/llb/exec.go`, commit 6b265b1ba).
    public var frontendV011OrLater: Bool
    /// The engine (the BuildKit that computes the keys).
    public var engine: Engine

    public enum Engine: Int, Sendable, Hashable, Comparable, CaseIterable {
        /// Before v0.13.0: a cache mount's user-set `id=` and `sharing=` are part of the key.
        case beforeV013
        /// v0.13.0 to v0.16: user-set cache-mount id/sharing cleared (`checkShouldClearCacheOpts`);
        /// gogo protobuf JSON (`byID`).
        case v013ToV016
        /// v0.17: Go protobuf without JSON names on oneof fields (`ByName`, `ByID`).
        case v017
        /// v0.18 and later: `solver/pb/json.go` names them `byName`, `byId`.
        case v018OrLater

        public static func < (l: Engine, r: Engine) -> Bool { l.rawValue < r.rawValue }
    }

    public init(frontendV011OrLater: Bool, engine: Engine) {
        self.frontendV011OrLater = frontendV011OrLater
        self.engine = engine
    }

    /// The built-in frontend of a BuildKit v0.18 or later engine (Docker 27.4+, v0.25 fixtures).
    public static let current = KeyFormula(frontendV011OrLater: true, engine: .v018OrLater)
    /// Docker 26.1 (BuildKit v0.13) with its built-in frontend.
    public static let v013 = KeyFormula(frontendV011OrLater: true, engine: .v013ToV016)
    /// Docker 20.10 (BuildKit v0.8) with its built-in frontend.
    public static let v08 = KeyFormula(frontendV011OrLater: false, engine: .beforeV013)

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
        let e: String
        switch engine {
        case .beforeV013: e = "engine<v0.13"
        case .v013ToV016: e = "engine v0.13-v0.16"
        case .v017: e = "engine v0.17"
        case .v018OrLater: e = "engine>=v0.18"
        }
        return (frontendV011OrLater ? "frontend>=v0.11, " : "frontend<v0.11, ") + e
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
