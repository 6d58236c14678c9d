import CacheModel

/// One repository of one registry, as a `ContentSource`.
struct RegistrySource: ContentSource {
    let client: RegistryClient
    /// As named in the reference (`docker.io`, `127.0.0.1:5000`): the credential key.
    let registry: String
    /// Where HTTP goes (`registry-1.docker.io` for Docker Hub).
    let apiHost: String
    let repository: String
    let isLoopback: Bool

    var repoKey: String { "\(apiHost)/\(repository)" }

    // MARK: ContentSource

    func manifest(_ reference: String) async throws -> FetchedManifest {
        let byDigest = reference.contains(":") ? try? Digest(parsing: reference) : nil
        let what = byDigest != nil ? "manifest \(reference)" : "manifest \(Sanitize.quoted(reference))"
        let response = try await get(path: "/v2/\(repository)/manifests/\(reference)",
                                     accept: RegistryClient.manifestAccept,
                                     bodyLimit: Limits.manifestBytes, what: what,
                                     kind: "manifest", reference: reference)
        let bytes = response.body
        let actual = Digest.sha256(of: bytes)
        if let expected = byDigest {
            guard expected.verify(bytes) else {
                throw ModelError.digestMismatch(what: what, expected: expected,
                                                actual: expected.algorithm == "sha256" ? actual.description : "a \(expected.algorithm) digest we cannot verify")
            }
        } else if let header = response.header("Docker-Content-Digest"), let declared = try? Digest(parsing: header.trimmingSpaces),
                  declared.algorithm == "sha256", declared != actual {
            throw ModelError.digestMismatch(what: "\(what) (Docker-Content-Digest header)", expected: declared, actual: actual.description)
        }
        let mediaType = response.header("Content-Type").map { ct -> String in
            let main = ct.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ct
            return main.trimmingSpaces
        }.flatMap { $0.isEmpty ? nil : $0 }
        return FetchedManifest(bytes: bytes, mediaType: mediaType, digest: actual)
    }

    func blob(_ digest: Digest, maxBytes: Int) async throws -> [UInt8] {
        let what = "blob \(digest)"
        let response = try await get(path: "/v2/\(repository)/blobs/\(digest)", accept: nil,
                                     bodyLimit: maxBytes, what: what, kind: "blob", reference: digest.description)
        guard digest.verify(response.body) else {
            throw ModelError.digestMismatch(what: what, expected: digest,
                                            actual: digest.algorithm == "sha256" ? Digest.sha256(of: response.body).description : "a \(digest.algorithm) digest we cannot verify")
        }
        return response.body
    }

    // MARK: Request pipeline: auth → retries → scheme fallback → transport

    /// GETs a registry path, authenticating on 401, and maps failure statuses to `RegistryError`.
    func get(path: String, accept: String?, bodyLimit: Int, what: String, kind: String, reference: String) async throws -> HTTPResponse {
        var authenticated = false
        while true {
            var headers: [(String, String)] = []
            if let accept { headers.append(("Accept", accept)) }
            let sentAuth = try await authorizationHeader()
            if let sentAuth { headers.append(("Authorization", sentAuth)) }
            let response = try await sendToRegistry(path: path, headers: headers, bodyLimit: bodyLimit, what: what)
            if response.status == 401 && !authenticated {
                authenticated = true
                try await authenticate(challenges: AuthChallenge.parse(response.headers("WWW-Authenticate")), response: response,
                                       refusedToken: sentAuth?.hasPrefix("Bearer ") == true)
                continue
            }
            if response.isSuccess { return response }
            throw try await failure(response, kind: kind, reference: reference, method: "GET", path: path)
        }
    }

    /// The Authorization value we already know for this repository, if any.
    func authorizationHeader() async throws -> String? {
        let state = client.state
        if let challenge = await state.challenges[repoKey] {
            if challenge.scheme == "bearer" {
                let key = tokenKey(challenge)
                if let token = await state.token(for: key) { return "Bearer \(token)" }
                // Expired: fetch a new one proactively.
                let token = try await fetchToken(challenge)
                return "Bearer \(token)"
            }
            if challenge.scheme == "basic" { return await state.basicAuth[apiHost] }
        }
        return nil
    }

    func credential() async throws -> RegistryCredential? {
        let state = client.state
        if let cached = await state.cachedCredential(registry) { return cached }
        let found = try CredentialLookup(options: client.options).credential(registry: registry, repository: repository)
        await state.storeCredential(found, for: registry)
        if let found { await client.log("using credentials from \(found.source) for \(registry)") }
        return found
    }

    /// Handles a 401: Bearer token handshake or Basic credentials. Throws `.unauthorized` when we cannot answer it.
    /// `refusedToken`: the request carried a Bearer token that the registry refused (expired or
    /// revoked), so the cached token for the new challenge is dropped before asking again.
    func authenticate(challenges: [AuthChallenge], response: HTTPResponse, refusedToken: Bool = false) async throws {
        let state = client.state
        let detail = await client.scrubbed(RegistryErrorDetail.summary(RegistryErrorDetail.parse(response.body)))
        if let bearer = challenges.first(where: { $0.scheme == "bearer" }), let realm = bearer.realm, !realm.isEmpty {
            await state.setChallenge(bearer, for: repoKey)
            if refusedToken { await state.dropToken(tokenKey(bearer)) }
            _ = try await fetchToken(bearer)
            return
        }
        if let basic = challenges.first(where: { $0.scheme == "basic" }) {
            let cred = try await credential()
            guard let cred, case let .basic(user, password) = cred.secret else {
                throw RegistryError.unauthorized(host: registry, repository: repository, credentialSource: cred?.source, detail: detail)
            }
            let header = "Basic " + Base64.encode(Array("\(user):\(password)".utf8))
            await state.addSecrets([header, String(header.dropFirst(6))])
            await state.setBasic(header, for: apiHost)
            await state.setChallenge(basic, for: repoKey)
            return
        }
        let cred = try? await credential()
        throw RegistryError.unauthorized(host: registry, repository: repository, credentialSource: cred?.source,
                                         detail: detail ?? (challenges.isEmpty ? "no WWW-Authenticate challenge" : nil))
    }

    func tokenKey(_ c: AuthChallenge) -> String {
        "\(c.realm ?? "")|\(c.service ?? "")|\(scope(c))"
    }

    func scope(_ c: AuthChallenge) -> String {
        if let s = c.scope, !s.isEmpty { return s }
        return "repository:\(repository):pull"
    }

    /// The token handshake: `GET realm?service=…&scope=…` (Basic credentials if we have them),
    /// or `POST realm` with `grant_type=refresh_token` for an identity token. Cached per realm/service/scope.
    func fetchToken(_ challenge: AuthChallenge) async throws -> String {
        let key = tokenKey(challenge)
        if let cached = await client.state.token(for: key) { return cached }
        return try await client.state.sharedTokenFetch(key) { try await requestToken(challenge, key: key) }
    }

    private func requestToken(_ challenge: AuthChallenge, key: String) async throws -> String {
        let state = client.state
        if let cached = await state.token(for: key) { return cached }
        guard let realm = challenge.realm, realm.lowercased().hasPrefix("https://") || realm.lowercased().hasPrefix("http://") else {
            throw RegistryError.tokenExchange(realm: challenge.realm ?? "(none)", detail: "the realm is not an http(s) URL")
        }
        let cred = try await credential()
        var query: [(String, String)] = []
        if let service = challenge.service { query.append(("service", service)) }
        query.append(("scope", scope(challenge)))
        var request: HTTPRequest
        switch cred?.secret {
        case let .identityToken(refresh)?:
            var form = query
            form.append(("grant_type", "refresh_token"))
            form.append(("refresh_token", refresh))
            form.append(("client_id", "cachectl"))
            request = HTTPRequest(method: "POST", url: realm,
                                  headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                  body: Array(URLEncoding.form(form).utf8))
        case let .basic(user, password)?:
            request = HTTPRequest(url: URLEncoding.append(query, to: realm))
            let header = "Basic " + Base64.encode(Array("\(user):\(password)".utf8))
            await state.addSecrets([header, String(header.dropFirst(6))])
            request.headers.append(("Authorization", header))
        case nil:
            request = HTTPRequest(url: URLEncoding.append(query, to: realm))
        }
        await state.countTokenRequest()
        let response = try await client.send(request, bodyLimit: 1 << 20, what: "token from \(Redaction.url(realm))",
                                             fallbackHost: nil)
        if response.status == 401 || response.status == 403 {
            let detail = await client.scrubbed(RegistryErrorDetail.summary(RegistryErrorDetail.parse(response.body)))
            throw RegistryError.unauthorized(host: registry, repository: repository, credentialSource: cred?.source,
                                             detail: detail ?? "the token server answered \(response.status)")
        }
        guard response.isSuccess else {
            let detail = await client.scrubbed(RegistryErrorDetail.summary(RegistryErrorDetail.parse(response.body)))
            throw RegistryError.tokenExchange(realm: Redaction.url(realm), detail: "HTTP \(response.status)" + (detail.map { ": \($0)" } ?? ""))
        }
        guard let doc = try? JSONDocument(parsing: response.body, what: "token response"),
              let token = doc.value["token"]?.string.flatMap({ $0.isEmpty ? nil : $0 })
                ?? doc.value["access_token"]?.string.flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw RegistryError.tokenExchange(realm: Redaction.url(realm), detail: "the answer has no \"token\" or \"access_token\"")
        }
        // A token is sent as a header value: CR, LF or any other control character would let the
        // server forge headers (and the HTTP client's refusal quotes the token). Refused here.
        guard !token.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            await state.addSecrets([token])
            throw RegistryError.tokenExchange(realm: Redaction.url(realm),
                                              detail: "the token in the answer contains control characters (CR, LF…), which cannot be sent in a header; refusing it")
        }
        let expiresIn = doc.value["expires_in"]?.int ?? 60
        await state.storeToken(token, expiresIn: expiresIn, for: key)
        return token
    }

    /// Sends to the registry host: picks https/http (loopback falls back to http when TLS fails).
    /// While a loopback host's scheme is unknown, its first request goes alone and the others
    /// wait until it has found out (so concurrent loads make one failed TLS attempt, not one each).
    func sendToRegistry(path: String, headers: [(String, String)], bodyLimit: Int, what: String) async throws -> HTTPResponse {
        let state = client.state
        var known = await state.schemes[apiHost]
        let gate = "scheme|\(apiHost)"
        var first = false
        if !client.options.plainHTTP && isLoopback && known == nil {
            first = await state.goFirst(gate)
            if !first { known = await state.schemes[apiHost] }
        }
        let scheme = client.options.plainHTTP ? "http" : (known ?? "https")
        let request = HTTPRequest(url: "\(scheme)://\(apiHost)\(path)", headers: headers)
        let fallback = (scheme == "https" && isLoopback && known == nil) ? apiHost : nil
        guard first else { return try await client.send(request, bodyLimit: bodyLimit, what: what, fallbackHost: fallback) }
        do {
            let response = try await client.send(request, bodyLimit: bodyLimit, what: what, fallbackHost: fallback,
                                                 schemeKnown: { await state.settle(gate) })
            await state.settle(gate)
            return response
        } catch {
            await state.settle(gate)
            throw error
        }
    }

    /// Maps a final non-2xx response to an error.
    func failure(_ response: HTTPResponse, kind: String, reference: String, method: String, path: String) async throws -> RegistryError {
        let details = RegistryErrorDetail.parse(response.body)
        let detail = await client.scrubbed(RegistryErrorDetail.summary(details))
        let codes = Set(details.map(\.code))
        switch response.status {
        case 401:
            // A token that authenticates but does not cover the repository (Docker Hub answers
            // this way for repositories that do not exist, too).
            if AuthChallenge.parse(response.headers("WWW-Authenticate")).contains(where: { $0.parameters["error"] == "insufficient_scope" }) {
                return .denied(host: registry, repository: repository, detail: detail ?? "insufficient_scope")
            }
            let cred = try? await credential()
            return .unauthorized(host: registry, repository: repository, credentialSource: cred?.source, detail: detail)
        case 403:
            return .denied(host: registry, repository: repository, detail: detail)
        case 404:
            let what = codes.contains("NAME_UNKNOWN") ? "repository of \(kind)" : kind
            return .notFound(what: what, reference: reference, repository: repository, host: registry, detail: detail)
        case 429:
            return .tooManyRequests(host: registry, detail: detail)
        default:
            if codes.contains("DENIED") { return .denied(host: registry, repository: repository, detail: detail) }
            if codes.contains("UNAUTHORIZED") {
                return .unauthorized(host: registry, repository: repository, credentialSource: nil, detail: detail)
            }
            let known = await client.state.schemes[apiHost]
            let url = (client.options.plainHTTP ? "http" : (known ?? "https")) + "://\(apiHost)\(path)"
            return .httpStatus(status: response.status, method: method, url: Redaction.url(url), detail: detail)
        }
    }
}

extension RegistryClient {
    /// One logical request: retries on 429/5xx and dropped connections with backoff and
    /// `Retry-After`; for a loopback host, falls back from https to http once when TLS fails.
    /// `schemeKnown` is called as soon as the fallback has picked plain HTTP.
    func send(_ original: HTTPRequest, bodyLimit: Int, what: String, fallbackHost: String?,
              schemeKnown: (@Sendable () async -> Void)? = nil) async throws -> HTTPResponse {
        let transport = try await state.transport()
        var request = original
        var attempt = 1
        var triedFallback = false
        while true {
            let started = ContinuousClock.now
            let shown = Redaction.url(request.url)
            do {
                let response = try await followingRedirects(request, transport: transport, bodyLimit: bodyLimit)
                let ms = Self.milliseconds(since: started)
                let redirected = response.finalURL.flatMap { $0 == request.url ? nil : " (redirected to \(Redaction.url($0)))" } ?? ""
                await log("\(request.method) \(shown) → \(response.status) in \(ms) ms\(redirected)")
                if let host = fallbackHost {
                    await state.setScheme(request.url.hasPrefix("http://") ? "http" : "https", for: host)
                }
                if RetryPolicy.isRetryable(status: response.status),
                   let delay = policy.delay(afterAttempt: attempt, retryAfter: response.header("Retry-After")) {
                    await log("retrying \(shown) in \(Self.format(delay)) s after HTTP \(response.status) (attempt \(attempt + 1) of \(policy.maxAttempts))")
                    try await sleep(delay)
                    attempt += 1
                    continue
                }
                return response
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
                        await log("retrying \(shown) in \(Self.format(delay)) s after a dropped connection (attempt \(attempt + 1) of \(policy.maxAttempts))")
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
    func followingRedirects(_ request: HTTPRequest, transport: HTTPTransport, bodyLimit: Int) async throws -> HTTPResponse {
        let origin = Redirects.origin(of: request.url)
        var current = request
        var visited: Set<String> = [request.url]
        for _ in 0...Self.maxRedirects {
            var response = try await transport.execute(current, bodyLimit: bodyLimit, timeout: options.timeout)
            guard Redirects.statuses.contains(response.status), let location = response.header("Location") else {
                if current.url != request.url { response.finalURL = current.url }
                return response
            }
            guard let next = Redirects.resolve(location, against: current.url) else {
                throw TransportError.other("HTTP \(response.status) redirect to an unusable location \(Sanitize.quoted(Redaction.url(location)))")
            }
            let sameOrigin = Redirects.origin(of: next) == origin
            await log("\(current.method) \(Redaction.url(current.url)) → \(response.status), redirected to \(Redaction.url(next))"
                      + (sameOrigin ? "" : " (another origin: credentials are not sent there)"))
            if current.method != "GET" && current.method != "HEAD" {
                guard (response.status == 307 || response.status == 308) && sameOrigin else {
                    throw TransportError.other("the \(current.method) request was redirected (HTTP \(response.status)) to \(Redaction.url(next)); "
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

/// Percent-encoding for query strings and form bodies (RFC 3986 unreserved kept).
enum URLEncoding {
    static func encode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(b >> 4)], hex[Int(b & 15)]], as: UTF8.self)
            }
        }
        return out
    }

    static func form(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    static func append(_ pairs: [(String, String)], to url: String) -> String {
        guard !pairs.isEmpty else { return url }
        return url + (url.contains("?") ? "&" : "?") + form(pairs)
    }
}

/// Redirect targets and origins (RFC 6454: scheme, host, port).
enum Redirects {
    static let statuses: Set<Int> = [301, 302, 303, 307, 308]
    /// Headers that belong to the origin they were sent to.
    static let originBoundHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie"]

    /// `scheme://host:port`, lowercased, with the default port made explicit; nil for a URL that is not http(s).
    static func origin(of url: String) -> String? {
        guard let r = url.range(of: "://") else { return nil }
        let scheme = url[..<r.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var authority = url[r.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host = Substring(authority), port = ""
        if authority.hasPrefix("[") {
            if let close = authority.firstIndex(of: "]") {
                host = authority[...close]
                let rest = authority[authority.index(after: close)...]
                if rest.hasPrefix(":") { port = String(rest.dropFirst()) }
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = String(authority[authority.index(after: colon)...])
        }
        if port.isEmpty { port = scheme == "https" ? "443" : "80" }
        guard !host.isEmpty else { return nil }
        return "\(scheme)://\(host.lowercased()):\(port)"
    }

    /// The absolute URL a `Location` value names, relative to `base`; nil when it is not http(s).
    static func resolve(_ location: String, against base: String) -> String? {
        let loc = location.trimmingSpaces
        guard !loc.isEmpty, !loc.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7f }) else { return nil }
        guard let r = base.range(of: "://") else { return nil }
        let scheme = String(base[..<r.lowerBound])
        let afterScheme = base[r.upperBound...]
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let resolved: String
        if loc.contains("://") {
            resolved = loc
        } else if loc.hasPrefix("//") {
            resolved = scheme + ":" + loc
        } else if loc.hasPrefix("/") {
            resolved = "\(scheme)://\(authority)\(loc)"
        } else {
            let path = afterScheme[authority.endIndex...].prefix { $0 != "?" && $0 != "#" }
            let dir = path.lastIndex(of: "/").map { path[...$0] } ?? "/"
            resolved = "\(scheme)://\(authority)\(dir)\(loc)"
        }
        return origin(of: resolved) == nil ? nil : resolved
    }
}
