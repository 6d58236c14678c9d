import CacheModel

extension DiffReport {
    /// The JSON contract of `cachectl diff` (schema version 1).
    public func json() -> JSONNode {
        .object([
            ("schemaVersion", .int(1)),
            ("old", .object([("reference", .string(old.reference)), ("manifestDigest", .string(old.manifestDigest.description))])),
            ("new", .object([("reference", .string(new.reference)), ("manifestDigest", .string(new.manifestDigest.description))])),
            ("layers", .array(layers.map { l in
                .object([("index", .int(l.index)), ("createdBy", .optional(l.createdBy)), ("status", .string(l.status.rawValue)),
                         ("reason", .optional(l.reason?.rawValue)), ("detail", .string(l.detail))])
            })),
            ("intermediate", .object([("steps", .int(intermediateSteps)),
                                      ("matchedWithoutResult", .int(intermediateMatchedWithoutResult)),
                                      ("changed", .int(intermediateChanged)),
                                      ("hits", .int(intermediateHits))])),
            ("summary", .object([("hits", .int(hits)), ("misses", .int(misses)),
                                 ("firstMiss", .optional(firstMiss?.index)),
                                 ("rootCause", .optional(firstMiss?.reason?.rawValue)),
                                 ("verdict", .string(verdict))])),
        ])
    }

    /// One or two sentences: what happened and what mode=max would have kept.
    public var verdict: String {
        var text: String
        if let first = firstMiss {
            text = "\(hits) of \(hits + misses) built layers served from the old cache; the first miss is layer \(first.index) (\(first.reason?.rawValue ?? "miss")): \(first.detail)."
        } else if hits + misses == 0 {
            text = "The new image has no built layers."
        } else {
            text = "All \(hits) built layers can be served from the old cache."
        }
        let notExported = layers.filter { $0.reason == .notExported }.count
        if oldIsInline && (notExported > 0 || intermediateMatchedWithoutResult > 0) {
            text += " A registry cache with mode=max would have kept \(intermediateMatchedWithoutResult) step(s) of other stages"
            text += notExported > 0 ? " and \(notExported) not-exported layer(s) that inline cache dropped." : " that inline cache (always mode=min) does not export."
        }
        return text
    }
}
