import CacheModel

/// The byte budget of one diff's layer reads (`--max-layer-bytes`): compressed plus
/// uncompressed bytes, across every layer read.
public struct LayerBudget: Sendable {
    public let limit: Int
    public private(set) var used = 0
    public init(limit: Int) { self.limit = limit }
    public var remaining: Int { max(0, limit - used) }
    mutating func charge(_ n: Int) { used = min(limit, used + n) }
    mutating func exhaust() { used = limit }
}

/// Reads layer blobs from a content source into listings, within a shared budget.
public enum LayerFetcher {
    /// Streams `digest` from the source (refused past the budget) through the decompressor and
    /// the tar reader, verifying it as it passes. Neither the blob nor its content is kept in
    /// memory or written to disk: only the listing.
    public static func listing(_ digest: Digest, size: Int?, from source: ContentSource,
                               budget: inout LayerBudget) async throws -> LayerListing {
        let remaining = budget.remaining
        if let size, size > remaining { throw LayerError.overLimit(limit: budget.limit) }
        // The source verifies the digest; the stream need not hash a second time.
        let stream = LayerStream(digest: nil, limits: LayerLimits(bytes: remaining), makeDecompressor: Decompressors.for)
        do {
            try await source.streamBlob(digest, maxBytes: remaining, into: stream)
        } catch let e as ModelError {
            if case .tooLarge = e { budget.exhaust(); throw LayerError.overLimit(limit: budget.limit) }
            throw e
        } catch let e as LayerError {
            if case .overLimit = e { budget.exhaust(); throw LayerError.overLimit(limit: budget.limit) }
            throw e
        }
        do {
            let listing = try stream.finish()
            budget.charge(listing.compressedBytes + listing.uncompressedBytes)
            return listing
        } catch {
            if case .overLimit = error { budget.exhaust(); throw LayerError.overLimit(limit: budget.limit) }
            budget.charge(stream.bytesRead)
            throw error
        }
    }

    /// Lists a blob held in memory: gzip, zstd or an uncompressed tar, told from its first bytes.
    public static func list(_ blob: [UInt8], digest: Digest?, limits: LayerLimits) throws(LayerError) -> LayerListing {
        let d = try Decompressors.for(LayerCompression.sniff(blob.prefix(4)))
        return try LayerReader.list(blob: blob, digest: digest, decompressor: d, limits: limits)
    }
}

extension LayerStream: BlobConsumer {
    public func restart() { reset() }
    public func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws { try feed(bytes) }
}
