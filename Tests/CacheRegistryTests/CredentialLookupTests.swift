import CacheModel
import Testing

@testable import CacheRegistry

@Suite struct CredentialLookupTests {
    func lookup(_ dir: TempDir, env extra: [String: String] = [:], user: String? = nil, pass: String? = nil) -> CredentialLookup {
        var env = ["HOME": dir.path + "/home", "PATH": dir.path + "/bin:/usr/bin:/bin"]
        for (k, v) in extra { env[k] = v }
        return CredentialLookup(options: RegistryOptions(username: user, password: pass, environment: env))
    }

    func b64(_ s: String) -> String { Base64.encode(Array(s.utf8)) }

    @Test func explicitOptionsWin() throws {
        let dir = TempDir(); defer { dir.remove() }
        dir.write("home/.docker/config.json", #"{"auths":{"r.example":{"auth":"\#(b64("cfg:pw"))"}}}"#)
        let c = try lookup(dir, user: "u", pass: "p").credential(registry: "r.example", repository: "a/b")
        #expect(c == RegistryCredential(secret: .basic(username: "u", password: "p"), source: "--username/--password-stdin"))
    }

    @Test func authsFromHomeDockerConfig() throws {
        let dir = TempDir(); defer { dir.remove() }
        dir.write("home/.docker/config.json", #"{"auths":{"https://r.example:5000/v2/":{"auth":"\#(b64("alice:s:e:cret"))"}}}"#)
        let c = try lookup(dir).credential(registry: "r.example:5000", repository: "a")
        #expect(c?.secret == .basic(username: "alice", password: "s:e:cret"))
        #expect(c?.source == dir.path + "/home/.docker/config.json")
        #expect(try lookup(dir).credential(registry: "r.example", repository: "a") == nil)
    }

    @Test func dockerConfigEnvironmentOverridesHome() throws {
        let dir = TempDir(); defer { dir.remove() }
        dir.write("home/.docker/config.json", #"{"auths":{"r.example":{"auth":"\#(b64("home:1"))"}}}"#)
        dir.write("dc/config.json", #"{"auths":{"r.example":{"username":"env","password":"2"}}}"#)
        let c = try lookup(dir, env: ["DOCKER_CONFIG": dir.path + "/dc"]).credential(registry: "r.example", repository: "a")
        #expect(c?.secret == .basic(username: "env", password: "2"))
    }

    @Test func dockerHubKey() throws {
        let dir = TempDir(); defer { dir.remove() }
        dir.write("home/.docker/config.json", #"{"auths":{"https://index.docker.io/v1/":{"auth":"\#(b64("hub:pw"))"}}}"#)
        let c = try lookup(dir).credential(registry: "docker.io", repository: "library/alpine")
        #expect(c?.secret == .basic(username: "hub", password: "pw"))
    }

    @Test func identityToken() throws {
        let dir = TempDir(); defer { dir.remove() }
        dir.write("home/.docker/config.json", #"{"auths":{"r.example":{"auth":"\#(b64("u:x"))","identitytoken":"refresh-123"}}}"#)
        let c = try lookup(dir).credential(registry: "r.example", repository: "a")
        #expect(c?.secret == .identityToken("refresh-123"))
    }

    @Test func credentialHelperForHost() throws {
        let dir = TempDir(); defer { dir.remove() }
        dir.write(
            "bin/docker-credential-fake",
            """
            #!/bin/sh
            read url
            [ "$1" = get ] || exit 3
            printf '{"ServerURL":"%s","Username":"helper-user","Secret":"helper-secret"}' "$url"
            """, mode: 0o755)
        dir.write("home/.docker/config.json", #"{"credHelpers":{"r.example":"fake"},"auths":{"r.example":{"auth":"\#(b64("cfg:pw"))"}}}"#)
        let c = try lookup(dir).credential(registry: "r.example", repository: "a")
        #expect(c?.secret == .basic(username: "helper-user", password: "helper-secret"))
        #expect(c?.source == "credential helper docker-credential-fake")
    }

    @Test func credsStoreWithTokenUsernameAndHubURL() throws {
        let dir = TempDir(); defer { dir.remove() }
        dir.write(
            "bin/docker-credential-store",
            """
            #!/bin/sh
            read url
            echo "$url" > "\(dir.path)/asked"
            echo '{"ServerURL":"x","Username":"<token>","Secret":"idtok"}'
            """, mode: 0o755)
        dir.write("home/.docker/config.json", #"{"credsStore":"store"}"#)
        let c = try lookup(dir).credential(registry: "docker.io", repository: "library/alpine")
        #expect(c?.secret == .identityToken("idtok"))
        #expect(dir.read("asked") == "https://index.docker.io/v1/\n")
    }

    @Test func helperNotFoundAnswerFallsThroughToAuths() throws {
        let dir = TempDir(); defer { dir.remove() }
        dir.write("bin/docker-credential-empty", "#!/bin/sh\necho 'credentials not found in native keychain'\nexit 1\n", mode: 0o755)
        dir.write("home/.docker/config.json", #"{"credsStore":"empty","auths":{"r.example":{"auth":"\#(b64("a:b"))"}}}"#)
        let c = try lookup(dir).credential(registry: "r.example", repository: "a")
        #expect(c?.secret == .basic(username: "a", password: "b"))
    }

    @Test func missingHelperIsAnError() {
        let dir = TempDir(); defer { dir.remove() }
        dir.write("home/.docker/config.json", #"{"credHelpers":{"r.example":"nosuch"}}"#)
        #expect(throws: RegistryError.self) { try lookup(dir).credential(registry: "r.example", repository: "a") }
    }

    @Test func failingHelperIsAnErrorWithoutItsSecret() {
        let dir = TempDir(); defer { dir.remove() }
        // A helper that fails half-way may have printed the secret: its output is never quoted.
        dir.write(
            "bin/docker-credential-bad", "#!/bin/sh\necho '{\"Username\":\"u\",\"Secret\":\"helper-SECRET-1\"}'\necho boom >&2\nexit 7\n",
            mode: 0o755)
        dir.write("home/.docker/config.json", #"{"credHelpers":{"r.example":"bad"}}"#)
        do {
            _ = try lookup(dir).credential(registry: "r.example", repository: "a")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("docker-credential-bad"))
            #expect(error.description.contains("status 7"))
            #expect(!error.description.contains("SECRET"), "\(error)")
        }
    }

    @Test func malformedConfigIsAnError() {
        let dir = TempDir(); defer { dir.remove() }
        dir.write("home/.docker/config.json", "{not json")
        #expect(throws: RegistryError.self) { try lookup(dir).credential(registry: "r.example", repository: "a") }
        dir.write("home/.docker/config.json", #"{"auths":{"r.example":{"auth":"!!!"}}}"#)
        #expect(throws: RegistryError.self) { try lookup(dir).credential(registry: "r.example", repository: "a") }
    }

    @Test func podmanAuthFileAndRepositoryKeys() throws {
        let dir = TempDir(); defer { dir.remove() }
        dir.write("auth.json", #"{"auths":{"r.example":{"auth":"\#(b64("host:1"))"},"r.example/team/app":{"auth":"\#(b64("repo:2"))"}}}"#)
        let l = lookup(dir, env: ["REGISTRY_AUTH_FILE": dir.path + "/auth.json"])
        #expect(try l.credential(registry: "r.example", repository: "team/app")?.secret == .basic(username: "repo", password: "2"))
        #expect(try l.credential(registry: "r.example", repository: "team/other")?.secret == .basic(username: "host", password: "1"))
    }

    @Test func xdgRuntimeDirAuthFile() throws {
        let dir = TempDir(); defer { dir.remove() }
        dir.write("run/containers/auth.json", #"{"auths":{"r.example":{"auth":"\#(b64("x:y"))"}}}"#)
        let c = try lookup(dir, env: ["XDG_RUNTIME_DIR": dir.path + "/run"]).credential(registry: "r.example", repository: "a")
        #expect(c?.secret == .basic(username: "x", password: "y"))
    }

    @Test func xdgConfigHomeAuthFileAfterRuntimeDir() throws {
        let dir = TempDir(); defer { dir.remove() }
        dir.write("home/.config/containers/auth.json", #"{"auths":{"r.example":{"auth":"\#(b64("home:1"))"}}}"#)
        #expect(try lookup(dir).credential(registry: "r.example", repository: "a")?.secret == .basic(username: "home", password: "1"))
        dir.write("cfg/containers/auth.json", #"{"auths":{"r.example":{"auth":"\#(b64("xdg:2"))"}}}"#)
        let xdg = lookup(dir, env: ["XDG_CONFIG_HOME": dir.path + "/cfg"])
        #expect(try xdg.credential(registry: "r.example", repository: "a")?.secret == .basic(username: "xdg", password: "2"))
        dir.write("run/containers/auth.json", #"{"auths":{"r.example":{"auth":"\#(b64("run:3"))"}}}"#)
        let both = lookup(dir, env: ["XDG_CONFIG_HOME": dir.path + "/cfg", "XDG_RUNTIME_DIR": dir.path + "/run"])
        #expect(try both.credential(registry: "r.example", repository: "a")?.secret == .basic(username: "run", password: "3"))
    }

    @Test func podmanCredHelperReplacesAuthsForItsHost() throws {
        let dir = TempDir(); defer { dir.remove() }
        dir.write(
            "bin/docker-credential-pod",
            """
            #!/bin/sh
            read url
            echo "$url" >> "\(dir.path)/asked"
            [ "$url" = r.example ] || { echo 'credentials not found in native keychain'; exit 1; }
            echo '{"ServerURL":"r.example","Username":"pod-user","Secret":"pod-secret"}'
            """, mode: 0o755)
        dir.write(
            "auth.json",
            #"{"credHelpers":{"r.example":"pod","other.example":"pod"},"auths":{"r.example":{"auth":"\#(b64("file:1"))"},"other.example":{"auth":"\#(b64("file:2"))"},"third.example":{"auth":"\#(b64("file:3"))"}}}"#
        )
        let l = lookup(dir, env: ["REGISTRY_AUTH_FILE": dir.path + "/auth.json"])
        let c = try l.credential(registry: "r.example", repository: "a")
        #expect(c?.secret == .basic(username: "pod-user", password: "pod-secret"))
        #expect(c?.source == "credential helper docker-credential-pod")
        // The helper knows nothing for other.example, and the file's auths entry is not used instead.
        #expect(try l.credential(registry: "other.example", repository: "a") == nil)
        #expect(try l.credential(registry: "third.example", repository: "a")?.secret == .basic(username: "file", password: "3"))
        #expect(dir.read("asked") == "r.example\nother.example\n")
    }

    @Test func dockerConfigBeforePodman() throws {
        let dir = TempDir(); defer { dir.remove() }
        dir.write("home/.docker/config.json", #"{"auths":{"r.example":{"auth":"\#(b64("docker:1"))"}}}"#)
        dir.write("auth.json", #"{"auths":{"r.example":{"auth":"\#(b64("podman:2"))"}}}"#)
        let c = try lookup(dir, env: ["REGISTRY_AUTH_FILE": dir.path + "/auth.json"]).credential(registry: "r.example", repository: "a")
        #expect(c?.secret == .basic(username: "docker", password: "1"))
    }

    @Test func nothingFound() throws {
        let dir = TempDir(); defer { dir.remove() }
        #expect(try lookup(dir).credential(registry: "r.example", repository: "a") == nil)
    }

    @Test func keyNormalisation() {
        #expect(CredentialLookup.normalizeKey("https://R.example:5000/v1/") == "r.example:5000")
        #expect(CredentialLookup.normalizeKey("http://r.example") == "r.example")
        #expect(CredentialLookup.normalizeKey("r.example/path") == "r.example")
        #expect(CredentialLookup.hostAliases("docker.io").contains("index.docker.io"))
    }
}
