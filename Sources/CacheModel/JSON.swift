import CJansson

/// A parsed JSON document, owned by jansson. The one JSON parser of cachectl.
///
/// `JSONDocument` owns exactly one jansson reference (the tree returned by
/// `json_loadb`); every `JSONValue` is a borrowed view that keeps the document alive.
public final class JSONDocument: @unchecked Sendable {
    fileprivate let root: UnsafeMutablePointer<json_t>

    /// Parses `bytes`. `what` names the document in error messages ("image config", …).
    /// jansson bounds nesting depth itself (2048 levels), so hostile nesting ends in an error, not a crash.
    public init<C: Collection>(parsing bytes: C, what: String) throws(ModelError) where C.Element == UInt8 {
        var error = json_error_t()
        guard let parsed = JSONDocument.load(bytes, &error) else {
            throw ModelError.malformedJSON(what: what, detail: JSONDocument.message(of: &error))
        }
        root = parsed
        lifted = nil
    }

    /// A string member of the top-level object, taken from the text instead of the tree (see
    /// `init(parsing:what:lifting:)`); nil when it was not lifted.
    public let lifted: String?

    /// Parses `bytes` like `init(parsing:what:)`, except that when the top-level object's member
    /// `key` is a long string written plainly (printable ASCII, no escapes; the last member of
    /// that name, no key written with escapes) its text is lifted out before jansson reads the
    /// rest: jansson copies a string a byte at a time, which for a 12 MiB inline cache costs as
    /// much as parsing the records it holds. The tree then holds "" for `key`. Same documents
    /// accepted, same errors (a failure is reported from the whole text).
    public init(parsing bytes: [UInt8], what: String, lifting key: String) throws(ModelError) {
        var error = json_error_t()
        if let range = bytes.withUnsafeBufferPointer({ PlainMember.range(of: key, in: $0) }), range.count >= 4096 {
            var rest: [UInt8] = []
            rest.reserveCapacity(bytes.count - range.count)
            rest.append(contentsOf: bytes[..<range.lowerBound])
            rest.append(contentsOf: bytes[range.upperBound...])
            if let parsed = JSONDocument.load(rest, &error) {
                if let v = json_object_get(parsed, key), v.pointee.type == JSON_STRING, json_string_length(v) == 0 {
                    root = parsed
                    lifted = String(decoding: bytes[range], as: UTF8.self)
                    return
                }
                json_decref(parsed)
            }
        }
        guard let parsed = JSONDocument.load(bytes, &error) else {
            throw ModelError.malformedJSON(what: what, detail: JSONDocument.message(of: &error))
        }
        root = parsed
        lifted = nil
    }

    /// Where `bytes` stop being valid JSON (1-based line and column), or nil when they parse.
    /// For documents whose text must not be quoted (credential files): the parser's message
    /// quotes the text near the fault.
    public static func errorPosition<C: Collection>(parsing bytes: C) -> (line: Int, column: Int)? where C.Element == UInt8 {
        var error = json_error_t()
        if let parsed = load(bytes, &error) { json_decref(parsed); return nil }
        return (Int(error.line), Int(error.column))
    }

    private static func load<C: Collection>(_ bytes: C, _ error: inout json_error_t) -> UnsafeMutablePointer<json_t>?
    where C.Element == UInt8 {
        let flags = Int(JSON_DECODE_ANY) | Int(JSON_ALLOW_NUL)
        if let direct = bytes.withContiguousStorageIfAvailable({ buf in
            buf.withMemoryRebound(to: CChar.self) { json_loadb($0.baseAddress, buf.count, flags, &error) }
        }) {
            return direct
        }
        let copy = Array(bytes)
        return copy.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { json_loadb($0.baseAddress, buf.count, flags, &error) }
        }
    }

    private init(adopting root: UnsafeMutablePointer<json_t>) { self.root = root; lifted = nil }

    deinit { json_decref(root) }

    public var value: JSONValue { JSONValue(pointer: root, owner: self) }

    private static func message(of error: inout json_error_t) -> String {
        let text = withUnsafeBytes(of: &error.text) { raw -> String in
            let bytes = raw.prefix(159).prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
        return "\(text) (line \(error.line), column \(error.column), byte \(error.position))"
    }
}

/// Finds a string member of a top-level JSON object in the text, without parsing it.
enum PlainMember {
    /// The byte range of the text of the last member `key` of the object `text` is, when that
    /// text is plain: printable ASCII without `"` or `\`, which jansson would take byte for byte.
    /// Nil when `text` is not an object, when that member is not such a string, when any key is
    /// written with escapes (it could spell `key`), or when the scan finds something off (jansson
    /// then reports it).
    static func range(of key: String, in text: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let n = text.count
        var i = 0
        func skipSpace() { while i < n, text[i] == 0x20 || text[i] == 0x09 || text[i] == 0x0a || text[i] == 0x0d { i += 1 } }
        /// Whether every byte of a string's text so far was printable ASCII.
        var printable = true
        /// Past a string starting at i (a quote); whether it held a backslash. Nil when
        /// unterminated. Sets `printable`. Eight bytes at a time where none is a quote, a
        /// backslash, a control character or past ASCII (a long payload is all such bytes).
        func skipString() -> Bool? {
            var escaped = false
            printable = true
            i += 1
            while i < n {
                if i + 8 <= n {
                    let word = UnsafeRawPointer(text.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if !SWAR.hasSpecial(word) { i += 8; continue }
                }
                let c = text[i]
                if c == UInt8(ascii: "\"") { i += 1; return escaped }
                if c < 0x20 || c >= 0x80 { printable = false }
                if c == UInt8(ascii: "\\") { escaped = true; printable = false; i += 1 }
                i += 1
            }
            return nil
        }
        skipSpace()
        guard i < n, text[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        var found: Range<Int>?
        let wanted = Array(key.utf8)
        while true {
            skipSpace()
            guard i < n, text[i] == UInt8(ascii: "\"") else { return nil }
            let keyStart = i + 1
            guard let keyEscaped = skipString(), !keyEscaped else { return nil }
            let isWanted = text[keyStart..<(i - 1)].elementsEqual(wanted)
            skipSpace()
            guard i < n, text[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            guard i < n else { return nil }
            if text[i] == UInt8(ascii: "\"") {
                let start = i + 1
                guard let escaped = skipString() else { return nil }
                if isWanted {
                    found = nil
                    if !escaped && printable { found = start..<(i - 1) } else { return nil }
                }
            } else {
                if isWanted { return nil }
                // Any other value: to the next `,` or `}` at this level.
                var depth = 0
                while i < n {
                    let c = text[i]
                    if c == UInt8(ascii: "\"") { guard skipString() != nil else { return nil }; continue }
                    if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                        depth += 1
                    } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                        if depth == 0 { break }
                        depth -= 1
                    } else if c == UInt8(ascii: ",") && depth == 0 {
                        break
                    }
                    i += 1
                }
            }
            skipSpace()
            guard i < n else { return nil }
            if text[i] == UInt8(ascii: ",") { i += 1; continue }
            guard text[i] == UInt8(ascii: "}") else { return nil }
            i += 1
            skipSpace()
            return i == n ? found : nil
        }
    }
}

/// Tests on eight bytes at once, for the scans that look for the few bytes that matter in long
/// runs of string text.
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether a byte of `word` is zero (exact: no false answers either way).
    @inline(__always) static func hasZero(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }

    /// Whether a byte of `word` is `"` or `\`.
    @inline(__always) static func hasQuoteOrBackslash(_ word: UInt64) -> Bool {
        hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5c))
    }

    /// Whether a byte of `word` is `"`, `\`, below 0x20 or 0x80 and above.
    @inline(__always) static func hasSpecial(_ word: UInt64) -> Bool {
        word & highs != 0 || (word &- ones &* 0x20) & highs != 0 || hasQuoteOrBackslash(word)
    }
}

/// A borrowed node of a `JSONDocument`.
public struct JSONValue: @unchecked Sendable {
    fileprivate let pointer: UnsafeMutablePointer<json_t>
    fileprivate let owner: JSONDocument

    public enum Kind: String, Sendable { case object, array, string, integer, real, bool, null }

    public var kind: Kind {
        switch pointer.pointee.type {
        case JSON_OBJECT: return .object
        case JSON_ARRAY: return .array
        case JSON_STRING: return .string
        case JSON_INTEGER: return .integer
        case JSON_REAL: return .real
        case JSON_TRUE, JSON_FALSE: return .bool
        default: return .null
        }
    }

    public subscript(key: String) -> JSONValue? {
        guard kind == .object, let child = json_object_get(pointer, key) else { return nil }
        return JSONValue(pointer: child, owner: owner)
    }

    /// Object member lookup ignoring ASCII case, as Go's encoding/json does.
    public func member(caseInsensitive key: String) -> JSONValue? {
        if let exact = self[key] { return exact }
        let wanted = key.lowercased()
        for (name, value) in members where name.lowercased() == wanted { return value }
        return nil
    }

    public var count: Int {
        switch kind {
        case .array: return json_array_size(pointer)
        case .object: return json_object_size(pointer)
        default: return 0
        }
    }

    public subscript(index: Int) -> JSONValue? {
        guard kind == .array, index >= 0, let child = json_array_get(pointer, index) else { return nil }
        return JSONValue(pointer: child, owner: owner)
    }

    public var elements: [JSONValue] {
        guard kind == .array else { return [] }
        let n = json_array_size(pointer)
        var out: [JSONValue] = []
        out.reserveCapacity(n)
        for i in 0..<n { if let c = json_array_get(pointer, i) { out.append(JSONValue(pointer: c, owner: owner)) } }
        return out
    }

    /// Members in document order.
    public var members: [(String, JSONValue)] {
        guard kind == .object else { return [] }
        var out: [(String, JSONValue)] = []
        var iter = json_object_iter(pointer)
        while let it = iter {
            let keyLength = json_object_iter_key_len(it)
            let key: String
            if let k = json_object_iter_key(it) {
                key = k.withMemoryRebound(to: UInt8.self, capacity: keyLength) {
                    String(decoding: UnsafeBufferPointer(start: $0, count: keyLength), as: UTF8.self)
                }
            } else {
                key = ""
            }
            if let v = json_object_iter_value(it) { out.append((key, JSONValue(pointer: v, owner: owner))) }
            iter = json_object_iter_next(pointer, it)
        }
        return out
    }

    /// The string's bytes (NUL allowed), or nil when not a string.
    public var stringBytes: UnsafeBufferPointer<UInt8>? {
        guard kind == .string, let c = json_string_value(pointer) else { return nil }
        let n = json_string_length(pointer)
        return c.withMemoryRebound(to: UInt8.self, capacity: n) { UnsafeBufferPointer(start: $0, count: n) }
    }

    public var string: String? {
        guard let bytes = stringBytes else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var int: Int? {
        switch kind {
        case .integer: return Int(exactly: json_integer_value(pointer))
        case .real:
            let d = json_real_value(pointer)
            guard d.rounded() == d, abs(d) < 9.0e15 else { return nil }
            return Int(d)
        default: return nil
        }
    }

    public var bool: Bool? {
        switch pointer.pointee.type {
        case JSON_TRUE: return true
        case JSON_FALSE: return false
        default: return nil
        }
    }

    public var isNull: Bool { kind == .null }

    /// The jansson node, for readers in this module that walk a tree without making values
    /// (valid while the value, or its document, is alive).
    var node: UnsafeMutablePointer<json_t> { pointer }
}

/// A JSON value built in Swift, serialised by jansson (object keys keep their order).
public indirect enum JSONNode: Sendable, Equatable {
    case object([(String, JSONNode)])
    case array([JSONNode])
    /// An array whose elements are made one at a time while it is serialised, so that a large
    /// report never exists whole in memory. Equal to the `.array` of the same elements.
    case elements(count: Int, element: @Sendable (Int) -> JSONNode)
    /// `.elements` whose elements are also written straight into the output by `write`, with no
    /// node built: for the largest arrays of a report (an inspect's records), where building
    /// the nodes cost more than writing the text. `write(i, w)` must write what `element(i)`
    /// serialises to (see `JSONWriter`); `element` serves equality and materialisation.
    case written(count: Int, element: @Sendable (Int) -> JSONNode, write: @Sendable (Int, JSONWriter) -> Void)
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null

    public static func == (l: JSONNode, r: JSONNode) -> Bool {
        switch (l, r) {
        case let (.object(a), .object(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case let (.array(a), .array(b)): return a == b
        case (.elements, _), (_, .elements), (.written, _), (_, .written): return l.materialized == r.materialized
        case let (.string(a), .string(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }

    /// `.elements` and `.written` as an `.array`; any other node as it is.
    var materialized: JSONNode {
        if case let .elements(count, element) = self { return .array((0..<count).map(element)) }
        if case let .written(count, element, _) = self { return .array((0..<count).map(element)) }
        return self
    }

    public static func optional(_ s: String?) -> JSONNode { s.map { .string($0) } ?? .null }
    public static func optional(_ i: Int?) -> JSONNode { i.map { .int($0) } ?? .null }

    /// Serialises with two-space indentation (or compact) and a trailing newline when pretty.
    public func serialized(pretty: Bool = true) -> String {
        var text: [UInt8] = []
        serialize(pretty: pretty) { text.append(contentsOf: $0) }
        return String(decoding: text, as: UTF8.self)
    }

    /// Serialises like `serialized(pretty:)`, handing the text to `sink` in chunks of at most
    /// 64 KiB instead of building it in memory; `.elements` are made, written and dropped one
    /// at a time. The bytes are jansson's for the same tree (flags JSON_INDENT(2) or
    /// JSON_COMPACT, with JSON_PRESERVE_ORDER and JSON_ENSURE_ASCII), written here directly:
    /// building a jansson tree only to dump it cost more than all of a large report's analysis.
    public func serialize(pretty: Bool = true, into sink: (UnsafeRawBufferPointer) -> Void) {
        withoutActuallyEscaping(sink) { sink in
            let out = JSONChunks(sink)
            write(to: out, depth: pretty ? 0 : -1)
            if pretty { out.append("\n") }
            out.flush()
        }
    }

    /// Writes the node at nesting `depth` (-1: compact).
    private func write(to out: JSONChunks, depth: Int) {
        let inner = depth < 0 ? -1 : depth + 1
        switch self {
        case let .object(members):
            guard !members.isEmpty else { return out.append("{}") }
            out.append("{")
            for (n, (key, value)) in JSONNode.oneMemberPerKey(members).enumerated() {
                if n > 0 { out.append(",") }
                out.newline(inner)
                out.string(key)
                out.append(depth < 0 ? ":" : ": ")
                value.write(to: out, depth: inner)
            }
            out.newline(depth)
            out.append("}")
        case let .array(items):
            JSONNode.writeArray(count: items.count, { items[$0] }, to: out, depth: depth)
        case let .elements(count, element):
            JSONNode.writeArray(count: count, element, to: out, depth: depth)
        case let .written(count, _, write):
            guard count > 0 else { return out.append("[]") }
            let inner = depth < 0 ? -1 : depth + 1
            let writer = JSONWriter(out, depth: inner)
            out.append("[")
            for i in 0..<count {
                if i > 0 { out.append(",") }
                out.newline(inner)
                writer.reset(depth: inner)
                write(i, writer)
            }
            out.newline(depth)
            out.append("]")
        case let .string(s): out.string(s)
        case let .int(i): out.int(i)
        case let .double(d):
            // jansson's own formatting of reals (always a '.' or an exponent), at 15 significant digits
            // (`JSON_REAL_PRECISION(15)`): every double this tool writes (seconds to the millisecond,
            // ratios) reads back the same, and 1.328 is written `1.328`, not `1.3280000000000001`.
            let real = json_real(d)!
            defer { json_decref(real) }
            if let c = json_dumps(real, Int(JSON_ENCODE_ANY) | (15 << 11)) {
                out.append(UnsafeRawBufferPointer(start: c, count: strlen(c)))
                free(c)
            }
        case let .bool(b): out.append(b ? "true" : "false")
        case .null: out.append("null")
        }
    }

    private static func writeArray(count: Int, _ element: (Int) -> JSONNode, to out: JSONChunks, depth: Int) {
        guard count > 0 else { return out.append("[]") }
        let inner = depth < 0 ? -1 : depth + 1
        out.append("[")
        for i in 0..<count {
            if i > 0 { out.append(",") }
            out.newline(inner)
            element(i).write(to: out, depth: inner)
        }
        out.newline(depth)
        out.append("]")
    }

    /// jansson keeps one member per key: the first one's place, the last one's value. The
    /// members as they are when their keys are distinct (always, for the reports cachectl makes).
    private static func oneMemberPerKey(_ members: [(String, JSONNode)]) -> [(String, JSONNode)] {
        var distinct = true
        for i in 1..<max(members.count, 1) where distinct {
            for j in 0..<i where members[j].0 == members[i].0 { distinct = false; break }
        }
        if distinct { return members }
        var merged: [(String, JSONNode)] = []
        var place: [String: Int] = [:]
        for (key, value) in members {
            if let p = place[key] { merged[p].1 = value } else { place[key] = merged.count; merged.append((key, value)) }
        }
        return merged
    }
}

/// Writes one JSON value into a report's output as `JSONNode.serialize` writes the equivalent
/// node (indentation, escapes, `{}` and `[]` for empty containers, compact or pretty alike).
/// Containers are opened and closed in pairs; in an object, `key` comes before each value.
/// Keys must be distinct within an object (jansson would keep one member per key).
public final class JSONWriter {
    fileprivate let out: JSONChunks
    /// Depth of the innermost open container, or of the value itself while none is open (-1: compact).
    private var depth = 0
    private var open = 0
    private var first = true
    private var afterKey = false

    fileprivate init(_ out: JSONChunks, depth: Int) { self.out = out; self.depth = depth }

    fileprivate func reset(depth: Int) { self.depth = depth; open = 0; first = true; afterKey = false }

    private var inner: Int { depth < 0 ? -1 : depth + 1 }

    /// The separator and line break before a value in an array (nothing after a key or at the top).
    @inline(__always) private func prefix() {
        if afterKey { afterKey = false; return }
        guard open > 0 else { return }
        if !first { out.byte(UInt8(ascii: ",")) }
        out.newline(inner)
        first = false
    }

    private func begin(_ bracket: StaticString) {
        prefix()
        out.append(bracket)
        if open > 0 { depth = inner }
        open += 1
        first = true
    }

    private func end(_ bracket: StaticString) {
        if !first { out.newline(depth) }
        out.append(bracket)
        open -= 1
        if open > 0 && depth >= 0 { depth -= 1 }
        first = false
    }

    public func beginObject() { begin("{") }
    public func endObject() { end("}") }
    public func beginArray() { begin("[") }
    public func endArray() { end("]") }

    /// The key of the next member of the open object.
    public func key(_ name: StaticString) {
        if !first { out.byte(UInt8(ascii: ",")) }
        out.newline(inner)
        out.byte(0x22)
        out.append(name)
        out.byte(0x22)
        out.append(depth < 0 ? ":" : ": ")
        first = false
        afterKey = true
    }

    public func int(_ i: Int) { prefix(); out.int(i) }
    public func string(_ s: String) { prefix(); out.string(s) }
    /// `.optional(s)`: the string, or null.
    public func string(_ s: String?) { if let s { string(s) } else { null() } }
    /// The string `d.description`, without making it.
    public func digest(_ d: Digest) {
        prefix()
        out.byte(0x22)
        out.stringBody(d.algorithm)
        out.byte(UInt8(ascii: ":"))
        out.stringBody(d.encoded)
        out.byte(0x22)
    }
    public func bool(_ b: Bool) { prefix(); out.append(b ? "true" : "false") }
    public func null() { prefix(); out.append("null") }
}

/// Collects the serialised text into 64 KiB chunks for the sink.
fileprivate final class JSONChunks {
    let sink: (UnsafeRawBufferPointer) -> Void
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 1)
    var used = 0

    init(_ sink: @escaping (UnsafeRawBufferPointer) -> Void) { self.sink = sink }
    deinit { buffer.deallocate() }

    func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        if used + bytes.count > buffer.count { flush() }
        if bytes.count > buffer.count { sink(bytes); return }
        if bytes.count <= 8, let from = bytes.baseAddress {
            // Punctuation and short words: a byte loop costs less than a call to memmove.
            let to = buffer.baseAddress! + used
            for k in 0..<bytes.count { to.storeBytes(of: from.load(fromByteOffset: k, as: UInt8.self), toByteOffset: k, as: UInt8.self) }
        } else {
            UnsafeMutableRawBufferPointer(rebasing: buffer[used...]).copyMemory(from: bytes)
        }
        used += bytes.count
    }

    func byte(_ b: UInt8) {
        if used == buffer.count { flush() }
        buffer[used] = b
        used += 1
    }

    /// A newline and `levels` levels of two spaces; nothing when compact (`levels` < 0).
    func newline(_ levels: Int) {
        guard levels >= 0 else { return }
        if levels <= 32 {
            append(UnsafeRawBufferPointer(start: JSONChunks.indentation.utf8Start, count: 1 + 2 * levels))
            return
        }
        byte(0x0a)
        for _ in 0..<levels { append("  ") }
    }

    /// A newline and 32 levels of indentation.
    private static let indentation: StaticString = "\n                                                                "

    func int(_ i: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for "-9223372036854775808"
        withUnsafeMutableBytes(of: &digits) { d in
            var v = i.magnitude
            var at = d.count
            repeat {
                at -= 1
                d[at] = UInt8(truncatingIfNeeded: v % 10) + 0x30
                v /= 10
            } while v > 0
            if i < 0 { at -= 1; d[at] = UInt8(ascii: "-") }
            append(UnsafeRawBufferPointer(rebasing: d[at...]))
        }
    }

    /// A JSON string as jansson writes it with JSON_ENSURE_ASCII: `"` and `\` escaped, the short
    /// escapes for \b \f \n \r \t, every other control character and everything past ASCII as
    /// `\uXXXX` (uppercase hex; a surrogate pair past the BMP).
    func string(_ s: String) {
        byte(0x22)
        stringBody(s)
        byte(0x22)
    }

    /// `string` without the quotes.
    func stringBody(_ s: String) {
        var s = s
        s.withUTF8 { text in
            var run = 0
            var i = 0
            while i < text.count {
                let c = text[i]
                if c >= 0x20 && c < 0x80 && c != 0x22 && c != 0x5c { i += 1; continue }
                append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: text[run..<i])))
                switch c {
                case 0x22: append("\\\"")
                case 0x5c: append("\\\\")
                case 0x08: append("\\b")
                case 0x0c: append("\\f")
                case 0x0a: append("\\n")
                case 0x0d: append("\\r")
                case 0x09: append("\\t")
                case ..<0x80:
                    escape(UInt32(c))
                default:
                    // Valid UTF-8 (a Swift string): a lead byte and its continuation bytes.
                    let length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2
                    var scalar = UInt32(c) & (length == 2 ? 0x1f : length == 3 ? 0x0f : 0x07)
                    for k in 1..<length { scalar = scalar << 6 | UInt32(text[i + k] & 0x3f) }
                    if scalar < 0x10000 {
                        escape(scalar)
                    } else {
                        let v = scalar - 0x10000
                        escape(0xd800 | (v >> 10))
                        escape(0xdc00 | (v & 0x3ff))
                    }
                    i += length - 1
                }
                i += 1
                run = i
            }
            append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: text[run...])))
        }
    }

    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    private func escape(_ unit: UInt32) {
        append("\\u")
        for shift: UInt32 in [12, 8, 4, 0] { byte(JSONChunks.hex[Int(unit >> shift & 0xf)]) }
    }

    func flush() {
        if used > 0 { sink(UnsafeRawBufferPointer(rebasing: buffer[..<used])) }
        used = 0
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
