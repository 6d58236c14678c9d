import CacheModel

/// Why a layer of the new build could not be served by the old cache.
public enum MissReason: String, Sendable, CaseIterable {
    case noCache = "no-cache"
    case baseChanged = "base-changed"
    case changed
    case upstreamChanged = "upstream-changed"
    case notExported = "not-exported"
}

public struct LayerVerdict: Sendable, Equatable {
    public enum Status: String, Sendable { case base, hit, miss }
    public let index: Int
    public let createdBy: String?
    public let status: Status
    public let reason: MissReason?
    public let detail: String
    /// The files that differ from OLD's layer of the same step (a copy that missed); nil when
    /// not compared, with `filesNote` saying why when it should have been.
    public var files: [FileChange]? = nil
    public var filesNote: String? = nil
}
