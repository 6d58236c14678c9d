import CacheAnalysis
import CacheModel
import CacheReports
import Testing

@Suite struct LintStaleCacheTests {
    static let rule = "stale-cache"
    /// Newest result of v013-multistage-old (layer 5's createdAt).
    static let newest = RFC3339Time.seconds("2026-11-29T00:43:02.819546265Z")!

    @Test func firesWhenTheNewestResultIsOlderThanMaxAge() async throws {
        let f = try await LintSupport.lint("v013-multistage-old", now: Self.newest + 31 * 86_400).flatMap(\.findings).filter {
            $0.rule == Self.rule
        }
        #expect(f.count == 1)
        #expect(f.first?.severity == .info)
        #expect(f.first?.message.contains("31 days") == true, "\(f.first?.message ?? "")")
    }

    @Test func quietWithinMaxAge() async throws {
        let f = try await LintSupport.lint("v013-multistage-old", now: Self.newest + 29 * 86_400).flatMap(\.findings).filter {
            $0.rule == Self.rule
        }
        #expect(f.isEmpty)
    }

    @Test func shorterMaxAge() async throws {
        let f = try await LintSupport.lint("v013-multistage-old", now: Self.newest + 13 * 3600, maxAge: 12 * 3600)
            .flatMap(\.findings).filter { $0.rule == Self.rule }
        #expect(f.count == 1)
    }

    @Test func ignoresGoZeroTimes() async throws {
        // v013-link-old's chain results carry 0001-01-01T00:00:00Z; the newest real one counts.
        let quiet = try await LintSupport.lint("v013-link-old", now: RFC3339Time.seconds("2026-12-01T00:00:00Z")!)
        #expect(quiet.flatMap(\.findings).filter { $0.rule == Self.rule }.isEmpty)
    }

    @Test(arguments: ["v013-noinline"])
    func quietWithoutCache(name: String) async throws {
        #expect(
            try await LintSupport.lint(name, now: Self.newest + 365 * 86_400).flatMap(\.findings).filter { $0.rule == Self.rule }.isEmpty)
    }

    @Test func timestamps() {
        #expect(RFC3339Time.seconds("1970-01-01T00:00:00Z") == 0)
        #expect(RFC3339Time.seconds("2000-03-01T00:00:00Z") == 951_868_800)
        #expect(RFC3339Time.seconds("2026-11-29T00:43:02.819546265Z") == 1_795_912_982)
        #expect(RFC3339Time.seconds("2026-11-29T02:43:02+02:00") == 1_795_912_982)
        #expect(RFC3339Time.seconds("0001-01-01T00:00:00Z")! < 0)
        #expect(RFC3339Time.seconds("2026-11-29") == nil)
        #expect(RFC3339Time.seconds("2026-13-29T00:00:00Z") == nil)
    }

    @Test func durations() {
        #expect(LintTime.parseDuration("30d") == 2_592_000)
        #expect(LintTime.parseDuration("12h") == 43_200)
        #expect(LintTime.parseDuration("90m") == 5_400)
        #expect(LintTime.parseDuration("30") == nil)
        #expect(LintTime.parseDuration("-3d") == nil)
        #expect(LintTime.parseDuration("d") == nil)
    }
}
