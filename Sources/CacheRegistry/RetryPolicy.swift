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
    /// `retryAfter` is the raw `Retry-After` header: delta-seconds are honoured (capped);
    /// an HTTP date or garbage falls back to exponential backoff.
    public func delay(afterAttempt attempt: Int, retryAfter: String? = nil) -> Double? {
        guard attempt < maxAttempts else { return nil }
        if let retryAfter, let seconds = Self.parseRetryAfter(retryAfter) {
            return min(seconds, maxRetryAfter)
        }
        var d = baseDelay
        for _ in 1..<max(1, attempt) { d *= 2 }
        return min(d, maxDelay)
    }

    /// `Retry-After: 3` → 3. Dates are not interpreted (nil).
    public static func parseRetryAfter(_ value: String) -> Double? {
        let v = value.trimmingSpaces
        guard !v.isEmpty, v.utf8.count <= 10, v.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(v) else { return nil }
        return Double(n)
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        let u = Array(utf8)
        var a = 0, b = u.count
        while a < b && (u[a] == 0x20 || u[a] == 0x09 || u[a] == 0x0a || u[a] == 0x0d) { a += 1 }
        while b > a && (u[b - 1] == 0x20 || u[b - 1] == 0x09 || u[b - 1] == 0x0a || u[b - 1] == 0x0d) { b -= 1 }
        return String(decoding: u[a..<b], as: UTF8.self)
    }
}
