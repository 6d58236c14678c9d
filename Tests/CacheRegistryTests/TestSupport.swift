import CacheModel

@testable import CacheRegistry

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fresh temporary directory, removed by `remove()`.
struct TempDir {
    let path: String

    init() {
        var template = Array("/tmp/cachectl-reg-test-XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = String(cString: p!)
    }

    func write(_ name: String, _ text: String, mode: mode_t = 0o644) {
        let full = path + "/" + name
        if let slash = name.lastIndex(of: "/") {
            mkdirs(path + "/" + String(name[..<slash]))
        }
        let f = fopen(full, "w")!
        fputs(text, f)
        fclose(f)
        chmod(full, mode)
    }

    func mkdirs(_ dir: String) {
        var current = ""
        for part in dir.split(separator: "/") {
            current += "/" + part
            mkdir(current, 0o755)
        }
    }

    func read(_ name: String) -> String? {
        guard let bytes = try? POSIX.readFile(path + "/" + name, limit: 1 << 20) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    func remove() {
        _ = try? POSIX.run(path: "/bin/rm", arguments: ["-rf", path], env: [:], input: [])
    }
}

/// A scripted `HTTPTransport`: answers each request with `handler` and records it.
actor FakeTransport: HTTPTransport {
    typealias Handler = @Sendable (HTTPRequest, Int) throws -> HTTPResponse
    private let handler: Handler
    private(set) var requests: [HTTPRequest] = []

    init(_ handler: @escaping Handler) { self.handler = handler }

    func execute(_ request: HTTPRequest, bodyLimit: Int, timeout: Double) async throws -> HTTPResponse {
        requests.append(request)
        let response = try handler(request, requests.count)
        if response.isSuccess && response.body.count > bodyLimit {
            throw TransportError.bodyTooLarge(declared: response.body.count, limit: bodyLimit)
        }
        return response
    }

    func shutdown() async {}
}

/// Records sleeps and log lines.
final class Recorder: @unchecked Sendable {
    private var lock = pthread_mutex_t()
    private var _sleeps: [Double] = []
    private var _lines: [String] = []
    init() { pthread_mutex_init(&lock, nil) }
    func sleep(_ s: Double) { pthread_mutex_lock(&lock); _sleeps.append(s); pthread_mutex_unlock(&lock) }
    func line(_ l: String) { pthread_mutex_lock(&lock); _lines.append(l); pthread_mutex_unlock(&lock) }
    var sleeps: [Double] { pthread_mutex_lock(&lock); defer { pthread_mutex_unlock(&lock) }; return _sleeps }
    var lines: [String] { pthread_mutex_lock(&lock); defer { pthread_mutex_unlock(&lock) }; return _lines }
}

func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

/// Options with no ambient credentials: an empty environment and a config folder that does not exist.
func isolatedOptions(_ modify: (inout RegistryOptions) -> Void = { _ in }) -> RegistryOptions {
    var o = RegistryOptions(dockerConfigDir: "/nonexistent-cachectl-test", environment: ["HOME": "/nonexistent-cachectl-test"])
    modify(&o)
    return o
}

func makeClient(_ options: RegistryOptions, _ transport: FakeTransport, _ recorder: Recorder) -> RegistryClient {
    var o = options
    o.debugLog = { recorder.line($0) }
    return RegistryClient(options: o, transport: transport, sleep: { recorder.sleep($0) })
}
