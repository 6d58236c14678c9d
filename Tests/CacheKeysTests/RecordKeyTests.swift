import CacheKeys
import CacheModel
import XCTest

final class RecordKeyTests: XCTestCase {
    /// `sha256("sha256:<hex>@0")`, written out by hand so the formula, not the code, is checked.
    func testRecordIsTheDigestOfMapAtIndex() throws {
        let map = try Digest(parsing: "sha256:" + String(repeating: "ab", count: 32))
        let text = "sha256:" + String(repeating: "ab", count: 32) + "@0"
        XCTAssertEqual(RecordKey.record(cacheMap: map, output: 0), Digest.sha256(of: Array(text.utf8)))
        XCTAssertNotEqual(RecordKey.record(cacheMap: map, output: 0), RecordKey.record(cacheMap: map, output: 1))
        XCTAssertEqual(RecordKey.content(checksum: map), Digest.sha256(of: Array((map.description + "@-1").utf8)))
    }
}
