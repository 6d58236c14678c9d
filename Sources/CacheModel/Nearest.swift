/// Names close to one that was mistyped, for "did you mean" hints.
public enum Nearest {
    /// Up to `limit` of `candidates` within a small edit distance of `name` (closest first), or
    /// sharing its prefix when none is that close.
    public static func names(to name: String, in candidates: [String], limit: Int = 3) -> [String] {
        let target = Array(name.lowercased().unicodeScalars)
        let allowed = max(2, target.count / 3)
        var scored: [(Int, String)] = []
        for c in candidates where c != name {
            let d = distance(target, Array(c.lowercased().unicodeScalars), cap: allowed + 1)
            if d <= allowed { scored.append((d, c)) }
        }
        if scored.isEmpty {
            let p = String(String.UnicodeScalarView(target.prefix(3)))
            if p.count == 3 { scored = candidates.filter { $0.lowercased().hasPrefix(p) }.map { (0, $0) } }
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(limit).map(\.1)
    }

    /// Levenshtein distance, giving up (returning `cap`) past `cap`; bounded work for long names.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], cap: Int) -> Int {
        if abs(a.count - b.count) >= cap || a.count > 256 || b.count > 256 { return cap }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            cur[0] = i
            var best = cur[0]
            for j in stride(from: 1, through: b.count, by: 1) {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                best = min(best, cur[j])
            }
            if best >= cap { return cap }
            swap(&prev, &cur)
        }
        return a.isEmpty ? min(b.count, cap) : min(prev[b.count], cap)
    }
}
