import ArgumentParser
import CacheModel
import CacheRegistry
import CacheReports

#if canImport(Glibc)
    import Glibc
#endif

/// Flags shared by every command that reads images: the platform to pick, and registry access.
struct SourceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Platform to pick from a multi-platform index (local: this machine's).", valueName: "os/arch[/variant]"))
    var platform: String?

    @OptionGroup var access: RegistryAccess

    func validate() throws {
        if let platform { _ = try RegistryAccess.usage { try Platform(parsing: platform) } }
    }

    static func usage<T>(_ body: () throws -> T) throws -> T { try RegistryAccess.usage(body) }

    var parsedPlatform: Platform? { platform.flatMap { try? Platform(parsing: $0) } }

    func registryOptions() -> RegistryOptions { access.registryOptions() }
}

/// Registry access: credentials, TLS, time limits, the request log.
struct RegistryAccess: ParsableArguments {
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

    @Option(
        help: ArgumentHelp(
            "Time limit for each HTTP request, in seconds; a layer blob that keeps arriving (64 KiB per limit) is not cut.",
            valueName: "seconds"))
    var timeout: Double = 30

    @Flag(help: "Log each registry request (method, URL, status, time) to standard error, secrets redacted.")
    var debug = false

    func validate() throws {
        if passwordStdin && username == nil { throw ValidationError("--password-stdin needs --username") }
        if username != nil && !passwordStdin {
            throw ValidationError("--username needs --password-stdin (passwords are never taken from the command line)")
        }
        if !(timeout > 0 && timeout <= 3600) { throw ValidationError("--timeout must be between 0 and 3600 seconds") }
        if insecure && plainHttp { throw ValidationError("--insecure and --plain-http cannot be combined") }
    }

    static func usage<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as ModelError { throw ValidationError(e.description) }
    }

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
        return RegistryOptions(
            username: username, password: password, caCertPath: caCert, insecure: insecure,
            plainHTTP: plainHttp, timeout: timeout,
            debugLog: debug ? RegistryOptions.standardErrorLog : nil)
    }
}
