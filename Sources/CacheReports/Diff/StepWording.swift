import CacheAnalysis
import CacheModel

/// The sentences that explain a step's status and a layer's, worded from their structured causes.
public struct StepWording: Sendable {
    /// Every step of the build (to name the step a cause points at).
    public let stages: [StageVerdict]
    /// The imported sources' references, in order (`loaded from …`).
    public let sources: [String]
    /// Why no imported source carries a usable cache, when none does.
    public let unusable: String?

    /// Why an imported source serves no step, worded.
    public static func text(_ u: ImportedCache.Unusable) -> String {
        switch u {
        case let .noInlineCache(ref):
            return "\(ref) carries no inline cache (no \(ImageConfig.inlineCacheKey) in its config): --cache-from imports nothing"
        case let .invalid(ref, why): return "\(ref) has inline cache that BuildKit cannot import: \(why)"
        case .nothingImported: return "no earlier build: a cold build runs every step"
        }
    }

    public init(stages: [StageVerdict], sources: [String], unusable: ImportedCache.Unusable?) {
        self.stages = stages; self.sources = sources; self.unusable = unusable.map(Self.text)
    }

    public init(_ r: DiffReport) {
        self.init(
            stages: r.stages, sources: r.sources.isEmpty ? [r.old.reference] : r.sources.map(\.reference),
            unusable: r.sources.compactMap(\.unusable).first)
    }

    /// A step named in prose: as BuildKit prints it, by its layer, or by its record.
    public func describe(_ record: Int) -> String {
        guard let v = stages.lazy.flatMap(\.steps).first(where: { $0.record == record }) else {
            return "a step of another stage (record \(record))"
        }
        if let n = v.name { return StepLabel.display(n.printed) }
        if let l = v.layer { return "layer \(l) \(StepText.short(v.createdBy))" }
        return "a step of another stage (record \(record))"
    }

    /// Why a step was loaded, not needed, or ran.
    public func detail(_ v: StepVerdict) -> String {
        let final = stages.first { $0.steps.contains(v) }?.final ?? (v.layer != nil)
        switch v.cause {
        case let .loaded(source):
            return "loaded from " + (sources.indices.contains(source) ? Sanitize.inline(sources[source]) : "an imported cache")
        case .unneeded:
            return "its key matched; nothing that ran needed its output (BuildKit prints CACHED)"
        case .disabled:
            return "--no-cache or --no-cache-filter: the build does not look it up in the cache"
        case .noCache:
            return unusable.map { Sanitize.inline($0) } ?? "no imported source carries a cache"
        case .baseChanged:
            return "the base image changed: its keys are in no imported cache"
        case .ownKeyChanged:
            guard let k = v.keyChange else { return "the step's own key is new: its instruction, or an ARG or ENV in scope, changed" }
            return Self.keyDetail(k)
        case let .contentChanged(slot):
            return "the files it copies changed (a new content checksum in input \(slot))"
        case let .upstream(slot, root):
            let via = slot == 0 ? "an earlier step of its stage changed" : "the stage it copies from changed"
            return root == v.record ? via : "\(via); the change starts at \(describe(root))"
        case let .matchedWithoutResult(hole):
            if hole { return "its key matched, but the imported cache holds no layer for it: a hole in that image's cache" }
            if final {
                return
                    "its key matched a step the imported build ran in another stage (a different --target?): inline cache and mode=min keep no results for other stages"
            }
            return "its key matched, but no imported cache holds its result: inline cache and mode=min export only the final image's layers"
        case let .checksum(consumer, own):
            return
                "ran only so that \(describe(consumer)) could checksum the files it copies, which turned out unchanged (its own key: \(own.rawValue))"
        }
    }

    /// What changed in a step whose own key is new.
    public static func keyDetail(_ k: KeyChange) -> String {
        switch k {
        case let .buildArgs(args, used):
            let parts = args.map {
                "\(Sanitize.inline($0.name)) \(Sanitize.inline($0.old ?? "(unset)")) → \(Sanitize.inline($0.new ?? "(unset)"))"
            }
            return "build-arg changed: \(parts.joined(separator: ", "))"
                + (used ? "" : " (the command does not use it: every RUN after the ARG re-runs anyway)")
        case let .instruction(old, new):
            return "the step changed: was \(StepText.short(old)), now \(StepText.short(new))"
        case .sameText:
            return "the step's own key is new, with the same text: an ENV, an ARG or a file it reads changed"
        }
    }

    /// Why a layer was served or missed: its step's detail.
    public func detail(_ l: LayerVerdict) -> String {
        if l.status == .base { return "from the base image" }
        guard let r = l.record, let v = stages.lazy.flatMap(\.steps).first(where: { $0.record == r }) else {
            return unusable.map { Sanitize.inline($0) } ?? "no cache key of the new build stands for this layer"
        }
        return detail(v)
    }
}
