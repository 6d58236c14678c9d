import CacheAnalysis
import CacheModel

/// Every sentence lint says about a finding, written from the values the rules return
/// (`LintFacts`, `LintScope`, `LintCost`). All lint formats (text, JSON, Markdown, SARIF, GitHub)
/// and `inspect`'s export notes read these; each escapes the result for its own medium.
public enum LintWording {
    /// What the finding means for the next build.
    public static func message(_ f: LintFinding) -> String {
        switch f.facts {
        case .noInlineCache:
            return
                "the config has no \(ImageConfig.inlineCacheKey): --cache-from this image imports nothing, so the next build runs every step"
        case let .invalidCacheMetadata(problem):
            return "\(problem); BuildKit will import nothing from this image"
        case let .cacheConfigTooLarge(inline, config, manifest, limit):
            var parts: [String] = []
            if let inline { parts.append("the inline cache payload is \(inline) bytes") }
            if let config { parts.append("the config is \(config) bytes") }
            if let manifest { parts.append("the manifest is \(manifest) bytes") }
            return parts.joined(separator: ", ")
                + " (limit \(limit)): BuildKit refuses to import it and the next build runs cold without an error"
        case let .intermediateStagesUncached(n):
            return
                "\(n) step(s) of other stages are keyed but have no cached results: whenever one must run, all of them run (inline cache is mode=min)"
        case let .cacheHoles(layers, top, cause):
            let what =
                "layer(s) \(layers.map(String.init).joined(separator: ", ")) have no cached result although layer \(top) has one: a build that changes a step above them rebuilds them"
            switch cause {
            case .compressionChange:
                return what
                    + "; the layers are zstd-compressed and the holes come from a compression change between this build and the cache it imported (BuildKit then keeps only the last layer's result)"
            case .buildkitV08:
                return what + "; BuildKit v0.8 (Docker 20.10) leaves such holes where a build took layers from an imported cache"
            }
        case let .earlyBuildArg(name, unusedBy):
            let list = unusedBy.map { "layer \($0.layer) \(StepText.short($0.text, limit: 40))" }.joined(separator: ", ")
            return
                "build-arg \(Sanitize.inline(name)) is in scope of \(unusedBy.count) RUN step(s) that never use it (\(list)): changing its value re-runs them all"
        case let .broadCopyBeforeRun(copy, runs):
            return
                "\(StepText.short(copy.text)) copies the whole build context before \(runs.count) RUN step(s) (layers \(runs.map(String.init).joined(separator: ", "))): any change to any file re-runs them"
        case let .platformWithoutCache(platform, withCache):
            return
                "\(platform) has no inline cache while \(withCache.joined(separator: ", ")) do(es): builds for \(platform) import nothing"
        case let .cacheMount(step, line):
            return
                "\(StepText.short(step))\(line.map { " (line \($0))" } ?? "") uses a cache mount: its contents are not in any exported cache"
        case let .staleCache(age, maxAge):
            return
                "the newest cached result was written \(duration(seconds: age)) ago (over the limit of \(duration(seconds: maxAge))): the next build will likely miss where inputs moved on since"
        case let .sourceDateEpoch(epoch, created):
            return
                "built with SOURCE_DATE_EPOCH=\(epoch) (its dates are clamped to \(Sanitize.inline(created ?? ""))): a build that imports this cache with another value, or none, misses every step"
        case let .exportTooLarge(.config, bytes, limit):
            return "the cache config is \(bytes) bytes; BuildKit refuses to import a config over \(limit) bytes and silently builds cold"
        case let .exportTooLarge(.manifest, bytes, limit):
            return "the cache manifest is \(bytes) bytes; BuildKit refuses to import one over \(limit) bytes"
        case let .missingBlob(blob):
            return "layer \(blob) is named by the cache config but not listed by the manifest: results using it cannot be imported"
        case .indexForm:
            return
                "this cache uses the legacy index form; some registries (Amazon ECR among them) reject it: export with image-manifest=true,oci-mediatypes=true"
        }
    }

    /// What to change: the rule's fix, or one naming the finding's own subject.
    public static func fix(_ f: LintFinding) -> String {
        if case let .earlyBuildArg(name, _) = f.facts {
            return
                "Declare `ARG \(Sanitize.inline(name))` just before the first RUN that uses it (its scope starts at its line), or only in the stage that needs it."
        }
        return LintRuleText.of(f.rule)?.fix ?? ""
    }

    /// "layer 3", "other stages", "platform linux/arm64", "Dockerfile line 7", "cache export" or "image".
    public static func location(_ f: LintFinding) -> String {
        if let layer = f.layer { return "layer \(layer)" }
        switch f.scope {
        case .layer, .image: return "image"
        case .otherStages: return "other stages"
        case let .platform(p): return "platform \(p)"
        case let .dockerfileLine(l): return "Dockerfile line \(l)"
        case .cacheExport: return "cache export"
        }
    }

    /// Why a finding's seconds are unknown or partial; nil when every step is known or the finding has no cost.
    public static func costNote(_ c: LintCost) -> String? {
        switch c.reason {
        case let .allUnknown(u)?: return text(u)
        case .cacheMount?:
            return "a cache mount makes its step slower when it runs, not run more often; what a warm mount saves is recorded nowhere"
        case .exportNotTimed?: return "lint does not time the steps of a cache export"
        case .noBuiltLayer?: return "history shows no layer built by this build"
        case .historyOnly?:
            let why =
                "steps of other stages leave no history and are not counted (a copy from one includes the time the final stage waited for it)"
            return stepsNote(c).map { $0 + "; " + why } ?? why
        case nil: return stepsNote(c)
        }
    }

    /// The note on the steps of unknown duration, named by the first of them.
    static func stepsNote(_ c: LintCost) -> String? {
        guard c.unknownSteps > 0 else { return nil }
        let why = c.firstUnknown.map(text) ?? "no time is recorded"
        if c.unknownSteps == c.steps {
            return c.steps == 1 ? "its duration is unknown: \(why)" : "no step's duration is known (\(why))"
        }
        return "\(c.unknownSteps) of \(c.steps) steps have no known duration (\(why)); the seconds are a lower bound"
    }

    static func text(_ u: LintCost.Unknown) -> String {
        switch u {
        case .baseLayer: return "a layer of the base image"
        case .noChainRecord: return "no record of the final stage's chain stands for this layer"
        case .noSuchLayer: return "the image has no such layer"
        case .holeLayer: return "a hole layer has no result in the image's cache, so no time is recorded for it"
        case .otherStage: return "inline cache keeps no result, and so no time, for steps of other stages"
        case let .duration(gap): return DurationWording.text(gap)
        }
    }

    /// The image's platform, or "cache export".
    public static func platform(_ img: LintImageReport) -> String { img.platform ?? "cache export" }

    /// "45 days", "3 hours", "12 minutes".
    public static func duration(seconds: Int64) -> String {
        if seconds >= 2 * 86_400 { return "\(seconds / 86_400) days" }
        if seconds >= 2 * 3600 { return "\(seconds / 3600) hours" }
        if seconds >= 120 { return "\(seconds / 60) minutes" }
        return "\(seconds) seconds"
    }
}

extension LintFinding {
    /// What the finding means for the next build (`LintWording.message`).
    public var message: String { LintWording.message(self) }
    /// What to change (`LintWording.fix`).
    public var fix: String { LintWording.fix(self) }
    /// Where it is (`LintWording.location`).
    public var location: String { LintWording.location(self) }
    /// Why the seconds are unknown or partial (`LintWording.costNote`).
    public var costNote: String? { LintWording.costNote(cost) }
}
