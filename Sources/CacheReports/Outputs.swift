import CacheAnalysis
import CacheModel

/// An output format of `--format`. Which command offers which is declared once, below; the
/// CLI's help, its validation and the man page come from these lists.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, dot, markdown, sarif, github, html

    /// "text, json or dot".
    public static func list(_ formats: [OutputFormat]) -> String {
        let names = formats.map(\.rawValue)
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}

/// A report's renderers: the formats it offers (its command's `--format` values).
public protocol ReportOutput {
    static var formats: [OutputFormat] { get }
}

/// A report rendered in one format: text to write, or JSON to stream as it is serialised.
public enum Rendered {
    case text(String)
    case json(JSONNode)
}

/// What renderers take from the terminal and the command line.
public struct RenderOptions: Sendable {
    /// ANSI colour in text output.
    public var color: Bool
    /// The Dockerfile path given with `--dockerfile`, if any.
    public var dockerfile: String?
    /// Columns of text output (the terminal's, else 80).
    public var width: Int

    public init(color: Bool = false, dockerfile: String? = nil, width: Int = 80) {
        self.color = color; self.dockerfile = dockerfile; self.width = width
    }
}

/// `cachectl inspect` of an image or of a cache export.
public enum InspectOutput: ReportOutput {
    public static let formats: [OutputFormat] = [.text, .json, .dot]

    public static func render(_ r: InspectReport, as format: OutputFormat, _ o: RenderOptions) -> Rendered {
        switch format {
        case .json: return .json(InspectJSON.render(r))
        case .dot: return .text(InspectDOT.render(r))
        default: return .text(InspectText.render(r, style: Style(color: o.color)))
        }
    }

    public static func render(_ r: ExportReport, as format: OutputFormat, _ o: RenderOptions) -> Rendered {
        switch format {
        case .json: return .json(ExportJSON.render(r))
        case .dot: return .text(InspectDOT.render(r))
        default: return .text(ExportText.render(r, style: Style(color: o.color)))
        }
    }
}

/// `cachectl diff`.
public enum DiffOutput: ReportOutput {
    public static let formats: [OutputFormat] = [.text, .json, .markdown]

    public static func render(_ r: DiffReport, as format: OutputFormat, _ o: RenderOptions) -> Rendered {
        switch format {
        case .json: return .json(DiffJSON.render(r))
        case .markdown: return .text(DiffMarkdown.render(r))
        default: return .text(DiffText.render(r, style: Style(color: o.color), width: o.width))
        }
    }
}

/// `cachectl lint`.
public enum LintOutput: ReportOutput {
    public static let formats: [OutputFormat] = [.text, .json, .sarif, .markdown, .github]

    public static func render(_ r: LintReport, as format: OutputFormat, _ o: RenderOptions) -> Rendered {
        switch format {
        case .json: return .json(LintJSON.render(r))
        case .sarif: return .json(LintSARIF.render(r))
        case .markdown: return .text(LintMarkdown.render(r))
        case .github: return .text(LintGitHub.render(r, dockerfileGiven: o.dockerfile != nil))
        default: return .text(LintText.render(r, style: Style(color: o.color)))
        }
    }
}

/// `cachectl advise`.
public enum AdviseOutput: ReportOutput {
    public static let formats: [OutputFormat] = [.text, .json]

    public static func render(_ a: Advice, as format: OutputFormat, _ o: RenderOptions) -> Rendered {
        switch format {
        case .json: return .json(AdviseJSON.render(a))
        default: return .text(AdviseText.render(a, style: Style(color: o.color)))
        }
    }
}

/// `cachectl history`.
public enum HistoryOutput: ReportOutput {
    public static let formats: [OutputFormat] = [.text, .json, .markdown, .html]

    public static func render(_ r: HistoryReport, as format: OutputFormat, _ o: RenderOptions) -> Rendered {
        switch format {
        case .json: return .json(HistoryJSON.render(r))
        case .markdown: return .text(HistoryMarkdown.render(r))
        case .html: return .text(HistoryHTML.render(r))
        default: return .text(HistoryText.render(r, style: Style(color: o.color)))
        }
    }
}
