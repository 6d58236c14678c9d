import CacheModel
import Foundation

/// An OCI image layout directory (`oci-layout`, `index.json`, `blobs/<alg>/<hex>`).
/// Tags are the `org.opencontainers.image.ref.name` annotations of `index.json`.
public struct OCILayoutSource: ContentSource {
    public let directory: String
    private let tag: String?

    public init(_ ref: LayoutReference) {
        directory = ref.path
        tag = ref.tag
    }

    public enum LayoutError: UserFacingError {
        case notALayout(String)
        case unknownTag(String, available: [String])
        case ambiguous(String, available: [String])
        case missingBlob(Digest, String)
        case notRegular(String, kind: String, String)
        case unreadable(String, String, String)

        public var exitCode: Int32 { 2 }
        public var description: String {
            switch self {
            case let .notALayout(dir):
                return "\(Sanitize.quoted(dir)) is not an OCI image layout: no readable index.json"
            case let .unknownTag(tag, available):
                if available.isEmpty { return "no image tagged \(Sanitize.quoted(tag)) in the layout; it has no tags" }
                let near = Nearest.names(to: tag, in: available)
                let hint = near.isEmpty ? "" : "did you mean \(near.map { Sanitize.inline($0) }.joined(separator: ", "))? "
                let shown =
                    available.count <= 8
                    ? "tags: " + available.map { Sanitize.inline($0) }.joined(separator: ", ")
                    : "\(available.count) tags (cachectl history oci:DIR lists them)"
                return "no image tagged \(Sanitize.quoted(tag)) in the layout; \(hint)\(shown)"
            case let .ambiguous(dir, available):
                return
                    "the layout \(Sanitize.quoted(dir)) holds several images; name one as oci:DIR:TAG (tags: \(available.map { Sanitize.inline($0) }.joined(separator: ", ")))"
            case let .missingBlob(d, dir):
                return "blob \(d) is missing from the layout \(Sanitize.quoted(dir))"
            case let .notRegular(what, kind, dir):
                return "\(what) in the layout \(Sanitize.quoted(dir)) is \(kind), not a regular file; refusing to read it"
            case let .unreadable(what, reason, dir):
                return "cannot read \(what) in the layout \(Sanitize.quoted(dir)): \(Sanitize.inline(reason))"
            }
        }
    }

    /// Reads at most `limit + 1` bytes of what `path` opens (a symlink's target, checked with
    /// fstat), refusing FIFOs, devices and directories without blocking on them.
    private func read(_ path: String, limit: Int, what: String, missing: LayoutError) throws -> [UInt8] {
        var out: [UInt8] = []
        try readChunks(path, limit: limit, what: what, missing: missing, sizeHint: { out.reserveCapacity($0) }) {
            out.append(contentsOf: $0)
        }
        return out
    }

    /// `read`, with the bytes handed to `body` as they are read instead of kept.
    private func readChunks(
        _ path: String, limit: Int, what: String, missing: LayoutError, sizeHint: (Int) -> Void = { _ in },
        _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        do {
            guard try POSIX.readChunks(path, limit: limit, sizeHint: sizeHint, body) else { throw missing }
        } catch let e as POSIX.Failure {
            if let kind = e.notRegular { throw LayoutError.notRegular(what, kind: kind, directory) }
            if let size = e.tooLarge { throw ModelError.tooLarge(what: what, size: size, limit: limit) }
            throw LayoutError.unreadable(what, e.description, directory)
        }
    }

    private func blobPath(_ d: Digest) -> String { "\(directory)/blobs/\(d.algorithm)/\(d.encoded)" }

    /// The descriptors of `index.json`.
    public func index() throws -> ImageIndex {
        let bytes = try read(
            "\(directory)/index.json", limit: Limits.manifestBytes, what: "index.json",
            missing: .notALayout(directory))
        switch try ManifestDocument.decode(bytes, declaredMediaType: MediaType.ociIndex) {
        case let .index(i): return i
        case .image: throw LayoutError.notALayout(directory)
        }
    }

    public func manifest(_ reference: String) async throws -> FetchedManifest {
        if let d = try? Digest(parsing: reference) {
            let bytes = try readBlob(d, maxBytes: Limits.manifestBytes)
            let mediaType = try? index().manifests.first { $0.digest == d }?.mediaType
            return FetchedManifest(bytes: bytes, mediaType: mediaType ?? nil, digest: d)
        }
        let idx = try index()
        let tagged = idx.manifests.compactMap { d in d.annotations["org.opencontainers.image.ref.name"].map { ($0, d) } }
        let entry: Descriptor
        if let want = reference.isEmpty ? tag : reference {
            guard let hit = tagged.first(where: { $0.0 == want })?.1 else {
                throw LayoutError.unknownTag(want, available: tagged.map(\.0))
            }
            entry = hit
        } else if idx.manifests.count == 1 {
            entry = idx.manifests[0]
        } else if let latest = tagged.first(where: { $0.0 == "latest" })?.1 {
            entry = latest
        } else {
            throw LayoutError.ambiguous(directory, available: tagged.map(\.0))
        }
        let bytes = try readBlob(entry.digest, maxBytes: Limits.manifestBytes)
        return FetchedManifest(bytes: bytes, mediaType: entry.mediaType, digest: entry.digest)
    }

    public func readBlob(_ digest: Digest, maxBytes: Int) throws -> [UInt8] {
        let path = blobPath(digest)
        let bytes = try read(path, limit: maxBytes, what: "blob \(digest)", missing: .missingBlob(digest, directory))
        let actual = Digest.sha256(of: bytes)
        guard actual == digest else {
            throw ModelError.digestMismatch(what: "blob \(digest)", expected: digest, actual: actual.description)
        }
        return bytes
    }

    public func blob(_ digest: Digest, maxBytes: Int) async throws -> [UInt8] {
        try readBlob(digest, maxBytes: maxBytes)
    }

    public func streamBlob(_ digest: Digest, maxBytes: Int, into consumer: any BlobConsumer) async throws {
        let what = "blob \(digest)"
        let verifying = VerifyingConsumer(digest, what: what, next: consumer)
        verifying.restart()
        try readChunks(blobPath(digest), limit: maxBytes, what: what, missing: .missingBlob(digest, directory)) {
            try verifying.consume($0)
        }
        try verifying.verify()
    }

    /// The reference part to ask `manifest(_:)` for: the digest, or "" to use the tag/default.
    public static func manifestReference(_ ref: LayoutReference) -> String { ref.digest?.description ?? "" }
}
