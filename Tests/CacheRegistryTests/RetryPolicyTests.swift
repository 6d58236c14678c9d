import Testing

@testable import CacheRegistry

@Suite struct RetryPolicyTests {
    @Test func exponentialBackoffIsBoundedByAttempts() {
        let p = RetryPolicy(maxAttempts: 4, baseDelay: 0.25, maxDelay: 4)
        #expect(p.delay(afterAttempt: 1) == 0.25)
        #expect(p.delay(afterAttempt: 2) == 0.5)
        #expect(p.delay(afterAttempt: 3) == 1)
        #expect(p.delay(afterAttempt: 4) == nil)
    }

    @Test func backoffIsCapped() {
        let p = RetryPolicy(maxAttempts: 20, baseDelay: 1, maxDelay: 4)
        #expect(p.delay(afterAttempt: 10) == 4)
    }

    @Test func retryAfterSecondsHonouredAndCapped() {
        let p = RetryPolicy(maxAttempts: 4, maxRetryAfter: 10)
        #expect(p.delay(afterAttempt: 1, retryAfter: "3") == 3)
        #expect(p.delay(afterAttempt: 1, retryAfter: " 0 ") == 0)
        #expect(p.delay(afterAttempt: 1, retryAfter: "3600") == 10)
        #expect(p.delay(afterAttempt: 4, retryAfter: "1") == nil)
    }

    @Test func retryAfterGarbageFallsBackToBackoff() {
        let p = RetryPolicy(maxAttempts: 4, baseDelay: 0.25)
        #expect(p.delay(afterAttempt: 1, retryAfter: "Wed, 21 Oct 2015 07:28:00 UTC") == 0.25)
        #expect(p.delay(afterAttempt: 1, retryAfter: "Wed, 32 Oct 2015 07:28:00 GMT") == 0.25)
        #expect(p.delay(afterAttempt: 1, retryAfter: "Wed, 21 Oct 2015 25:28:00 GMT") == 0.25)
        #expect(p.delay(afterAttempt: 1, retryAfter: "tomorrow") == 0.25)
        #expect(p.delay(afterAttempt: 2, retryAfter: "-5") == 0.5)
        #expect(RetryPolicy.parseRetryAfter("99999999999") == nil)
    }

    @Test func httpDatesInAllThreeForms() {
        // 1994-11-06 08:49:37 GMT (RFC 9110's example) is 784111777 seconds after the epoch.
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == 784_111_777)
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994") == 784_111_777)
        #expect(HTTPDate.parse("Thu, 01 Jan 1970 00:00:00 GMT") == 0)
        #expect(HTTPDate.parse("Sun, 29 Nov 2026 12:00:00 GMT") == 1_795_953_600)
        #expect(HTTPDate.parse("Tue, 29 Feb 2028 00:00:00 GMT") == 1_835_395_200)
        #expect(HTTPDate.parse("Sun, 6 Nov 1994 08:49:37 GMT") == nil)
        #expect(HTTPDate.parse("") == nil)
    }

    @Test func retryAfterDateIsTimeFromNowCapped() {
        let p = RetryPolicy(maxAttempts: 4, baseDelay: 0.25, maxRetryAfter: 10)
        let date = "Sun, 06 Nov 1994 08:49:37 GMT"
        #expect(p.delay(afterAttempt: 1, retryAfter: date, now: 784_111_774) == 3)
        #expect(p.delay(afterAttempt: 1, retryAfter: date, now: 784_111_000) == 10)
        #expect(p.delay(afterAttempt: 1, retryAfter: date, now: 784_111_800) == 0)
        #expect(p.delay(afterAttempt: 4, retryAfter: date, now: 784_111_774) == nil)
    }

    @Test func retryableStatuses() {
        for s in [429, 500, 502, 503, 504] { #expect(RetryPolicy.isRetryable(status: s)) }
        for s in [200, 301, 400, 401, 403, 404, 501] { #expect(!RetryPolicy.isRetryable(status: s)) }
    }

    @Test func atLeastOneAttempt() {
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
        #expect(RetryPolicy(maxAttempts: 1).delay(afterAttempt: 1) == nil)
    }
}
