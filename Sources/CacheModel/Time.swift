/// Times without Foundation: RFC 3339 timestamps as BuildKit and OCI configs write them, and the
/// calendar arithmetic every date format here needs.
public struct RFC3339Time: Comparable, Sendable {
    /// Whole seconds since the Unix epoch.
    public let seconds: Int64
    /// The fraction, in nanoseconds (0 when none was written).
    public let nanos: Int64

    /// `2026-11-29T00:43:02.819546265Z`, `…+02:00`; nil when `text` does not parse.
    public init?(_ text: String) {
        let u = Array(text.utf8)
        func num(_ from: Int, _ len: Int) -> Int64? {
            guard from + len <= u.count else { return nil }
            var v: Int64 = 0
            for c in u[from..<(from + len)] {
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int64(c - 0x30)
            }
            return v
        }
        guard u.count >= 20, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
            u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: "t") || u[10] == UInt8(ascii: " "),
            u[13] == UInt8(ascii: ":"), u[16] == UInt8(ascii: ":"),
            let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2), let s = num(17, 2),
            (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61
        else { return nil }
        var i = 19
        var nanos: Int64 = 0
        if i < u.count && u[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < u.count && u[i] >= 0x30 && u[i] <= 0x39 {
                if i - start < 9 { nanos = nanos * 10 + Int64(u[i] - 0x30) }
                i += 1
            }
            guard i > start else { return nil }
            for _ in min(i - start, 9)..<9 { nanos *= 10 }
        }
        guard i < u.count else { return nil }
        var offset: Int64 = 0
        switch u[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == u.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard i + 6 == u.count, u[i + 3] == UInt8(ascii: ":"), let oh = num(i + 1, 2), let om = num(i + 4, 2) else { return nil }
            offset = (oh * 3600 + om * 60) * (u[i] == UInt8(ascii: "+") ? 1 : -1)
        default: return nil
        }
        seconds = Civil.daysSinceEpoch(year: y, month: mo, day: d) * 86_400 + h * 3600 + mi * 60 + s - offset
        self.nanos = nanos
    }

    /// Whole seconds since the epoch of an RFC 3339 time, nil when it does not parse.
    public static func seconds(_ text: String) -> Int64? { RFC3339Time(text)?.seconds }

    /// Seconds since the epoch, with the fraction.
    public var value: Double { Double(seconds) + Double(nanos) / 1e9 }

    public static func < (a: RFC3339Time, b: RFC3339Time) -> Bool { (a.seconds, a.nanos) < (b.seconds, b.nanos) }
}

public enum Civil {
    /// Days from 1970-01-01 to a proleptic Gregorian date (month 1–12), Howard Hinnant's algorithm.
    public static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
