import ArgumentParser
import CacheModel
import CacheRegistry
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

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, dot, markdown, sarif, github
}

/// Loads references with one shared registry client.
final class Loader {
    let options: SourceOptions
    var client: RegistryClient?

    init(_ options: SourceOptions) { self.options = options }

    func load(_ text: String, allPlatforms: Bool = false) async throws -> LoadedTarget {
        let ref: ImageReference
        do { ref = try ImageReference.parse(text) } catch { throw UsageError(message: error.description) }
        switch ref {
        case let .layout(l):
            return try await ImageLoader.load(from: OCILayoutSource(l), manifestReference: OCILayoutSource.manifestReference(l),
                                              displayReference: text, platform: options.parsedPlatform, allPlatforms: allPlatforms)
        case let .registry(r):
            if client == nil { client = RegistryClient(options: options.registryOptions()) }
            return try await ImageLoader.load(from: client!.source(for: r), manifestReference: r.manifestReference,
                                              displayReference: text, platform: options.parsedPlatform, allPlatforms: allPlatforms)
        }
    }

    /// One image (for inspect/diff of images).
    func loadImage(_ text: String) async throws -> LoadedImage {
        switch try await load(text) {
        case let .images(images, _):
            guard let first = images.first else { throw LoadError.unexpectedDocument("\(text) holds no image") }
            return first
        case .cacheExport:
            throw LoadError.unexpectedDocument("\(Sanitize.quoted(text)) is a BuildKit cache export, not an image")
        }
    }

    func close() async { await client?.shutdown() }
}

struct UsageError: UserFacingError {
    let message: String
    var exitCode: Int32 { 64 }
    var description: String { message }
}

/// Runs a command body: user-facing errors become one line on stderr and their exit code.
func runReporting(_ loader: Loader?, _ body: () async throws -> Int32) async throws {
    var code: Int32 = 0
    do {
        code = try await body()
    } catch let e as UserFacingError {
        await loader?.close()
        Terminal.error(e.description)
        throw ExitCode(e.exitCode)
    } catch let e as ExitCode {
        await loader?.close()
        throw e
    } catch {
        await loader?.close()
        Terminal.error(Sanitize.inline("\(error)"))
        throw ExitCode(2)
    }
    await loader?.close()
    if code != 0 { throw ExitCode(code) }
}

enum Terminal {
    static func write(_ s: String) {
        var s = s
        s.withUTF8 { buf in
            var off = 0
            while off < buf.count {
                let n = Glibc.write(1, buf.baseAddress! + off, buf.count - off)
                if n <= 0 { return }
                off += n
            }
        }
    }

    static func error(_ s: String) {
        let line = "cachectl: error: " + s + "\n"
        var l = line
        l.withUTF8 { buf in _ = Glibc.write(2, buf.baseAddress!, buf.count) }
    }

    /// Colour only on a terminal, and never when NO_COLOR is set.
    static var useColor: Bool {
        if let v = getenv("NO_COLOR"), v.pointee != 0 { return false }
        if let t = getenv("TERM"), String(cString: t) == "dumb" { return false }
        return isatty(1) == 1
    }
}
