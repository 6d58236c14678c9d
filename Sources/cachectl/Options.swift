import ArgumentParser
import CacheModel
import CacheRegistry
import CacheReports
#if canImport(Glibc)
import Glibc
#endif

/// Flags shared by every command that reads images.
struct SourceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Platform to pick from a multi-platform index (local: this machine's).", valueName: "os/arch[/variant]"))
    var platform: String?

    @Option(help: "Registry user name; the password is read from standard input (--password-stdin).")
    var username: String?

    @Flag(help: "Read the registry password (or token) from standard input.")
    var passwordStdin = false

    @Option(help: ArgumentHelp("PEM file of a CA to trust in addition to the system roots.", valueName: "file"))
    var caCert: String?

    @Flag(help: "Skip TLS certificate verification.")
    var insecure = false

    @Flag(help: "Talk plain HTTP to the registry (loopback registries fall back to it by themselves).")
    var plainHttp = false

    @Option(help: ArgumentHelp("Time limit for each HTTP request, in seconds.", valueName: "seconds"))
    var timeout: Double = 30

    @Flag(help: "Log each registry request (method, URL, status, time) to standard error, secrets redacted.")
    var debug = false

    func validate() throws {
        if let platform { _ = try Self.usage { try Platform(parsing: platform) } }
        if passwordStdin && username == nil { throw ValidationError("--password-stdin needs --username") }
        if username != nil && !passwordStdin { throw ValidationError("--username needs --password-stdin (passwords are never taken from the command line)") }
        if !(timeout > 0 && timeout <= 3600) { throw ValidationError("--timeout must be between 0 and 3600 seconds") }
        if insecure && plainHttp { throw ValidationError("--insecure and --plain-http cannot be combined") }
    }

    static func usage<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as ModelError { throw ValidationError(e.description) }
    }

    var parsedPlatform: Platform? { platform.flatMap { try? Platform(parsing: $0) } }

    func registryOptions() -> RegistryOptions {
        var password: String?
        if passwordStdin {
            var bytes: [UInt8] = []
            var buf = [UInt8](repeating: 0, count: 4096)
            while bytes.count < 1 << 20 {
                let n = read(0, &buf, buf.count)
                if n <= 0 { break }
                bytes.append(contentsOf: buf[0..<n])
            }
            var text = String(decoding: bytes, as: UTF8.self)
            while text.last == "\n" || text.last == "\r" { text.removeLast() }
            password = text
        }
        return RegistryOptions(username: username, password: password, caCertPath: caCert, insecure: insecure,
                               plainHTTP: plainHttp, timeout: timeout,
                               debugLog: debug ? RegistryOptions.standardErrorLog : nil)
    }
}

/// `--format`: one of the formats report `R` offers. The parser accepts only those, and `--help`
/// and the man page list only those.
struct FormatOption<R: ReportOutput>: ExpressibleByArgument, Sendable {
    let format: OutputFormat

    init(_ format: OutputFormat) { self.format = format }

    init?(argument: String) {
        guard let f = OutputFormat(rawValue: argument), R.formats.contains(f) else { return nil }
        format = f
    }

    static var text: Self { Self(.text) }
    static var allValueStrings: [String] { R.formats.map(\.rawValue) }
    var defaultValueDescription: String { format.rawValue }
}

extension SourceOptions {
    /// The resolver a command loads its references with; the password is read from standard
    /// input only when the first registry reference is loaded.
    func resolver() -> ImageResolver {
        let options = self
        return ImageResolver(platform: parsedPlatform) { options.registryOptions() }
    }
}

/// Loads references for a command: reference syntax errors are usage errors (exit 64); loading
/// goes through one `ImageResolver` (one registry client, concurrent loads).
final class Loader {
    let resolver: ImageResolver

    init(_ options: SourceOptions) { resolver = options.resolver() }

    func checked(_ text: String) throws {
        do { _ = try ImageReference.parse(text) } catch { throw UsageError(message: error.description) }
    }

    func load(_ text: String, allPlatforms: Bool = false) async throws -> LoadedTarget {
        try checked(text)
        return try await resolver.load(text, allPlatforms: allPlatforms)
    }

    /// Several references at once, results in their order.
    func loadAll(_ texts: [String], allPlatforms: Bool = false) async throws -> [LoadedTarget] {
        for t in texts { try checked(t) }
        return try await resolver.loadAll(texts, allPlatforms: allPlatforms)
    }

    /// The one registry client of this run (the resolver's), created on first use.
    func registryClient() async -> RegistryClient {
        await resolver.registryClient()
    }

    func close() async {
        await resolver.shutdown()
    }
}

struct UsageError: UserFacingError {
    let message: String
    var exitCode: Int32 { 64 }
    var description: String { message }
}

/// Runs a command body: user-facing errors become one line on stderr and their exit code.
func runReporting(_ resolver: ImageResolver?, _ body: () async throws -> Int32) async throws {
    try await runReporting(close: { await resolver?.shutdown() }, body)
}

func runReporting(_ loader: Loader, _ body: () async throws -> Int32) async throws {
    try await runReporting(close: { await loader.close() }, body)
}

func runReporting(close: () async -> Void, _ body: () async throws -> Int32) async throws {
    var code: Int32 = 0
    do {
        code = try await body()
    } catch let e as UserFacingError {
        await close()
        Terminal.error(e.description)
        throw ExitCode(e.exitCode)
    } catch let e as ExitCode {
        await close()
        throw e
    } catch {
        await close()
        Terminal.error(Sanitize.inline("\(error)"))
        throw ExitCode(2)
    }
    await close()
    if code != 0 { throw ExitCode(code) }
}

/// Standard output could not be written (closed, full, an I/O error): exit 2, one message.
struct OutputError: UserFacingError {
    let reason: String
    var exitCode: Int32 { 2 }
    var description: String { "cannot write the output to standard output: \(reason)" }
}

enum Terminal {
    /// Set by `guardStandardDescriptors()` when cachectl was started with stdout closed.
    nonisolated(unsafe) static var stdoutWasClosed = false

    /// A closed stdin, stdout or stderr is held open on /dev/null, so that no file or socket
    /// cachectl opens later gets descriptor 0, 1 or 2 (and our output). Writes to a stdout
    /// that was closed still fail.
    static func guardStandardDescriptors() {
        for fd: Int32 in [0, 1, 2] where fcntl(fd, F_GETFD) < 0 && errno == EBADF {
            if fd == 1 { stdoutWasClosed = true }
            let null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
            if null >= 0 && null != fd { dup2(null, fd); close(null) }
        }
    }

    /// Writes all of `s` to stdout. A reader that went away (EPIPE, `| head`) ends cachectl
    /// quietly, as SIGPIPE would; any other failure is an `OutputError`.
    static func write(_ s: String) throws {
        var s = s
        var failure: Int32 = 0
        s.withUTF8 { failure = writeAll(UnsafeRawBufferPointer($0)) }
        try finish(failure)
    }

    /// A rendered report: text, or JSON streamed as jansson produces it.
    static func write(_ r: Rendered) throws {
        switch r {
        case let .text(s): try write(s)
        case let .json(j): try write(j)
        }
    }

    /// JSON output, written as jansson produces it (never the whole text in memory).
    static func write(_ json: JSONNode) throws {
        var failure: Int32 = 0
        json.serialize(into: { bytes in if failure == 0 { failure = writeAll(bytes) } })
        try finish(failure)
    }

    /// Writes all of `bytes` to stdout; the errno of a failed write, else 0.
    static func writeAll(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        if stdoutWasClosed { return EBADF }
        var off = 0
        while off < bytes.count {
            let n = Glibc.write(1, bytes.baseAddress! + off, bytes.count - off)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return n < 0 ? errno : EIO }
            off += n
        }
        return 0
    }

    static func finish(_ failure: Int32) throws {
        if failure == EPIPE {
            signal(SIGPIPE, SIG_DFL)
            raise(SIGPIPE)
            exit(141)
        }
        if failure != 0 { throw OutputError(reason: String(cString: strerror(failure))) }
    }

    /// One line on stderr, escaped whatever it holds.
    static func error(_ s: String) {
        let line = "cachectl: error: " + Sanitize.inline(s) + "\n"
        CacheRegistry.writeStandardError(line)
    }

    /// Colour only on a terminal, and never when NO_COLOR is set.
    static var useColor: Bool {
        if let v = getenv("NO_COLOR"), v.pointee != 0 { return false }
        if let t = getenv("TERM"), String(cString: t) == "dumb" { return false }
        return isatty(1) == 1
    }
}
