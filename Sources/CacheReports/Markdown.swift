import CacheModel

/// GitHub-flavoured Markdown, for every report's `--format markdown`.
enum Markdown {
    /// Text from an image or a registry, safe inside a table cell: one line, escaped, and `|`
    /// cannot end the cell.
    static func cell(_ text: String) -> String {
        Sanitize.inline(text).replacingAll("|", with: "\\|")
    }

    /// `cell`, for inside a code span: a backtick cannot end the span.
    static func code(_ text: String) -> String {
        cell(text).replacingAll("`", with: "'")
    }
}
