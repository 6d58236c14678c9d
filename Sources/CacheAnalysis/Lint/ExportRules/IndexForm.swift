import CacheModel

/// A registry cache in the legacy index form (BuildKit's default before `image-manifest=true`).
public struct IndexForm: ExportLintRule {
    public init() {}
    public let id = "index-form"
    public let severity = LintSeverity.info

    public func check(_ e: CacheExport) -> [LintFinding] {
        guard e.loaded.form == .index && !e.loaded.reference.hasPrefix("oci:") else { return [] }
        return [finding(.indexForm)]
    }
}
