import CacheModel

/// A layer the cache config names that the manifest does not list: results that use it cannot
/// be imported: BuildKit's importer finds layers through the manifest's descriptors, keyed by digest.
public struct MissingBlob: ExportLintRule {
    public init() {}
    public let id = "missing-blob"
    public let severity = LintSeverity.error

    public func check(_ e: CacheExport) -> [LintFinding] {
        e.missingBlobs.map { finding(.missingBlob($0), cost: .exportNotTimed) }
    }
}
