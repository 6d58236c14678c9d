import CacheModel
import Testing

/// RFC 3339 times and the calendar: the one parser every time in a config, a cache or a log goes through.
@Suite struct TimeTests {
    @Test func wholeSecondsAndFraction() throws {
        let t = try #require(RFC3339Time("2026-11-29T00:43:02.819546265Z"))
        #expect(t.seconds == 1_795_912_982)
        #expect(t.nanos == 819_546_265)
        #expect(RFC3339Time("2026-11-29T00:43:02.5Z")?.nanos == 500_000_000)
        #expect(RFC3339Time("2026-11-29T00:43:02.1234567891Z")?.nanos == 123_456_789)  // past 9 digits: dropped
        #expect(RFC3339Time("2026-11-29T00:43:02Z")?.nanos == 0)
    }

    @Test func orderedToTheNanosecond() {
        let a = RFC3339Time("2026-11-29T00:43:02.000000001Z")!, b = RFC3339Time("2026-11-29T00:43:02.000000002Z")!
        #expect(a < b)
        #expect(RFC3339Time("2026-11-29T02:43:02+02:00")!.seconds == a.seconds)
    }

    @Test func refusesWhatIsNotATime() {
        for bad in ["", "2026-11-29", "2026-11-29T00:43:02.Z", "2026-11-29T00:43:02", "2026-11-29T25:00:00Z", "2026-11-29T00:43:02Zjunk"] {
            #expect(RFC3339Time(bad) == nil, "\(bad)")
        }
    }

    @Test func civilDays() {
        #expect(Civil.daysSinceEpoch(year: 1970, month: 1, day: 1) == 0)
        #expect(Civil.daysSinceEpoch(year: 2000, month: 3, day: 1) == 11_017)
        #expect(Civil.daysSinceEpoch(year: 1969, month: 12, day: 31) == -1)
    }
}
