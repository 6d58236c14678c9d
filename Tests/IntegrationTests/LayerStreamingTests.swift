import CacheModel
import CacheRegistry
import Foundation
import XCTest

/// Real BuildKit layer blobs (gzip and zstd) streamed from a layout give the listing the
/// in-memory reader gives, and a transfer that starts over yields the same listing again.
final class LayerStreamingTests: XCTestCase {
    static let v025 = Fixtures.root + "/v025/images"

    func layers(_ tag: String) async throws -> [Descriptor] {
        guard case let .images(images, _) = try await Fixtures.load(tag, layout: Self.v025) else { throw XCTSkip("not an image") }
        return images[0].manifest.layers
    }

    func testStreamedEqualsWholeForGzipAndZstd() async throws {
        let src = OCILayoutSource(LayoutReference(path: Self.v025))
        var kinds = Set<String>()
        for tag in ["goapp-old", "zstd-old"] {
            for l in try await layers(tag) {
                let budget = LayerBudget(limit: LayerLimits.defaultBytes)
                let streamed = try await LayerFetcher.listing(l.digest, size: l.size, from: src, budget: budget)
                let blob = try src.readBlob(l.digest, maxBytes: LayerLimits.defaultBytes)
                XCTAssertEqual(streamed, try LayerFetcher.list(blob, digest: l.digest, limits: LayerLimits()), "\(tag) \(l.digest)")
                kinds.insert(LayerCompression.sniff(blob.prefix(4)).rawValue)
            }
        }
        XCTAssertEqual(kinds, ["gzip", "zstd"])
    }

    /// A source that sends half the blob, starts over (as a retried transfer does), then sends it all.
    struct RestartingSource: ContentSource {
        let inner: OCILayoutSource
        func manifest(_ reference: String) async throws -> FetchedManifest { try await inner.manifest(reference) }
        func blob(_ digest: Digest, maxBytes: Int) async throws -> [UInt8] { try await inner.blob(digest, maxBytes: maxBytes) }
        func streamBlob(_ digest: Digest, maxBytes: Int, into consumer: any BlobConsumer) async throws {
            let bytes = try await inner.blob(digest, maxBytes: maxBytes)
            consumer.restart()
            try bytes.withUnsafeBufferPointer { try consumer.consume(UnsafeBufferPointer(rebasing: $0[0..<bytes.count / 2])) }
            consumer.restart()
            for start in stride(from: 0, to: bytes.count, by: 1000) {
                try bytes.withUnsafeBufferPointer {
                    try consumer.consume(UnsafeBufferPointer(rebasing: $0[start..<min(start + 1000, bytes.count)]))
                }
            }
        }
    }

    func testATransferThatStartsOverListsTheSame() async throws {
        let src = OCILayoutSource(LayoutReference(path: Self.v025))
        for l in try await layers("goapp-old") {
            let a = LayerBudget(limit: LayerLimits.defaultBytes), b = LayerBudget(limit: LayerLimits.defaultBytes)
            let plain = try await LayerFetcher.listing(l.digest, size: l.size, from: src, budget: a)
            let restarted = try await LayerFetcher.listing(l.digest, size: l.size, from: RestartingSource(inner: src), budget: b)
            XCTAssertEqual(plain, restarted)
            XCTAssertEqual(a.used, b.used)
        }
    }

    func testAStreamedBlobOverTheBudgetIsRefused() async throws {
        let src = OCILayoutSource(LayoutReference(path: Self.v025))
        let big = try await layers("goapp-old").max { $0.size < $1.size }!
        let budget = LayerBudget(limit: big.size + 10)  // the compressed bytes fit, the uncompressed do not
        do {
            _ = try await LayerFetcher.listing(big.digest, size: nil, from: src, budget: budget)
            XCTFail("a \(big.size)-byte gzip layer listed within \(big.size + 10) bytes")
        } catch let e as LayerError {
            XCTAssertEqual(e, .overLimit(limit: big.size + 10))
        }
        XCTAssertEqual(budget.remaining, 0)
    }
}

extension LayerStreamingTests {
    /// Reads at the same time share one budget, charged as bytes pass: together they never use
    /// more than the limit, and the read that would pass it is refused.
    func testConcurrentReadsShareTheBudget() async throws {
        let src = OCILayoutSource(LayoutReference(path: Self.v025))
        let big = try await layers("goapp-old").max { $0.size < $1.size }!
        var whole = 0
        do {
            let b = LayerBudget(limit: LayerLimits.defaultBytes)
            let l = try await LayerFetcher.listing(big.digest, size: big.size, from: src, budget: b)
            whole = l.compressedBytes + l.uncompressedBytes
            XCTAssertEqual(b.used, whole)
        }
        // Room for one read of the layer, not two.
        let shared = LayerBudget(limit: whole + whole / 2)
        async let first = Result(catching: { try await LayerFetcher.listing(big.digest, size: big.size, from: src, budget: shared) })
        async let second = Result(catching: { try await LayerFetcher.listing(big.digest, size: big.size, from: src, budget: shared) })
        let results = await [first, second]
        let refused = results.filter { if case .failure(LayerError.overLimit) = $0 { return true } else { return false } }
        XCTAssertGreaterThanOrEqual(refused.count, 1)
        XCTAssertEqual(shared.remaining, 0)
        XCTAssertLessThanOrEqual(shared.used, shared.limit)
    }
}

extension Result where Failure == Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
