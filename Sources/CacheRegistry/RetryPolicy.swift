import CacheModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// When and how long to wait before trying a request again. Pure, so it is unit-tested.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    /// Delay before the second attempt; doubles each time.
    public var baseDelay: Double
    /// Upper bound for the exponential delay.
    public var maxDelay: Double
    /// Upper bound for a server's `Retry-After`.
    public var maxRetryAfter: Double

    public init(maxAttempts: Int = 4, baseDelay: Double = 0.25, maxDelay: Double = 4, maxRetryAfter: Double = 10) {
        self.maxAttempts = max(1, maxAttempts); self.baseDelay = baseDelay
        self.maxDelay = maxDelay; self.maxRetryAfter = maxRetryAfter
    }

    /// Statuses worth retrying: rate limiting and transient server or gateway errors.
    public static func isRetryable(status: Int) -> Bool {
        [429, 500, 502, 503, 504].contains(status)
    }

    /// Seconds to wait after failed attempt number `attempt` (1-based), or nil when no attempt is left.
    /// `retryAfter` is the raw `Retry-After` header, either delta-seconds or an HTTP date
    /// (RFC 9110 §10.2.3), honoured up to `maxRetryAfter`; a date in the past means now.
    /// Anything else falls back to exponential backoff. `now` is seconds since the epoch.
    public func delay(afterAttempt attempt: Int, retryAfter: String? = nil, now: Double = RetryPolicy.wallClock()) -> Double? {
        guard attempt < maxAttempts else { return nil }
        if let retryAfter {
            if let seconds = Self.parseRetryAfter(retryAfter) { return min(seconds, maxRetryAfter) }
            if let date = HTTPDate.parse(retryAfter) { return min(max(0, Double(date) - now), maxRetryAfter) }
        }
        var d = baseDelay
        for _ in 1..<max(1, attempt) { d *= 2 }
        return min(d, maxDelay)
    }

    /// `Retry-After: 3` → 3. Dates are handled by `HTTPDate`.
    public static func parseRetryAfter(_ value: String) -> Double? {
        HTTPNumber.decimal(value, maxDigits: 10).map(Double.init)
    }

    public static func wallClock() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// Numbers in headers come from the network: only plain decimal digits, bounded in length.
enum HTTPNumber {
    /// `" 42 "` → 42; nil for signs, spaces inside, non-digits, or more than `maxDigits` digits.
    static func decimal(_ value: String, maxDigits: Int = 18) -> Int? {
        let v = value.trimmingSpaces
        guard !v.isEmpty, v.utf8.count <= maxDigits, v.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(v)
    }
}

/// HTTP dates in the three forms a recipient must accept (RFC 9110 §5.6.7), always GMT:
/// `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate), `Sunday, 06-Nov-94 08:49:37 GMT` (RFC 850)
/// and `Sun Nov  6 08:49:37 1994` (asctime). Locale-free, so it is the same on every machine.
public enum HTTPDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Seconds since the epoch, or nil when `text` is not an HTTP date.
    public static func parse(_ text: String) -> Int64? {
        let v = text.trimmingSpaces
        guard v.utf8.count <= 64 else { return nil }
        let words = v.split(separator: " ", omittingEmptySubsequences: true).map { $0.lowercased() }
        var day: Int?, month: Int?, year: Int?, clock: Substring?
        if words.count == 6, words[0].hasSuffix(","), words[5] == "gmt" {
            // IMF-fixdate: wkday, DD Mon YYYY HH:MM:SS GMT
            day = number(words[1], digits: 2); month = months.firstIndex(of: words[2])
            year = number(words[3], digits: 4); clock = Substring(words[4])
        } else if words.count == 4, words[0].hasSuffix(","), words[3] == "gmt" {
            // RFC 850: weekday, DD-Mon-YY HH:MM:SS GMT
            let parts = words[1].split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
            day = number(String(parts[0]), digits: 2); month = months.firstIndex(of: String(parts[1]))
            // Two-digit years: RFC 9110 reads one more than 50 years ahead as the past century; use 1970–2069.
            year = number(String(parts[2]), digits: 2).map { $0 < 70 ? 2000 + $0 : 1900 + $0 }
            clock = Substring(words[2])
        } else if words.count == 5, !words[0].hasSuffix(",") {
            // asctime: wkday Mon D HH:MM:SS YYYY
            month = months.firstIndex(of: words[1])
            day = number(words[2], digits: 1) ?? number(words[2], digits: 2)
            clock = Substring(words[3]); year = number(words[4], digits: 4)
        }
        guard let day, let month, let year, let clock, (1...31).contains(day), year >= 1970 else { return nil }
        let hms = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard hms.count == 3, let h = number(String(hms[0]), digits: 2), let m = number(String(hms[1]), digits: 2),
            let s = number(String(hms[2]), digits: 2), h < 24, m < 60, s < 61
        else { return nil }
        return Civil.daysSinceEpoch(year: Int64(year), month: Int64(month + 1), day: Int64(day)) * 86_400 + Int64(h * 3600 + m * 60 + s)
    }

    /// Exactly `digits` ASCII digits.
    static func number(_ s: String, digits: Int) -> Int? {
        guard s.utf8.count == digits, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(s)
    }
}
