import Testing

@testable import CacheModel

/// Hostile bytes through the pure decoders and the graph: each ends in a typed error or a
/// value, never a crash, a hang or unbounded recursion. (Cases found by the fuzz targets in
/// fuzz/ are added here; fixtures/hostile/ covers the same ground end to end.)
@Suite struct HostileInputTests {
    static func d(_ i: Int) -> String { "sha256:" + hexString(SHA256.hash(Array("r\(i)".utf8))) }

    func inline(_ json: String) throws(ModelError) -> [CacheRecord] {
        try CacheRecords.decodeInline(base64: Base64.encode(Array(json.utf8)))
    }

    @Test func nesting100kDeepIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: ModelError.self) { try inline(deep) }
        let obj = String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        #expect(throws: ModelError.self) { try ImageConfig.decode(Array(obj.utf8)) }
        #expect(throws: ModelError.self) {
            try ManifestDocument.decode(Array(("{\"manifests\":" + deep + "}").utf8), declaredMediaType: nil)
        }
    }

    @Test(arguments: ["!!!", "a", "abc=d", "YQ===", "Y Q==", "\u{0}", "é"])
    func invalidBase64IsNamed(_ text: String) {
        #expect(throws: ModelError.invalidCache("the \(ImageConfig.inlineCacheKey) value is not valid base64")) {
            try CacheRecords.decodeInline(base64: text)
        }
    }

    @Test(arguments: [
        ("[{\"digest\":\"\(d(0))\",\"inputs\":[[{\"link\":123456789012345678901234567890}]]}]", "not valid JSON"),
        ("[{\"digest\":\"\(d(0))\",\"inputs\":[[{\"link\":1e300}]]}]", "should be an integer"),
        ("[{\"digest\":\"\(d(0))\",\"inputs\":[[{\"link\":-0.5}]]}]", "should be an integer"),
        ("[{\"digest\":\"\(d(0))\",\"layers\":[{\"layer\":9.0e15}]}]", "should be an integer"),
        ("[{\"digest\":\"md5:00\"}]", "should be a digest"),
        ("[{\"digest\":\"sha256:\(String(repeating: "A", count: 64))\"}]", "should be a digest"),
        ("[{\"digest\":\"\(d(0))\",\"inputs\":\"x\"}]", "[0].inputs should be an array"),
        ("[{\"digest\":\"\(d(0))\",\"chains\":[{\"layers\":[\"0\"]}]}]", "[0].chains[0].layers[0] should be an integer"),
        ("{\"digest\":\"\(d(0))\"}", "the payload should be an array"),
        ("[1,2", "not valid JSON"),
    ])
    func wrongTypesAreTypedErrors(_ json: String, _ message: String) {
        do {
            _ = try inline(json)
            Issue.record("decoded \(json)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
            #expect(error.exitCode == 2)
        }
    }

    @Test func longCycleAndLongChainAreIterative() throws {
        let n = 50_000  // deep enough to overflow any recursive walk; cheap enough for a debug run
        let cycle = (0..<n).map {
            CacheRecord(digest: try! Digest(parsing: Self.d($0)), inputs: [[CacheInput(selector: "", link: ($0 + 1) % n)]], results: [])
        }
        #expect(throws: ModelError.self) { try CacheGraph.inline(records: cycle, layerCount: 1) }
        let chain = (0..<n).map { i in
            CacheRecord(
                digest: try! Digest(parsing: Self.d(i)), inputs: i == 0 ? [] : [[CacheInput(selector: "", link: i - 1)]],
                results: [.layer(0, createdAt: nil)])
        }
        let g = try CacheGraph.inline(records: chain, layerCount: 1)
        #expect(g.topologicalOrder == Array(0..<n))
    }

    @Test func layerParentLoopsAndRangesAreRefused() {
        let r = [CacheRecord(digest: try! Digest(parsing: Self.d(0)), inputs: [], results: [.layer(0, createdAt: nil)])]
        #expect(throws: ModelError.self) { try CacheGraph(records: r, layerParents: [1, 0]) }
        #expect(throws: ModelError.self) { try CacheGraph(records: r, layerParents: [-2]) }
        #expect(throws: ModelError.self) { try CacheGraph(records: r, layerParents: [Int.max]) }
        // A 100k-deep parent chain is fine, and layers(of:) walks it without recursion.
        let parents = (0..<100_000).map { $0 - 1 }
        let g = try? CacheGraph(
            records: [CacheRecord(digest: try! Digest(parsing: Self.d(0)), inputs: [], results: [.layer(99_999, createdAt: nil)])],
            layerParents: parents)
        #expect(g.map { $0.layers(of: $0.results[0][0]).count } == 100_000)
    }

    @Test func hostileTextSurvivesDecodingAndIsEscapedForTerminals() throws {
        let evil = "RUN \\u0000 \\u001b[31mred \\u001b]52;c;ZXZpbA==\\u0007 \\u202eevil"
        let config = try ImageConfig.decode(Array("{\"history\":[{\"created_by\":\"\(evil)\"}]}".utf8))
        let text = try #require(config.history.first?.createdBy)
        #expect(text.unicodeScalars.contains("\u{1b}"))
        let safe = Sanitize.inline(text)
        #expect(!safe.unicodeScalars.contains { Sanitize.isUnsafe($0) })
        #expect(safe.contains("\\u{1b}[31m") && safe.contains("\\u{202e}") && safe.contains("\\u{0}"))
        // Invalid UTF-8 is not JSON: jansson refuses it, and the error says so.
        #expect(throws: ModelError.self) { try ImageConfig.decode([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) }
    }

    /// JSON output escapes every non-ASCII scalar: a bidi override from image metadata never
    /// reaches a terminal raw through `--format json` (it did, as raw UTF-8).
    @Test func jsonOutputIsASCII() throws {
        let text = JSONNode.object([("createdBy", .string("a\u{202e}b\u{1b}[31m\u{0}é"))]).serialized(pretty: false)
        #expect(text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7f })
        #expect(text.lowercased().contains("\\u202e"))
        let back = try JSONDocument(parsing: Array(text.utf8), what: "x").value["createdBy"]?.string
        #expect(back == "a\u{202e}b\u{1b}[31m\u{0}é")
    }

    @Test func referenceParserRefusesHostileText() {
        for text in [
            "", String(repeating: "a", count: 2000), "a\u{1b}[31m", "a\u{202e}b", "oci:", "oci:dir:\u{1b}",
            "x@sha256:zz", "[::1/x", "host:99999/x", "a//b",
        ] {
            #expect(throws: ModelError.self) { try ImageReference.parse(text) }
        }
    }
}
