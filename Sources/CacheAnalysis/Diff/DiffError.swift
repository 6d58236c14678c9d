import CacheModel

/// Why a diff cannot be made. Exit code 2.
public enum DiffError: UserFacingError {
    case newHasNoCache(String)
    case noSource
    /// The graphs need more than this many comparisons (thousands of records sharing one digest).
    case tooComplex(Int)
    public var exitCode: Int32 { 2 }
    public var description: String {
        switch self {
        case let .tooComplex(n):
            return "the cache graphs are too complex to compare (over \(n) comparisons); refusing to continue"
        case .noSource:
            return "diff needs at least one cache source before NEW"
        case let .newHasNoCache(why):
            return "cannot tell which steps the new build ran: \(why). Build it with --cache-to type=inline (or --build-arg BUILDKIT_INLINE_CACHE=1) so its config records the build's cache keys"
        }
    }
}
