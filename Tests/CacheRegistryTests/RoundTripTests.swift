import CacheModel
import Testing

@testable import CacheRegistry

/// Round trips per command, against the floor: a manifest and a config per image, +1 for an
/// index, +2 for a token challenge (the 401 and the token request).
private let manifestType = "application/vnd.docker.distribution.manifest.v2+json"
private let indexType = "application/vnd.oci.image.index.v1+json"

/// A registry holding `count` images in repository `team/app` (tags t0…) and one index (`multi`)
/// over two of them; `auth`: every request needs the bearer token `tok`.
private struct ScriptedRegistry: Sendable {
    let host: String
    var auth = false
    var documents: [String: (type: String?, body: [UInt8])] = [:]

    init(host: String, count: Int, repositories: Int = 1, auth: Bool = false) {
        self.host = host
        self.auth = auth
        var images: [(Digest, Int)] = []
        for i in 0..<count {
            let repo = "team/app\(repositories == 1 ? "" : String(i % repositories))"
            let config = bytes(#"{"architecture":"amd64","os":"linux","config":{"Env":["N=\#(i)"]}}"#)
            let configDigest = Digest.sha256(of: config)
            let manifest = bytes(
                #"{"schemaVersion":2,"mediaType":"\#(manifestType)","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"\#(configDigest)","size":\#(config.count)},"layers":[]}"#
            )
            let digest = Digest.sha256(of: manifest)
            documents["/v2/\(repo)/blobs/\(configDigest)"] = (nil, config)
            documents["/v2/\(repo)/manifests/t\(i)"] = (manifestType, manifest)
            documents["/v2/\(repo)/manifests/\(digest)"] = (manifestType, manifest)
            images.append((digest, manifest.count))
        }
        let entries = images.prefix(2).enumerated().map { n, image in
            #"{"mediaType":"\#(manifestType)","digest":"\#(image.0)","size":\#(image.1),"platform":{"os":"linux","architecture":"\#(n == 0 ? "amd64" : "arm64")"}}"#
        }
        let index = bytes(#"{"schemaVersion":2,"mediaType":"\#(indexType)","manifests":[\#(entries.joined(separator: ","))]}"#)
        documents["/v2/team/app/manifests/multi"] = (indexType, index)
    }

    func serve(_ r: HTTPRequest) throws -> HTTPResponse {
        if r.url.hasPrefix("https://auth.example/") { return HTTPResponse(status: 200, body: bytes(#"{"token":"tok","expires_in":300}"#)) }
        if host.hasPrefix("127.") && r.url.hasPrefix("https://") { throw TransportError.tls("WRONG_VERSION_NUMBER", certificate: false) }
        if auth && r.header("Authorization") != "Bearer tok" {
            return HTTPResponse(status: 401, headers: [("WWW-Authenticate", #"Bearer realm="https://auth.example/token",service="reg""#)])
        }
        let path = String(r.url.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" })
        guard let doc = documents[path] else { return HTTPResponse(status: 404) }
        return HTTPResponse(status: 200, headers: doc.type.map { [("Content-Type", $0)] } ?? [], body: doc.body)
    }
}

/// Serves a `ScriptedRegistry`, holding every request `gated` picks until `width` of them are in
/// flight together (or 2 s pass): loads made one after the other never get there.
private actor GatedTransport: HTTPTransport {
    let registry: ScriptedRegistry
    let gated: @Sendable (HTTPRequest) -> Bool
    let width: Int
    private var inFlight = 0
    private(set) var mostInFlight = 0
    private(set) var requests: [HTTPRequest] = []

    init(_ registry: ScriptedRegistry, width: Int, gated: @escaping @Sendable (HTTPRequest) -> Bool) {
        self.registry = registry; self.width = width; self.gated = gated
    }

    func execute(_ request: HTTPRequest, bodyLimit: Int, timeout: Double) async throws -> HTTPResponse {
        requests.append(request)
        if gated(request) {
            inFlight += 1
            mostInFlight = max(mostInFlight, inFlight)
            var waited = 0
            while mostInFlight < width && waited < 400 {
                try await Task.sleep(nanoseconds: 5_000_000)
                waited += 1
            }
            inFlight -= 1
        }
        return try registry.serve(request)
    }

    func shutdown() async {}
}

private func resolver(_ registry: ScriptedRegistry, platform: Platform? = nil) -> (ImageResolver, FakeTransport) {
    let t = FakeTransport { r, _ in try registry.serve(r) }
    let client = RegistryClient(options: isolatedOptions(), transport: t, sleep: { _ in })
    return (ImageResolver(client: client, platform: platform), t)
}

/// Successful requests for the same URL (a document fetched twice).
private func repeated(_ requests: [HTTPRequest]) -> [String] {
    var seen: [String: Int] = [:]
    for r in requests { seen[r.url, default: 0] += 1 }
    return seen.filter { $0.value > 1 }.map(\.key)
}

@Suite struct RoundTripTests {
    @Test func inspectOfOneImageIsTwoRequests() async throws {
        let (r, t) = resolver(ScriptedRegistry(host: "registry.example", count: 1))
        _ = try await r.loadImage("registry.example/team/app:t0")
        #expect(await t.requests.count == 2)
    }

    @Test func anIndexCostsOneMore() async throws {
        let (r, t) = resolver(ScriptedRegistry(host: "registry.example", count: 2))
        _ = try await r.loadImage("registry.example/team/app:multi")
        #expect(await t.requests.count == 3)
        let (all, t2) = resolver(ScriptedRegistry(host: "registry.example", count: 2))
        guard case let .images(images, _) = try await all.load("registry.example/team/app:multi", allPlatforms: true) else {
            Issue.record("not images"); return
        }
        #expect(images.count == 2)
        #expect(await t2.requests.count == 5)  // index + 2 × (manifest + config)
    }

    /// An index's images (lint and advise read them all) are fetched together, in index order.
    @Test func anIndexsImagesLoadConcurrently() async throws {
        let registry = ScriptedRegistry(host: "registry.example", count: 2)
        let t = GatedTransport(registry, width: 2) { $0.url.contains("/manifests/sha256:") }
        let r = ImageResolver(client: RegistryClient(options: isolatedOptions(), transport: t, sleep: { _ in }))
        guard case let .images(images, _) = try await r.load("registry.example/team/app:multi", allPlatforms: true) else {
            Issue.record("not images"); return
        }
        #expect(await t.mostInFlight == 2)
        guard
            case let .index(index) = try ManifestDocument.decode(
                registry.documents["/v2/team/app/manifests/multi"]!.body,
                declaredMediaType: nil)
        else {
            Issue.record("not an index"); return
        }
        #expect(images.map(\.manifestDigest) == index.manifests.map(\.digest))
        #expect(await t.requests.count == 5)
    }

    /// When an index's images fail to load, the error is the first failing entry's, in index order.
    @Test func anIndexsFirstFailingImageIsReported() async throws {
        var registry = ScriptedRegistry(host: "registry.example", count: 2)
        let entries = registry.documents.keys.filter { $0.contains("/manifests/sha256:") }.sorted()
        for path in entries { registry.documents[path] = nil }
        guard
            case let .index(index) = try ManifestDocument.decode(
                registry.documents["/v2/team/app/manifests/multi"]!.body,
                declaredMediaType: nil)
        else {
            Issue.record("not an index"); return
        }
        let (r, _) = resolver(registry)
        do {
            _ = try await r.load("registry.example/team/app:multi", allPlatforms: true)
            Issue.record("expected an error")
        } catch let e as RegistryError {
            #expect(e.description.contains(index.manifests[0].digest.encoded.prefix(12)))
            #expect(!e.description.contains(index.manifests[1].digest.encoded.prefix(12)))
        }
    }

    @Test func aTokenChallengeCostsTwoMore() async throws {
        let (r, t) = resolver(ScriptedRegistry(host: "registry.example", count: 1, auth: true))
        _ = try await r.loadImage("registry.example/team/app:t0")
        #expect(await t.requests.count == 4)  // 401, token, manifest, config
    }

    /// lint of 8 images on a plain-HTTP loopback registry: 16 requests and one failed TLS
    /// attempt for the run, not one per image.
    @Test func concurrentLoadsOnALoopbackHostTryTLSOnce() async throws {
        let (r, t) = resolver(ScriptedRegistry(host: "127.0.0.1:5000", count: 8, repositories: 8))
        let refs = (0..<8).map { "127.0.0.1:5000/team/app\($0):t\($0)" }
        let loaded = try await r.loadAll(refs)
        let requests = await t.requests
        #expect(requests.count == 8 * 2 + 1)
        #expect(requests.filter { $0.url.hasPrefix("https://") }.count == 1)
        #expect(repeated(requests.filter { $0.url.hasPrefix("http://") }).isEmpty)
        // Results in input order.
        for (n, target) in loaded.enumerated() {
            #expect(try target.image(refs[n]).reference == refs[n])
        }
    }

    /// diff OLD NEW of one repository behind a token: one token for the scope, shared by both
    /// loads, and no document fetched twice. (Each concurrent first request may draw its own 401:
    /// waiting for the other load's first answer would cost a round trip on every registry.)
    @Test func concurrentLoadsShareOneToken() async throws {
        let (r, t) = resolver(ScriptedRegistry(host: "registry.example", count: 2, auth: true))
        _ = try await r.loadAll(["registry.example/team/app:t0", "registry.example/team/app:t1"])
        let requests = await t.requests
        #expect(requests.filter { $0.url.hasPrefix("https://auth.example/") }.count == 1)
        let served = requests.filter { $0.header("Authorization") != nil }
        #expect(served.count == 4)
        #expect(repeated(served).isEmpty)
        #expect(requests.count <= 2 * 2 + 2 + 1)
    }

    @Test func aReferenceGivenTwiceIsLoadedOnce() async throws {
        let (r, t) = resolver(ScriptedRegistry(host: "registry.example", count: 1))
        let loaded = try await r.loadAll(["registry.example/team/app:t0", "registry.example/team/app:t0"])
        #expect(loaded.count == 2)
        #expect(await t.requests.count == 2)
    }

    @Test func errorsComeInInputOrder() async throws {
        let (r, _) = resolver(ScriptedRegistry(host: "registry.example", count: 1))
        do {
            _ = try await r.loadAll(["registry.example/team/app:t0", "registry.example/team/app:missing", "Bad Ref"])
            Issue.record("expected an error")
        } catch let e as RegistryError {
            #expect(e.description.contains("missing"))
        }
        do {
            _ = try await r.loadAll(["Bad Ref", "registry.example/team/app:missing"])
            Issue.record("expected an error")
        } catch let e as ModelError {
            #expect(e.exitCode == 64)
        }
    }
}
