import CacheModel

/// How much a finding matters. Ordered: info < warning < error.
public enum LintSeverity: String, Sendable, CaseIterable, Comparable {
    case info, warning, error

    var rank: Int {
        switch self {
        case .info: return 0;
        case .warning: return 1;
        case .error: return 2
        }
    }

    public static func < (l: LintSeverity, r: LintSeverity) -> Bool { l.rank < r.rank }

    /// SARIF 2.1.0 `level`.
    public var sarifLevel: String {
        switch self {
        case .error: return "error";
        case .warning: return "warning";
        case .info: return "note"
        }
    }
}

/// What a finding concerns when it is not one layer alone.
public enum LintScope: Sendable, Equatable {
    /// One layer of the image (`LintFinding.layer`).
    case layer
    /// The image as a whole (its config, manifest or cache).
    case image
    /// The steps of the stages other than the final one.
    case otherStages
    /// One platform of a multi-platform index.
    case platform(String)
    /// A Dockerfile instruction that no layer of the image maps to.
    case dockerfileLine(Int)
    /// A BuildKit cache export.
    case cacheExport
}

/// What a rule found, as values: every sentence about it is written by the report renderers
/// (`CacheReports/Lint`).
public enum LintFacts: Sendable, Equatable {
    /// A final-stage step and the layer it made.
    public struct Step: Sendable, Equatable {
        public let layer: Int
        /// The step as history records it (`created_by`), if it does.
        public let text: String?
        public init(layer: Int, text: String?) { self.layer = layer; self.text = text }
    }

    /// Why final-stage layers lack a result (`cache-holes`).
    public enum HoleCause: Sendable, Equatable {
        /// zstd layers: the build's output compression differs from the imported cache's (BuildKit v0.25).
        case compressionChange
        /// BuildKit v0.8 leaves holes where a build took layers from an imported cache.
        case buildkitV08
    }

    /// Which blob of a cache export is over the limit.
    public enum ExportBlob: Sendable, Equatable { case config, manifest }

    /// `no-inline-cache`: the config has no `moby.buildkit.cache.v0`.
    case noInlineCache
    /// `invalid-cache-metadata`: why the inline cache cannot be used (as the cache decoder says it).
    case invalidCacheMetadata(problem: String)
    /// `cache-config-too-large`: the sizes over `limit` (nil: within it).
    case cacheConfigTooLarge(inlineCacheBytes: Int?, configBytes: Int?, manifestBytes: Int?, limit: Int)
    /// `intermediate-stages-uncached`: how many steps of other stages have no result.
    case intermediateStagesUncached(steps: Int)
    /// `cache-holes`: the layers without a result, the top layer with one, and the likely cause.
    case cacheHoles(layers: [Int], cachedAbove: Int, cause: HoleCause)
    /// `early-build-arg`: the build-arg and the RUN steps in its scope that never use it.
    case earlyBuildArg(name: String, unusedBy: [Step])
    /// `broad-copy-before-run`: the whole-context copy and the layers of the RUN steps after it.
    case broadCopyBeforeRun(copy: Step, runLayers: [Int])
    /// `platform-without-cache`: this platform, and those of the index that have inline cache.
    case platformWithoutCache(platform: String, withCache: [String])
    /// `cache-mounts-not-exported`: a RUN step with a cache mount: from history, or (`line` set)
    /// from the Dockerfile where history leaves the mount out.
    case cacheMount(step: String, line: Int?)
    /// `stale-cache`: the newest result's age and the limit, in seconds.
    case staleCache(ageSeconds: Int64, maxAgeSeconds: Int64)
    /// `source-date-epoch`: the value the image was built with and its (clamped) `created` date.
    case sourceDateEpoch(epoch: Int64, created: String?)
    /// `export-too-large`: a cache export's blob over BuildKit's import limit.
    case exportTooLarge(blob: ExportBlob, bytes: Int, limit: Int)
    /// `missing-blob`: a layer the cache config names that the manifest does not list.
    case missingBlob(Digest)
    /// `index-form`: a registry cache in the legacy index form.
    case indexForm
}

/// One problem found in one image. `layer` and `scope` say what it concerns; `line` is the
/// Dockerfile line it maps to (filled in by the linter when a Dockerfile is given).
public struct LintFinding: Sendable, Equatable {
    public let rule: String
    public let severity: LintSeverity
    /// The image layer the finding is about, if one.
    public let layer: Int?
    /// What the finding concerns (`.layer` when `layer` is set).
    public let scope: LintScope
    /// What the rule found.
    public let facts: LintFacts
    /// `created_by` of the layer, for mapping to a Dockerfile line.
    public let step: String?
    /// Dockerfile line (1-based), when known.
    public var line: Int?
    /// The steps the problem would make run again, and the seconds they took (docs/rules.md).
    public var cost: LintCost
    /// The build-arg a finding is about (`early-build-arg`): with a Dockerfile, the finding points at its `ARG` line.
    public var argument: String? = nil

    public init(
        rule: String, severity: LintSeverity, layer: Int?, scope: LintScope, facts: LintFacts,
        step: String? = nil, line: Int? = nil, cost: LintCost = .none
    ) {
        self.rule = rule; self.severity = severity; self.layer = layer; self.scope = layer == nil ? scope : .layer
        self.facts = facts; self.step = step; self.line = line; self.cost = cost
    }

    /// The known seconds at stake (a lower bound when `costUnknownSteps > 0`); nil when unknown or not applicable.
    public var costSeconds: Double? { cost.seconds }
    /// How many steps the finding concerns.
    public var costSteps: Int { cost.steps }
    /// How many of them have no known duration.
    public var costUnknownSteps: Int { cost.unknownSteps }
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

/// What every rule declares: a stable ID and a default severity. Its title, explanation and fix
/// are written by the report renderers (`CacheReports/Lint/LintRuleText.swift`).
public protocol RuleDescription: Sendable {
    /// Stable identifier (part of the contract: JSON, SARIF, `--disable`).
    var id: String { get }
    var severity: LintSeverity { get }
}

/// A lint rule on an image. One rule per file under `Lint/Rules/`, registered in `LintRules.all`.
public protocol LintRule: RuleDescription {
    func check(_ subject: LintSubject) -> [LintFinding]
}

extension LintRule {
    func finding(
        layer: Int? = nil, scope: LintScope = .layer, _ facts: LintFacts,
        step: String? = nil, line: Int? = nil, cost: LintCost = .none
    ) -> LintFinding {
        LintFinding(rule: id, severity: severity, layer: layer, scope: scope, facts: facts, step: step, line: line, cost: cost)
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
    func finding(_ facts: LintFacts, cost: LintCost = .none) -> LintFinding {
        LintFinding(rule: id, severity: severity, layer: nil, scope: .cacheExport, facts: facts, cost: cost)
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
