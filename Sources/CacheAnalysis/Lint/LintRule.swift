import CacheModel

/// How much a finding matters. Ordered: info < warning < error.
public enum LintSeverity: String, Sendable, CaseIterable, Comparable {
    case info, warning, error

    var rank: Int {
        switch self { case .info: return 0; case .warning: return 1; case .error: return 2 }
    }

    public static func < (l: LintSeverity, r: LintSeverity) -> Bool { l.rank < r.rank }

    /// SARIF 2.1.0 `level`.
    public var sarifLevel: String {
        switch self { case .error: return "error"; case .warning: return "warning"; case .info: return "note" }
    }
}

/// One problem found in one image. `layer` and `stage` say what it concerns; `line` is the
/// Dockerfile line it maps to (filled in by the linter when a Dockerfile is given).
public struct LintFinding: Sendable, Equatable {
    public let rule: String
    public let severity: LintSeverity
    /// The image layer the finding is about, if one.
    public let layer: Int?
    /// What the finding concerns when it is not one layer, e.g. "other stages" or "image".
    public let stage: String?
    /// What it means for the next build.
    public let message: String
    public let fix: String
    /// `created_by` of the layer, for mapping to a Dockerfile line.
    public let step: String?
    /// Dockerfile line (1-based), when known.
    public var line: Int?
    /// The steps the problem would make run again, and the seconds they took (docs/rules.md).
    public var cost: LintCost
    /// The build-arg a finding is about (`early-build-arg`): with a Dockerfile, the finding points at its `ARG` line.
    public var argument: String? = nil

    public init(rule: String, severity: LintSeverity, layer: Int?, stage: String?, message: String, fix: String,
                step: String? = nil, line: Int? = nil, cost: LintCost = .none) {
        self.rule = rule; self.severity = severity; self.layer = layer; self.stage = stage
        self.message = message; self.fix = fix; self.step = step; self.line = line; self.cost = cost
    }

    /// The known seconds at stake (a lower bound when `costUnknownSteps > 0`); nil when unknown or not applicable.
    public var costSeconds: Double? { cost.seconds }
    /// How many steps the finding concerns.
    public var costSteps: Int { cost.steps }
    /// How many of them have no known duration.
    public var costUnknownSteps: Int { cost.unknownSteps }
    /// Why the seconds are unknown or partial.
    public var costNote: String? { cost.note }

    /// "layer 3", "other stages" or "image".
    public var location: String {
        if let layer { return "layer \(layer)" }
        return stage ?? "image"
    }
}

/// Settings that change what rules report.
public struct LintConfiguration: Sendable {
    /// "Now", in seconds since the Unix epoch (injectable for tests).
    public var now: Int64
    /// Results older than this many seconds make `stale-cache` fire.
    public var maxAge: Int64
    /// Rule IDs to run (all registered rules when empty).
    public var enabled: Set<String>
    /// Rule IDs not to run.
    public var disabled: Set<String>

    public static let defaultMaxAge: Int64 = 30 * 86_400

    public init(now: Int64, maxAge: Int64 = LintConfiguration.defaultMaxAge, enabled: Set<String> = [], disabled: Set<String> = []) {
        self.now = now; self.maxAge = maxAge; self.enabled = enabled; self.disabled = disabled
    }

    /// Whether a rule runs: in `enabled` (or `enabled` is empty) and not in `disabled`.
    public func runs(_ id: String) -> Bool {
        (enabled.isEmpty || enabled.contains(id)) && !disabled.contains(id)
    }
}

/// What a rule looks at: one image (one platform), its siblings in the same index, the
/// Dockerfile text when given, and the configuration.
public struct LintSubject: Sendable {
    public let cache: ImageCache
    /// Every image of the same reference (all platforms of an index, this one included).
    public let siblings: [ImageCache]
    public let dockerfile: Dockerfile?
    public let configuration: LintConfiguration
    /// Each layer's duration, read once (`LayerDurations`).
    let durations: LayerDurations

    public init(cache: ImageCache, siblings: [ImageCache], dockerfile: Dockerfile?, configuration: LintConfiguration) {
        self.cache = cache; self.siblings = siblings; self.dockerfile = dockerfile; self.configuration = configuration
        self.durations = LayerDurations(cache, firstBuiltLayer: Self.firstBuiltLayer(cache))
    }

    public var image: LoadedImage { cache.image }
    /// `created_by` per image layer (nil when history is short).
    public var steps: [String?] { cache.layerSteps }
    /// First layer built by this build (above the base image), from the cache when present,
    /// else from history: the first layer whose step BuildKit wrote (`# buildkit`).
    public var firstBuiltLayer: Int { Self.firstBuiltLayer(cache) }

    static func firstBuiltLayer(_ cache: ImageCache) -> Int {
        if let s = cache.stage { return s.baseLayerCount }
        let steps = cache.layerSteps
        return steps.firstIndex { ($0 ?? "").hasSuffix(" # buildkit") } ?? steps.count
    }
}

/// What every rule declares: a stable ID, a default severity, and the text shown with its findings.
public protocol RuleDescription: Sendable {
    /// Stable identifier (part of the contract: JSON, SARIF, `--disable`).
    var id: String { get }
    var severity: LintSeverity { get }
    /// One line: what the rule detects.
    var title: String { get }
    /// Why it matters for the next build.
    var explanation: String { get }
    /// What to change.
    var fix: String { get }
}

/// A lint rule on an image. One rule per file under `Lint/Rules/`, registered in `LintRules.all`.
public protocol LintRule: RuleDescription {
    func check(_ subject: LintSubject) -> [LintFinding]
}

extension LintRule {
    func finding(layer: Int? = nil, stage: String? = nil, message: String, fix: String? = nil,
                 step: String? = nil, line: Int? = nil, cost: LintCost = .none) -> LintFinding {
        LintFinding(rule: id, severity: severity, layer: layer, stage: stage, message: message,
                    fix: fix ?? self.fix, step: step, line: line, cost: cost)
    }
}

/// The registry of rules. Every file in `Lint/Rules/` defines exactly one rule and is listed here
/// (checked by `LintRegistryTests`).
public enum LintRules {
    public static let all: [any LintRule] = [
        NoInlineCache(),
        InvalidCacheMetadata(),
        CacheConfigTooLarge(),
        IntermediateStagesUncached(),
        CacheHoles(),
        EarlyBuildArg(),
        BroadCopyBeforeRun(),
        PlatformWithoutCache(),
        CacheMountsNotExported(),
        StaleCache(),
        SourceDateEpoch(),
    ]

    public static var ids: [String] { all.map(\.id) }

    public static func rule(_ id: String) -> (any LintRule)? { all.first { $0.id == id } }
}

/// A lint rule on a BuildKit cache export (registry cache or `type=local`). One rule per file
/// under `Lint/ExportRules/`, registered in `LintRules.exports`. `inspect` lists these findings
/// as the export's notes.
public protocol ExportLintRule: RuleDescription {
    func check(_ export: CacheExport) -> [LintFinding]
}

extension ExportLintRule {
    func finding(message: String, cost: LintCost = .none) -> LintFinding {
        LintFinding(rule: id, severity: severity, layer: nil, stage: "cache export", message: message, fix: fix, cost: cost)
    }
}

extension LintRules {
    /// The rules on cache exports.
    public static let exports: [any ExportLintRule] = [ExportTooLarge(), MissingBlob(), IndexForm()]

    /// Every rule, image rules then export rules (SARIF's rule list).
    public static var described: [any RuleDescription] { all.map { $0 as any RuleDescription } + exports.map { $0 as any RuleDescription } }

    /// Every rule ID, image rules then export rules (`--enable`/`--disable` accept both).
    public static var allIDs: [String] { described.map(\.id) }

    /// Runs the export rules `configuration` enables.
    public static func check(_ export: CacheExport, configuration: LintConfiguration? = nil) -> [LintFinding] {
        exports.filter { configuration?.runs($0.id) ?? true }.flatMap { $0.check(export) }
    }
}
