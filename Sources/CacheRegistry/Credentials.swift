import CacheModel

/// A credential found for a registry, and where it came from (for messages; never the secret).
public struct RegistryCredential: Sendable, Equatable {
    public enum Secret: Sendable, Equatable {
        case basic(username: String, password: String)
        /// An OAuth2 refresh token (`identitytoken` in config.json, or a helper answering
        /// with username `<token>`). It is exchanged at the token realm with
        /// `POST grant_type=refresh_token`, and never sent to the registry itself.
        case identityToken(String)
    }

    public let secret: Secret
    /// `--username/--password-stdin`, `docker-credential-NAME`, or the file path it was read from.
    public let source: String

    public init(secret: Secret, source: String) { self.secret = secret; self.source = source }

    /// The strings that must never be printed.
    var secrets: [String] {
        switch secret {
        case let .basic(_, password): return [password, Base64.encode(Array("\(usernameForBasic):\(password)".utf8))]
        case let .identityToken(token): return [token]
        }
    }

    private var usernameForBasic: String {
        if case let .basic(u, _) = secret { return u }
        return ""
    }
}

/// Finds credentials for a registry, first match wins:
/// 1. explicit username/password options;
/// 2. Docker's `config.json` (`$DOCKER_CONFIG`, else `~/.docker`): `credHelpers[host]`,
///    then `credsStore`, then `auths[host]`;
/// 3. the podman/skopeo auth files: `$REGISTRY_AUTH_FILE`, `$XDG_RUNTIME_DIR/containers/auth.json`,
///    `$XDG_CONFIG_HOME/containers/auth.json` (default `~/.config`); in each, `credHelpers[host]`
///    replaces that file's `auths` for the host;
/// 4. none (anonymous).
/// Keys match like Docker: with or without `http(s)://` and a path; Docker Hub's key is
/// `https://index.docker.io/v1/`.
public struct CredentialLookup: Sendable {
    public let options: RegistryOptions
    let environment: [String: String]

    public init(options: RegistryOptions) {
        self.options = options
        self.environment = options.environment ?? POSIX.processEnvironment()
    }

    static let dockerHubKey = "https://index.docker.io/v1/"

    /// The host names a config key may use for `registry`.
    static func hostAliases(_ registry: String) -> Set<String> {
        let r = registry.lowercased()
        if r == "docker.io" || r == "index.docker.io" || r == "registry-1.docker.io" {
            return ["docker.io", "index.docker.io", "registry-1.docker.io"]
        }
        return [r]
    }

    /// `https://host:5000/v1/` → `host:5000` (Docker's `ConvertToHostname`), lowercased.
    static func normalizeKey(_ key: String) -> String {
        var k = Substring(key.trimmingSpaces)
        for prefix in ["http://", "https://"] where k.lowercased().hasPrefix(prefix) { k = k.dropFirst(prefix.count) }
        if let slash = k.firstIndex(of: "/") { k = k[..<slash] }
        return k.lowercased()
    }

    /// The server URL a credential helper is asked about.
    static func helperServerURL(_ registry: String) -> String {
        hostAliases(registry).contains("docker.io") ? dockerHubKey : registry
    }

    public var dockerConfigPath: String? {
        if let dir = options.dockerConfigDir { return dir + "/config.json" }
        if let dir = environment["DOCKER_CONFIG"], !dir.isEmpty { return dir + "/config.json" }
        return POSIX.homeDirectory(environment).map { $0 + "/.docker/config.json" }
    }

    public func credential(registry: String, repository: String) throws(RegistryError) -> RegistryCredential? {
        if let user = options.username, let password = options.password {
            return RegistryCredential(secret: .basic(username: user, password: password), source: "--username/--password-stdin")
        }
        if let path = dockerConfigPath, let found = try fromDockerConfig(path: path, registry: registry) {
            return found
        }
        for file in authFilePaths {
            if let found = try fromAuthFile(path: file, registry: registry, repository: repository) { return found }
        }
        return nil
    }

    /// The podman/skopeo auth files, in search order (containers-auth.json(5)).
    var authFilePaths: [String] {
        var files: [String] = []
        if let f = environment["REGISTRY_AUTH_FILE"], !f.isEmpty { files.append(f) }
        if let d = environment["XDG_RUNTIME_DIR"], !d.isEmpty { files.append(d + "/containers/auth.json") }
        if let d = environment["XDG_CONFIG_HOME"], !d.isEmpty {
            files.append(d + "/containers/auth.json")
        } else if let home = POSIX.homeDirectory(environment) {
            files.append(home + "/.config/containers/auth.json")
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }
    }

    private func load(_ path: String) throws(RegistryError) -> JSONValue? {
        let bytes: [UInt8]?
        do { bytes = try POSIX.readFile(path, limit: 16 << 20) } catch {
            throw RegistryError.credentials(source: path, detail: "\(error)")
        }
        guard let bytes else { return nil }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) { return nil }
        // The parser's own message quotes the text near the fault, which may be a password:
        // only the position is reported.
        guard let doc = try? JSONDocument(parsing: bytes, what: path) else {
            let at = JSONDocument.errorPosition(parsing: bytes).map { " (line \($0.line), column \($0.column))" } ?? ""
            throw RegistryError.credentials(source: path, detail: "it is not valid JSON\(at)")
        }
        guard doc.value.kind == .object else {
            throw RegistryError.credentials(source: path, detail: "the file is not a JSON object")
        }
        return doc.value
    }

    func fromDockerConfig(path: String, registry: String) throws(RegistryError) -> RegistryCredential? {
        guard let config = try load(path) else { return nil }
        let aliases = Self.hostAliases(registry)
        if let name = Self.credHelper(in: config, aliases: aliases),
            let found = try fromHelper(name: name, serverURL: Self.helperServerURL(registry))
        {
            return found
        }
        if let store = config["credsStore"]?.string, !store.isEmpty,
            let found = try fromHelper(name: store, serverURL: Self.helperServerURL(registry))
        {
            return found
        }
        if let auths = config["auths"], auths.kind == .object {
            for (key, entry) in auths.members where aliases.contains(Self.normalizeKey(key)) {
                if let found = try Self.entry(entry, source: path) { return found }
            }
        }
        return nil
    }

    /// The helper named by the first `credHelpers` key for this host (config.json and auth.json alike).
    static func credHelper(in file: JSONValue, aliases: Set<String>) -> String? {
        guard let helpers = file["credHelpers"], helpers.kind == .object else { return nil }
        for (key, value) in helpers.members where aliases.contains(normalizeKey(key)) {
            guard let name = value.string, !name.isEmpty else { return nil }
            return name
        }
        return nil
    }

    /// podman/skopeo `auth.json`: a `credHelpers` entry for the host asks that helper and the
    /// file's `auths` are not used for the host; otherwise `auths` keys may name a repository
    /// (`quay.io/org/repo`) and the longest match wins.
    func fromAuthFile(path: String, registry: String, repository: String) throws(RegistryError) -> RegistryCredential? {
        guard let file = try load(path) else { return nil }
        let aliases = Self.hostAliases(registry)
        if let name = Self.credHelper(in: file, aliases: aliases) {
            return try fromHelper(name: name, serverURL: registry)
        }
        guard let auths = file["auths"], auths.kind == .object else { return nil }
        var candidates: [String] = []
        let parts = repository.split(separator: "/").map(String.init)
        for alias in aliases {
            for n in stride(from: parts.count, through: 1, by: -1) {
                candidates.append(alias + "/" + parts.prefix(n).joined(separator: "/"))
            }
        }
        let entries = auths.members.map { (key: $0.0, value: $0.1) }
        for candidate in candidates {
            for e in entries where Self.stripScheme(e.key) == candidate {
                if let found = try Self.entry(e.value, source: path) { return found }
            }
        }
        for e in entries {
            let stripped = Self.stripScheme(e.key)
            let isHostKey = !stripped.contains("/") || e.key.lowercased().hasPrefix("http")
            if isHostKey && aliases.contains(Self.normalizeKey(e.key)), let found = try Self.entry(e.value, source: path) {
                return found
            }
        }
        return nil
    }

    private static func stripScheme(_ key: String) -> String {
        var k = Substring(key.lowercased())
        for prefix in ["http://", "https://"] where k.hasPrefix(prefix) { k = k.dropFirst(prefix.count) }
        while k.hasSuffix("/") { k = k.dropLast() }
        return String(k)
    }

    /// One `auths` entry: `identitytoken`, else `auth` (base64 `user:pass`), else `username`/`password`.
    static func entry(_ entry: JSONValue, source: String) throws(RegistryError) -> RegistryCredential? {
        guard entry.kind == .object else { return nil }
        if let token = entry["identitytoken"]?.string, !token.isEmpty {
            return RegistryCredential(secret: .identityToken(token), source: source)
        }
        if let auth = entry["auth"]?.string, !auth.isEmpty {
            guard let decoded = Base64.decode(Array(auth.trimmingSpaces.utf8)),
                let colon = decoded.firstIndex(of: UInt8(ascii: ":"))
            else {
                throw RegistryError.credentials(source: source, detail: "an \"auth\" value is not base64 of user:password")
            }
            let user = String(decoding: decoded[..<colon], as: UTF8.self)
            let pass = String(decoding: decoded[(colon + 1)...], as: UTF8.self)
            return RegistryCredential(secret: .basic(username: user, password: pass), source: source)
        }
        if let user = entry["username"]?.string, let pass = entry["password"]?.string, !user.isEmpty {
            return RegistryCredential(secret: .basic(username: user, password: pass), source: source)
        }
        return nil
    }

    /// A helper's answer is a small JSON object; more than this is not a credential.
    static let helperOutputLimit = 256 * 1024

    /// Runs `docker-credential-NAME get` with the server URL on stdin, bounded by the user's
    /// `--timeout` in all and by `helperOutputLimit`.
    /// "credentials not found" (or an empty answer) means no credential, not an error.
    func fromHelper(name: String, serverURL: String) throws(RegistryError) -> RegistryCredential? {
        let program = "docker-credential-" + name
        let source = "credential helper \(program)"
        guard !name.contains("/"), let path = POSIX.which(program, env: environment) else {
            throw RegistryError.credentials(source: source, detail: "\(program) was not found on PATH")
        }
        let result: POSIX.ProcessResult
        do {
            result = try POSIX.run(
                path: path, arguments: ["get"], env: environment, input: Array(serverURL.utf8),
                timeout: options.timeout, outputLimit: Self.helperOutputLimit)
        } catch {
            throw RegistryError.credentials(source: source, detail: "\(error)")
        }
        let out = String(decoding: result.stdout, as: UTF8.self)
        if result.status != 0 {
            let text = (out + " " + String(decoding: result.stderr, as: UTF8.self)).lowercased()
            if text.contains("credentials not found") || text.contains("not found in") { return nil }
            // Its output is not quoted: a helper that fails half-way may have printed the secret.
            throw RegistryError.credentials(source: source, detail: "`\(program) get` exited with status \(result.status)")
        }
        guard let doc = try? JSONDocument(parsing: result.stdout, what: "\(program) output"), doc.value.kind == .object else {
            throw RegistryError.credentials(source: source, detail: "the helper's answer is not a JSON object")
        }
        let user = doc.value["Username"]?.string ?? ""
        let secret = doc.value["Secret"]?.string ?? ""
        if secret.isEmpty { return nil }
        if user == "<token>" { return RegistryCredential(secret: .identityToken(secret), source: source) }
        return RegistryCredential(secret: .basic(username: user, password: secret), source: source)
    }
}
