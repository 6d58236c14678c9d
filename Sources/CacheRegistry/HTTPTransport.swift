/// One HTTP request, as the registry client builds it.
struct HTTPRequest: Sendable {
    var method: String
    var url: String
    var headers: [(String, String)]
    var body: [UInt8]?

    init(method: String = "GET", url: String, headers: [(String, String)] = [], body: [UInt8]? = nil) {
        self.method = method; self.url = url; self.headers = headers; self.body = body
    }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// One HTTP response with its whole (capped) body.
struct HTTPResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    /// The URL that answered, when redirects were followed.
    var finalURL: String?

    init(status: Int, headers: [(String, String)] = [], body: [UInt8] = [], finalURL: String? = nil) {
        self.status = status; self.headers = headers; self.body = body; self.finalURL = finalURL
    }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    func headers(_ name: String) -> [String] {
        headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
    }

    var isSuccess: Bool { (200..<300).contains(status) }
}

/// Transport failures, classified so the client can decide on retries and fallbacks.
enum TransportError: Error, Equatable {
    /// A 2xx body is larger than allowed: `declared` when Content-Length said so, else nil (found while streaming).
    case bodyTooLarge(declared: Int?, limit: Int)
    /// The overall request timeout passed.
    case timedOut
    /// TLS failed. `certificate`: the peer's certificate was not trusted (no plain-HTTP fallback then).
    case tls(String, certificate: Bool)
    /// No connection could be made (refused, DNS, connect timeout).
    case connect(String)
    /// The connection closed or broke before the response was complete.
    case dropped(String)
    case other(String)
}

/// The one thing the registry client needs from HTTP. A transport follows no redirect: it
/// returns the 3xx response, and the client decides (`RegistryClient.followingRedirects`).
protocol HTTPTransport: Sendable {
    /// Executes `request`. A 2xx body over `bodyLimit` bytes throws `.bodyTooLarge`
    /// (from Content-Length before reading, or while streaming); other bodies are cut at 64 KiB.
    func execute(_ request: HTTPRequest, bodyLimit: Int, timeout: Double) async throws -> HTTPResponse
    /// As `execute`, but a 2xx body goes to `consumer` as it arrives (after `restart()`), and the
    /// response's `body` stays empty. What the consumer throws comes out as `ConsumerFailure`.
    func execute(_ request: HTTPRequest, bodyLimit: Int, timeout: Double, streamingTo consumer: any BlobConsumer) async throws
        -> HTTPResponse
    func shutdown() async
}

extension HTTPTransport {
    /// For transports that read bodies whole (the scripted fakes): the body, handed over at the end.
    func execute(_ request: HTTPRequest, bodyLimit: Int, timeout: Double, streamingTo consumer: any BlobConsumer) async throws
        -> HTTPResponse
    {
        var response = try await execute(request, bodyLimit: bodyLimit, timeout: timeout)
        guard response.isSuccess else { return response }
        consumer.restart()
        do { try response.body.withUnsafeBufferPointer { try consumer.consume($0) } } catch { throw ConsumerFailure(error: error) }
        response.body = []
        return response
    }
}

/// An error of a body's consumer (a layer over its byte budget), kept apart from the transport's
/// own failures so that it is neither classified nor retried.
struct ConsumerFailure: Error {
    let error: any Error
}

/// Bodies of error responses are only read this far.
let errorBodyLimit = 64 * 1024
