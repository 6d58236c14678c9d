import CacheModel

/// Manifest bytes exactly as served, with the media type the server declared
/// and the digest of those bytes (verified when the manifest was asked for by digest).
public struct FetchedManifest: Sendable {
    public let bytes: [UInt8]
    /// `Content-Type` (registry) or the descriptor's `mediaType` (layout); nil when absent.
    public let mediaType: String?
    public let digest: Digest

    public init(bytes: [UInt8], mediaType: String?, digest: Digest) {
        self.bytes = bytes; self.mediaType = mediaType; self.digest = digest
    }
}

/// Size caps applied before anything is decoded.
public enum Limits {
    /// Registries cap manifests at about 4 MiB; so do we.
    public static let manifestBytes = 4 * 1024 * 1024
    /// Image configs and cache configs. BuildKit itself refuses configs over 1 MiB on import;
    /// we read up to 64 MiB so that we can report on them.
    public static let configBytes = 64 * 1024 * 1024
}

/// Where manifests and blobs come from: one repository of a registry, or one OCI layout.
/// Implementations verify every by-digest manifest and every blob against its digest.
public protocol ContentSource: Sendable {
    /// A manifest by tag or by digest (`sha256:…`).
    func manifest(_ reference: String) async throws -> FetchedManifest
    /// A blob, verified against `digest`; refused when larger than `maxBytes`.
    func blob(_ digest: Digest, maxBytes: Int) async throws -> [UInt8]
}
