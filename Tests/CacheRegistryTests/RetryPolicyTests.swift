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

    @Test func retryAfterDateOrGarbageFallsBackToBackoff() {
        let p = RetryPolicy(maxAttempts: 4, baseDelay: 0.25)
        #expect(p.delay(afterAttempt: 1, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT") == 0.25)
        #expect(p.delay(afterAttempt: 2, retryAfter: "-5") == 0.5)
        #expect(RetryPolicy.parseRetryAfter("99999999999") == nil)
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
