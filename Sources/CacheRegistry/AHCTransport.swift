import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// `HTTPTransport` over AsyncHTTPClient. AHC follows no redirect: the registry client does
/// (`RegistryClient.followingRedirects`), so that it decides what may follow one.
final class AHCTransport: HTTPTransport, @unchecked Sendable {
    private let client: HTTPClient

    /// Creates the client; no network I/O happens here.
    init(options: RegistryOptions) throws(RegistryError) {
        var tls = TLSConfiguration.makeClientConfiguration()
        if options.insecure {
            tls.certificateVerification = .none
        } else if let path = options.caCertPath {
            do {
                guard let pem = try POSIX.readFile(path, limit: 16 << 20) else {
                    throw RegistryError.caCertificate(path: path, detail: "no such file")
                }
                // Parsed from the bytes read (a regular file, not a FIFO), not by opening the path again.
                let certs = try NIOSSLCertificate.fromPEMBytes(pem)
                guard !certs.isEmpty else {
                    throw RegistryError.caCertificate(path: path, detail: "no PEM certificate in it")
                }
                tls.additionalTrustRoots = [.certificates(certs)]
            } catch let e as RegistryError {
                throw e
            } catch let e as POSIX.Failure {
                throw RegistryError.caCertificate(path: path, detail: e.description)
            } catch {
                throw RegistryError.caCertificate(path: path, detail: "it is not a PEM certificate file (\(error))")
            }
        }
        var config = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: .milliseconds(Self.milliseconds(options.connectTimeout)),
                read: .milliseconds(Self.milliseconds(options.timeout))),
            decompression: .disabled
        )
        // We retry ourselves; AHC would otherwise retry failed connects until the deadline,
        // which hides TLS errors and delays the plain-HTTP fallback.
        config.connectionPool.retryConnectionEstablishment = false
        config.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
    }

    /// Seconds → milliseconds, clamped to 1 ms … 1 day (NaN → 30 s).
    static func milliseconds(_ seconds: Double) -> Int64 {
        guard seconds.isFinite else { return seconds.isNaN ? 30_000 : 86_400_000 }
        return Int64(min(max(seconds, 0.001), 86_400) * 1000)
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    func execute(_ request: HTTPRequest, bodyLimit: Int, timeout: Double) async throws -> HTTPResponse {
        try await execute(request, bodyLimit: bodyLimit, timeout: timeout, consumer: nil)
    }

    func execute(_ request: HTTPRequest, bodyLimit: Int, timeout: Double, streamingTo consumer: any BlobConsumer) async throws
        -> HTTPResponse
    {
        try await execute(request, bodyLimit: bodyLimit, timeout: timeout, consumer: consumer)
    }

    /// A streamed body that keeps arriving is not cut by the request's time limit: every
    /// `progressBytes` received push the limit `timeout` further (a floor of 64 KiB per
    /// `--timeout`, about 2 KiB/s at 30 s). A body that drips slower still ends at the limit.
    static let progressBytes = 64 * 1024

    /// When a request gives up; pushed back by a streamed body's progress.
    actor Deadline {
        private(set) var at: ContinuousClock.Instant
        let step: Duration
        init(after step: Duration) { self.step = step; at = .now + step }
        func extend() { at = max(at, .now + step) }
    }

    private func execute(_ request: HTTPRequest, bodyLimit: Int, timeout: Double, consumer: (any BlobConsumer)?) async throws
        -> HTTPResponse
    {
        let deadline = Deadline(after: .milliseconds(Self.milliseconds(timeout)))
        do {
            return try await withThrowingTaskGroup(of: HTTPResponse?.self) { group in
                group.addTask {
                    try await self.perform(request, bodyLimit: bodyLimit, timeout: timeout, consumer: consumer, deadline: deadline)
                }
                group.addTask {
                    while true {
                        let at = await deadline.at
                        if ContinuousClock.now >= at { return nil }
                        try await Task.sleep(until: at, clock: .continuous)
                    }
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else {
                    throw TransportError.timedOut
                }
                return response
            }
        } catch let e as TransportError {
            throw e
        } catch let e as ConsumerFailure {
            throw e
        } catch {
            throw Self.classify(error)
        }
    }

    private func perform(
        _ request: HTTPRequest, bodyLimit: Int, timeout: Double, consumer: (any BlobConsumer)?,
        deadline: Deadline
    ) async throws -> HTTPResponse {
        var r = HTTPClientRequest(url: request.url)
        r.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { r.headers.add(name: name, value: value) }
        if let body = request.body { r.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(r, timeout: .milliseconds(Self.milliseconds(timeout) + 1000))
        let status = Int(response.status.code)
        let headers = response.headers.map { ($0.name, $0.value) }
        let success = (200..<300).contains(status)
        let limit = success ? bodyLimit : errorBodyLimit
        // Content-Length comes from the network: only a plain non-negative decimal is believed.
        let declared = response.headers.first(name: "content-length").flatMap { HTTPNumber.decimal($0) }
        if success, let declared, declared > limit {
            throw TransportError.bodyTooLarge(declared: declared, limit: limit)
        }
        if success, let consumer {
            // Streamed: each chunk goes on as it comes; nothing is kept.
            consumer.restart()
            var count = 0, mark = 0
            for try await chunk in response.body {
                count += chunk.readableBytes
                if count > limit { throw TransportError.bodyTooLarge(declared: nil, limit: limit) }
                if count - mark >= Self.progressBytes { mark = count; await deadline.extend() }
                do { try chunk.withUnsafeReadableBytes { try consumer.consume($0.bindMemory(to: UInt8.self)) } } catch {
                    throw ConsumerFailure(error: error)
                }
            }
            return HTTPResponse(status: status, headers: headers, body: [], finalURL: response.history.last?.request.url)
        }
        var body: [UInt8] = []
        // One allocation of the declared size, chunks copied straight in (no array per chunk).
        if let declared, declared > 0 { body.reserveCapacity(min(declared, limit)) }
        for try await chunk in response.body {
            let view = chunk.readableBytesView
            if body.count + view.count > limit {
                if success { throw TransportError.bodyTooLarge(declared: nil, limit: limit) }
                body.append(contentsOf: view.prefix(limit - body.count))
                break
            }
            body.append(contentsOf: view)
        }
        let finalURL = response.history.last?.request.url
        return HTTPResponse(status: status, headers: headers, body: body, finalURL: finalURL)
    }

    /// `…OPENSSL_internal:WRONG_VERSION_NUMBER at …` → `WRONG_VERSION_NUMBER`.
    static func shortTLS(_ text: String) -> String {
        if let r = text.range(of: "OPENSSL_internal:") {
            let rest = text[r.upperBound...]
            let code = rest.prefix { $0 != " " && $0 != "]" && $0 != ")" }
            if !code.isEmpty { return String(code) }
        }
        return String(text.prefix(200))
    }

    static func classify(_ error: Error) -> TransportError {
        if let e = error as? TransportError { return e }
        let text = String(describing: error)
        if error is CancellationError { return .timedOut }
        if text.contains("UnknownHost") || text.contains("Name or service not known") {
            return .connect("the host name does not resolve (DNS)")
        }
        if let e = error as? HTTPClientError {
            switch e {
            case .deadlineExceeded, .readTimeout, .writeTimeout: return .timedOut
            case .connectTimeout: return .connect("connect timed out")
            case .tlsHandshakeTimeout: return .tls("TLS handshake timed out", certificate: false)
            case .remoteConnectionClosed: return .dropped("the server closed the connection")
            case .redirectLimitReached: return .other("too many redirects")
            case .redirectCycleDetected: return .other("redirect loop")
            case .bodyLengthMismatch: return .dropped("body length does not match Content-Length")
            case .cancelled: return .timedOut
            default: return .other(text)
            }
        }
        if let e = error as? NIOSSLExtraError, e == .failedToValidateHostname {
            return .tls("the certificate does not name this host", certificate: true)
        }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            let cert = text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify") || text.contains("hostname")
            return .tls(cert ? "certificate verification failed" : shortTLS(text), certificate: cert)
        }
        if error is HTTPParserError { return .dropped("malformed or truncated HTTP response (\(text))") }
        if let e = error as? ChannelError {
            switch e {
            case .connectTimeout: return .connect("connect timed out")
            case .ioOnClosedChannel, .eof, .alreadyClosed, .outputClosed, .inputClosed: return .dropped("the connection closed")
            default: return .other(text)
            }
        }
        if error is NIOConnectionError || text.contains("Connection refused") || text.contains("connection refused") {
            return .connect(text.contains("efused") ? "connection refused" : text)
        }
        if let io = error as? IOError {
            return io.errnoCode == 104 || io.errnoCode == 32 ? .dropped("connection reset") : .connect(text)
        }
        if text.contains("lookup") { return .connect(text) }
        return .other(text)
    }
}
