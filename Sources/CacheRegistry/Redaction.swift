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

    /// Replaces every occurrence of each secret (at least 4 characters long) in `text`.
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var out = text
        for secret in secrets.sorted(by: { $0.count > $1.count }) where secret.count >= 4 {
            out = out.replacingAll(secret, with: placeholder)
        }
        return out
    }
}

extension String {
    /// Literal, non-overlapping replacement without Foundation.
    func replacingAll(_ target: String, with replacement: String) -> String {
        let t = Array(target.utf8)
        guard !t.isEmpty else { return self }
        let s = Array(self.utf8)
        guard s.count >= t.count else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = 0
        var changed = false
        while i < s.count {
            if i + t.count <= s.count && s[i] == t[0] && s[i..<(i + t.count)].elementsEqual(t) {
                out.append(contentsOf: replacement.utf8)
                i += t.count
                changed = true
            } else {
                out.append(s[i]); i += 1
            }
        }
        return changed ? String(decoding: out, as: UTF8.self) : self
    }
}
