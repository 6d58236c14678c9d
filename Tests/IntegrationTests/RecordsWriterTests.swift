import CacheAnalysis
import CacheModel
import Testing

@testable import CacheReports

/// The records array of inspect's JSON is written straight into the output; its text must be
/// the text of the record nodes it stands for.
@Suite struct RecordsWriterTests {
    static func d(_ i: Int) -> Digest { Digest.sha256(of: Array("r\(i)".utf8)) }

    static let graph: CacheGraph = {
        let records = [
            CacheRecord(digest: d(0), inputs: [], results: []),
            CacheRecord(
                digest: d(1), inputs: [[CacheInput(selector: "", link: 0)]], results: [.layer(0, createdAt: "2026-01-01T00:00:00Z")]),
            CacheRecord(
                digest: d(2),
                inputs: [
                    [CacheInput(selector: "sel \"q\" \\ \n é \u{1F600}", link: 1), CacheInput(selector: "s", link: 0)],
                    [CacheInput(selector: "", link: 1)],
                ],
                results: [.chain([0, 1], createdAt: nil), .layer(1, createdAt: nil)]),
            CacheRecord(digest: d(3), inputs: [[CacheInput(selector: "\u{7}", link: 2)]], results: [.chain([1], createdAt: "x")]),
        ]
        return try! CacheGraph(records: records, layerParents: [-1, 0])
    }()

    @Test(arguments: [true, false])
    func writtenRecordsAreTheNodesText(pretty: Bool) {
        let roles: [RecordRole] = [.root, .final, .result, .intermediate]
        let written = InspectJSON.records(Self.graph, roles: roles)
        let nodes = JSONNode.array((0..<4).map { InspectJSON.record(Self.graph, roles, $0) })
        for tree in [written, JSONNode.object([("a", .int(1)), ("records", written), ("b", .array([written]))])] {
            var streamed: [UInt8] = []
            tree.serialize(pretty: pretty) { streamed.append(contentsOf: $0) }
            let expected: JSONNode
            if case .object = tree {
                expected = .object([("a", .int(1)), ("records", nodes), ("b", .array([nodes]))])
            } else {
                expected = nodes
            }
            #expect(String(decoding: streamed, as: UTF8.self) == expected.serialized(pretty: pretty))
        }
        #expect(written == nodes)
        let empty = try! CacheGraph(records: [], layerParents: [])
        #expect(InspectJSON.records(empty, roles: []).serialized(pretty: pretty) == JSONNode.array([]).serialized(pretty: pretty))
    }
}
