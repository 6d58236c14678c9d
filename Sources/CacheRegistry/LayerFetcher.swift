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
    /// Fetches `digest` (refused past the budget), verifies it, decompresses it in chunks and
    /// lists its entries. Nothing is written to disk.
    public static func listing(_ digest: Digest, size: Int?, from source: ContentSource,
                               budget: inout LayerBudget) async throws -> LayerListing {
        let remaining = budget.remaining
        if let size, size > remaining { throw LayerError.overLimit(limit: budget.limit) }
        let blob: [UInt8]
        do { blob = try await source.blob(digest, maxBytes: remaining) }
        catch let e as ModelError { if case .tooLarge = e { budget.exhaust(); throw LayerError.overLimit(limit: budget.limit) }; throw e }
        do {
            let listing = try list(blob, digest: digest, limits: LayerLimits(bytes: remaining))
            budget.charge(listing.compressedBytes + listing.uncompressedBytes)
            return listing
        } catch {
            if case .overLimit = error { budget.exhaust(); throw LayerError.overLimit(limit: budget.limit) }
            budget.charge(blob.count)
            throw error
        }
    }

    /// Lists a blob's entries: gzip, zstd or an uncompressed tar, told from its first bytes.
    public static func list(_ blob: [UInt8], digest: Digest?, limits: LayerLimits) throws(LayerError) -> LayerListing {
        let d = try Decompressors.forBlob(Array(blob.prefix(4)))
        return try LayerReader.list(blob: blob, digest: digest, decompressor: d, limits: limits)
    }
}
