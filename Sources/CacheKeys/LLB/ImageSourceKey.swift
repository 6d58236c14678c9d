import CacheModel

/// The two cache keys of an image source (`FROM <image>`): `source/containerimage/pull.go`
/// `CacheKey` returns first the main-manifest key, then (once the config is read) the config key;
/// `solver/llbsolver/ops/source.go` hashes each as `"buildkit.source.v0:" + key`.
public enum ImageSourceKey {
    /// The cache map of the main-manifest key: `mainManifestKey` is the digest of
    /// `{"Digest":<resolved digest>,"OS":…,"Arch":…[,"Variant"…][,"OSVersion"…][,"OSFeatures"…][,"Limit"…]}`,
    /// where the digest is what the reference resolved to (an index's digest for a multi-platform base).
    public static func manifestCacheMap(resolved: Digest, platform: KeyPlatform, layerLimit: Int? = nil) -> Digest {
        var s = GoStruct()
        s.string("Digest", resolved.description, omitEmpty: false)
        s.string("OS", platform.os, omitEmpty: false)
        s.string("Arch", platform.architecture, omitEmpty: false)
        s.string("Variant", platform.variant)
        s.string("OSVersion", platform.osVersion)
        s.strings("OSFeatures", platform.osFeatures)
        if let layerLimit { s.int("Limit", Int64(layerLimit), omitEmpty: false) }
        let key = Digest.sha256(of: s.json.encoded)
        return sourceCacheMap(key.description)
    }

    /// The cache map of the config key: the ChainID of the config's `rootfs.diff_ids`
    /// (`cacheKeyFromConfig`). Nil when there are no layers (BuildKit then has no config key).
    public static func configCacheMap(diffIDs: [Digest]) -> Digest? {
        guard let chain = chainID(diffIDs) else { return nil }
        return sourceCacheMap(chain.description)
    }

    /// `sha256("buildkit.source.v0:" + key)`.
    public static func sourceCacheMap(_ key: String) -> Digest {
        Digest.sha256(of: Array(("buildkit.source.v0:" + key).utf8))
    }

    /// OCI ChainID: `d0`, then `sha256(chain + " " + d_i)`.
    public static func chainID(_ diffIDs: [Digest]) -> Digest? {
        guard var chain = diffIDs.first else { return nil }
        for d in diffIDs.dropFirst() { chain = Digest.sha256(of: Array("\(chain) \(d)".utf8)) }
        return chain
    }
}
