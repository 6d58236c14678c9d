import CacheModel
import Testing

@testable import CacheRegistry

private let config = bytes(#"{"architecture":"amd64","os":"linux"}"#)
private let configDigest = Digest.sha256(of: config)
private let manifest = bytes(
    #"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"digest":"\#(configDigest)"}}"#)
private let manifestDigest = Digest.sha256(of: manifest)
private let ref = try! RegistryReference(parsing: "registry.example/team/app:v1")
private let loopbackRef = try! RegistryReference(parsing: "127.0.0.1:5000/team/app:v1")
private let manifestType = "application/vnd.docker.distribution.manifest.v2+json"

/// A well-behaved registry: manifest by tag or digest, one blob.
private func serve(_ r: HTTPRequest) -> HTTPResponse {
    if r.url.hasSuffix("/manifests/v1") || r.url.hasSuffix("/manifests/\(manifestDigest)") {
        return HTTPResponse(
            status: 200, headers: [("Content-Type", manifestType), ("Docker-Content-Digest", manifestDigest.description)], body: manifest)
    }
    if r.url.hasSuffix("/blobs/\(configDigest)") { return HTTPResponse(status: 200, body: config) }
    return HTTPResponse(status: 404, body: bytes(#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"#))
}

@Suite struct RegistryClientTests {
    @Test func anonymousManifestAndBlobTakeTwoRequests() async throws {
        let t = FakeTransport { r, _ in serve(r) }
        let rec = Recorder()
        let client = makeClient(isolatedOptions(), t, rec)
        let source = client.source(for: ref)
        let m = try await source.manifest("v1")
        #expect(m.bytes == manifest)
        #expect(m.digest == manifestDigest)
        #expect(m.mediaType == manifestType)
        let b = try await source.blob(configDigest, maxBytes: 1000)
        #expect(b == config)
        let reqs = await t.requests
        #expect(reqs.count == 2)
        #expect(reqs[0].url == "https://registry.example/v2/team/app/manifests/v1")
        #expect(reqs[0].header("Accept") == RegistryClient.manifestAccept)
        #expect(reqs[0].header("Authorization") == nil)
        #expect(reqs[1].url == "https://registry.example/v2/team/app/blobs/\(configDigest)")
        #expect(rec.lines.contains { $0.hasPrefix("GET https://registry.example/v2/team/app/manifests/v1 → 200 in ") })
    }

    @Test func byDigestManifestIsVerified() async throws {
        let t = FakeTransport { r, _ in HTTPResponse(status: 200, headers: [("Content-Type", manifestType)], body: manifest + [0x20]) }
        let client = makeClient(isolatedOptions(), t, Recorder())
        do {
            _ = try await client.source(for: ref).manifest(manifestDigest.description)
            Issue.record("expected a digest mismatch")
        } catch let e as ModelError {
            guard case .digestMismatch = e else { Issue.record("wrong error \(e)"); return }
            #expect(e.description.contains(manifestDigest.description))
            #expect(e.description.contains(Digest.sha256(of: manifest + [0x20]).description))
        }
    }

    @Test func tagManifestChecksDockerContentDigest() async throws {
        let wrong = Digest.sha256(of: bytes("other"))
        let t = FakeTransport { _, _ in HTTPResponse(status: 200, headers: [("Docker-Content-Digest", wrong.description)], body: manifest) }
        let client = makeClient(isolatedOptions(), t, Recorder())
        await #expect(
            throws: ModelError.digestMismatch(
                what: "manifest \"v1\" (Docker-Content-Digest header)", expected: wrong, actual: manifestDigest.description)
        ) {
            _ = try await client.source(for: ref).manifest("v1")
        }
    }

    @Test func blobIsVerified() async throws {
        let t = FakeTransport { _, _ in HTTPResponse(status: 200, body: bytes("tampered")) }
        let client = makeClient(isolatedOptions(), t, Recorder())
        await #expect(
            throws: ModelError.digestMismatch(
                what: "blob \(configDigest)", expected: configDigest, actual: Digest.sha256(of: bytes("tampered")).description)
        ) {
            _ = try await client.source(for: ref).blob(configDigest, maxBytes: 100)
        }
    }

    @Test func sizeCaps() async throws {
        let t = FakeTransport { r, _ in serve(r) }
        let client = makeClient(isolatedOptions(), t, Recorder())
        await #expect(throws: ModelError.tooLarge(what: "blob \(configDigest)", size: config.count, limit: 10)) {
            _ = try await client.source(for: ref).blob(configDigest, maxBytes: 10)
        }
        #expect(ModelError.tooLarge(what: "blob x", size: 123, limit: 10).description.contains("123 bytes"))
    }

    @Test func oversizedWhileStreaming() async throws {
        let t = FakeTransport { _, _ in throw TransportError.bodyTooLarge(declared: nil, limit: Limits.manifestBytes) }
        let client = makeClient(isolatedOptions(), t, Recorder())
        do {
            _ = try await client.source(for: ref).manifest("v1")
            Issue.record("expected tooLarge")
        } catch let e as ModelError {
            #expect(e == .tooLarge(what: "manifest \"v1\"", size: nil, limit: Limits.manifestBytes))
            #expect(e.description.contains("larger than the limit of 4194304 bytes"))
        }
    }

    @Test func notFoundCarriesRegistryMessage() async throws {
        let t = FakeTransport { r, _ in serve(r) }
        let client = makeClient(isolatedOptions(), t, Recorder())
        do {
            _ = try await client.source(for: ref).manifest("nope")
            Issue.record("expected not found")
        } catch let e as RegistryError {
            #expect(e.exitCode == 2)
            #expect(e.description.contains("not found"))
            #expect(e.description.contains("MANIFEST_UNKNOWN: manifest unknown"))
        }
    }

    @Test func bearerHandshakeAndTokenReuse() async throws {
        let t = FakeTransport { r, _ in
            if r.url.hasPrefix("https://auth.example/token") {
                #expect(r.header("Authorization") == "Basic " + Base64.encode(bytes("alice:pw-secret")))
                #expect(r.url == "https://auth.example/token?service=reg&scope=repository%3Ateam%2Fapp%3Apull")
                return HTTPResponse(status: 200, body: bytes(#"{"token":"tok-SECRET-1","expires_in":300}"#))
            }
            guard r.header("Authorization") == "Bearer tok-SECRET-1" else {
                return HTTPResponse(
                    status: 401, headers: [("WWW-Authenticate", #"Bearer realm="https://auth.example/token",service="reg""#)],
                    body: bytes(#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#))
            }
            return serve(r)
        }
        let rec = Recorder()
        let client = makeClient(
            isolatedOptions {
                $0.username = "alice"; $0.password = "pw-secret"
            }, t, rec)
        let source = client.source(for: ref)
        _ = try await source.manifest("v1")
        _ = try await source.blob(configDigest, maxBytes: 1000)
        let reqs = await t.requests
        #expect(reqs.count == 4)  // 401, token, manifest, blob
        #expect(reqs.filter { $0.url.hasPrefix("https://auth.example") }.count == 1)
        #expect(await client.state.tokenRequests == 1)
        for line in rec.lines {
            #expect(!line.contains("tok-SECRET-1"))
            #expect(!line.contains("pw-secret"))
        }
    }

    @Test func refusedTokenIsReplacedOnce() async throws {
        // The registry revokes the first token after the manifest; the blob 401 fetches a fresh one.
        let t = FakeTransport { r, n in
            if r.url.hasPrefix("https://auth.example/") {
                return HTTPResponse(status: 200, body: bytes(n < 3 ? #"{"token":"first-tok"}"# : #"{"token":"second-tok"}"#))
            }
            let auth = r.header("Authorization")
            if r.url.contains("/manifests/"), auth == "Bearer first-tok" { return serve(r) }
            if r.url.contains("/blobs/"), auth == "Bearer second-tok" { return serve(r) }
            return HTTPResponse(status: 401, headers: [("WWW-Authenticate", #"Bearer realm="https://auth.example/t",service="reg""#)])
        }
        let client = makeClient(isolatedOptions(), t, Recorder())
        let source = client.source(for: ref)
        _ = try await source.manifest("v1")
        _ = try await source.blob(configDigest, maxBytes: 1000)
        #expect(await client.state.tokenRequests == 2)
    }

    @Test func insufficientScopeIsDenied() async throws {
        let t = FakeTransport { r, _ in
            if r.url.hasPrefix("https://auth.example/") { return HTTPResponse(status: 200, body: bytes(#"{"token":"anon"}"#)) }
            let error = r.header("Authorization") == nil ? "" : #",error="insufficient_scope""#
            return HTTPResponse(
                status: 401,
                headers: [
                    ("WWW-Authenticate", #"Bearer realm="https://auth.example/t",service="reg",scope="repository:team/app:pull""# + error)
                ],
                body: bytes(#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#))
        }
        let client = makeClient(isolatedOptions(), t, Recorder())
        do {
            _ = try await client.source(for: ref).manifest("v1")
            Issue.record("expected denied")
        } catch let e as RegistryError {
            #expect(e.description.hasPrefix("denied"))
            #expect(e.description.contains("repository name is right"))
        }
    }

    @Test func tokenNeverSentToTheRealmHost() async throws {
        let t = FakeTransport { r, _ in
            if r.url.hasPrefix("https://auth.example/") {
                #expect(r.header("Authorization") == nil)  // anonymous token request
                return HTTPResponse(status: 200, body: bytes(#"{"access_token":"anon-token"}"#))
            }
            if r.header("Authorization") == "Bearer anon-token" { return serve(r) }
            return HTTPResponse(
                status: 401, headers: [("WWW-Authenticate", #"Bearer realm="https://auth.example/t",scope="repository:team/app:pull""#)])
        }
        let client = makeClient(isolatedOptions(), t, Recorder())
        let m = try await client.source(for: ref).manifest("v1")
        #expect(m.bytes == manifest)
    }

    @Test func identityTokenIsExchangedWithPost() async throws {
        let dir = TempDir(); defer { dir.remove() }
        dir.write("config.json", #"{"auths":{"registry.example":{"identitytoken":"refresh-SECRET"}}}"#)
        let t = FakeTransport { r, _ in
            if r.url.hasPrefix("https://auth.example/") {
                #expect(r.method == "POST")
                let body = String(decoding: r.body ?? [], as: UTF8.self)
                #expect(body.contains("grant_type=refresh_token"))
                #expect(body.contains("refresh_token=refresh-SECRET"))
                #expect(body.contains("service=reg"))
                return HTTPResponse(status: 200, body: bytes(#"{"access_token":"acc"}"#))
            }
            if r.header("Authorization") == "Bearer acc" { return serve(r) }
            return HTTPResponse(status: 401, headers: [("WWW-Authenticate", #"Bearer realm="https://auth.example/t",service="reg""#)])
        }
        let client = makeClient(isolatedOptions { $0.dockerConfigDir = dir.path }, t, Recorder())
        _ = try await client.source(for: ref).manifest("v1")
    }

    @Test func basicChallengeUsesCredentials() async throws {
        let t = FakeTransport { r, _ in
            if r.header("Authorization") == "Basic " + Base64.encode(bytes("u:p4ss")) { return serve(r) }
            return HTTPResponse(status: 401, headers: [("WWW-Authenticate", #"Basic realm="Registry Realm""#)])
        }
        let client = makeClient(
            isolatedOptions {
                $0.username = "u"; $0.password = "p4ss"
            }, t, Recorder())
        let source = client.source(for: ref)
        _ = try await source.manifest("v1")
        _ = try await source.blob(configDigest, maxBytes: 1000)
        #expect(await t.requests.count == 3)  // 401, manifest, blob (Basic sent up front after the challenge)
    }

    @Test func unauthorizedWithoutCredentials() async throws {
        let t = FakeTransport { _, _ in
            HTTPResponse(
                status: 401, headers: [("WWW-Authenticate", #"Basic realm="r""#)],
                body: bytes(#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#))
        }
        let client = makeClient(isolatedOptions(), t, Recorder())
        do {
            _ = try await client.source(for: ref).manifest("v1")
            Issue.record("expected unauthorized")
        } catch let e as RegistryError {
            #expect(e.description.hasPrefix("unauthorized"))
            #expect(e.description.contains("docker login registry.example"))
            #expect(e.description.contains("--password-stdin"))
            #expect(e.description.contains("no credentials were found"))
        }
    }

    @Test func refusedCredentialsNameTheirSourceNotTheSecret() async throws {
        let t = FakeTransport { _, _ in
            HTTPResponse(
                status: 401, headers: [("WWW-Authenticate", #"Basic realm="r""#)],
                body: bytes(#"{"errors":[{"code":"UNAUTHORIZED","message":"bad password wrong-pw-123"}]}"#))
        }
        let client = makeClient(
            isolatedOptions {
                $0.username = "u"; $0.password = "wrong-pw-123"
            }, t, Recorder())
        do {
            _ = try await client.source(for: ref).manifest("v1")
            Issue.record("expected unauthorized")
        } catch let e as RegistryError {
            #expect(e.description.contains("--username/--password-stdin were refused"))
            #expect(!e.description.contains("wrong-pw-123"))
        }
        #expect(await t.requests.count == 2)
    }

    @Test func deniedAndTooManyRequests() async throws {
        let t = FakeTransport { r, _ in
            if r.url.contains("denied") {
                return HTTPResponse(
                    status: 403, body: bytes(#"{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}"#))
            }
            return HTTPResponse(status: 429, body: bytes(#"{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}"#))
        }
        let rec = Recorder()
        let client = makeClient(isolatedOptions { $0.maxAttempts = 3 }, t, rec)
        await #expect(
            throws: RegistryError.denied(
                host: "registry.example", repository: "team/app", detail: "DENIED: requested access to the resource is denied")
        ) {
            _ = try await client.source(for: ref).manifest("denied")
        }
        await #expect(throws: RegistryError.tooManyRequests(host: "registry.example", detail: "TOOMANYREQUESTS: slow down")) {
            _ = try await client.source(for: ref).manifest("v1")
        }
        #expect(rec.sleeps == [0.25, 0.5])
    }

    @Test func retriesServerErrorsWithBackoffAndRetryAfter() async throws {
        let t = FakeTransport { r, n in
            switch n {
            case 1: return HTTPResponse(status: 503)
            case 2: return HTTPResponse(status: 429, headers: [("Retry-After", "3")])
            case 3: return HTTPResponse(status: 502, headers: [("Retry-After", "120")])
            default: return serve(r)
            }
        }
        let rec = Recorder()
        let client = makeClient(isolatedOptions(), t, rec)
        _ = try await client.source(for: ref).manifest("v1")
        #expect(rec.sleeps == [0.25, 3, 10])
        #expect(await t.requests.count == 4)
    }

    @Test func givesUpAfterMaxAttempts() async throws {
        let t = FakeTransport { _, _ in HTTPResponse(status: 500) }
        let rec = Recorder()
        let client = makeClient(isolatedOptions { $0.maxAttempts = 2 }, t, rec)
        do {
            _ = try await client.source(for: ref).manifest("v1")
            Issue.record("expected failure")
        } catch let e as RegistryError {
            #expect(e.description.contains("unexpected HTTP status 500"))
        }
        #expect(await t.requests.count == 2)
    }

    @Test func droppedConnectionsAreRetried() async throws {
        let t = FakeTransport { r, n in
            if n == 1 { throw TransportError.dropped("truncated") }
            return serve(r)
        }
        let rec = Recorder()
        let client = makeClient(isolatedOptions(), t, rec)
        _ = try await client.source(for: ref).blob(configDigest, maxBytes: 1000)
        #expect(rec.sleeps == [0.25])

        let always = FakeTransport { _, _ in throw TransportError.dropped("truncated") }
        let c2 = makeClient(isolatedOptions { $0.maxAttempts = 3 }, always, Recorder())
        await #expect(
            throws: RegistryError.connectionDropped(
                url: "https://registry.example/v2/team/app/blobs/\(configDigest)", attempts: 3, detail: "truncated")
        ) {
            _ = try await c2.source(for: ref).blob(configDigest, maxBytes: 1000)
        }
    }

    @Test func timeoutsAreNotRetried() async throws {
        let t = FakeTransport { _, _ in throw TransportError.timedOut }
        let client = makeClient(isolatedOptions { $0.timeout = 3 }, t, Recorder())
        do {
            _ = try await client.source(for: ref).manifest("v1")
            Issue.record("expected timeout")
        } catch let e as RegistryError {
            #expect(e.description.contains("timed out after 3 s"))
        }
        #expect(await t.requests.count == 1)
    }

    @Test func loopbackFallsBackToPlainHTTPOnce() async throws {
        let t = FakeTransport { r, _ in
            if r.url.hasPrefix("https://") { throw TransportError.tls("WRONG_VERSION_NUMBER", certificate: false) }
            return serve(r)
        }
        let client = makeClient(isolatedOptions(), t, Recorder())
        let source = client.source(for: loopbackRef)
        _ = try await source.manifest("v1")
        _ = try await source.blob(configDigest, maxBytes: 1000)
        let urls = await t.requests.map(\.url)
        #expect(
            urls == [
                "https://127.0.0.1:5000/v2/team/app/manifests/v1",
                "http://127.0.0.1:5000/v2/team/app/manifests/v1",
                "http://127.0.0.1:5000/v2/team/app/blobs/\(configDigest)",
            ])
    }

    @Test func noFallbackForRemoteHostsOrUntrustedCertificates() async throws {
        let t = FakeTransport { _, _ in throw TransportError.tls("WRONG_VERSION_NUMBER", certificate: false) }
        let client = makeClient(isolatedOptions(), t, Recorder())
        await #expect(throws: RegistryError.self) { _ = try await client.source(for: ref).manifest("v1") }
        #expect(await t.requests.count == 1)

        let cert = FakeTransport { _, _ in throw TransportError.tls("certificate verification failed", certificate: true) }
        let c2 = makeClient(isolatedOptions(), cert, Recorder())
        do {
            _ = try await c2.source(for: loopbackRef).manifest("v1")
            Issue.record("expected TLS error")
        } catch let e as RegistryError {
            #expect(e.description.contains("--ca-cert"))
            #expect(e.description.contains("--insecure"))
        }
        #expect(await cert.requests.count == 1)
    }

    @Test func plainHTTPOption() async throws {
        let t = FakeTransport { r, _ in serve(r) }
        let client = makeClient(isolatedOptions { $0.plainHTTP = true }, t, Recorder())
        _ = try await client.source(for: ref).manifest("v1")
        #expect(await t.requests.first?.url == "http://registry.example/v2/team/app/manifests/v1")
    }

    @Test func dockerHubUsesAPIHost() async throws {
        let t = FakeTransport { r, _ in serve(r) }
        let client = makeClient(isolatedOptions(), t, Recorder())
        _ = try await client.source(for: try RegistryReference(parsing: "alpine")).manifest("v1")
        #expect(await t.requests.first?.url == "https://registry-1.docker.io/v2/library/alpine/manifests/v1")
    }

    @Test func allErrorsExitWithTwo() {
        let errors: [RegistryError] = [
            .unauthorized(host: "h", repository: "r", credentialSource: nil, detail: nil),
            .timedOut(url: "u", seconds: 30), .connectionFailed(host: "h", detail: "refused"),
            .tls(host: "h", detail: "d", certificate: false),
        ]
        for e in errors { #expect(e.exitCode == 2) }
        #expect(ModelError.tooLarge(what: "w", size: nil, limit: 1).exitCode == 2)
    }
}
