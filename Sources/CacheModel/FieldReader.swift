/// Typed access to untrusted JSON, turning every wrong type into an error that names
/// the document and the JSON path.
struct FieldReader {
    let what: String

    func fail(_ path: String, _ expected: String) -> ModelError {
        .unexpectedShape(what: what, path: path, expected: expected)
    }

    func object(_ v: JSONValue?, _ path: @autoclosure () -> String) throws(ModelError) -> JSONValue {
        guard let v, v.kind == .object else { throw fail(path(), "an object") }
        return v
    }

    func array(_ v: JSONValue?, _ path: @autoclosure () -> String) throws(ModelError) -> [JSONValue] {
        guard let v, v.kind == .array else { throw fail(path(), "an array") }
        return v.elements
    }

    /// Missing or null → empty; anything else but an array is an error.
    func optionalArray(_ v: JSONValue?, _ path: @autoclosure () -> String) throws(ModelError) -> [JSONValue] {
        guard let v, !v.isNull else { return [] }
        return try array(v, path())
    }

    func string(_ v: JSONValue?, _ path: @autoclosure () -> String) throws(ModelError) -> String {
        guard let s = v?.string else { throw fail(path(), "a string") }
        return s
    }

    func optionalString(_ v: JSONValue?, _ path: @autoclosure () -> String) throws(ModelError) -> String? {
        guard let v, !v.isNull else { return nil }
        guard let s = v.string else { throw fail(path(), "a string") }
        return s
    }

    func int(_ v: JSONValue?, _ path: @autoclosure () -> String) throws(ModelError) -> Int {
        guard let i = v?.int else { throw fail(path(), "an integer") }
        return i
    }

    func optionalInt(_ v: JSONValue?, _ path: @autoclosure () -> String) throws(ModelError) -> Int? {
        guard let v, !v.isNull else { return nil }
        guard let i = v.int else { throw fail(path(), "an integer") }
        return i
    }

    func optionalBool(_ v: JSONValue?, _ path: @autoclosure () -> String) throws(ModelError) -> Bool? {
        guard let v, !v.isNull else { return nil }
        guard let b = v.bool else { throw fail(path(), "true or false") }
        return b
    }

    func digest(_ v: JSONValue?, _ path: @autoclosure () -> String) throws(ModelError) -> Digest {
        if let bytes = v?.stringBytes, let parsed = Digest(utf8: bytes) { return parsed }
        let s = try string(v, path())
        do { return try Digest(parsing: s) } catch { throw fail(path(), "a digest (sha256:<64 hex>), not \(Sanitize.quoted(s))") }
    }

    func stringMap(_ v: JSONValue?, _ path: @autoclosure () -> String) throws(ModelError) -> [String: String] {
        guard let v, !v.isNull else { return [:] }
        var out: [String: String] = [:]
        for (k, val) in try object(v, path()).members {
            guard let s = val.string else { throw fail("\(path()).\(k)", "a string") }
            out[k] = s
        }
        return out
    }
}
