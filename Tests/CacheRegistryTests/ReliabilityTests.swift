import CacheModel
import Testing

@testable import CacheRegistry

#if canImport(Glibc)
    import Glibc
#endif

private let config = bytes(#"{"architecture":"amd64","os":"linux"}"#)
private let configDigest = Digest.sha256(of: config)
private let ref = try! RegistryReference(parsing: "registry.example/team/app:v1")
private let challenge = ("WWW-Authenticate", #"Bearer realm="https://auth.example/token",service="reg""#)

private func seconds(_ body: () throws -> Void) rethrows -> Double {
    var a = timespec(), b = timespec()
    clock_gettime(CLOCK_MONOTONIC, &a)
    try body()
    clock_gettime(CLOCK_MONOTONIC, &b)
    return Double(b.tv_sec - a.tv_sec) + Double(b.tv_nsec - a.tv_nsec) / 1e9
}

/// Issue 11: secrets in errors, numbers from the network, helpers and files that hang.
@Suite struct ReliabilityTests {
    func lookup(_ dir: TempDir, env extra: [String: String] = [:], timeout: Double = 30) -> CredentialLookup {
        var env = ["HOME": dir.path + "/home", "PATH": dir.path + "/bin:/usr/bin:/bin"]
        for (k, v) in extra { env[k] = v }
        return CredentialLookup(options: RegistryOptions(timeout: timeout, environment: env))
    }

    // MARK: secrets

    @Test func malformedConfigNamesThePositionNotTheText() {
        let dir = TempDir(); defer { dir.remove() }
        dir.write("home/.docker/config.json", "{\"auths\":{\"r.example\":{\n  \"password\": hunter2-SECRET}}}")
        do {
            _ = try lookup(dir).credential(registry: "r.example", repository: "a")
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("hunter2"), "\(error)")
            #expect(error.description.contains("line 2, column"), "\(error)")
            #expect(error.description.contains("config.json"))
        }
        let other = TempDir(); defer { other.remove() }
        other.write("auth.json", "{\"auths\": SECRET-in-auth-json")
        do {
            _ = try lookup(other, env: ["REGISTRY_AUTH_FILE": other.path + "/auth.json"]).credential(registry: "x.example", repository: "a")
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("SECRET"), "\(error)")
            #expect(error.description.contains("line 1, column"))
        }
    }

    @Test func tokenWithLineBreaksIsRefusedAndNeverPrinted() async throws {
        let t = FakeTransport { r, _ in
            if r.url.hasPrefix("https://auth.example/") {
                return HTTPResponse(status: 200, body: bytes(#"{"token":"tok-SECRET\r\nX-Injected: 1"}"#))
            }
            if r.header("Authorization") != nil { Issue.record("a token with CR/LF was sent") }
            return HTTPResponse(status: 401, headers: [challenge])
        }
        let rec = Recorder()
        let client = makeClient(isolatedOptions(), t, rec)
        do {
            _ = try await client.source(for: ref).blob(configDigest, maxBytes: 100)
            Issue.record("expected an error")
        } catch let e as RegistryError {
            #expect(e.description.contains("control characters"))
            #expect(!e.description.contains("tok-SECRET"))
        }
        for line in rec.lines { #expect(!line.contains("tok-SECRET")) }
    }

    @Test func escapedFormsOfSecretsAreScrubbed() {
        let secret = "tok-SECRET\r\nX-Injected: 1"
        for text in [
            #"header value "tok-SECRET\r\nX-Injected: 1" is invalid"#,
            #"{"v":"tok-SECRET\r\nX-Injected: 1"}"#,
            #"{"v":"tok-SECRET\u000d\u000aX-Injected: 1"}"#,
            "bad \(Sanitize.inline(secret))",
            "form tok-SECRET%0D%0AX-Injected%3A%201",
            "raw \(secret)",
        ] {
            let out = Redaction.scrub(text, secrets: [secret])
            #expect(!out.contains("tok-SECRET"), "\(out)")
        }
        #expect(Redaction.scrub(#"p: "a\"quoted\\pw""#, secrets: [#"a"quoted\pw"#]) == #"p: "REDACTED""#)
    }

    // MARK: numbers from the network

    @Test func hostileExpiresInDoesNotCrash() async throws {
        for value in ["-9223372036854775808", "9223372036854775807", "-1", "0", "1e300", "\"soon\""] {
            let t = FakeTransport { r, _ in
                if r.url.hasPrefix("https://auth.example/") {
                    return HTTPResponse(status: 200, body: bytes(#"{"token":"tk","expires_in":\#(value)}"#))
                }
                if r.header("Authorization") == "Bearer tk" { return HTTPResponse(status: 200, body: config) }
                return HTTPResponse(status: 401, headers: [challenge])
            }
            let client = makeClient(isolatedOptions(), t, Recorder())
            #expect(try await client.source(for: ref).blob(configDigest, maxBytes: 100) == config)
            #expect(try await client.source(for: ref).blob(configDigest, maxBytes: 100) == config)
        }
    }

    @Test func headerNumbersAreRangeChecked() {
        #expect(HTTPNumber.decimal("42") == 42)
        #expect(HTTPNumber.decimal(" 7 ") == 7)
        for bad in ["-1", "+1", "1e3", "99999999999999999999999", "", "0x10", "1 2"] { #expect(HTTPNumber.decimal(bad) == nil) }
        #expect(RetryPolicy.parseRetryAfter("-9223372036854775808") == nil)
        #expect(RetryPolicy().delay(afterAttempt: 1, retryAfter: "9999999999") == 10)
    }

    // MARK: helpers bounded by time and size

    func helperCase(_ script: String, timeout: Double = 2) -> (Double, Result<RegistryCredential?, RegistryError>) {
        let dir = TempDir(); defer { dir.remove() }
        dir.write("bin/docker-credential-h", "#!/bin/sh\n" + script, mode: 0o755)
        dir.write("home/.docker/config.json", #"{"credHelpers":{"r.example":"h"}}"#)
        var result: Result<RegistryCredential?, RegistryError> = .success(nil)
        let t = seconds {
            do { result = .success(try lookup(dir, timeout: timeout).credential(registry: "r.example", repository: "a")) } catch let e
                as RegistryError
            { result = .failure(e) } catch { Issue.record("unexpected \(error)") }
        }
        return (t, result)
    }

    @Test func helperThatPrintsForeverIsCut() {
        let (t, r) = helperCase("yes SECRET-forever\n")
        #expect(t < 5)
        guard case let .failure(e) = r else { Issue.record("expected an error"); return }
        #expect(e.description.contains("more than"))
        #expect(!e.description.contains("SECRET"))
    }

    @Test func helperThatDripsIsBoundedByTheTimeout() {
        let (t, r) = helperCase("while :; do printf x; sleep 1; done\n")
        #expect(t < 5, "took \(t) s")
        guard case let .failure(e) = r else { Issue.record("expected an error"); return }
        #expect(e.description.contains("within 2 s"))
    }

    @Test func helperThatClosesItsPipesAndSleepsIsKilled() {
        let (t, r) = helperCase("exec >&- 2>&- <&-\nsleep 60\n")
        #expect(t < 5, "took \(t) s")
        guard case .failure = r else { Issue.record("expected an error"); return }
    }

    @Test func backgroundChildHoldingStdoutDoesNotHoldUs() {
        let (t, r) = helperCase("(sleep 60) &\necho '{\"Username\":\"u\",\"Secret\":\"s3cret\"}'\nexit 0\n", timeout: 20)
        #expect(t < 5, "took \(t) s")
        #expect((try? r.get())??.secret == .basic(username: "u", password: "s3cret"))
    }

    // MARK: files that are not regular files

    @Test func fifoConfigAndAuthFileDoNotHang() {
        let dir = TempDir(); defer { dir.remove() }
        dir.mkdirs(dir.path + "/home/.docker")
        mkfifo(dir.path + "/home/.docker/config.json", 0o600)
        let t = seconds {
            #expect(throws: RegistryError.self) { _ = try lookup(dir).credential(registry: "r.example", repository: "a") }
        }
        #expect(t < 2)
        do { _ = try lookup(dir).credential(registry: "r.example", repository: "a") } catch {
            #expect(error.description.contains("FIFO"), "\(error)")
        }
        let other = TempDir(); defer { other.remove() }
        mkfifo(other.path + "/auth.json", 0o600)
        #expect(throws: RegistryError.self) {
            _ = try lookup(other, env: ["REGISTRY_AUTH_FILE": other.path + "/auth.json"]).credential(registry: "r.example", repository: "a")
        }
        #expect(throws: RegistryError.self) {
            _ = try lookup(other, env: ["REGISTRY_AUTH_FILE": other.path]).credential(registry: "r.example", repository: "a")
        }
    }

    @Test func fifoCACertificateIsRefused() {
        let dir = TempDir(); defer { dir.remove() }
        mkfifo(dir.path + "/ca.pem", 0o600)
        do {
            _ = try AHCTransport(options: RegistryOptions(caCertPath: dir.path + "/ca.pem"))
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("FIFO"), "\(error)")
        }
    }

    // MARK: OCI layouts

    func layout(_ dir: TempDir) -> (OCILayoutSource, Digest) {
        let manifest =
            #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\#(configDigest)","size":\#(config.count)},"layers":[]}"#
        let md = Digest.sha256(of: bytes(manifest))
        dir.write("l/oci-layout", #"{"imageLayoutVersion":"1.0.0"}"#)
        dir.write("l/blobs/sha256/\(md.encoded)", manifest)
        dir.write(
            "l/index.json",
            #"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(md)","size":\#(manifest.utf8.count)}]}"#
        )
        return (OCILayoutSource(LayoutReference(path: dir.path + "/l")), md)
    }

    @Test func symlinkedIndexIsCheckedAtItsTarget() async throws {
        let dir = TempDir(); defer { dir.remove() }
        let (source, _) = layout(dir)
        // A sparse 1 GiB file behind a symlink: the size checked is the target's.
        let big = dir.path + "/big"
        let fd = open(big, O_CREAT | O_WRONLY, 0o644); ftruncate(fd, 1 << 30); close(fd)
        unlink(dir.path + "/l/index.json")
        symlink(big, dir.path + "/l/index.json")
        do {
            _ = try source.index()
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("1073741824 bytes, over the limit of 4194304"), "\(error)")
        }
    }

    @Test func fifoAndDirectoryBlobsAreRefusedClearly() async throws {
        let dir = TempDir(); defer { dir.remove() }
        let (source, md) = layout(dir)
        let blob = dir.path + "/l/blobs/sha256/\(configDigest.encoded)"
        mkfifo(blob, 0o600)
        do {
            _ = try await source.blob(configDigest, maxBytes: 1000)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("is a FIFO, not a regular file"), "\(error)")
        }
        unlink(blob); mkdir(blob, 0o755)
        do {
            _ = try await source.blob(configDigest, maxBytes: 1000)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("is a directory"), "\(error)")
        }
        _ = try await source.manifest(md.description)
    }

    // MARK: platform lists

    @Test func platformListIsEscapedAndCapped() {
        let evil = Platform(os: "linux\u{1b}]52;c;eA==\u{07}\r\ncachectl: error: forged", architecture: "\u{202e}amd64")
        let many = (0..<20_000).map { Platform(os: "os\($0)", architecture: "arch") }
        let text = LoadError.noMatchingPlatform(wanted: .linuxAMD64, available: [evil] + many).description
        #expect(
            !text.unicodeScalars.contains {
                $0.value == 0x1b || $0.value == 0x07 || $0.value == 0x0d || $0.value == 0x0a || $0.value == 0x202e
            })
        #expect(text.contains("… and 19,991 more"), "\(text.prefix(400))")
        #expect(text.utf8.count < 2000)
    }
}
