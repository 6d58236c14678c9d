import CacheModel

/// Reads manifests and blobs from OCI distribution (v2) registries.
///
/// One client owns one HTTP client, created on the first request (the initializer does
/// no I/O). Call `shutdown()` when done, also when no request was made.
/// Tokens, credentials and the HTTPS/HTTP choice for loopback registries are cached
/// for the client's lifetime.
public final class RegistryClient: Sendable {
    public let options: RegistryOptions
    let state: ClientState
    let policy: RetryPolicy
    let sleep: @Sendable (Double) async throws -> Void

    public init(options: RegistryOptions) {
        self.options = options
        self.policy = RetryPolicy(maxAttempts: options.maxAttempts)
        self.sleep = { seconds in try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000)) }
        self.state = ClientState(options: options, transport: nil)
    }

    /// For tests: a scripted transport and a fake sleep.
    init(
        options: RegistryOptions, transport: HTTPTransport, policy: RetryPolicy? = nil,
        sleep: @escaping @Sendable (Double) async throws -> Void
    ) {
        self.options = options
        self.policy = policy ?? RetryPolicy(maxAttempts: options.maxAttempts)
        self.sleep = sleep
        self.state = ClientState(options: options, transport: transport)
    }

    /// A content source for the repository of `ref`.
    public func source(for ref: RegistryReference) -> ContentSource {
        RegistrySource(
            client: self, registry: ref.registry, apiHost: ref.apiHost,
            repository: ref.repository, isLoopback: ref.isLoopback)
    }

    /// Closes connections. Safe to call more than once.
    public func shutdown() async {
        await state.shutdown()
    }

    static let manifestAccept = [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ].joined(separator: ", ")

    // MARK: - Logging

    func log(_ line: @autoclosure () -> String) async {
        guard let sink = options.debugLog else { return }
        let secrets = await state.secrets
        // URLs in the log may come from the server (redirects): escaped like every other text.
        sink(Sanitize.inline(Redaction.scrub(line(), secrets: secrets), limit: 2000))
    }

    /// Text from the server (error bodies) with every known secret removed.
    func scrubbed(_ text: String?) async -> String? {
        guard let text else { return nil }
        return Redaction.scrub(text, secrets: await state.secrets)
    }
}

/// Mutable per-run state, shared by every source of one client.
actor ClientState {
    let options: RegistryOptions
    private var transportValue: HTTPTransport?
    private var didShutdown = false
    /// host → "https" or "http", once known.
    var schemes: [String: String] = [:]
    /// "host/repository" → the challenge that protects it.
    var challenges: [String: AuthChallenge] = [:]
    /// "realm|service|scope" → token and expiry.
    var tokens: [String: (token: String, expires: ContinuousClock.Instant)] = [:]
    /// host → Basic header value, after a Basic challenge.
    var basicAuth: [String: String] = [:]
    /// registry → credential lookup result (nil: looked up, none).
    var credentials: [String: RegistryCredential?] = [:]
    private(set) var secrets: [String] = []
    /// Requests sent to token realms (for tests and debug).
    private(set) var tokenRequests = 0

    init(options: RegistryOptions, transport: HTTPTransport?) {
        self.options = options
        self.transportValue = transport
        if let p = options.password { secrets.append(p) }
    }

    func transport() throws -> HTTPTransport {
        if let t = transportValue { return t }
        let t = try AHCTransport(options: options)
        transportValue = t
        return t
    }

    func shutdown() async {
        guard !didShutdown, let t = transportValue else { return }
        didShutdown = true
        await t.shutdown()
    }

    func addSecrets(_ more: [String]) { secrets.append(contentsOf: more.filter { !$0.isEmpty && !secrets.contains($0) }) }
    func setScheme(_ scheme: String, for host: String) { schemes[host] = scheme }
    func setChallenge(_ c: AuthChallenge, for key: String) { challenges[key] = c }
    func setBasic(_ header: String, for host: String) { basicAuth[host] = header }
    func countTokenRequest() { tokenRequests += 1 }

    func token(for key: String) -> String? {
        guard let entry = tokens[key] else { return nil }
        if entry.expires <= ContinuousClock.now { tokens[key] = nil; return nil }
        return entry.token
    }

    /// The longest token life we believe (a day); `expires_in` comes from the network.
    static let maxTokenLife = 86_400

    func storeToken(_ token: String, expiresIn: Int, for key: String) {
        // Renew 10 s early; tokens with a very short life are still used for this run's next request.
        // `expiresIn` is whatever the token server said (Int.min included): clamp before any arithmetic.
        let life = max(5, min(max(expiresIn, 0), Self.maxTokenLife) - 10)
        tokens[key] = (token, ContinuousClock.now + .seconds(life))
        if !secrets.contains(token) { secrets.append(token) }
    }

    func dropToken(_ key: String) { tokens[key] = nil }

    // MARK: One request at a time for work that concurrent loads share

    /// Keys whose first request is under way → the requests waiting for it.
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]
    private var settled: Set<String> = []

    /// true: the caller goes first and must call `settle(key)` when done (also when it fails);
    /// false: `key` is settled (the caller may have waited for that).
    func goFirst(_ key: String) async -> Bool {
        if settled.contains(key) { return false }
        if waiting[key] != nil {
            await withCheckedContinuation { waiting[key, default: []].append($0) }
            return false
        }
        waiting[key] = []
        return true
    }

    func settle(_ key: String) {
        settled.insert(key)
        for w in waiting.removeValue(forKey: key) ?? [] { w.resume() }
    }

    /// Token requests under way, by token key: concurrent loads of one scope share one.
    private var tokenFetches: [String: Task<String, Error>] = [:]

    func sharedTokenFetch(_ key: String, _ fetch: @escaping @Sendable () async throws -> String) async throws -> String {
        if let running = tokenFetches[key] { return try await running.value }
        let task = Task { try await fetch() }
        tokenFetches[key] = task
        defer { tokenFetches[key] = nil }
        return try await task.value
    }

    func cachedCredential(_ registry: String) -> RegistryCredential?? { credentials[registry] }
    func storeCredential(_ c: RegistryCredential?, for registry: String) {
        credentials[registry] = .some(c)
        if let c { for s in c.secrets where !secrets.contains(s) { secrets.append(s) } }
    }
}
