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
        switch self { case let .layer(_, c), let .chain(_, c): return c }
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
    public static func decodeInline(base64 text: String) throws(ModelError) -> [CacheRecord] {
        // The decoded bytes live only until jansson has parsed them, and the jansson tree only
        // until the records are built: the payload is never held three times over.
        let doc = try parseInline(text)
        let r = FieldReader(what: "inline cache payload")
        let records = try decodeRecords(doc.value, path: "", r)
        withExtendedLifetime(doc) {}
        return records
    }

    private static func parseInline(_ text: String) throws(ModelError) -> JSONDocument {
        guard let bytes = Base64.decode(text.utf8) else {
            throw ModelError.invalidCache("the \(ImageConfig.inlineCacheKey) value is not valid base64")
        }
        return try JSONDocument(parsing: bytes, what: "inline cache payload")
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
            layers.append(CacheLayer(blob: try r.digest(o["blob"], "\(p).blob"),
                                     parent: try r.optionalInt(o["parent"], "\(p).parent") ?? 0,
                                     mediaType: mediaType, diffID: diffID, size: size, createdAt: createdAt))
        }
        let records = try decodeRecords(root["records"] ?? nil, path: "records", r, optional: true)
        return (layers, records)
    }

    static func decodeRecords(_ value: JSONValue?, path: String, _ r: FieldReader, optional: Bool = false) throws(ModelError) -> [CacheRecord] {
        let items = optional ? try r.optionalArray(value, path) : try r.array(value, path.isEmpty ? "the payload" : path)
        guard items.count <= maxRecords else {
            throw ModelError.invalidCache("\(items.count) records, over the limit of \(maxRecords)")
        }
        var selectors = StringPool()
        var records: [CacheRecord] = []
        records.reserveCapacity(items.count)
        // Paths are built only when an error needs one (non-escaping autoclosures: no allocation per field).
        let prefix = path.isEmpty ? "" : path
        for (i, item) in items.enumerated() {
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
                    alts.append(CacheInput(selector: try selectors.intern(r.optionalString(ao["selector"], "\(prefix)[\(i)].inputs[\(s)][\(a)].selector") ?? ""),
                                           link: try r.int(ao["link"], "\(prefix)[\(i)].inputs[\(s)][\(a)].link")))
                }
                inputs.append(alts)
            }
            var results: [CacheResult] = []
            for (k, res) in try r.optionalArray(o["layers"], "\(prefix)[\(i)].layers").enumerated() {
                let ro = try r.object(res, "\(prefix)[\(i)].layers[\(k)]")
                results.append(.layer(try r.int(ro["layer"], "\(prefix)[\(i)].layers[\(k)].layer"),
                                      createdAt: try r.optionalString(ro.member(caseInsensitive: "createdAt"), "\(prefix)[\(i)].layers[\(k)].createdAt").map { selectors.intern($0) }))
            }
            for (k, ch) in try r.optionalArray(o["chains"], "\(prefix)[\(i)].chains").enumerated() {
                let co = try r.object(ch, "\(prefix)[\(i)].chains[\(k)]")
                var idx: [Int] = []
                for (j, l) in try r.array(co["layers"], "\(prefix)[\(i)].chains[\(k)].layers").enumerated() {
                    idx.append(try r.int(l, "\(prefix)[\(i)].chains[\(k)].layers[\(j)]"))
                }
                results.append(.chain(idx, createdAt: try r.optionalString(co.member(caseInsensitive: "createdAt"), "\(prefix)[\(i)].chains[\(k)].createdAt")))
            }
            records.append(CacheRecord(digest: digest, inputs: inputs, results: results))
        }
        return records
    }
}

/// One copy of each selector string: a payload repeats the same few selectors thousands of times.
struct StringPool {
    private var seen: [String: String] = [:]
    mutating func intern(_ s: String) -> String {
        if s.isEmpty { return s }
        if let known = seen[s] { return known }
        seen[s] = s
        return s
    }
}
