/// The answer of `GET /v2/<name>/tags/list` (OCI distribution spec, "Listing Tags").
public enum TagList {
    /// The tags of one page. `tags` may be null or absent on an empty repository.
    public static func decode(_ bytes: [UInt8]) throws(ModelError) -> [String] {
        let doc = try JSONDocument(parsing: bytes, what: "tag list")
        let root = doc.value
        guard root.kind == .object else {
            throw ModelError.unexpectedShape(what: "tag list", path: "$", expected: "an object")
        }
        guard let tags = root["tags"], !tags.isNull else { return [] }
        guard tags.kind == .array else {
            throw ModelError.unexpectedShape(what: "tag list", path: "tags", expected: "an array of strings")
        }
        var out: [String] = []
        for (i, t) in tags.elements.enumerated() {
            guard let s = t.string else {
                throw ModelError.unexpectedShape(what: "tag list", path: "tags[\(i)]", expected: "a string")
            }
            out.append(s)
        }
        return out
    }

    /// The target of the `rel="next"` entry of `Link` headers (RFC 8288), e.g.
    /// `</v2/app/tags/list?n=100&last=v9>; rel="next"`; nil when there is none.
    public static func nextLink(_ headers: [String]) -> String? {
        for header in headers {
            for entry in splitEntries(header) {
                guard let open = entry.firstIndex(of: "<"), let close = entry.firstIndex(of: ">"), open < close else { continue }
                let target = String(entry[entry.index(after: open)..<close])
                let params = entry[entry.index(after: close)...].split(separator: ";").map { String($0).trimmingSpaces }
                for p in params {
                    let kv = p.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
                    guard kv.count == 2, kv[0].lowercased() == "rel" else { continue }
                    var v = Substring(kv[1])
                    if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = v.dropFirst().dropLast() }
                    let rels = v.lowercased().split(separator: " ")
                    if rels.contains("next") { return target }
                }
            }
        }
        return nil
    }

    /// Splits a Link header at commas outside `<…>` and quotes.
    static func splitEntries(_ header: String) -> [Substring] {
        var out: [Substring] = []
        var start = header.startIndex
        var inAngle = false, inQuote = false
        var i = header.startIndex
        while i < header.endIndex {
            let c = header[i]
            if c == "<" && !inQuote {
                inAngle = true
            } else if c == ">" && !inQuote {
                inAngle = false
            } else if c == "\"" && !inAngle {
                inQuote.toggle()
            } else if c == "," && !inAngle && !inQuote {
                out.append(header[start..<i]); start = header.index(after: i)
            }
            i = header.index(after: i)
        }
        out.append(header[start...])
        return out
    }
}
