import CacheModel

/// A resolved base image, as the Dockerfile frontend sees it: what its reference resolved to and
/// the parts of its config that enter the keys of the steps built on it.
public struct BaseImage: Sendable, Hashable {
    /// What the reference resolved to: the index digest for a multi-platform image, else the manifest's.
    public var resolvedDigest: Digest
    public var env: [String]
    public var workingDir: String
    public var user: String
    public var shell: [String]
    public var onBuild: [String]
    public var diffIDs: [Digest]
    /// The config's own platform (the key uses the stage's platform, not this one).
    public var os: String

    public init(
        resolvedDigest: Digest, env: [String] = [], workingDir: String = "", user: String = "", shell: [String] = [],
        onBuild: [String] = [], diffIDs: [Digest], os: String = "linux"
    ) {
        self.resolvedDigest = resolvedDigest; self.env = env; self.workingDir = workingDir; self.user = user
        self.shell = shell; self.onBuild = onBuild; self.diffIDs = diffIDs; self.os = os
    }

    /// Reads the config blob's `config.Env`, `WorkingDir`, `User`, `Shell`, `OnBuild` and `rootfs.diff_ids`.
    public init(resolvedDigest: Digest, config bytes: [UInt8]) throws(ModelError) {
        let doc = try JSONDocument(parsing: bytes, what: "image config")
        let root = doc.value
        let c = root["config"]
        func strings(_ v: JSONValue?) -> [String] { v.map { $0.elements.compactMap(\.string) } ?? [] }
        var diffIDs: [Digest] = []
        for d in root["rootfs"]?["diff_ids"]?.elements ?? [] {
            guard let s = d.string else { continue }
            diffIDs.append(try Digest(parsing: s))
        }
        self.init(
            resolvedDigest: resolvedDigest, env: strings(c?["Env"]), workingDir: c?["WorkingDir"]?.string ?? "",
            user: c?["User"]?.string ?? "", shell: strings(c?["Shell"]), onBuild: strings(c?["OnBuild"]),
            diffIDs: diffIDs, os: root["os"]?.string ?? "linux")
    }
}

/// BuildKit's `llb.EnvList`: setting a key again moves it to the end.
struct EnvList: Sendable, Hashable {
    private(set) var entries: [(key: String, value: String)] = []

    static func == (l: EnvList, r: EnvList) -> Bool { l.array == r.array }
    func hash(into h: inout Hasher) { h.combine(array) }

    mutating func set(_ key: String, _ value: String) {
        entries.removeAll { $0.key == key }
        entries.append((key, value))
    }

    func get(_ key: String) -> String? { entries.last { $0.key == key }?.value }

    var dictionary: [String: String] {
        var d: [String: String] = [:]
        for e in entries { d[e.key] = e.value }
        return d
    }

    /// `KEY=value` in order.
    var array: [String] { entries.map { "\($0.key)=\($0.value)" } }
}
