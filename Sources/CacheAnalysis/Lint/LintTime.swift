import CacheModel

/// Durations for `--max-age` (the renderers write them back as words: `LintWording.duration`).
public enum LintTime {
    /// `30d`, `12h`, `90m`, `45s`, `2w` → seconds. Nil when it does not parse or is not positive.
    public static func parseDuration(_ text: String) -> Int64? {
        guard let unit = text.last, text.count >= 2, let n = Int64(text.dropLast()), n > 0, n < 1_000_000_000 else { return nil }
        switch unit {
        case "s": return n
        case "m": return n * 60
        case "h": return n * 3600
        case "d": return n * 86_400
        case "w": return n * 7 * 86_400
        default: return nil
        }
    }
}
