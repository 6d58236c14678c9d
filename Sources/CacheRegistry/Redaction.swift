import CacheModel

/// Removes secrets from anything we print: header values, URL query parameters and
/// userinfo, and any literal secret the client has seen (passwords, tokens).
public enum Redaction {
    public static let placeholder = "REDACTED"

    /// Query parameters whose values are secrets (compared case-insensitively).
    static let secretQueryNames: Set<String> = [
        "token", "access_token", "refresh_token", "id_token", "password", "passwd", "secret",
        "client_secret", "signature", "sig", "x-amz-signature", "x-amz-security-token",
        "x-amz-credential", "x-goog-signature", "x-goog-credential", "key", "code", "auth",
    ]

    /// Headers whose values are secrets (compared case-insensitively).
    static let secretHeaderNames: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-registry-auth",
    ]

    /// `https://user:pass@host/p?token=abc&x=1` → `https://REDACTED@host/p?token=REDACTED&x=1`.
    public static func url(_ url: String) -> String {
        var s = Substring(url)
        var prefix = ""
        if let schemeEnd = s.range(of: "://") {
            prefix = String(s[..<schemeEnd.upperBound])
            s = s[schemeEnd.upperBound...]
        }
        // userinfo
        let authorityEnd = s.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? s.endIndex
        if let at = s[..<authorityEnd].lastIndex(of: "@") {
            prefix += placeholder + "@"
            s = s[s.index(after: at)...]
        }
        guard let q = s.firstIndex(of: "?") else { return prefix + String(s) }
        var out = prefix + String(s[...q])
        var query = s[s.index(after: q)...]
        var fragment = ""
        if let hash = query.firstIndex(of: "#") {
            fragment = String(query[hash...])
            query = query[..<hash]
        }
        let parts = query.split(separator: "&", omittingEmptySubsequences: false).map { part -> String in
            guard let eq = part.firstIndex(of: "=") else { return String(part) }
            let name = part[..<eq].lowercased()
            return secretQueryNames.contains(name) ? "\(part[..<eq])=\(placeholder)" : String(part)
        }
        out += parts.joined(separator: "&") + fragment
        return out
    }

    /// The value to print for a header: the scheme of an Authorization value, nothing more.
    public static func headerValue(name: String, value: String) -> String {
        guard secretHeaderNames.contains(name.lowercased()) else { return value }
        if let space = value.firstIndex(of: " ") { return "\(value[..<space]) \(placeholder)" }
        return placeholder
    }

    /// Replaces every occurrence of each secret (at least 4 characters long) in `text`, also in
    /// the escaped forms an error message may carry it in (see `forms(of:)`).
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var out = text
        let all = Set(secrets.flatMap(forms(of:))).filter { $0.count >= 4 }
        for secret in all.sorted(by: { $0.utf8.count > $1.utf8.count }) {
            out = out.replacingAll(secret, with: placeholder)
        }
        return out
    }

    /// A secret as printed raw, JSON-escaped, Swift-escaped (`\r\n`, as in an error's
    /// description), escaped by `Sanitize`, and percent-encoded; and, when it holds control
    /// characters, each run of text between them that is long enough to be telling.
    static func forms(of secret: String) -> [String] {
        guard !secret.isEmpty else { return [] }
        var forms = [secret, Sanitize.inline(secret, limit: Int.max), URLEncoding.encode(secret)]
        var json = "", swift = ""
        for scalar in secret.unicodeScalars {
            switch scalar {
            case "\n": json += "\\n"; swift += "\\n"
            case "\r": json += "\\r"; swift += "\\r"
            case "\t": json += "\\t"; swift += "\\t"
            case "\"": json += "\\\""; swift += "\\\""
            case "\\": json += "\\\\"; swift += "\\\\"
            case "/": json += "\\/"; swift += "/"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    let hex = String(scalar.value, radix: 16)
                    json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    swift += "\\u{\(hex)}"
                } else {
                    json.unicodeScalars.append(scalar); swift.unicodeScalars.append(scalar)
                }
            }
        }
        forms += [json, json.replacingAll("\\/", with: "/"), swift, json.uppercasedHexEscapes]
        if secret.unicodeScalars.contains(where: { Sanitize.isUnsafe($0) }) {
            forms += secret.unicodeScalars.split(whereSeparator: { Sanitize.isUnsafe($0) }).map { String(String.UnicodeScalarView($0)) }
                .filter { $0.count >= 6 }
        }
        return forms
    }
}

extension String {
    /// `\u000d` → `\u000D` (JSON allows either case).
    var uppercasedHexEscapes: String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: "\\u") {
            out += rest[..<r.upperBound]
            let hex = rest[r.upperBound...].prefix(4)
            out += hex.uppercased()
            rest = rest[hex.endIndex...]
        }
        return out + rest
    }
}
