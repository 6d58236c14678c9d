/// One challenge of a `WWW-Authenticate` header (RFC 7235 §4.1), e.g.
/// `Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull"`.
public struct AuthChallenge: Sendable, Equatable {
    /// The scheme, lowercased: `basic`, `bearer`, …
    public let scheme: String
    /// Parameters with lowercased names; values unquoted and unescaped.
    public let parameters: [String: String]
    /// A token68 credential blob, for schemes that use one instead of parameters.
    public let token68: String?

    public init(scheme: String, parameters: [String: String] = [:], token68: String? = nil) {
        self.scheme = scheme.lowercased(); self.parameters = parameters; self.token68 = token68
    }

    public var realm: String? { parameters["realm"] }
    public var service: String? { parameters["service"] }
    public var scope: String? { parameters["scope"] }

    /// Parses every challenge of one or more `WWW-Authenticate` header values.
    /// Pure and total: malformed parts are skipped, never fatal.
    public static func parse(_ headerValues: [String]) -> [AuthChallenge] {
        headerValues.flatMap { parse($0) }
    }

    public static func parse(_ header: String) -> [AuthChallenge] {
        var parser = Parser(Array(header.utf8))
        return parser.challenges()
    }

    private struct Parser {
        let s: [UInt8]
        var i = 0
        init(_ s: [UInt8]) { self.s = s }

        static func isTChar(_ c: UInt8) -> Bool {
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return Array("!#$%&'*+-.^_`|~".utf8).contains(c)
            }
        }
        static func isToken68Char(_ c: UInt8) -> Bool {
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return Array("-._~+/".utf8).contains(c)
            }
        }

        var atEnd: Bool { i >= s.count }
        var peek: UInt8? { i < s.count ? s[i] : nil }

        mutating func skipSpaces() { while let c = peek, c == 0x20 || c == 0x09 { i += 1 } }
        mutating func skipSpacesAndCommas() { while let c = peek, c == 0x20 || c == 0x09 || c == UInt8(ascii: ",") { i += 1 } }

        mutating func token() -> String {
            let start = i
            while let c = peek, Self.isTChar(c) { i += 1 }
            return String(decoding: s[start..<i], as: UTF8.self)
        }

        mutating func quoted() -> String {
            // at opening quote
            i += 1
            var out: [UInt8] = []
            while let c = peek {
                i += 1
                if c == UInt8(ascii: "\"") { break }
                if c == UInt8(ascii: "\\"), let next = peek { out.append(next); i += 1; continue }
                out.append(c)
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// After a scheme: a token68 if the next word is followed only by `=`s and then `,` or the end.
        mutating func token68IfPresent() -> String? {
            let save = i
            let start = i
            while let c = peek, Self.isToken68Char(c) { i += 1 }
            guard i > start else { i = save; return nil }
            while peek == UInt8(ascii: "=") { i += 1 }
            let end = i
            skipSpaces()
            if atEnd || peek == UInt8(ascii: ",") {
                return String(decoding: s[start..<end], as: UTF8.self)
            }
            i = save
            return nil
        }

        mutating func challenges() -> [AuthChallenge] {
            var out: [AuthChallenge] = []
            var scheme: String?
            var params: [String: String] = [:]
            var t68: String?
            func flush() {
                if let scheme { out.append(AuthChallenge(scheme: scheme, parameters: params, token68: t68)) }
            }
            while true {
                skipSpacesAndCommas()
                if atEnd { break }
                let word = token()
                if word.isEmpty {
                    // A stray byte; a stray `=` takes its value with it.
                    if peek == UInt8(ascii: "=") {
                        i += 1; skipSpaces()
                        if peek == UInt8(ascii: "\"") { _ = quoted() } else { _ = token() }
                    } else {
                        i += 1
                    }
                    continue
                }
                skipSpaces()
                if peek == UInt8(ascii: "="), scheme != nil {
                    i += 1
                    skipSpaces()
                    let value: String
                    if peek == UInt8(ascii: "\"") { value = quoted() } else { value = token() }
                    let name = word.lowercased()
                    if params[name] == nil { params[name] = value }
                    continue
                }
                if peek == UInt8(ascii: "=") {
                    // A parameter before any scheme: malformed; skip its value.
                    i += 1; skipSpaces()
                    if peek == UInt8(ascii: "\"") { _ = quoted() } else { _ = token() }
                    continue
                }
                // A new challenge.
                flush()
                scheme = word
                params = [:]
                t68 = nil
                if !atEnd && peek != UInt8(ascii: ",") { t68 = token68IfPresent() }
            }
            flush()
            return out
        }
    }
}
