import CacheModel

public enum DiffError: UserFacingError {
    case newHasNoCache(String)
    case noSource
    public var exitCode: Int32 { 2 }
    public var description: String {
        switch self {
        case .noSource:
            return "diff needs at least one cache source before NEW"
        case let .newHasNoCache(why):
            return "cannot tell which steps the new build ran: \(why). Build it with --cache-to type=inline (or --build-arg BUILDKIT_INLINE_CACHE=1) so its config records the build's cache keys"
        }
    }
}
