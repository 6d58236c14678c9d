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
    }

    /// Where `bytes` stop being valid JSON (1-based line and column), or nil when they parse.
    /// For documents whose text must not be quoted (credential files): the parser's message
    /// quotes the text near the fault.
    public static func errorPosition<C: Collection>(parsing bytes: C) -> (line: Int, column: Int)? where C.Element == UInt8 {
        var error = json_error_t()
        if let parsed = load(bytes, &error) { json_decref(parsed); return nil }
        return (Int(error.line), Int(error.column))
    }

    private static func load<C: Collection>(_ bytes: C, _ error: inout json_error_t) -> UnsafeMutablePointer<json_t>? where C.Element == UInt8 {
        let flags = Int(JSON_DECODE_ANY) | Int(JSON_ALLOW_NUL)
        if let direct = bytes.withContiguousStorageIfAvailable({ buf in
            buf.withMemoryRebound(to: CChar.self) { json_loadb($0.baseAddress, buf.count, flags, &error) }
        }) { return direct }
        let copy = Array(bytes)
        return copy.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { json_loadb($0.baseAddress, buf.count, flags, &error) }
        }
    }

    private init(adopting root: UnsafeMutablePointer<json_t>) { self.root = root }

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
            } else { key = "" }
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
}

/// A JSON value built in Swift, serialised by jansson (object keys keep their order).
public indirect enum JSONNode: Sendable, Equatable {
    case object([(String, JSONNode)])
    case array([JSONNode])
    /// An array whose elements are made one at a time while it is serialised, so that a large
    /// report never exists whole in memory. Equal to the `.array` of the same elements.
    case elements(count: Int, element: @Sendable (Int) -> JSONNode)
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null

    public static func == (l: JSONNode, r: JSONNode) -> Bool {
        switch (l, r) {
        case let (.object(a), .object(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case let (.array(a), .array(b)): return a == b
        case (.elements, _), (_, .elements): return l.materialized == r.materialized
        case let (.string(a), .string(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }

    /// `.elements` as an `.array`; any other node as it is.
    var materialized: JSONNode {
        if case let .elements(count, element) = self { return .array((0..<count).map(element)) }
        return self
    }

    public static func optional(_ s: String?) -> JSONNode { s.map { .string($0) } ?? .null }
    public static func optional(_ i: Int?) -> JSONNode { i.map { .int($0) } ?? .null }

    /// Serialises with two-space indentation (or compact) and a trailing newline when pretty.
    public func serialized(pretty: Bool = true) -> String {
        let node = makeJansson()
        defer { json_decref(node) }
        // ENSURE_ASCII: non-ASCII as \uXXXX, so bidi controls (U+202E) and other format characters
        // from image metadata never reach a terminal raw, even in JSON output. Same JSON values.
        let flags = (pretty ? 2 : (Int(JSON_COMPACT))) | Int(JSON_ENCODE_ANY) | Int(JSON_PRESERVE_ORDER) | Int(JSON_ENSURE_ASCII)
        guard let c = json_dumps(node, flags) else { return "null" }
        defer { free(c) }
        return String(cString: c) + (pretty ? "\n" : "")
    }

    /// Serialises like `serialized(pretty:)`, handing the text to `sink` in chunks of at most
    /// 64 KiB instead of building it in memory. Pretty output is written member by member and
    /// element by element down to the nodes without `.elements` inside, each of which jansson
    /// dumps on its own (and frees) — the same bytes as `serialized()`, in a fraction of the memory.
    public func serialize(pretty: Bool = true, into sink: (UnsafeRawBufferPointer) -> Void) {
        withoutActuallyEscaping(sink) { sink in
            let out = JSONChunks(sink)
            if pretty {
                write(to: out, depth: 0)
                out.append("\n")
            } else {
                JSONNode.dump(makeJansson(), flags: Int(JSON_COMPACT), depth: 0, to: out)
            }
            out.flush()
        }
    }

    /// jansson's pretty form (JSON_INDENT(2)) at nesting `depth`.
    private func write(to out: JSONChunks, depth: Int) {
        switch self {
        case let .object(members) where !members.isEmpty && hasElements:
            out.append("{")
            for (n, (key, value)) in members.enumerated() {
                out.newline(depth + 1)
                JSONNode.string(key).write(to: out, depth: depth + 1)
                out.append(": ")
                value.write(to: out, depth: depth + 1)
                if n < members.count - 1 { out.append(",") }
            }
            out.newline(depth)
            out.append("}")
        case let .elements(count, element) where count > 0:
            out.append("[")
            for i in 0..<count {
                out.newline(depth + 1)
                element(i).write(to: out, depth: depth + 1)
                if i < count - 1 { out.append(",") }
            }
            out.newline(depth)
            out.append("]")
        case let .array(items) where !items.isEmpty && hasElements:
            JSONNode.elements(count: items.count) { items[$0] }.write(to: out, depth: depth)
        default:
            JSONNode.dump(makeJansson(), flags: 2, depth: depth, to: out)
        }
    }

    /// Whether an `.elements` node is inside (stops at the first).
    private var hasElements: Bool {
        switch self {
        case .elements: return true
        case let .object(members): return members.contains { $0.1.hasElements }
        case let .array(items): return items.contains { $0.hasElements }
        default: return false
        }
    }

    /// Dumps `tree` (and releases it), indenting every line after the first by `depth` levels.
    private static func dump(_ tree: UnsafeMutablePointer<json_t>, flags: Int, depth: Int, to out: JSONChunks) {
        defer { json_decref(tree) }
        out.depth = depth
        let all = flags | Int(JSON_ENCODE_ANY) | Int(JSON_PRESERVE_ORDER) | Int(JSON_ENSURE_ASCII)
        _ = json_dump_callback(tree, { buffer, size, data in
            guard let buffer, let data else { return 0 }
            Unmanaged<JSONChunks>.fromOpaque(data).takeUnretainedValue().appendIndented(UnsafeRawBufferPointer(start: buffer, count: size))
            return 0
        }, Unmanaged.passUnretained(out).toOpaque(), all)
        out.depth = 0
    }

    private func makeJansson() -> UnsafeMutablePointer<json_t> {
        switch self {
        case let .object(members):
            let o = json_object()!
            for (k, v) in members { _ = json_object_setn_new_nocheck(o, k, k.utf8.count, v.makeJansson()) }
            return o
        case let .array(items):
            let a = json_array()!
            for v in items { _ = json_array_append_new(a, v.makeJansson()) }
            return a
        case let .elements(count, element):
            let a = json_array()!
            for i in 0..<count { _ = json_array_append_new(a, element(i).makeJansson()) }
            return a
        case let .string(s):
            var s = s
            return s.withUTF8 { buf in
                buf.withMemoryRebound(to: CChar.self) { json_stringn_nocheck($0.baseAddress, $0.count)! }
            }
        case let .int(i): return json_integer(json_int_t(i))!
        case let .double(d): return json_real(d)!
        case let .bool(b): return b ? json_true()! : json_false()!
        case .null: return json_null()!
        }
    }
}

/// Collects jansson's many small pieces into 64 KiB chunks.
private final class JSONChunks {
    let sink: (UnsafeRawBufferPointer) -> Void
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 1)
    var used = 0
    /// Lines jansson starts get this many levels (two spaces each) in front.
    var depth = 0

    init(_ sink: @escaping (UnsafeRawBufferPointer) -> Void) { self.sink = sink }
    deinit { buffer.deallocate() }

    func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        if used + bytes.count > buffer.count { flush() }
        if bytes.count > buffer.count { sink(bytes); return }
        UnsafeMutableRawBufferPointer(rebasing: buffer[used...]).copyMemory(from: bytes)
        used += bytes.count
    }

    func newline(_ levels: Int) {
        append("\n")
        for _ in 0..<levels { append("  ") }
    }

    /// jansson's text with `depth` levels added after each newline (strings never hold a raw newline).
    func appendIndented(_ bytes: UnsafeRawBufferPointer) {
        guard depth > 0 else { return append(bytes) }
        var start = 0
        for i in 0..<bytes.count where bytes[i] == 0x0a {
            append(UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
            newline(depth)
            start = i + 1
        }
        append(UnsafeRawBufferPointer(rebasing: bytes[start...]))
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
