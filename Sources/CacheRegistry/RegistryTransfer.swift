import CacheModel

/// The retry loop under every registry request: backoff and Retry-After, the loopback scheme
/// fallback, redirects that never carry credentials to another origin.
extension RegistryClient {
    /// One logical request: retries on 429/5xx and dropped connections with backoff and
    /// `Retry-After`; for a loopback host, falls back from https to http once when TLS fails.
    /// `schemeKnown` is called as soon as the fallback has picked plain HTTP.
    /// With a `consumer`, a 2xx body streams to it (restarted on every retry) instead of being kept.
    func send(
        _ original: HTTPRequest, bodyLimit: Int, what: String, fallbackHost: String?,
        schemeKnown: (@Sendable () async -> Void)? = nil, consumer: (any BlobConsumer)? = nil
    ) async throws -> HTTPResponse {
        let transport = try await state.transport()
        var request = original
        var attempt = 1
        var triedFallback = false
        while true {
            let started = ContinuousClock.now
            let shown = Redaction.url(request.url)
            do {
                let response = try await followingRedirects(request, transport: transport, bodyLimit: bodyLimit, consumer: consumer)
                let ms = Self.milliseconds(since: started)
                let redirected = response.finalURL.flatMap { $0 == request.url ? nil : " (redirected to \(Redaction.url($0)))" } ?? ""
                await log("\(request.method) \(shown) → \(response.status) in \(ms) ms\(redirected)")
                if let host = fallbackHost {
                    await state.setScheme(request.url.hasPrefix("http://") ? "http" : "https", for: host)
                }
                if RetryPolicy.isRetryable(status: response.status),
                    let delay = policy.delay(afterAttempt: attempt, retryAfter: response.header("Retry-After"))
                {
                    await log(
                        "retrying \(shown) in \(Self.format(delay)) s after HTTP \(response.status) (attempt \(attempt + 1) of \(policy.maxAttempts))"
                    )
                    try await sleep(delay)
                    attempt += 1
                    continue
                }
                return response
            } catch let failure as ConsumerFailure {
                throw failure.error
            } catch let error as TransportError {
                let ms = Self.milliseconds(since: started)
                await log("\(request.method) \(shown) → failed in \(ms) ms: \(Self.describe(error))")
                switch error {
                case let .tls(detail, certificate):
                    if !certificate, let host = fallbackHost, !triedFallback, request.url.hasPrefix("https://") {
                        triedFallback = true
                        request.url = "http://" + request.url.dropFirst("https://".count)
                        await log("\(host) is a loopback registry that does not speak TLS; trying plain HTTP")
                        // It answered, without TLS: the other requests to this host need not try TLS again.
                        await state.setScheme("http", for: host)
                        await schemeKnown?()
                        continue
                    }
                    throw RegistryError.tls(host: Self.host(of: request.url), detail: detail, certificate: certificate)
                case let .dropped(detail):
                    if let host = fallbackHost, !triedFallback, request.url.hasPrefix("https://") {
                        triedFallback = true
                        request.url = "http://" + request.url.dropFirst("https://".count)
                        await log("\(host) closed the TLS connection; trying plain HTTP")
                        continue
                    }
                    if let delay = policy.delay(afterAttempt: attempt) {
                        await log(
                            "retrying \(shown) in \(Self.format(delay)) s after a dropped connection (attempt \(attempt + 1) of \(policy.maxAttempts))"
                        )
                        try await sleep(delay)
                        attempt += 1
                        continue
                    }
                    throw RegistryError.connectionDropped(url: shown, attempts: attempt, detail: detail)
                case .timedOut:
                    throw RegistryError.timedOut(url: shown, seconds: options.timeout)
                case let .connect(detail):
                    throw RegistryError.connectionFailed(host: Self.host(of: request.url), detail: detail)
                case let .bodyTooLarge(declared, limit):
                    throw ModelError.tooLarge(what: what, size: declared, limit: limit)
                case let .other(detail):
                    throw RegistryError.invalidResponse(url: shown, detail: await scrubbed(detail) ?? detail)
                }
            }
        }
    }

    /// At most this many redirects per request.
    static let maxRedirects = 5

    /// Executes `request`, following redirects here (the transport follows none) so that no
    /// secret leaves its origin: Authorization (Basic credentials or a Bearer token) is dropped
    /// on a redirect to another scheme, host or port, and a request with a body (the POST that
    /// carries a refresh token) is followed only by a 307/308 to its own origin, never replayed
    /// elsewhere nor turned into a GET.
    func followingRedirects(
        _ request: HTTPRequest, transport: HTTPTransport, bodyLimit: Int,
        consumer: (any BlobConsumer)? = nil
    ) async throws -> HTTPResponse {
        let origin = Redirects.origin(of: request.url)
        var current = request
        var visited: Set<String> = [request.url]
        for _ in 0...Self.maxRedirects {
            var response: HTTPResponse
            if let consumer {
                response = try await transport.execute(current, bodyLimit: bodyLimit, timeout: options.timeout, streamingTo: consumer)
            } else {
                response = try await transport.execute(current, bodyLimit: bodyLimit, timeout: options.timeout)
            }
            guard Redirects.statuses.contains(response.status), let location = response.header("Location") else {
                if current.url != request.url { response.finalURL = current.url }
                return response
            }
            guard let next = Redirects.resolve(location, against: current.url) else {
                throw TransportError.other(
                    "HTTP \(response.status) redirect to an unusable location \(Sanitize.quoted(Redaction.url(location)))")
            }
            let sameOrigin = Redirects.origin(of: next) == origin
            await log(
                "\(current.method) \(Redaction.url(current.url)) → \(response.status), redirected to \(Redaction.url(next))"
                    + (sameOrigin ? "" : " (another origin: credentials are not sent there)"))
            if current.method != "GET" && current.method != "HEAD" {
                guard (response.status == 307 || response.status == 308) && sameOrigin else {
                    throw TransportError.other(
                        "the \(current.method) request was redirected (HTTP \(response.status)) to \(Redaction.url(next)); "
                            + "a request carrying credentials is only re-sent to its own origin by a 307 or 308, so it was not followed")
                }
            }
            guard visited.insert(next).inserted else { throw TransportError.other("redirect loop") }
            current.url = next
            if !sameOrigin {
                current.headers.removeAll { Redirects.originBoundHeaders.contains($0.0.lowercased()) }
            }
        }
        throw TransportError.other("too many redirects (more than \(Self.maxRedirects))")
    }

    static func describe(_ e: TransportError) -> String {
        switch e {
        case let .bodyTooLarge(declared, limit): return "body over \(limit) bytes" + (declared.map { " (Content-Length \($0))" } ?? "")
        case .timedOut: return "timed out"
        case let .tls(d, _): return "TLS: \(d)"
        case let .connect(d): return "connect: \(d)"
        case let .dropped(d): return "dropped: \(d)"
        case let .other(d): return d
        }
    }

    static func host(of url: String) -> String {
        var s = Substring(url)
        if let r = s.range(of: "://") { s = s[r.upperBound...] }
        if let slash = s.firstIndex(where: { $0 == "/" || $0 == "?" }) { s = s[..<slash] }
        if let at = s.lastIndex(of: "@") { s = s[s.index(after: at)...] }
        return String(s)
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let d = ContinuousClock.now - start
        return Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
    }

    static func format(_ seconds: Double) -> String {
        let ms = Int((seconds * 1000).rounded())
        return ms % 1000 == 0 ? String(ms / 1000) : "\(ms / 1000).\(String(ms % 1000 + 1000).dropFirst())"
    }
}
