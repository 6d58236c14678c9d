import CacheModel
import Foundation

/// The byte budget of one diff's layer reads (`--max-layer-bytes`): compressed plus
/// uncompressed bytes, across every layer read, charged as the bytes pass, so that reads running
/// at the same time share it. A read that goes past it spends it: later reads are refused.
public final class LayerBudget: @unchecked Sendable {
    public let limit: Int
    private var spent = 0
    private let lock = NSLock()

    public init(limit: Int) { self.limit = limit }

    public var used: Int { lock.withLock { spent } }
    public var remaining: Int { lock.withLock { max(0, limit - spent) } }

    /// Charges `n` bytes (negative: gives them back); false, and the budget spent, when that passes the limit.
    func charge(_ n: Int) -> Bool {
        lock.withLock {
            spent = max(0, spent + n)
            if spent > limit { spent = limit; return false }
            return true
        }
    }
}

/// Reads layer blobs from a content source into listings, within a shared budget.
public enum LayerFetcher {
    /// Streams `digest` from the source (refused past the budget) through the decompressor and
    /// the tar reader, verifying it as it passes. Neither the blob nor its content is kept in
    /// memory or written to disk: only the listing.
    public static func listing(
        _ digest: Digest, size: Int?, from source: ContentSource,
        budget: LayerBudget
    ) async throws -> LayerListing {
        if let size, size > budget.remaining { throw LayerError.overLimit(limit: budget.limit) }
        // The source verifies the digest; the stream need not hash a second time.
        let stream = LayerStream(digest: nil, limits: LayerLimits(bytes: budget.limit), makeDecompressor: Decompressors.for)
        let charging = ChargingConsumer(stream, budget: budget)
        do {
            try await source.streamBlob(digest, maxBytes: budget.remaining, into: charging)
            let listing = try stream.finish()
            try charging.settle()
            return listing
        } catch let e as ModelError {
            // Refused by its declared size: it used nothing, and smaller layers may still fit.
            if case .tooLarge = e { throw LayerError.overLimit(limit: budget.limit) }
            throw e
        }
    }

    /// Lists a blob held in memory: gzip, zstd or an uncompressed tar, told from its first bytes.
    public static func list(_ blob: [UInt8], digest: Digest?, limits: LayerLimits) throws(LayerError) -> LayerListing {
        let d = try Decompressors.for(LayerCompression.sniff(blob.prefix(4)))
        return try LayerReader.list(blob: blob, digest: digest, decompressor: d, limits: limits)
    }
}

/// Feeds a layer stream and charges what it counts to the shared budget as it goes; a transfer
/// that starts over gives its bytes back first.
final class ChargingConsumer: BlobConsumer, @unchecked Sendable {
    let stream: LayerStream
    let budget: LayerBudget
    private var charged = 0

    init(_ stream: LayerStream, budget: LayerBudget) { self.stream = stream; self.budget = budget }

    func restart() {
        _ = budget.charge(-charged)
        charged = 0
        stream.reset()
    }

    func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        do { try stream.feed(bytes) } catch {
            // Past the whole limit by itself (mid-chunk, before it was charged): the budget is spent.
            if case .overLimit = error { _ = budget.charge(budget.limit) }
            throw error
        }
        try settle()
    }

    /// Charges what the stream has counted since the last charge.
    func settle() throws {
        let counted = stream.bytesCounted
        defer { charged = counted }
        guard budget.charge(counted - charged) else { throw LayerError.overLimit(limit: budget.limit) }
    }
}
