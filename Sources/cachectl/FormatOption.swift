import ArgumentParser
import CacheReports

/// `--format`: one of the formats report `R` offers. The parser accepts only those, and `--help`
/// and the man page list only those.
struct FormatOption<R: ReportOutput>: ExpressibleByArgument, Sendable {
    let format: OutputFormat

    init(_ format: OutputFormat) { self.format = format }

    init?(argument: String) {
        guard let f = OutputFormat(rawValue: argument), R.formats.contains(f) else { return nil }
        format = f
    }

    static var text: Self { Self(.text) }
    static var allValueStrings: [String] { R.formats.map(\.rawValue) }
    var defaultValueDescription: String { format.rawValue }
}
