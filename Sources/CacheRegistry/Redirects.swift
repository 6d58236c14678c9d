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
