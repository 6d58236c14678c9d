import CJansson

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One alternative of an input slot: a link to another record, with an optional selector.
public struct CacheInput: Sendable, Hashable {
    public let selector: String
    public let link: Int
    public init(selector: String, link: Int) { self.selector = selector; self.link = link }
}

/// A result of a record, as written on the wire.
public enum CacheResult: Sendable, Hashable {
    /// `layers: [{layer: k}]`: layer k with all its parents.
    case layer(Int, createdAt: String?)
    /// `chains: [{layers: [i, j…]}]`: exactly these layers, in order.
    case chain([Int], createdAt: String?)

    public var createdAt: String? {
        switch self {
        case let .layer(_, c), let .chain(_, c): return c
        }
    }
}

/// A BuildKit cache record: the key of one operation output.
public struct CacheRecord: Sendable, Hashable {
    public let digest: Digest
    /// Input slots; each slot lists alternatives.
    public let inputs: [[CacheInput]]
    public let results: [CacheResult]

    public init(digest: Digest, inputs: [[CacheInput]], results: [CacheResult]) {
        self.digest = digest; self.inputs = inputs; self.results = results
    }

    public var isRoot: Bool { inputs.isEmpty }
}

/// A layer of a cache export's config (`{blob, parent, annotations}`).
public struct CacheLayer: Sendable, Hashable {
    public let blob: Digest
    /// Index of the parent layer, -1 for none. A missing `parent` means 0 on the wire.
    public let parent: Int
    public let mediaType: String?
    public let diffID: Digest?
    public let size: Int?
    public let createdAt: String?
}

public enum CacheRecords {
    /// Upper bound on records decoded from one payload; larger payloads are refused with their size.
    public static let maxRecords = 1_000_000

    /// Decodes the `moby.buildkit.cache.v0` value: base64 of a JSON array of records.
    ///
    /// Valid payloads are parsed one record at a time (each record's jansson tree freed as soon as
    /// the record is built), so a large payload never exists as one tree. Anything the fast path
    /// does not accept goes through the whole-document parse, whose error is the one reported.
    public static func decodeInline(base64 text: String) throws(ModelError) -> [CacheRecord] {
        guard let bytes = Base64.decode(text.utf8) else {
            throw ModelError.invalidCache("the \(ImageConfig.inlineCacheKey) value is not valid base64")
        }
        let r = FieldReader(what: "inline cache payload")
        if let records = decodeByRecord(bytes, r) { return records }
        let doc = try JSONDocument(parsing: bytes, what: "inline cache payload")
        return try decodeRecords(doc.value, path: "", r)
    }

    /// The records of a payload that is a JSON array of objects, each parsed on its own; nil
    /// when anything is off (the caller then parses the whole document, for its exact error).
    static func decodeByRecord(_ bytes: [UInt8], _ r: FieldReader) -> [CacheRecord]? {
        guard let ranges = bytes.withUnsafeBufferPointer({ TopLevelArray.objectRanges($0, limit: maxRecords) }) else { return nil }
        var pool = StringPool()
        var records: [CacheRecord] = []
        records.reserveCapacity(ranges.count)
        // Batches of 256 records: the bytes from the first one's start to the last one's end,
        // bracketed, are an array of just those records (commas and spacing as written).
        var batch: [UInt8] = []
        var first = 0
        let done: Bool = JanssonArena.using { arena in
            while first < ranges.count {
                let last = min(first + 256, ranges.count) - 1
                batch.removeAll(keepingCapacity: true)
                batch.append(UInt8(ascii: "["))
                batch.append(contentsOf: bytes[ranges[first].lowerBound..<ranges[last].upperBound])
                batch.append(UInt8(ascii: "]"))
                // The previous batch's tree was freed when decodeBatch returned.
                arena?.reset()
                guard decodeBatch(batch, first: first, count: last - first + 1, r, &pool, into: &records) else { return false }
                first = last + 1
            }
            return true
        }
        return done ? records : nil
    }

    /// Parses one batch (a JSON array of records) and appends its records; false when anything
    /// is off. The batch's jansson tree lives only within this call.
    private static func decodeBatch(
        _ batch: [UInt8], first: Int, count: Int, _ r: FieldReader, _ pool: inout StringPool,
        into records: inout [CacheRecord]
    ) -> Bool {
        guard let doc = try? JSONDocument(parsing: batch, what: "inline cache payload"), doc.value.count == count else { return false }
        let array = doc.value
        for k in 0..<count {
            if let item = json_array_get(array.node, k), let record = PlainRecord.decode(item, &pool) {
                records.append(record)
                continue
            }
            guard let item = array[k], let record = try? decodeRecord(item, index: first + k, prefix: "", r, &pool) else { return false }
            records.append(record)
        }
        return true
    }

    /// Decodes a cache export config (`application/vnd.buildkit.cacheconfig.v0`).
    public static func decodeConfig(_ bytes: [UInt8]) throws(ModelError) -> (layers: [CacheLayer], records: [CacheRecord]) {
        let what = "cache config"
        let doc = try JSONDocument(parsing: bytes, what: what)
        let r = FieldReader(what: what)
        let root = try r.object(doc.value, "")
        var layers: [CacheLayer] = []
        for (i, l) in try r.optionalArray(root["layers"], "layers").enumerated() {
            let p = "layers[\(i)]"
            let o = try r.object(l, p)
            let ann = o["annotations"].flatMap { $0.isNull ? nil : $0 }
            var mediaType: String?, diffID: Digest?, size: Int?, createdAt: String?
            if let ann {
                let a = try r.object(ann, "\(p).annotations")
                mediaType = try r.optionalString(a["mediaType"], "\(p).annotations.mediaType")
                if let d = a["diffID"], !d.isNull { diffID = try r.digest(d, "\(p).annotations.diffID") }
                size = try r.optionalInt(a["size"], "\(p).annotations.size")
                createdAt = try r.optionalString(a.member(caseInsensitive: "createdAt"), "\(p).annotations.createdAt")
            }
            layers.append(
                CacheLayer(
                    blob: try r.digest(o["blob"], "\(p).blob"),
                    parent: try r.optionalInt(o["parent"], "\(p).parent") ?? 0,
                    mediaType: mediaType, diffID: diffID, size: size, createdAt: createdAt))
        }
        let records = try decodeRecords(root["records"] ?? nil, path: "records", r, optional: true)
        return (layers, records)
    }

    static func decodeRecords(_ value: JSONValue?, path: String, _ r: FieldReader, optional: Bool = false) throws(ModelError)
        -> [CacheRecord]
    {
        let items = optional ? try r.optionalArray(value, path) : try r.array(value, path.isEmpty ? "the payload" : path)
        guard items.count <= maxRecords else {
            throw ModelError.invalidCache("\(items.count) records, over the limit of \(maxRecords)")
        }
        var selectors = StringPool()
        var records: [CacheRecord] = []
        records.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            records.append(try decodeRecord(item, index: i, prefix: path, r, &selectors))
        }
        return records
    }

    /// Record `index` of a records array. Paths are built only when an error needs one
    /// (non-escaping autoclosures: no allocation per field).
    static func decodeRecord(
        _ item: JSONValue, index i: Int, prefix: String, _ r: FieldReader,
        _ selectors: inout StringPool
    ) throws(ModelError) -> CacheRecord {
        let o = try r.object(item, "\(prefix)[\(i)]")
        let digest = try r.digest(o["digest"], "\(prefix)[\(i)].digest")
        var inputs: [[CacheInput]] = []
        let slots = try r.optionalArray(o["inputs"], "\(prefix)[\(i)].inputs")
        inputs.reserveCapacity(slots.count)
        for (s, slot) in slots.enumerated() {
            let altValues = try r.array(slot, "\(prefix)[\(i)].inputs[\(s)]")
            var alts: [CacheInput] = []
            alts.reserveCapacity(altValues.count)
            for (a, alt) in altValues.enumerated() {
                let ao = try r.object(alt, "\(prefix)[\(i)].inputs[\(s)][\(a)]")
                let selector = try selectors.string(ao["selector"], r, "\(prefix)[\(i)].inputs[\(s)][\(a)].selector") ?? ""
                alts.append(
                    CacheInput(
                        selector: selector,
                        link: try r.int(ao["link"], "\(prefix)[\(i)].inputs[\(s)][\(a)].link")))
            }
            inputs.append(alts)
        }
        var results: [CacheResult] = []
        for (k, res) in try r.optionalArray(o["layers"], "\(prefix)[\(i)].layers").enumerated() {
            let ro = try r.object(res, "\(prefix)[\(i)].layers[\(k)]")
            let createdAt = try selectors.string(ro.member(caseInsensitive: "createdAt"), r, "\(prefix)[\(i)].layers[\(k)].createdAt")
            results.append(.layer(try r.int(ro["layer"], "\(prefix)[\(i)].layers[\(k)].layer"), createdAt: createdAt))
        }
        for (k, ch) in try r.optionalArray(o["chains"], "\(prefix)[\(i)].chains").enumerated() {
            let co = try r.object(ch, "\(prefix)[\(i)].chains[\(k)]")
            var idx: [Int] = []
            for (j, l) in try r.array(co["layers"], "\(prefix)[\(i)].chains[\(k)].layers").enumerated() {
                idx.append(try r.int(l, "\(prefix)[\(i)].chains[\(k)].layers[\(j)]"))
            }
            results.append(
                .chain(
                    idx, createdAt: try r.optionalString(co.member(caseInsensitive: "createdAt"), "\(prefix)[\(i)].chains[\(k)].createdAt"))
            )
        }
        return CacheRecord(digest: digest, inputs: inputs, results: results)
    }
}

/// Finds the objects of a top-level JSON array without parsing them.
enum TopLevelArray {
    /// Byte ranges of the elements of `text` when it is `[ {…}, {…}, … ]` (JSON whitespace
    /// around the tokens), nesting at most 512 levels inside an element and at most `limit`
    /// elements; nil for anything else. jansson checks each element; this only finds their ends.
    static func objectRanges(_ text: UnsafeBufferPointer<UInt8>, limit: Int) -> [Range<Int>]? {
        let n = text.count
        var i = 0
        func skipSpace() { while i < n, text[i] == 0x20 || text[i] == 0x09 || text[i] == 0x0a || text[i] == 0x0d { i += 1 } }
        skipSpace()
        guard i < n, text[i] == UInt8(ascii: "[") else { return nil }
        i += 1
        skipSpace()
        var ranges: [Range<Int>] = []
        if i < n, text[i] == UInt8(ascii: "]") {
            i += 1
            skipSpace()
            return i == n ? ranges : nil
        }
        while true {
            guard i < n, text[i] == UInt8(ascii: "{"), ranges.count < limit else { return nil }
            let start = i
            var depth = 0
            var inString = false
            while i < n {
                if inString && i + 8 <= n {
                    let word = UnsafeRawPointer(text.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if !SWAR.hasQuoteOrBackslash(word) { i += 8; continue }
                }
                let c = text[i]
                if inString {
                    if c == UInt8(ascii: "\\") { i += 1 } else if c == UInt8(ascii: "\"") { inString = false }
                } else if c == UInt8(ascii: "\"") {
                    inString = true
                } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                    depth += 1
                    if depth > 512 { return nil }
                } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { break }
                }
                i += 1
            }
            guard i < n else { return nil }
            i += 1
            ranges.append(start..<i)
            skipSpace()
            guard i < n else { return nil }
            if text[i] == UInt8(ascii: ",") {
                i += 1
                skipSpace()
                continue
            }
            guard text[i] == UInt8(ascii: "]") else { return nil }
            i += 1
            skipSpace()
            return i == n ? ranges : nil
        }
    }
}

/// One copy of each selector string: a payload repeats the same few selectors thousands of times.
struct StringPool {
    private var seen: [String: String] = [:]
    /// The bytes and the string of the last lookup: runs of the same selector cost a compare.
    private var lastBytes: [UInt8] = []
    private var lastString = ""

    mutating func intern(_ s: String) -> String {
        if s.isEmpty { return s }
        if let known = seen[s] { return known }
        seen[s] = s
        return s
    }

    /// The pooled copy of the string `bytes` spell.
    mutating func intern(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.isEmpty { return "" }
        if bytes.count == lastBytes.count,
            lastBytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) }) == 0
        {
            return lastString
        }
        lastString = intern(String(decoding: bytes, as: UTF8.self))
        lastBytes = Array(bytes)
        return lastString
    }

    /// An optional string member, pooled: missing or null → nil; anything else but a string is an error.
    mutating func string(_ v: JSONValue?, _ r: FieldReader, _ path: @autoclosure () -> String) throws(ModelError) -> String? {
        guard let v, !v.isNull else { return nil }
        guard let bytes = v.stringBytes else { throw r.fail(path(), "a string") }
        return intern(utf8: bytes)
    }
}

/// `CacheRecords.decodeRecord` for records of the usual shape, read straight from jansson's
/// tree: no `JSONValue`, no array of members, no lookup by hashing. Nil for anything else
/// (`chains`, a link written as a real, a member beside `layer` and `createdAt` in a result,
/// whose spelling `createdAt` is matched ignoring case, any wrong type), which
/// `decodeRecord` then decodes or rejects itself: the records made are the same.
enum PlainRecord {
    typealias Node = UnsafeMutablePointer<json_t>

    static func decode(_ o: Node, _ pool: inout StringPool) -> CacheRecord? {
        guard o.pointee.type == JSON_OBJECT else { return nil }
        var digest: Digest?
        var inputs: [[CacheInput]] = []
        var results: [CacheResult] = []
        var iter = json_object_iter(o)
        while let it = iter {
            guard let key = json_object_iter_key(it), let v = json_object_iter_value(it) else { return nil }
            switch Key(key, json_object_iter_key_len(it)) {
            case .digest:
                guard let bytes = string(v), let d = Digest(utf8: bytes) else { return nil }
                digest = d
            case .inputs:
                guard let slots = decodeInputs(v, &pool) else { return nil }
                inputs = slots
            case .layers:
                guard let layers = decodeLayers(v, &pool) else { return nil }
                results = layers
            case .chains:
                guard v.pointee.type == JSON_NULL else { return nil }
            case .other:
                break
            }
            iter = json_object_iter_next(o, it)
        }
        guard let digest else { return nil }
        return CacheRecord(digest: digest, inputs: inputs, results: results)
    }

    /// The member names read here.
    enum Key {
        case digest, inputs, layers, chains, other

        init(_ key: UnsafePointer<CChar>, _ length: Int) {
            switch length {
            case 6:
                if memcmp(key, "digest", 6) == 0 { self = .digest; return }
                if memcmp(key, "inputs", 6) == 0 { self = .inputs; return }
                if memcmp(key, "layers", 6) == 0 { self = .layers; return }
                if memcmp(key, "chains", 6) == 0 { self = .chains; return }
            default: break
            }
            self = .other
        }
    }

    /// The bytes of a string node, nil for any other node.
    static func string(_ v: Node) -> UnsafeBufferPointer<UInt8>? {
        guard v.pointee.type == JSON_STRING, let c = json_string_value(v) else { return nil }
        let n = json_string_length(v)
        return c.withMemoryRebound(to: UInt8.self, capacity: n) { UnsafeBufferPointer(start: $0, count: n) }
    }

    /// A JSON integer (a real, even a whole one, is left to `decodeRecord`).
    static func int(_ v: Node) -> Int? {
        guard v.pointee.type == JSON_INTEGER else { return nil }
        return Int(exactly: json_integer_value(v))
    }

    /// An optional string member, pooled: nil for missing or null, `.none` for a wrong type.
    static func optionalString(_ v: Node?, _ pool: inout StringPool) -> String?? {
        guard let v, v.pointee.type != JSON_NULL else { return .some(nil) }
        guard let bytes = string(v) else { return nil }
        return .some(pool.intern(utf8: bytes))
    }

    static func decodeInputs(_ v: Node, _ pool: inout StringPool) -> [[CacheInput]]? {
        if v.pointee.type == JSON_NULL { return [] }
        guard v.pointee.type == JSON_ARRAY else { return nil }
        let count = json_array_size(v)
        var slots: [[CacheInput]] = []
        slots.reserveCapacity(count)
        for s in 0..<count {
            guard let slot = json_array_get(v, s), slot.pointee.type == JSON_ARRAY else { return nil }
            let n = json_array_size(slot)
            var alts: [CacheInput] = []
            alts.reserveCapacity(n)
            for a in 0..<n {
                guard let alt = json_array_get(slot, a), alt.pointee.type == JSON_OBJECT,
                    let selector = optionalString(json_object_get(alt, "selector"), &pool),
                    let linkNode = json_object_get(alt, "link"), let link = int(linkNode)
                else { return nil }
                alts.append(CacheInput(selector: selector ?? "", link: link))
            }
            slots.append(alts)
        }
        return slots
    }

    static func decodeLayers(_ v: Node, _ pool: inout StringPool) -> [CacheResult]? {
        if v.pointee.type == JSON_NULL { return [] }
        guard v.pointee.type == JSON_ARRAY else { return nil }
        let count = json_array_size(v)
        var results: [CacheResult] = []
        results.reserveCapacity(count)
        for k in 0..<count {
            guard let ro = json_array_get(v, k), ro.pointee.type == JSON_OBJECT else { return nil }
            var layer: Int?
            var createdAt: String?
            var iter = json_object_iter(ro)
            while let it = iter {
                guard let key = json_object_iter_key(it), let value = json_object_iter_value(it) else { return nil }
                let length = json_object_iter_key_len(it)
                if length == 5 && memcmp(key, "layer", 5) == 0 {
                    guard let l = int(value) else { return nil }
                    layer = l
                } else if length == 9 && memcmp(key, "createdAt", 9) == 0 {
                    guard let c = optionalString(value, &pool) else { return nil }
                    createdAt = c
                } else {
                    return nil
                }
                iter = json_object_iter_next(ro, it)
            }
            guard let layer else { return nil }
            results.append(.layer(layer, createdAt: createdAt))
        }
        return results
    }
}

/// A region jansson allocates from while a batch of inline cache records is parsed, on the
/// thread parsing it: a batch's nodes, strings and tables are carved from the region one after
/// the other and all dropped at once when the next batch starts, instead of a malloc and a
/// free each (half of jansson's time on a large payload). The tree is still freed with
/// json_decref (frees inside the region do nothing), and an allocation that does not fit goes
/// to malloc as before. Any other thread, and this one outside `using`, gets malloc and free.
final class JanssonArena {
    /// Address space only: the pages a batch touches are the ones that become resident.
    static let capacity = 8 << 20

    private static let base: UnsafeMutableRawPointer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
    private static let mutex: UnsafeMutablePointer<pthread_mutex_t> = {
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(m, nil)
        return m
    }()
    /// The allocator is handed to jansson once, after `base` exists; it never changes again.
    private static let installed: Bool = {
        region = (base, base + capacity)
        json_set_alloc_funcs(allocate, release)
        return true
    }()

    /// The region, and while an arena is in use, the thread it serves and its next free byte.
    nonisolated(unsafe) private static var region: (start: UnsafeMutableRawPointer, end: UnsafeMutableRawPointer)?
    nonisolated(unsafe) private static var owner: UInt = 0
    nonisolated(unsafe) private static var next: UnsafeMutableRawPointer?

    private static func currentThread() -> UInt {
        #if canImport(Darwin)
            return UInt(bitPattern: pthread_self())
        #else
            return UInt(pthread_self())
        #endif
    }

    private static let allocate: @convention(c) (Int) -> UnsafeMutableRawPointer? = { size in
        if owner != 0, owner == JanssonArena.currentThread(), let at = next, let (_, end) = region {
            let rounded = (size + 15) & ~15
            if end - at >= rounded {
                next = at + rounded
                return at
            }
        }
        return malloc(size)
    }

    private static let release: @convention(c) (UnsafeMutableRawPointer?) -> Void = { pointer in
        guard let pointer else { return }
        if let (start, end) = region, pointer >= start && pointer < end { return }
        free(pointer)
    }

    /// Runs `body` with jansson allocating from the arena on this thread (nil when another
    /// thread has it: then jansson allocates as usual).
    static func using<T>(_ body: (JanssonArena?) -> T) -> T {
        _ = installed
        guard pthread_mutex_trylock(mutex) == 0 else { return body(nil) }
        defer { pthread_mutex_unlock(mutex) }
        next = base
        owner = currentThread()
        defer { owner = 0; next = nil }
        return body(JanssonArena())
    }

    /// Forgets everything allocated so far: only when no tree allocated from it is alive.
    func reset() { JanssonArena.next = JanssonArena.base }
}
