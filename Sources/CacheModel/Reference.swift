/// Where an image lives: a registry repository or an OCI image layout on disk.
public enum ImageReference: Hashable, Sendable, CustomStringConvertible {
    case registry(RegistryReference)
    /// `oci:DIR[:TAG|@DIGEST]`, as skopeo writes it.
    case layout(LayoutReference)

    /// Parses a user-supplied reference. Strings starting with `oci:` name OCI layouts;
    /// everything else follows the Docker reference grammar with Docker Hub defaults.
    ///
    /// The spellings users paste from buildx are accepted too: `type=registry,ref=R` and
    /// `type=local,src=DIR` (as `--cache-from` takes them), `oci-layout://DIR[:TAG]` and
    /// `docker-image://R` (as `--build-context` takes them).
    public static func parse(_ text: String) throws(ModelError) -> ImageReference {
        let t = buildxSpelling(text) ?? text
        if t.hasPrefix("oci:") { return .layout(try LayoutReference(parsing: t)) }
        do { return .registry(try RegistryReference(parsing: t)) } catch {
            if t.hasPrefix("/") || t.hasPrefix("./") || t.hasPrefix("../") || t == "." {
                throw ModelError.invalidReference(text, reason: "a path on disk is an OCI image layout: write it oci:\(text)")
            }
            if t.hasPrefix("type=") {
                throw ModelError.invalidReference(
                    text,
                    reason:
                        "of the buildx cache types only type=registry,ref=REF and type=local,src=DIR can be read (gha, s3 and azblob caches live outside any registry)"
                )
            }
            throw error
        }
    }

    /// For a digest cut short (as text output prints them, 12 characters): how to get the whole one.
    static func shortDigestHint(_ d: String) -> String? {
        guard d.hasPrefix("sha256:") else { return nil }
        let hex = d.dropFirst("sha256:".count)
        guard !hex.isEmpty, hex.count < 64, hex.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        return
            "\(d) is a short digest (text output prints 12 characters); give all 64 hex characters: --format json prints them, as does crane digest"
    }

    /// The cachectl reference for a buildx spelling, or nil when `text` is not one.
    static func buildxSpelling(_ text: String) -> String? {
        if text.hasPrefix("oci-layout://") { return "oci:" + text.dropFirst("oci-layout://".count) }
        if text.hasPrefix("docker-image://") { return String(text.dropFirst("docker-image://".count)) }
        guard text.hasPrefix("type=") else { return nil }
        var fields: [String: String] = [:]
        for part in text.split(separator: ",") {
            guard let eq = part.firstIndex(of: "=") else { continue }
            fields[String(part[..<eq]).lowercased()] = String(part[part.index(after: eq)...])
        }
        switch fields["type"] {
        case "registry": return fields["ref"]
        case "local": return (fields["src"] ?? fields["dest"]).map { "oci:" + $0 }
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case let .registry(r): return r.description
        case let .layout(l): return l.description
        }
    }
}

public struct LayoutReference: Hashable, Sendable, CustomStringConvertible {
    public let path: String
    public let tag: String?
    public let digest: Digest?

    public init(path: String, tag: String? = nil, digest: Digest? = nil) {
        self.path = path; self.tag = tag; self.digest = digest
    }

    init(parsing text: String) throws(ModelError) {
        var rest = String(text.dropFirst("oci:".count))
        var digest: Digest?
        var tag: String?
        if let at = rest.lastIndex(of: "@") {
            digest = try Self.digest(String(rest[rest.index(after: at)...]), in: text)
            rest = String(rest[..<at])
        } else if let colon = rest.firstIndex(of: ":") {
            tag = String(rest[rest.index(after: colon)...])
            rest = String(rest[..<colon])
            guard let t = tag, !t.isEmpty, t.utf8.count <= 255, !t.unicodeScalars.contains(where: Sanitize.isUnsafe) else {
                throw ModelError.invalidReference(text, reason: "the tag after the directory is empty or not printable")
            }
        }
        guard !rest.isEmpty else {
            throw ModelError.invalidReference(text, reason: "expected oci:DIR[:TAG|@DIGEST] with a directory")
        }
        self.init(path: rest, tag: tag, digest: digest)
    }

    private static func digest(_ s: String, in text: String) throws(ModelError) -> Digest {
        do { return try Digest(parsing: s) } catch {
            throw ModelError.invalidReference(
                text, reason: ImageReference.shortDigestHint(s) ?? "the digest is not algorithm:hex (sha256:<64 hex>)")
        }
    }

    public var description: String {
        if let digest { return "oci:\(path)@\(digest)" }
        if let tag { return "oci:\(path):\(tag)" }
        return "oci:\(path)"
    }
}

/// A parsed Docker reference: `[host[:port]/]path[:tag][@digest]`.
///
/// Defaults, as docker and crane apply them: no host means `docker.io`; a one-part
/// path on Docker Hub gets `library/`; no tag and no digest means `latest`.
public struct RegistryReference: Hashable, Sendable, CustomStringConvertible {
    /// The registry as named, e.g. `docker.io`, `ghcr.io`, `127.0.0.1:5000`.
    public let registry: String
    /// The repository path inside the registry, e.g. `library/alpine`.
    public let repository: String
    public let tag: String?
    public let digest: Digest?

    public init(registry: String, repository: String, tag: String?, digest: Digest?) {
        self.registry = registry; self.repository = repository; self.tag = tag; self.digest = digest
    }

    public init(parsing text: String) throws(ModelError) {
        func fail(_ reason: String) -> ModelError { .invalidReference(text, reason: reason) }
        guard !text.isEmpty else { throw fail("it is empty") }
        guard text.utf8.count <= 1024 else { throw fail("it is longer than 1024 bytes") }
        guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value >= 0x7f }) else {
            throw fail("it contains spaces, control characters or non-ASCII characters")
        }
        var rest = Substring(text)
        var digest: Digest?
        if let at = rest.firstIndex(of: "@") {
            let d = String(rest[rest.index(after: at)...])
            do { digest = try Digest(parsing: d) } catch {
                throw fail(ImageReference.shortDigestHint(String(d)) ?? "the digest after @ is not algorithm:hex (sha256:<64 hex>)")
            }
            rest = rest[..<at]
        }
        var tag: String?
        if let lastSlash = rest.lastIndex(of: "/").map({ rest.index(after: $0) }) ?? Optional(rest.startIndex),
            let colon = rest[lastSlash...].firstIndex(of: ":")
        {
            let t = String(rest[rest.index(after: colon)...])
            guard Self.isValidTag(t) else { throw fail("the tag \(Sanitize.quoted(t)) must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}") }
            tag = t
            rest = rest[..<colon]
        }
        var registry = "docker.io"
        var path = rest
        if let slash = rest.firstIndex(of: "/") {
            let first = rest[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" || first.contains(where: { $0.isUppercase }) {
                registry = String(first)
                path = rest[rest.index(after: slash)...]
                guard Self.isValidRegistry(registry) else {
                    throw fail("the registry host \(Sanitize.quoted(registry)) is not a valid host[:port]")
                }
            }
        }
        guard !path.isEmpty else { throw fail("the repository name is empty") }
        if path.contains(where: { $0.isUppercase }) { throw fail("repository names must be lowercase") }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            guard Self.isValidPathComponent(component) else {
                throw fail(
                    "the path component \(Sanitize.quoted(String(component))) must be lowercase letters and digits, separated by '.', '_', '__' or '-'"
                )
            }
        }
        if registry == "index.docker.io" { registry = "docker.io" }
        var repository = String(path)
        if registry == "docker.io" && !repository.contains("/") { repository = "library/" + repository }
        guard registry.utf8.count + 1 + repository.utf8.count <= 255 else { throw fail("the name is longer than 255 characters") }
        if tag == nil && digest == nil { tag = "latest" }
        self.init(registry: registry, repository: repository, tag: tag, digest: digest)
    }

    /// The host to talk HTTP to: Docker Hub's API lives at registry-1.docker.io.
    public var apiHost: String { registry == "docker.io" ? "registry-1.docker.io" : registry }

    /// Tag or digest to ask the registry for; the digest wins when both are given.
    public var manifestReference: String { digest?.description ?? tag ?? "latest" }

    /// Host without port (brackets kept for IPv6 literals).
    public var hostname: String {
        if registry.hasPrefix("["), let close = registry.firstIndex(of: "]") { return String(registry[...close]) }
        if let colon = registry.lastIndex(of: ":") { return String(registry[..<colon]) }
        return registry
    }

    /// localhost, 127.0.0.0/8 and ::1: Docker treats these as insecure registries.
    public var isLoopback: Bool {
        let h = hostname.lowercased()
        if h == "localhost" || h == "[::1]" { return true }
        let parts = h.split(separator: ".")
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    public var description: String {
        var s = "\(registry)/\(repository)"
        if let tag { s += ":\(tag)" }
        if let digest { s += "@\(digest)" }
        return s
    }

    public static func isValidTag<S: StringProtocol>(_ t: S) -> Bool {
        let u = Array(t.utf8)
        guard !u.isEmpty, u.count <= 128 else { return false }
        func word(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x5f }
        return word(u[0]) && u.dropFirst().allSatisfy { word($0) || $0 == 0x2e || $0 == 0x2d }
    }

    static func isValidPathComponent<S: StringProtocol>(_ c: S) -> Bool {
        // [a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*
        let u = Array(c.utf8)
        func alnum(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7a) }
        guard let first = u.first, let last = u.last, alnum(first), alnum(last) else { return false }
        var i = 0
        while i < u.count {
            if alnum(u[i]) { i += 1; continue }
            var j = i
            while j < u.count && !alnum(u[j]) { j += 1 }
            let sep = u[i..<j]
            let ok =
                sep.elementsEqual([0x2e]) || sep.elementsEqual([0x5f]) || sep.elementsEqual([0x5f, 0x5f]) || sep.allSatisfy { $0 == 0x2d }
            guard ok else { return false }
            i = j
        }
        return true
    }

    static func isValidRegistry(_ r: String) -> Bool {
        var host = Substring(r)
        var port: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let inner = host[host.index(after: host.startIndex)..<close]
            guard !inner.isEmpty, inner.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
            let after = host[host.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { return false }
                port = after.dropFirst()
            }
            host = ""
        } else if let colon = host.lastIndex(of: ":") {
            port = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        if let port { guard let p = Int(port), p > 0, p < 65536, port.allSatisfy(\.isNumber) else { return false } }
        if host.isEmpty { return r.hasPrefix("[") }
        for label in host.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.utf8.count <= 63,
                label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }),
                label.first != "-", label.last != "-"
            else { return false }
        }
        return true
    }
}
