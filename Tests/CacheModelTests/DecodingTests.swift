import Testing

@testable import CacheModel

@Suite struct DecodingTests {
    static let d1 = "sha256:" + String(repeating: "1", count: 64)
    static let d2 = "sha256:" + String(repeating: "2", count: 64)
    static let d3 = "sha256:" + String(repeating: "3", count: 64)

    func records(_ json: String) throws(ModelError) -> [CacheRecord] {
        try CacheRecords.decodeInline(base64: Base64.encode(Array(json.utf8)))
    }

    @Test func decodesRecordsWithAlternativesSelectorsAndResults() throws {
        let rs = try records(
            """
            [{"digest":"\(Self.d1)"},
             {"layers":[{"layer":0,"createdAt":"2026-01-01T00:00:00.123456789Z"}],"digest":"\(Self.d2)","inputs":[[{"selector":"sha256:8a5e","link":0},{"link":0}]]},
             {"chains":[{"layers":[0,1],"createdat":"x"}],"digest":"\(Self.d3)","inputs":[[{"link":1}],[{"link":0}]]}]
            """)
        #expect(rs.count == 3)
        #expect(rs[0].isRoot)
        #expect(rs[1].inputs == [[CacheInput(selector: "sha256:8a5e", link: 0), CacheInput(selector: "", link: 0)]])
        #expect(rs[1].results == [.layer(0, createdAt: "2026-01-01T00:00:00.123456789Z")])
        #expect(rs[2].results == [.chain([0, 1], createdAt: "x")])
        let g = try CacheGraph.inline(records: rs, layerCount: 2)
        #expect(g.topologicalOrder.firstIndex(of: 0)! < g.topologicalOrder.firstIndex(of: 1)!)
        #expect(g.layers(of: g.results[1][0]) == [0])
        #expect(g.layers(of: g.results[2][0]) == [0, 1])
    }

    @Test(arguments: [
        ("not base64!", "base64"),
        ("W3si", "not valid JSON"),  // "[{"
        ("e30=", "should be an array"),  // "{}"
    ])
    func payloadErrorsAreClear(payload: String, expected: String) {
        do { _ = try CacheRecords.decodeInline(base64: payload); Issue.record("expected an error") } catch {
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(error.exitCode == 2)
        }
    }

    @Test(arguments: [
        ("[{\"digest\":5}]", "[0].digest should be a string"),
        ("[{\"digest\":\"sha1:abc\"}]", "[0].digest should be a digest"),
        ("[{\"digest\":\"\(d1)\",\"inputs\":[[{\"link\":\"0\"}]]}]", "[0].inputs[0][0].link should be an integer"),
        ("[{\"digest\":\"\(d1)\",\"inputs\":{}}]", "[0].inputs should be an array"),
        ("[{\"digest\":\"\(d1)\",\"layers\":[{\"layer\":1.5}]}]", "[0].layers[0].layer should be an integer"),
        ("[7]", "[0] should be an object"),
    ])
    func wrongTypesNameThePath(json: String, expected: String) {
        do { _ = try records(json); Issue.record("expected an error") } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test(arguments: [
        ("[{\"digest\":\"\(d1)\",\"inputs\":[[{\"link\":1}]]}]", "outside 0..<1"),
        ("[{\"digest\":\"\(d1)\",\"inputs\":[[{\"link\":-1}]]}]", "outside 0..<1"),
        ("[{\"digest\":\"\(d1)\",\"inputs\":[[{\"link\":0}]]}]", "links to itself"),
        ("[{\"digest\":\"\(d1)\",\"inputs\":[[]]}]", "empty input slot"),
        ("[{\"digest\":\"\(d1)\",\"inputs\":[[{\"link\":1}]]},{\"digest\":\"\(d2)\",\"inputs\":[[{\"link\":0}]]}]", "loop"),
        ("[{\"digest\":\"\(d1)\",\"layers\":[{\"layer\":3}]}]", "there are 2 layers"),
        ("[{\"digest\":\"\(d1)\",\"layers\":[{\"layer\":-1}]}]", "there are 2 layers"),
        ("[{\"digest\":\"\(d1)\",\"chains\":[{\"layers\":[0,9]}]}]", "chain result with layer 9"),
        ("[{\"digest\":\"\(d1)\",\"chains\":[{\"layers\":[]}]}]", "empty chain"),
    ])
    func graphValidation(json: String, expected: String) throws {
        let rs = try records(json)
        do { _ = try CacheGraph.inline(records: rs, layerCount: 2); Issue.record("expected an error") } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: ModelError.self) { try JSONDocument(parsing: Array(deep.utf8), what: "x") }
    }

    @Test func longChainTopologicalOrderIsIterative() throws {
        // 200k records in one chain: recursion would overflow the stack.
        var rs: [CacheRecord] = [CacheRecord(digest: try Digest(parsing: Self.d1), inputs: [], results: [])]
        for i in 1..<200_000 {
            rs.append(CacheRecord(digest: try Digest(parsing: Self.d2), inputs: [[CacheInput(selector: "", link: i - 1)]], results: []))
        }
        let g = try CacheGraph.inline(records: rs, layerCount: 0)
        #expect(g.topologicalOrder.first == 0)
        #expect(g.topologicalOrder.count == 200_000)
    }

    @Test func manifestAndConfigDecoding() throws {
        let manifest = """
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
             "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":10,"digest":"\(Self.d1)"},
             "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":5,"digest":"\(Self.d2)"}]}
            """
        guard case let .image(m) = try ManifestDocument.decode(Array(manifest.utf8), declaredMediaType: nil) else {
            Issue.record("not an image"); return
        }
        #expect(m.layers.count == 1)
        let config = """
            {"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["\(Self.d3)"]},
             "history":[{"created_by":"ENV A=1","empty_layer":true},{"created_by":"RUN x # buildkit"}],"moby.buildkit.cache.v0":"W10="}
            """
        let c = try ImageConfig.decode(Array(config.utf8))
        #expect(c.layerHistory.map(\.createdBy) == ["RUN x # buildkit"])
        #expect(c.inlineCache == "W10=")
        #expect(c.platform == .linuxAMD64)
        #expect(throws: ModelError.self) { try ImageConfig.decode(Array("{\"history\":{}}".utf8)) }
        #expect(throws: ModelError.self) {
            try ManifestDocument.decode(Array("{\"mediaType\":\"text/plain\"}".utf8), declaredMediaType: nil)
        }
    }

    @Test func indexSkipsAttestations() throws {
        let index = """
            {"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":1,"digest":"\(Self.d1)","platform":{"os":"linux","architecture":"amd64"}},
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":1,"digest":"\(Self.d2)","platform":{"os":"linux","architecture":"arm64","variant":"v8"}},
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":1,"digest":"\(Self.d3)","platform":{"os":"unknown","architecture":"unknown"},
              "annotations":{"vnd.docker.reference.type":"attestation-manifest"}}]}
            """
        guard case let .index(i) = try ManifestDocument.decode(Array(index.utf8), declaredMediaType: nil) else {
            Issue.record("not an index"); return
        }
        #expect(i.images.count == 2)
        #expect(i.select(try Platform(parsing: "linux/arm64"))?.digest.description == Self.d2)
        #expect(i.select(try Platform(parsing: "linux/arm64/v8"))?.digest.description == Self.d2)
        #expect(i.select(try Platform(parsing: "linux/arm/v7")) == nil)
        #expect(i.select(try Platform(parsing: "unknown/unknown")) == nil)
    }

    @Test func platformStrings() throws {
        #expect(try Platform(parsing: "Linux/ARM64/V8") == Platform(os: "linux", architecture: "arm64", variant: "v8"))
        #expect(try Platform(parsing: "local") == Platform.host)
        #if os(Linux) && arch(x86_64)
            #expect(Platform.host.description == "linux/amd64")
        #endif
        for bad in ["linux", "linux/", "/amd64", "linux/amd64/v8/x", "linux/amd 64", "LOCAL"] {
            #expect(throws: ModelError.self) { try Platform(parsing: bad) }
        }
    }

    @Test func sanitizeEscapesTerminalControls() {
        #expect(Sanitize.inline("a\u{1b}[31mb") == "a\\u{1b}[31mb")
        #expect(Sanitize.inline("x\u{202e}y") == "x\\u{202e}y")
        #expect(Sanitize.inline("nul\u{0}") == "nul\\u{0}")
        #expect(Sanitize.inline("plain é") == "plain é")
    }

    @Test func jsonWriterEscapes() {
        let node = JSONNode.object([("a", .string("x\"\u{1b}")), ("b", .array([.int(1), .null, .bool(true)]))])
        #expect(node.serialized(pretty: false) == #"{"a":"x\"\u001B","b":[1,null,true]}"#)
    }
}
