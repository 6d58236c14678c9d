import CacheModel

/// The digest BuildKit gives a cache record: the digest of `"<cache-map digest>@<output index>"`
/// (`solver/cachemanager.go` `rootKey`). A record's inputs are not part of it; they are its links.
public enum RecordKey {
    /// The record of output `index` of a step whose cache map has digest `cacheMap`.
    public static func record(cacheMap: Digest, output index: Int) -> Digest {
        Digest.sha256(of: Array("\(cacheMap)@\(index)".utf8))
    }

    /// The record of a content-keyed input (a copy's source files): output index -1
    /// (`solver/edge.go`: `NewCacheKey(dgst, "", -1)`).
    public static func content(checksum: Digest) -> Digest {
        record(cacheMap: checksum, output: -1)
    }
}
