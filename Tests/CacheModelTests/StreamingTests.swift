import Testing
@testable import CacheModel

/// The record-at-a-time paths give what the whole-document paths give.
@Suite struct StreamingTests {
    static func d(_ i: Int) -> String { "sha256:" + SHA256.hexHash(Array("s\(i)".utf8)) }

    static func records(_ n: Int) -> String {
        "[" + (0..<n).map { i in
            i == 0 ? #"{"digest":"\#(d(0))"}"#
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

    @Test(arguments: ["", " ", "{}", "[", "[{}", "[{},]", "[,{}]", "[{}{}]", "[{}] x", "[1]", "[{\"a\":\"}\"}", "[{\"digest\":1}]",
                      "[{\"digest\":\"sha256:00\"}]", "[{]}]", "\u{FEFF}[]"])
    func anythingOffGoesToTheWholeDocument(_ text: String) {
        #expect(CacheRecords.decodeByRecord(Array(text.utf8), FieldReader(what: "p")) == nil || text.hasPrefix("[]"))
    }

    @Test func streamedOutputEqualsSerialized() {
        let leaf: JSONNode = .object([("a", .string("x\n\"é\u{202E}")), ("b", .array([])), ("c", .object([])), ("d", .null)])
        let trees: [JSONNode] = [
            .object([("k", .int(1)), ("rows", .elements(count: 3) { i in .object([("i", .int(i)), ("v", .array([.int(i), leaf]))]) }),
                     ("empty", .elements(count: 0) { _ in .null }), ("last", .bool(true))]),
            .elements(count: 2) { _ in leaf },
            .array([.elements(count: 1) { _ in .array([.double(1.5)]) }, leaf]),
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

extension JSONNode {
    /// Every `.elements` made an `.array`, all the way down.
    var materializedDeep: JSONNode {
        switch self {
        case let .object(m): return .object(m.map { ($0.0, $0.1.materializedDeep) })
        case let .array(a): return .array(a.map(\.materializedDeep))
        case let .elements(n, e): return .array((0..<n).map { e($0).materializedDeep })
        default: return self
        }
    }
}
