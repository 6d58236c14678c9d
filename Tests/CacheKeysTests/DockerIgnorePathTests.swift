import CacheKeys
import Testing

/// Paths are split on the byte `/`: a combining mark right after a slash makes one Character of the
/// two, and a Character split would lose that separator (found by the dockerignore fuzz target).
struct DockerIgnorePathTests {
    @Test func aCombiningMarkAfterASlashStillSeparatesTheParts() throws {
        let ignore = try DockerIgnore(text: "*.*\n")
        let name = "\u{597}ep.loa.llo"  // U+0597 HEBREW ACCENT REVIA, a combining mark
        #expect(ignore.excludes(name))
        #expect(ignore.canSkipExcludedDirectory(name))
        // The directory is excluded and may be skipped unread: what is below it is excluded too.
        #expect(ignore.excludes(name + "/" + name))
    }
}
