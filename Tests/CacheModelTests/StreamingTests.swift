import Testing

@testable import CacheModel

/// The record-at-a-time paths give what the whole-document paths give.
@Suite struct StreamingTests {
    static func d(_ i: Int) -> String { "sha256:" + SHA256.hexHash(Array("s\(i)".utf8)) }

    static func records(_ n: Int) -> String {
        "["
            + (0..<n).map { i in
                i == 0
                    ? #"{"digest":"\#(d(0))"}"#
                    : #" {"digest":"\#(d(i))","inputs":[[{"link":\#(i - 1)},{"selector":"sha256:x\"}]","link":0}]],"layers":[{"layer":\#(i),"createdAt":"2026"}]}"#
            }.joined(separator: ",\n") + "]\n"
    }

    @Test(arguments: [0, 1, 2, 255, 256, 257, 1000])
    func byRecordEqualsWholeDocument(_ n: Int) throws {
        let text = Self.records(n)
        let r = FieldReader(what: "inline cache payload")
        let fast = CacheRecords.decodeByRecord(Array(text.utf8), r)
        let doc = try JSONDocument(parsing: Array(text.utf8), what: "x")
        #expect(fast == (try CacheRecords.decodeRecords(doc.value, path: "", r)))
        #expect(try CacheRecords.decodeInline(base64: Base64.encode(Array(text.utf8))) == fast)
    }

    /// Records of other shapes than the usual one, each beside usual ones: read by
    /// `decodeRecord` (or refused) exactly as the whole-document path reads them.
    @Test(arguments: [
        #"{"digest":"\#(StreamingTests.d(9))","chains":[{"layers":[0,1],"createdAt":"c"}]}"#,
        #"{"digest":"\#(StreamingTests.d(9))","chains":null,"layers":null,"inputs":null}"#,
        #"{"digest":"\#(StreamingTests.d(9))","inputs":[[{"link":0.0}]]}"#,
        #"{"digest":"\#(StreamingTests.d(9))","inputs":[[{"link":0,"selector":null,"x":[1,{"y":2}]}]]}"#,
        #"{"digest":"\#(StreamingTests.d(9))","layers":[{"layer":0,"CreatedAt":"lower"}]}"#,
        #"{"digest":"\#(StreamingTests.d(9))","layers":[{"layer":0,"createdAt":"exact","CREATEDAT":"upper"}]}"#,
        #"{"digest":"\#(StreamingTests.d(9))","layers":[{"layer":1e0}]}"#,
        #"{"digest":"\#(StreamingTests.d(9))","layers":[{"layer":0,"createdAt":null,"extra":true}]}"#,
        #"{"digest":"\#(StreamingTests.d(9))","digest":"\#(StreamingTests.d(8))","other":{"digest":1}}"#,
        #"{"inputs":[],"digest":"\#(StreamingTests.d(9))","selector":"s"}"#,
        #"{"digest":"\#(StreamingTests.d(9))","inputs":[[{"link":0,"selector":"s\u00e9\n"}]]}"#,
        #"{"digest":"\#(StreamingTests.d(9))","inputs":[[{"selector":"s"}]]}"#,
        #"{"digest":"\#(StreamingTests.d(9))","inputs":[{"link":0}]}"#,
        #"{"digest":"\#(StreamingTests.d(9))","layers":[{"createdAt":"c"}]}"#,
        #"{"digest":"sha256:00"}"#,
        #"{"digest":"\#(StreamingTests.d(9))","inputs":[[{"link":9223372036854775807}]]}"#,
    ])
    func unusualRecordsReadAsTheWholeDocumentReadsThem(_ odd: String) throws {
        let text =
            "["
            + (0..<600).map { i in i == 300 ? odd : #"{"digest":"\#(Self.d(i))","inputs":[[{"link":0}]],"layers":[{"layer":\#(i)}]}"# }
            .joined(separator: ",") + "]"
        let r = FieldReader(what: "inline cache payload")
        let fast = CacheRecords.decodeByRecord(Array(text.utf8), r)
        let doc = try JSONDocument(parsing: Array(text.utf8), what: "x")
        let whole = try? CacheRecords.decodeRecords(doc.value, path: "", r)
        #expect(fast == whole)
    }

    /// Batches parsed from the arena on several threads at once, while documents parsed
    /// outside it stay alive, give the records of the whole-document path; a string larger
    /// than the arena goes to malloc.
    @Test func arenaParsingOnSeveralThreads() async throws {
        let big = #"{"digest":"\#(Self.d(1))","inputs":[[{"link":0,"selector":"\#(String(repeating: "x", count: 9 << 20))"}]]}"#
        let texts = [Self.records(1000), Self.records(3000), "[" + #"{"digest":"\#(Self.d(0))"}"# + "," + big + "]"]
        let expected = try texts.map { text in
            let doc = try JSONDocument(parsing: Array(text.utf8), what: "x")
            return try CacheRecords.decodeRecords(doc.value, path: "", FieldReader(what: "p"))
        }
        let alive = try JSONDocument(parsing: Array(Self.records(50).utf8), what: "alive")
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for round in 0..<12 {
                group.addTask {
                    let k = round % texts.count
                    return CacheRecords.decodeByRecord(Array(texts[k].utf8), FieldReader(what: "p")) == expected[k]
                }
            }
            for try await same in group { #expect(same) }
        }
        #expect(alive.value.count == 50)
        #expect(try CacheRecords.decodeRecords(alive.value, path: "", FieldReader(what: "p")).count == 50)
    }

    @Test(arguments: [
        "", " ", "{}", "[", "[{}", "[{},]", "[,{}]", "[{}{}]", "[{}] x", "[1]", "[{\"a\":\"}\"}", "[{\"digest\":1}]",
        "[{\"digest\":\"sha256:00\"}]", "[{]}]", "\u{FEFF}[]",
    ])
    func anythingOffGoesToTheWholeDocument(_ text: String) {
        #expect(CacheRecords.decodeByRecord(Array(text.utf8), FieldReader(what: "p")) == nil || text.hasPrefix("[]"))
    }

    @Test func streamedOutputEqualsSerialized() {
        let leaf: JSONNode = .object([("a", .string("x\n\"é\u{202E}")), ("b", .array([])), ("c", .object([])), ("d", .null)])
        let trees: [JSONNode] = [
            .object([
                ("k", .int(1)), ("rows", .elements(count: 3) { i in .object([("i", .int(i)), ("v", .array([.int(i), leaf]))]) }),
                ("empty", .elements(count: 0) { _ in .null }), ("last", .bool(true)),
            ]),
            .elements(count: 2) { _ in leaf },
            .array([.elements(count: 1) { _ in .array([.double(1.5)]) }, leaf]),
            .object([
                ("w", .written(count: 3, element: { i in Self.writtenNode(i) }, write: { i, w in Self.write(i, w) })),
                ("none", .written(count: 0, element: { _ in .null }, write: { _, _ in })),
            ]),
            leaf, .string("s"), .object([]),
        ]
        for tree in trees {
            for pretty in [true, false] {
                var streamed: [UInt8] = []
                tree.serialize(pretty: pretty) { streamed.append(contentsOf: $0) }
                let whole: JSONNode = tree.materializedDeep
                #expect(String(decoding: streamed, as: UTF8.self) == whole.serialized(pretty: pretty))
            }
        }
    }
}

extension StreamingTests {
    /// An element with every kind of value a JSONWriter writes, as a node and written.
    static func writtenNode(_ i: Int) -> JSONNode {
        .object([
            ("i", .int(-i)), ("s", .string("a\"\\\u{1}é\u{1F600}")), ("d", .string(d(i))), ("n", .null), ("t", .bool(i % 2 == 0)),
            ("e", .array([])), ("o", .object([])), ("a", .array([.array([.int(i)]), .object([("k", .optional(nil as String?))])])),
        ])
    }

    static func write(_ i: Int, _ w: JSONWriter) {
        w.beginObject()
        w.key("i"); w.int(-i)
        w.key("s"); w.string("a\"\\\u{1}é\u{1F600}")
        w.key("d"); w.digest(try! Digest(parsing: d(i)))
        w.key("n"); w.null()
        w.key("t"); w.bool(i % 2 == 0)
        w.key("e"); w.beginArray(); w.endArray()
        w.key("o"); w.beginObject(); w.endObject()
        w.key("a"); w.beginArray()
        w.beginArray(); w.int(i); w.endArray()
        w.beginObject(); w.key("k"); w.string(nil as String?); w.endObject()
        w.endArray()
        w.endObject()
    }
}

extension JSONNode {
    /// Every `.elements` made an `.array`, all the way down.
    var materializedDeep: JSONNode {
        switch self {
        case let .object(m): return .object(m.map { ($0.0, $0.1.materializedDeep) })
        case let .array(a): return .array(a.map(\.materializedDeep))
        case let .elements(n, e), let .written(n, e, _): return .array((0..<n).map { e($0).materializedDeep })
        default: return self
        }
    }
}
