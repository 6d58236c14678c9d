import CacheModel

/// A cache export whose manifest or config is over BuildKit's 1 MiB import limit
/// (BuildKit: `readBlob` in cache/remotecache/import.go refuses blobs over 1 MiB).
public struct ExportTooLarge: ExportLintRule {
    public init() {}
    public let id = "export-too-large"
    public let severity = LintSeverity.error
    public let title = "Cache export manifest or config over BuildKit's 1 MiB import limit"
    public let explanation = """
        BuildKit refuses to import a cache whose manifest or config blob is over 1 MiB, and then builds without \
        cache without failing.
        """
    public let fix = """
        Shrink what the cache describes: one cache ref per target, or mode=min for targets whose other stages are cheap.
        """

    public static let limit = 1 << 20

    public func check(_ e: CacheExport) -> [LintFinding] {
        var out: [LintFinding] = []
        let configSize = e.loaded.configBytes.count
        if configSize > Self.limit {
            out.append(finding(message: "the cache config is \(configSize) bytes; BuildKit refuses to import a config over \(Self.limit) bytes and silently builds cold", cost: .exportNotTimed))
        }
        if e.loaded.manifestSize > Self.limit {
            out.append(finding(message: "the cache manifest is \(e.loaded.manifestSize) bytes; BuildKit refuses to import one over \(Self.limit) bytes", cost: .exportNotTimed))
        }
        return out
    }
}
