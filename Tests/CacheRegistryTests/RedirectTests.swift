import CacheModel
import Testing

@testable import CacheRegistry

private let config = bytes(#"{"architecture":"amd64","os":"linux"}"#)
private let configDigest = Digest.sha256(of: config)
private let ref = try! RegistryReference(parsing: "registry.example/team/app:v1")
private let challenge = ("WWW-Authenticate", #"Bearer realm="https://auth.example/token",service="reg""#)

/// Redirects are followed by the client, never carrying a secret to another origin.
@Suite struct RedirectTests {
    @Test func refreshTokenPostIsNotReplayedToAnotherHost() async throws {
        let dir = TempDir(); defer { dir.remove() }
        dir.write("config.json", #"{"auths":{"registry.example":{"identitytoken":"refresh-SECRET-77"}}}"#)
        let t = FakeTransport { r, _ in
            if r.url.hasPrefix("https://auth.example/") {
                return HTTPResponse(status: 307, headers: [("Location", "https://evil.example:8443/steal")])
            }
            if r.url.hasPrefix("https://evil.example") { return HTTPResponse(status: 200, body: bytes(#"{"token":"evil-token"}"#)) }
            return HTTPResponse(status: 401, headers: [challenge])
        }
        let rec = Recorder()
        let client = makeClient(isolatedOptions { $0.dockerConfigDir = dir.path }, t, rec)
        do {
            _ = try await client.source(for: ref).blob(configDigest, maxBytes: 1000)
            Issue.record("expected an error")
        } catch let e as RegistryError {
            #expect(e.description.contains("cannot get a registry token") || e.description.contains("invalid response"), "\(e)")
            #expect(e.description.contains("307"))
            #expect(!e.description.contains("refresh-SECRET-77"))
        }
        let reqs = await t.requests
        #expect(!reqs.contains { $0.url.contains("evil.example") })
        #expect(!reqs.contains { $0.header("Authorization") == "Bearer evil-token" })
        for line in rec.lines { #expect(!line.contains("refresh-SECRET-77")) }
    }

    @Test func postIsNotTurnedIntoAGetNorFollowedBy302() async throws {
        for status in [301, 302, 303] {
            let dir = TempDir(); defer { dir.remove() }
            dir.write("config.json", #"{"auths":{"registry.example":{"identitytoken":"refresh-SECRET-78"}}}"#)
            let t = FakeTransport { r, _ in
                if r.url.hasPrefix("https://auth.example/token") {
                    return HTTPResponse(status: status, headers: [("Location", "/token2")])
                }
                if r.url.hasPrefix("https://auth.example/token2") { return HTTPResponse(status: 200, body: bytes(#"{"token":"t2"}"#)) }
                return HTTPResponse(status: 401, headers: [challenge])
            }
            let client = makeClient(isolatedOptions { $0.dockerConfigDir = dir.path }, t, Recorder())
            await #expect(throws: RegistryError.self) { _ = try await client.source(for: ref).blob(configDigest, maxBytes: 1000) }
            #expect(!(await t.requests).contains { $0.url.contains("/token2") })
        }
    }

    @Test func postFollows307ToItsOwnOriginWithItsBody() async throws {
        let dir = TempDir(); defer { dir.remove() }
        dir.write("config.json", #"{"auths":{"registry.example":{"identitytoken":"refresh-SECRET-79"}}}"#)
        let t = FakeTransport { r, _ in
            if r.url == "https://auth.example/token" { return HTTPResponse(status: 307, headers: [("Location", "/v2/token")]) }
            if r.url == "https://auth.example/v2/token" {
                #expect(r.method == "POST")
                #expect(String(decoding: r.body ?? [], as: UTF8.self).contains("refresh_token=refresh-SECRET-79"))
                return HTTPResponse(status: 200, body: bytes(#"{"access_token":"acc"}"#))
            }
            if r.header("Authorization") == "Bearer acc" { return HTTPResponse(status: 200, body: config) }
            return HTTPResponse(status: 401, headers: [challenge])
        }
        let client = makeClient(isolatedOptions { $0.dockerConfigDir = dir.path }, t, Recorder())
        #expect(try await client.source(for: ref).blob(configDigest, maxBytes: 1000) == config)
    }

    @Test func basicCredentialsOfTheTokenGetStayOnTheirOrigin() async throws {
        let t = FakeTransport { r, _ in
            if r.url.hasPrefix("https://auth.example/") {
                return HTTPResponse(status: 302, headers: [("Location", "http://auth.example/token?x=1")])  // scheme change: another origin
            }
            if r.url.hasPrefix("http://auth.example/") {
                #expect(r.header("Authorization") == nil)
                return HTTPResponse(status: 200, body: bytes(#"{"token":"anon"}"#))
            }
            if r.header("Authorization") == "Bearer anon" { return HTTPResponse(status: 200, body: config) }
            return HTTPResponse(status: 401, headers: [challenge])
        }
        let client = makeClient(
            isolatedOptions {
                $0.username = "alice"; $0.password = "pw-SECRET-80"
            }, t, Recorder())
        #expect(try await client.source(for: ref).blob(configDigest, maxBytes: 1000) == config)
        let reqs = await t.requests
        #expect(reqs.filter { $0.url.hasPrefix("http://auth.example/") }.count == 1)
        #expect(!reqs.contains { $0.url.hasPrefix("http://") && $0.header("Authorization") != nil })
    }

    @Test func blobRedirectToStorageDropsTheBearerToken() async throws {
        let t = FakeTransport { r, _ in
            if r.url.hasPrefix("https://auth.example/") { return HTTPResponse(status: 200, body: bytes(#"{"token":"tok-SECRET-81"}"#)) }
            if r.url.hasPrefix("https://storage.example/") {
                #expect(r.header("Authorization") == nil)
                return HTTPResponse(status: 200, body: config)
            }
            if r.url.hasPrefix("https://registry.example:443/other") {
                // Same origin (explicit default port): the token is still sent.
                #expect(r.header("Authorization") == "Bearer tok-SECRET-81")
                return HTTPResponse(status: 307, headers: [("Location", "https://storage.example/blob?sig=abc")])
            }
            guard r.header("Authorization") == "Bearer tok-SECRET-81" else { return HTTPResponse(status: 401, headers: [challenge]) }
            return HTTPResponse(status: 307, headers: [("Location", "https://registry.example:443/other")])
        }
        let rec = Recorder()
        let client = makeClient(isolatedOptions(), t, rec)
        #expect(try await client.source(for: ref).blob(configDigest, maxBytes: 1000) == config)
        #expect(rec.lines.contains { $0.contains("redirected to https://storage.example/blob?sig=REDACTED") })
    }

    @Test func manifestRedirectToAnotherPortDropsBasicCredentials() async throws {
        let manifest = bytes(
            #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":"\#(configDigest)"}}"#)
        let basic = "Basic " + Base64.encode(bytes("u:pw-SECRET-82"))
        let t = FakeTransport { r, _ in
            if r.url.hasPrefix("https://registry.example:5001/") {
                #expect(r.header("Authorization") == nil)
                return HTTPResponse(status: 200, headers: [("Content-Type", "application/vnd.oci.image.manifest.v1+json")], body: manifest)
            }
            guard r.header("Authorization") == basic else {
                return HTTPResponse(status: 401, headers: [("WWW-Authenticate", #"Basic realm="r""#)])
            }
            return HTTPResponse(status: 308, headers: [("Location", "https://registry.example:5001/v2/team/app/manifests/v1")])
        }
        let client = makeClient(
            isolatedOptions {
                $0.username = "u"; $0.password = "pw-SECRET-82"
            }, t, Recorder())
        #expect(try await client.source(for: ref).manifest("v1").bytes == manifest)
    }

    @Test func loopsAndLongChainsEnd() async throws {
        let loop = FakeTransport { r, _ in
            HTTPResponse(status: 302, headers: [("Location", r.url.hasSuffix("/a") ? "/b" : "/a")])
        }
        await #expect(throws: RegistryError.self) {
            _ = try await makeClient(isolatedOptions(), loop, Recorder()).source(for: ref).manifest("v1")
        }
        let chain = FakeTransport { r, n in HTTPResponse(status: 302, headers: [("Location", "/hop\(n)")]) }
        await #expect(throws: RegistryError.self) {
            _ = try await makeClient(isolatedOptions(), chain, Recorder()).source(for: ref).manifest("v1")
        }
        #expect(await chain.requests.count == RegistryClient.maxRedirects + 1)
    }

    @Test func originsAndLocations() {
        #expect(Redirects.origin(of: "https://Reg.Example/v2/") == "https://reg.example:443")
        #expect(Redirects.origin(of: "https://reg.example:443/x") == "https://reg.example:443")
        #expect(Redirects.origin(of: "http://reg.example/x") == "http://reg.example:80")
        #expect(Redirects.origin(of: "https://user:pw@reg.example:5000?x") == "https://reg.example:5000")
        #expect(Redirects.origin(of: "https://[::1]:5000/v2/") == "https://[::1]:5000")
        #expect(Redirects.origin(of: "ftp://reg.example/") == nil)
        #expect(Redirects.resolve("/b?x=1", against: "https://h:1/a/b") == "https://h:1/b?x=1")
        #expect(Redirects.resolve("c", against: "https://h/a/b?q") == "https://h/a/c")
        #expect(Redirects.resolve("//other/p", against: "https://h/a") == "https://other/p")
        #expect(Redirects.resolve("http://o/p", against: "https://h/a") == "http://o/p")
        #expect(Redirects.resolve("file:///etc/passwd", against: "https://h/a") == nil)
        #expect(Redirects.resolve("/a\r\nX: y", against: "https://h/a") == nil)
    }
}
