import Testing

@testable import CacheModel

@Suite struct ReferenceTests {
    @Test(arguments: [
        ("alpine", "docker.io", "library/alpine", "latest"),
        ("alpine:3.20", "docker.io", "library/alpine", "3.20"),
        ("docker.io/alpine", "docker.io", "library/alpine", "latest"),
        ("index.docker.io/library/alpine:edge", "docker.io", "library/alpine", "edge"),
        ("org/app", "docker.io", "org/app", "latest"),
        ("ghcr.io/org/app:1.4", "ghcr.io", "org/app", "1.4"),
        ("127.0.0.1:5000/team/app:1.4", "127.0.0.1:5000", "team/app", "1.4"),
        ("localhost/app", "localhost", "app", "latest"),
        ("localhost:5000/a/b/c:v_1.2-x", "localhost:5000", "a/b/c", "v_1.2-x"),
        ("[::1]:5000/app:x", "[::1]:5000", "app", "x"),
        ("registry.example.com/a__b/c-d/e.f:t", "registry.example.com", "a__b/c-d/e.f", "t"),
    ])
    func parsesAndNormalises(text: String, registry: String, repository: String, tag: String) throws {
        let r = try RegistryReference(parsing: text)
        #expect(r.registry == registry)
        #expect(r.repository == repository)
        #expect(r.tag == tag)
        #expect(r.digest == nil)
    }

    @Test func dockerHubUsesRegistryOneHost() throws {
        #expect(try RegistryReference(parsing: "alpine").apiHost == "registry-1.docker.io")
        #expect(try RegistryReference(parsing: "alpine").description == "docker.io/library/alpine:latest")
        #expect(try RegistryReference(parsing: "ghcr.io/a/b").apiHost == "ghcr.io")
    }

    @Test func digestWinsOverTag() throws {
        let hex = String(repeating: "a", count: 64)
        let r = try RegistryReference(parsing: "ghcr.io/org/app:1.4@sha256:\(hex)")
        #expect(r.tag == "1.4")
        #expect(r.manifestReference == "sha256:\(hex)")
        let d = try RegistryReference(parsing: "ghcr.io/org/app@sha256:\(hex)")
        #expect(d.tag == nil)
    }

    @Test func loopbackDetection() throws {
        #expect(try RegistryReference(parsing: "127.0.0.1:5000/a").isLoopback)
        #expect(try RegistryReference(parsing: "127.1.2.3/a:b").isLoopback)
        #expect(try RegistryReference(parsing: "localhost:1/a").isLoopback)
        #expect(try RegistryReference(parsing: "[::1]:5000/a").isLoopback)
        #expect(try !RegistryReference(parsing: "128.0.0.1:5000/a").isLoopback)
        #expect(try !RegistryReference(parsing: "ghcr.io/a").isLoopback)
    }

    @Test(arguments: [
        "", "Upper", "ghcr.io/Org/app", "app:", "app:-bad", "app@sha256:short", "app@md5:" + String(repeating: "a", count: 32),
        "a//b", "a/b/", "-a", "a b", "ghcr.io:99999/app", "host:port/app", "app:\u{1b}[31m", "app\u{0}x",
        "a:" + String(repeating: "t", count: 129), "ghcr.io/" + String(repeating: "a", count: 300),
    ])
    func rejectsInvalid(text: String) {
        #expect(throws: ModelError.self) { try RegistryReference(parsing: text) }
    }

    @Test func invalidReferenceIsAUsageError() {
        do { _ = try ImageReference.parse("UPPER"); Issue.record("expected an error") } catch {
            #expect(error.exitCode == 64)
            #expect(error.description.contains("lowercase"))
        }
    }

    @Test func ociLayoutForms() throws {
        let hex = String(repeating: "b", count: 64)
        #expect(try ImageReference.parse("oci:./layout:app-v1") == .layout(LayoutReference(path: "./layout", tag: "app-v1")))
        #expect(try ImageReference.parse("oci:/tmp/x") == .layout(LayoutReference(path: "/tmp/x")))
        #expect(
            try ImageReference.parse("oci:dir@sha256:\(hex)")
                == .layout(LayoutReference(path: "dir", digest: try Digest(parsing: "sha256:\(hex)"))))
        #expect(throws: ModelError.self) { try ImageReference.parse("oci:") }
        #expect(throws: ModelError.self) { try ImageReference.parse("oci:dir:") }
        #expect(throws: ModelError.self) { try ImageReference.parse("oci:dir@sha256:zz") }
    }
}
