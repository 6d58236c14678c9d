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
        guard let bytes = Base64.decode(text.utf8) else {
            throw ModelError.invalidCache("the \(ImageConfig.inlineCacheKey) value is not valid base64")
        }
        let doc = try JSONDocument(parsing: bytes, what: "inline cache payload")
        let r = FieldReader(what: "inline cache payload")
        return try decodeRecords(doc.value, path: "", r)
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
        var records: [CacheRecord] = []
        records.reserveCapacity(items.count)
        let prefix = path.isEmpty ? "" : path
        for (i, item) in items.enumerated() {
            let p = Lazy { "\(prefix)[\(i)]" }
            let o = try r.object(item, p.description)
            let digest = try r.digest(o["digest"], "\(p).digest")
            var inputs: [[CacheInput]] = []
            for (s, slot) in try r.optionalArray(o["inputs"], "\(p).inputs").enumerated() {
                var alts: [CacheInput] = []
                for (a, alt) in try r.array(slot, "\(p).inputs[\(s)]").enumerated() {
                    let ap = Lazy { "\(p).inputs[\(s)][\(a)]" }
                    let ao = try r.object(alt, ap.description)
                    alts.append(CacheInput(selector: try r.optionalString(ao["selector"], "\(ap).selector") ?? "",
                                           link: try r.int(ao["link"], "\(ap).link")))
                }
                inputs.append(alts)
            }
            var results: [CacheResult] = []
            for (k, res) in try r.optionalArray(o["layers"], "\(p).layers").enumerated() {
                let rp = Lazy { "\(p).layers[\(k)]" }
                let ro = try r.object(res, rp.description)
                results.append(.layer(try r.int(ro["layer"], "\(rp).layer"),
                                      createdAt: try r.optionalString(ro.member(caseInsensitive: "createdAt"), "\(rp).createdAt")))
            }
            for (k, ch) in try r.optionalArray(o["chains"], "\(p).chains").enumerated() {
                let cp = Lazy { "\(p).chains[\(k)]" }
                let co = try r.object(ch, cp.description)
                var idx: [Int] = []
                for (j, l) in try r.array(co["layers"], "\(cp).layers").enumerated() { idx.append(try r.int(l, "\(cp).layers[\(j)]")) }
                results.append(.chain(idx, createdAt: try r.optionalString(co.member(caseInsensitive: "createdAt"), "\(cp).createdAt")))
            }
            records.append(CacheRecord(digest: digest, inputs: inputs, results: results))
        }
        return records
    }
}

/// A path string built only when an error message needs it.
struct Lazy: CustomStringConvertible {
    let make: () -> String
    init(_ make: @escaping () -> String) { self.make = make }
    var description: String { make() }
}
