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
                var budget = LayerBudget(limit: LayerLimits.defaultBytes)
                let streamed = try await LayerFetcher.listing(l.digest, size: l.size, from: src, budget: &budget)
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
                try bytes.withUnsafeBufferPointer { try consumer.consume(UnsafeBufferPointer(rebasing: $0[start..<min(start + 1000, bytes.count)])) }
            }
        }
    }

    func testATransferThatStartsOverListsTheSame() async throws {
        let src = OCILayoutSource(LayoutReference(path: Self.v025))
        for l in try await layers("goapp-old") {
            var a = LayerBudget(limit: LayerLimits.defaultBytes), b = a
            let plain = try await LayerFetcher.listing(l.digest, size: l.size, from: src, budget: &a)
            let restarted = try await LayerFetcher.listing(l.digest, size: l.size, from: RestartingSource(inner: src), budget: &b)
            XCTAssertEqual(plain, restarted)
            XCTAssertEqual(a.used, b.used)
        }
    }

    func testAStreamedBlobOverTheBudgetIsRefused() async throws {
        let src = OCILayoutSource(LayoutReference(path: Self.v025))
        let big = try await layers("goapp-old").max { $0.size < $1.size }!
        var budget = LayerBudget(limit: big.size + 10)  // the compressed bytes fit, the uncompressed do not
        do {
            _ = try await LayerFetcher.listing(big.digest, size: nil, from: src, budget: &budget)
            XCTFail("a \(big.size)-byte gzip layer listed within \(big.size + 10) bytes")
        } catch let e as LayerError {
            XCTAssertEqual(e, .overLimit(limit: big.size + 10))
        }
        XCTAssertEqual(budget.remaining, 0)
    }
}
