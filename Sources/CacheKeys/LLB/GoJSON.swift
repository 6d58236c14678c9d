/// The subset of Go's `encoding/json` output that BuildKit hashes into its cache keys: no spaces,
/// members in struct-field order (the order they are added), `omitempty` decided by the caller,
/// `<`, `>`, `&`, U+2028 and U+2029 escaped as `encoding/json` does, and a Go `[]byte` written as
/// standard base64 with padding.
public indirect enum GoJSON: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    /// A Go `[]byte`: a base64 string.
    case bytes([UInt8])
    case array([GoJSON])
    /// Members in the order Go writes them (the struct's field order).
    case object([(String, GoJSON)])
    case null

    public static func == (l: GoJSON, r: GoJSON) -> Bool { l.encoded == r.encoded }

    /// The encoded bytes.
    public var encoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return out
    }

    /// The encoded text (for tests and diagnostics).
    public var text: String { String(decoding: encoded, as: UTF8.self) }

    func write(into out: inout [UInt8]) {
        switch self {
        case let .string(s): GoJSON.writeString(s, into: &out)
        case let .int(i): out.append(contentsOf: Array(String(i).utf8))
        case let .bool(b): out.append(contentsOf: Array((b ? "true" : "false").utf8))
        case let .bytes(b):
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: GoJSON.base64(b))
            out.append(UInt8(ascii: "\""))
        case let .array(items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case let .object(members):
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                GoJSON.writeString(k, into: &out)
                out.append(UInt8(ascii: ":"))
                v.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .null: out.append(contentsOf: Array("null".utf8))
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Go's `encodeState.string` with HTML escaping on (what `json.Marshal` does). Swift strings
    /// are valid Unicode, so Go's replacement of invalid UTF-8 by U+FFFD never applies.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in s.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x00..<0x20, 0x3C, 0x3E, 0x26, 0x2028, 0x2029:
                out.append(contentsOf: Array("\\u".utf8))
                out.append(hex[Int((v >> 12) & 0xF)]); out.append(hex[Int((v >> 8) & 0xF)])
                out.append(hex[Int((v >> 4) & 0xF)]); out.append(hex[Int(v & 0xF)])
            default:
                out.append(contentsOf: Array(String(scalar).utf8))
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Standard base64 with `=` padding (Go's `base64.StdEncoding`).
    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(alphabet[Int(n >> 18 & 63)]); out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)]); out.append(alphabet[Int(n & 63)])
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out.append(alphabet[Int(n >> 18 & 63)]); out.append(alphabet[Int(n >> 12 & 63)])
            out.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "=")])
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out.append(alphabet[Int(n >> 18 & 63)]); out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)]); out.append(UInt8(ascii: "="))
        }
        return out
    }
}

/// Builds a Go struct's JSON member by member, applying `omitempty` where the field has it.
struct GoStruct {
    private(set) var members: [(String, GoJSON)] = []

    mutating func add(_ key: String, _ value: GoJSON) { members.append((key, value)) }

    /// A string field; with `omitEmpty`, "" is left out.
    mutating func string(_ key: String, _ value: String, omitEmpty: Bool = true) {
        if !(omitEmpty && value.isEmpty) { members.append((key, .string(value))) }
    }

    /// An integer field; with `omitEmpty`, 0 is left out.
    mutating func int(_ key: String, _ value: Int64, omitEmpty: Bool = true) {
        if !(omitEmpty && value == 0) { members.append((key, .int(value))) }
    }

    /// A bool field; with `omitEmpty`, false is left out.
    mutating func bool(_ key: String, _ value: Bool, omitEmpty: Bool = true) {
        if !(omitEmpty && !value) { members.append((key, .bool(value))) }
    }

    /// A `[]string` field; with `omitEmpty`, an empty list is left out (Go writes `null` for a nil
    /// slice without it).
    mutating func strings(_ key: String, _ value: [String], omitEmpty: Bool = true) {
        if value.isEmpty {
            if !omitEmpty { members.append((key, .null)) }
        } else {
            members.append((key, .array(value.map(GoJSON.string))))
        }
    }

    /// A pointer or message field: left out when nil (all of BuildKit's are `omitempty`).
    mutating func optional(_ key: String, _ value: GoJSON?) {
        if let value { members.append((key, value)) }
    }

    /// A slice of messages: left out when empty.
    mutating func list(_ key: String, _ value: [GoJSON]) {
        if !value.isEmpty { members.append((key, .array(value))) }
    }

    var json: GoJSON { .object(members) }
}
