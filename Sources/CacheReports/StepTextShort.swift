import CacheAnalysis
import CacheModel

extension StepText {
    /// A history text quoted short for a report line: without the ` # buildkit` marker, a heredoc
    /// as its first line and `…`, cut at `limit` characters.
    public static func short(_ createdBy: String?, limit: Int = 60) -> String {
        guard var c = createdBy else { return "(no history)" }
        if c.hasSuffix(" # buildkit") { c = String(c.dropLast(" # buildkit".count)) }
        // A multi-line step (a heredoc) as a person wrote it: its first line, then `…`.
        let lines = c.split(separator: "\n", omittingEmptySubsequences: true)
        if lines.count > 1 { c = String(lines[0]) + " …" }
        let s = Sanitize.inline(c)
        guard s.count > limit else { return "`" + s + "`" }
        var cut = String(s.prefix(limit - 1))
        // Never end inside an escape (`\u{2…`): drop a `\u{` that lost its closing brace.
        if let slash = cut.lastIndex(of: "\\") {
            let tail = cut[slash...]
            if !tail.contains("}") && (tail.hasPrefix("\\u{") || "\\u{".hasPrefix(tail)) { cut = String(cut[..<slash]) }
        }
        return "`" + cut + "…`"
    }
}
