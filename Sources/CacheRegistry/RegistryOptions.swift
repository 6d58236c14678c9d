/// How `RegistryClient` talks to registries. Every field has a safe default:
/// HTTPS with verified certificates, anonymous unless credentials are found, 30 s per request.
public struct RegistryOptions: Sendable {
    /// Explicit credentials (the CLI reads the password from stdin, never from argv).
    /// They win over every credential store.
    public var username: String?
    public var password: String?
    /// A PEM file with one or more CA certificates to trust in addition to the system roots.
    public var caCertPath: String?
    /// Skip TLS certificate verification (`--insecure`). Traffic is still encrypted.
    public var insecure: Bool
    /// Talk plain HTTP to the registry (`--plain-http`). Loopback registries fall back
    /// to plain HTTP by themselves when they do not speak TLS.
    public var plainHTTP: Bool
    /// Overall limit for one HTTP request, head and body, in seconds.
    public var timeout: Double
    /// Limit for establishing a TCP (and TLS) connection, in seconds.
    public var connectTimeout: Double
    /// How many times one request is tried when the registry answers 429/5xx or the connection drops.
    public var maxAttempts: Int
    /// Receives one line per HTTP request (method, redacted URL, status, elapsed ms) and
    /// other diagnostics. Secrets are redacted before the closure sees them. nil: silent.
    public var debugLog: (@Sendable (String) -> Void)?
    /// Folder holding `config.json`; default `$DOCKER_CONFIG`, else `~/.docker`.
    public var dockerConfigDir: String?
    /// Environment used for `DOCKER_CONFIG`, `HOME`, `PATH` (credential helpers),
    /// `REGISTRY_AUTH_FILE` and `XDG_RUNTIME_DIR`. nil: the process environment.
    public var environment: [String: String]?

    public init(
        username: String? = nil,
        password: String? = nil,
        caCertPath: String? = nil,
        insecure: Bool = false,
        plainHTTP: Bool = false,
        timeout: Double = 30,
        connectTimeout: Double = 10,
        maxAttempts: Int = 4,
        debugLog: (@Sendable (String) -> Void)? = nil,
        dockerConfigDir: String? = nil,
        environment: [String: String]? = nil
    ) {
        self.username = username
        self.password = password
        self.caCertPath = caCertPath
        self.insecure = insecure
        self.plainHTTP = plainHTTP
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxAttempts = maxAttempts
        self.debugLog = debugLog
        self.dockerConfigDir = dockerConfigDir
        self.environment = environment
    }

    /// A debug logger writing to standard error, for `--debug`.
    public static let standardErrorLog: @Sendable (String) -> Void = { line in
        writeStandardError("cachectl: debug: " + line + "\n")
    }
}
