import CacheModel

/// Why a reference could not be loaded as what the command needs. Exit code 2.
public enum LoadError: UserFacingError {
    case noMatchingPlatform(wanted: Platform, available: [Platform])
    /// A single-platform image that is not the platform asked for.
    case platformMismatch(wanted: Platform, actual: Platform)
    /// The reference names an index or a layout without any image.
    case noImage(String)
    /// A BuildKit cache export where the command needs an image (`advise`, a diff's image).
    case notAnImage(String)
    /// A BuildKit cache index without its cache config entry.
    case cacheIndexWithoutConfig(String)
    /// An index entry that is itself an index.
    case nestedIndex(Digest)

    public var exitCode: Int32 { 2 }
    public var description: String {
        switch self {
        case let .platformMismatch(wanted, actual):
            return
                "the image is \(Sanitize.inline(actual.description)) only, not \(Sanitize.inline(wanted.description)): drop --platform, or name a multi-platform index"
        case let .noMatchingPlatform(wanted, available):
            return
                "the index has no \(Sanitize.inline(wanted.description)) image; it has: \(Self.list(available)). Pick one with --platform"
        case let .noImage(reference):
            return "\(Sanitize.quoted(reference)) holds no image"
        case let .notAnImage(reference):
            return
                "\(Sanitize.quoted(reference)) is a BuildKit cache export, not an image; this command reads an image (inspect and lint read cache exports too)"
        case let .cacheIndexWithoutConfig(reference):
            return "\(Sanitize.quoted(reference)) is a BuildKit cache index without a cache config"
        case let .nestedIndex(digest):
            return "index entry \(digest) is itself an index; nested indexes are not supported"
        }
    }

    /// Platforms named in an error: each escaped (they come from the index), at most
    /// `listedPlatforms` of them, distinct, then how many more there are.
    static let listedPlatforms = 10

    static func list(_ platforms: [Platform]) -> String {
        guard !platforms.isEmpty else { return "no platform images" }
        var seen = Set<String>()
        let names = platforms.map(\.description).filter { seen.insert($0).inserted }
        let shown = names.prefix(listedPlatforms).map { Sanitize.inline($0, limit: 100) }.joined(separator: ", ")
        let more = names.count - min(names.count, listedPlatforms)
        return more > 0 ? "\(shown) … and \(Self.grouped(more)) more" : shown
    }

    /// 19990 → "19,990".
    static func grouped(_ n: Int) -> String {
        var digits = String(n)
        var out = ""
        while digits.count > 3 {
            out = "," + String(digits.suffix(3)) + out
            digits.removeLast(3)
        }
        return digits + out
    }
}
