import CacheModel

/// A cache export whose manifest or config is over BuildKit's 1 MiB import limit
/// (BuildKit: `readBlob` in cache/remotecache/import.go refuses blobs over 1 MiB).
public struct ExportTooLarge: ExportLintRule {
    public init() {}
    public let id = "export-too-large"
    public let severity = LintSeverity.error

    public static let limit = 1 << 20

    public func check(_ e: CacheExport) -> [LintFinding] {
        var out: [LintFinding] = []
        let configSize = e.loaded.configBytes.count
        if configSize > Self.limit {
            out.append(finding(.exportTooLarge(blob: .config, bytes: configSize, limit: Self.limit), cost: .exportNotTimed))
        }
        if e.loaded.manifestSize > Self.limit {
            out.append(finding(.exportTooLarge(blob: .manifest, bytes: e.loaded.manifestSize, limit: Self.limit), cost: .exportNotTimed))
        }
        return out
    }
}
