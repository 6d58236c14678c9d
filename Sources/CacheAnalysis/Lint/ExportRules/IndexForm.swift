import CacheModel

/// A registry cache in the legacy index form (BuildKit's default before `image-manifest=true`).
public struct IndexForm: ExportLintRule {
    public init() {}
    public let id = "index-form"
    public let severity = LintSeverity.info
    public let title = "Registry cache in the legacy index form"
    public let explanation = "Some registries (Amazon ECR among them) reject an index whose entries are not images."
    public let fix = "Export with image-manifest=true,oci-mediatypes=true."

    public func check(_ e: CacheExport) -> [LintFinding] {
        guard e.loaded.form == .index && !e.loaded.reference.hasPrefix("oci:") else { return [] }
        return [finding(message: "this cache uses the legacy index form; some registries (Amazon ECR among them) reject it: export with image-manifest=true,oci-mediatypes=true")]
    }
}
