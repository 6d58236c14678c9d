import CacheModel

/// A layer the cache config names that the manifest does not list: results that use it cannot
/// be imported: BuildKit's importer finds layers through the manifest's descriptors, keyed by digest.
public struct MissingBlob: ExportLintRule {
    public init() {}
    public let id = "missing-blob"
    public let severity = LintSeverity.error
    public let title = "A cache layer named by the config is not in the manifest"
    public let explanation = """
        BuildKit can only import results whose layers the cache manifest lists; results using a missing layer are \
        dropped and their steps run.
        """
    public let fix = "Re-export the cache; check that nothing (a registry's garbage collection, a copy tool) dropped blobs."

    public func check(_ e: CacheExport) -> [LintFinding] {
        e.missingBlobs.map { blob in
            finding(message: "layer \(blob) is named by the cache config but not listed by the manifest: results using it cannot be imported",
                    cost: .exportNotTimed)
        }
    }
}
