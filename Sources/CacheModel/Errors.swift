/// An error cachectl reports to its user: one clear message and a documented exit code.
/// 2 = operational failure (network, auth, not found, bad data); 64 = usage error.
public protocol UserFacingError: Error, CustomStringConvertible {
    var exitCode: Int32 { get }
}

/// Errors of the pure model: references, digests and documents that cannot be decoded.
public enum ModelError: UserFacingError, Equatable {
    case invalidReference(String, reason: String)
    case invalidDigest(String)
    case invalidPlatform(String)
    /// A document is not valid JSON. `what` names the document, `detail` the parser's complaint.
    case malformedJSON(what: String, detail: String)
    /// A document is JSON but not of the expected shape. `path` is a JSON path like `records[3].inputs[0]`.
    case unexpectedShape(what: String, path: String, expected: String)
    case unsupportedMediaType(what: String, mediaType: String)
    /// A document or blob over a size limit; `size` nil when it was not declared and reading
    /// stopped at the limit. One case for every source: registry, layout, inline payload.
    case tooLarge(what: String, size: Int?, limit: Int)
    /// Content that does not hash to the digest it was named by (a registry, a proxy or a
    /// layout served other bytes). `actual` is the digest of what arrived, or why it cannot be computed.
    case digestMismatch(what: String, expected: Digest, actual: String)
    case invalidCache(String)

    public var exitCode: Int32 {
        switch self {
        case .invalidReference, .invalidPlatform: return 64
        default: return 2
        }
    }

    public var description: String {
        switch self {
        case let .invalidReference(text, reason):
            return "invalid reference \(Sanitize.quoted(text)): \(reason)"
        case let .invalidDigest(text):
            return "invalid digest \(Sanitize.quoted(text)): expected sha256:<64 lowercase hex> or sha512:<128 lowercase hex>"
        case let .invalidPlatform(text):
            return "invalid platform \(Sanitize.quoted(text)): expected os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8"
        case let .malformedJSON(what, detail):
            return "\(what) is not valid JSON: \(Sanitize.inline(detail))"
        case let .unexpectedShape(what, path, expected):
            return "\(what): \(path.isEmpty ? "the document" : path) should be \(expected)"
        case let .unsupportedMediaType(what, mediaType):
            return "\(what) has unsupported media type \(Sanitize.quoted(mediaType))"
        case let .tooLarge(what, size?, limit):
            return "\(what) is \(size) bytes, over the limit of \(limit) bytes"
        case let .tooLarge(what, nil, limit):
            return "\(what) is larger than the limit of \(limit) bytes (its size was not declared; reading stopped there)"
        case let .digestMismatch(what, expected, actual):
            return "digest mismatch for \(what): expected \(expected), the content hashes to \(Sanitize.inline(actual)); "
                + "what was served is not what the digest names"
        case let .invalidCache(detail):
            return "invalid inline cache: \(Sanitize.inline(detail))"
        }
    }
}
