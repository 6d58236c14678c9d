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
    /// A blob handed to `consumer` as it arrives, none of it held here; verified against `digest`
    /// once it has all passed (the consumer's work is void when this throws). Refused when larger
    /// than `maxBytes`. A transfer that starts over (a retry) calls `consumer.restart()` first.
    func streamBlob(_ digest: Digest, maxBytes: Int, into consumer: any BlobConsumer) async throws
}

/// Takes a blob's bytes in order, as they arrive.
public protocol BlobConsumer: AnyObject, Sendable {
    /// Called before the first byte of every attempt.
    func restart()
    func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws
}

extension ContentSource {
    /// For sources that hold blobs whole anyway: reads the blob, then hands it over.
    public func streamBlob(_ digest: Digest, maxBytes: Int, into consumer: any BlobConsumer) async throws {
        let bytes = try await blob(digest, maxBytes: maxBytes)
        consumer.restart()
        try bytes.withUnsafeBufferPointer { try consumer.consume($0) }
    }
}

/// Hashes a blob on its way to a consumer and checks it against its digest at the end: the
/// streaming sources' verification.
final class VerifyingConsumer: BlobConsumer, @unchecked Sendable {
    let digest: Digest
    let what: String
    let next: any BlobConsumer
    private var hasher = SHA256()
    private(set) var count = 0

    init(_ digest: Digest, what: String, next: any BlobConsumer) { self.digest = digest; self.what = what; self.next = next }

    func restart() { hasher = SHA256(); count = 0; next.restart() }

    func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        hasher.update(bytes)
        count += bytes.count
        try next.consume(bytes)
    }

    /// Throws when what passed does not hash to the digest.
    func verify() throws {
        guard digest.algorithm == "sha256" else {
            throw ModelError.digestMismatch(what: what, expected: digest, actual: "a \(digest.algorithm) digest we cannot verify")
        }
        let actual = Digest.sha256(hashed: hasher)
        guard actual == digest else { throw ModelError.digestMismatch(what: what, expected: digest, actual: actual.description) }
    }
}
