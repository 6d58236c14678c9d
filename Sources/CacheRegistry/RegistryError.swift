import CacheModel

/// One entry of a registry's `{"errors":[{"code","message"}]}` body.
public struct RegistryErrorDetail: Sendable, Equatable {
    public let code: String
    public let message: String

    public init(code: String, message: String) { self.code = code; self.message = message }

    /// Parses an OCI distribution error body; empty when the body is not one.
    public static func parse(_ body: [UInt8]) -> [RegistryErrorDetail] {
        guard !body.isEmpty, body.count <= 1 << 20,
            let doc = try? JSONDocument(parsing: body, what: "registry error body"),
            let errors = doc.value["errors"], errors.kind == .array
        else { return [] }
        return errors.elements.prefix(8).compactMap { e in
            guard let code = e["code"]?.string else { return nil }
            return RegistryErrorDetail(code: code, message: e["message"]?.string ?? "")
        }
    }

    /// `CODE: message; CODE: message`, sanitised, for error messages.
    static func summary(_ details: [RegistryErrorDetail]) -> String? {
        guard !details.isEmpty else { return nil }
        return details.map { d in
            d.message.isEmpty
                ? Sanitize.inline(d.code, limit: 64)
                : "\(Sanitize.inline(d.code, limit: 64)): \(Sanitize.inline(d.message, limit: 300))"
        }.joined(separator: "; ")
    }
}

/// What went wrong talking to a registry. Every case is an operational failure (exit code 2)
/// and its text says what to try next. No case ever carries a password or token.
public enum RegistryError: UserFacingError, Equatable {
    /// 401 after trying the credentials we had (or none). `credentialSource` names where they came from.
    case unauthorized(host: String, repository: String, credentialSource: String?, detail: String?)
    /// 403, or a registry DENIED error.
    case denied(host: String, repository: String, detail: String?)
    /// 404: manifest, blob or repository unknown.
    case notFound(what: String, reference: String, repository: String, host: String, detail: String?)
    /// Still 429 after all attempts.
    case tooManyRequests(host: String, detail: String?)
    /// Any other unexpected status.
    case httpStatus(status: Int, method: String, url: String, detail: String?)
    case timedOut(url: String, seconds: Double)
    case connectionFailed(host: String, detail: String)
    /// The connection dropped mid-request, on every attempt.
    case connectionDropped(url: String, attempts: Int, detail: String)
    case tls(host: String, detail: String, certificate: Bool)
    case caCertificate(path: String, detail: String)
    case credentials(source: String, detail: String)
    case tokenExchange(realm: String, detail: String)
    case invalidResponse(url: String, detail: String)

    public var exitCode: Int32 { 2 }

    public var description: String {
        func with(_ detail: String?) -> String { detail.map { " (registry said: \($0))" } ?? "" }
        switch self {
        case let .unauthorized(host, repository, source, detail):
            let tried = source.map { "the credentials from \($0) were refused" } ?? "no credentials were found"
            return
                "unauthorized: \(Sanitize.inline(host))/\(Sanitize.inline(repository)) requires authentication and \(tried)\(with(detail)); "
                + "log in with `docker login \(Sanitize.inline(host))` or pass --username USER --password-stdin"
        case let .denied(host, repository, detail):
            return "denied: access to \(Sanitize.inline(host))/\(Sanitize.inline(repository)) was refused\(with(detail)); "
                + "check that the repository name is right and that your account may pull it"
        case let .notFound(what, reference, repository, host, detail):
            return
                "not found: \(what) \(Sanitize.quoted(reference)) in \(Sanitize.inline(host))/\(Sanitize.inline(repository))\(with(detail)); "
                + "check the repository name and tag (the image may not have been pushed)"
        case let .tooManyRequests(host, detail):
            return
                "too many requests: \(Sanitize.inline(host)) is rate-limiting us\(with(detail)); wait a while and retry, or log in for a higher limit"
        case let .httpStatus(status, method, url, detail):
            let hint = status >= 500 ? "; the registry is failing, retry later" : ""
            return "unexpected HTTP status \(status) for \(method) \(Sanitize.inline(url))\(with(detail))\(hint)"
        case let .timedOut(url, seconds):
            return
                "timed out after \(Self.seconds(seconds)) s waiting for \(Sanitize.inline(url)); raise --timeout or check the registry and network"
        case let .connectionFailed(host, detail):
            return
                "cannot connect to \(Sanitize.inline(host)): \(Sanitize.inline(detail)); check the registry address and that it is running"
        case let .connectionDropped(url, attempts, detail):
            return
                "connection dropped while reading \(Sanitize.inline(url)) (\(attempts) attempt\(attempts == 1 ? "" : "s")): \(Sanitize.inline(detail))"
        case let .tls(host, detail, certificate):
            if certificate {
                return "TLS certificate of \(Sanitize.inline(host)) is not trusted: \(Sanitize.inline(detail)); "
                    + "pass --ca-cert FILE with the CA that signed it, or --insecure to skip verification"
            }
            return "TLS handshake with \(Sanitize.inline(host)) failed: \(Sanitize.inline(detail)); "
                + "if the registry speaks plain HTTP pass --plain-http"
        case let .caCertificate(path, detail):
            return "cannot use CA certificate file \(Sanitize.quoted(path)): \(Sanitize.inline(detail)); it must be a readable PEM file"
        case let .credentials(source, detail):
            return
                "cannot read credentials from \(Sanitize.inline(source)): \(Sanitize.inline(detail)); fix it or pass --username USER --password-stdin"
        case let .tokenExchange(realm, detail):
            return "cannot get a registry token from \(Sanitize.inline(realm)): \(Sanitize.inline(detail))"
        case let .invalidResponse(url, detail):
            return "invalid response from \(Sanitize.inline(url)): \(Sanitize.inline(detail))"
        }
    }

    private static func seconds(_ s: Double) -> String {
        s == s.rounded() ? String(Int(s)) : String(s)
    }
}
