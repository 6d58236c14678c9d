import CacheAnalysis
import CacheModel

/// The sentences of a history: its notes and patterns, worded from what the analysis found.
extension HistoryNote {
    public var message: String {
        switch self {
        case .firstBuild: return "the oldest build: nothing earlier to import, so every step ran (cold)"
        case .isCacheSource: return "the tag every build imported (--cache-from-tag)"
        case let .noInlineCache(invalid):
            let what = invalid.map { "its inline cache cannot be imported (\($0))" } ?? "the image carries no inline cache"
            return "\(what): which steps it ran cannot be told"
        case let .cacheFromMissing(tag): return "the cache tag \(Sanitize.quoted(tag)) could not be loaded"
        case let .unexplained(detail): return "not explained: \(detail)"
        case let .importedNoCache(tag): return "the image it imported (\(Sanitize.inline(tag))) carries no inline cache: every step ran"
        case let .rebuildHitEverything(tag): return "the same image as \(Sanitize.inline(tag)): a rebuild that hit every step"
        case let .newLineage(previous):
            return
                "shares no step with \(Sanitize.inline(previous)) beyond the base image: a new lineage (another Dockerfile, or a build that did not import it), not a miss"
        }
    }
}

extension HistoryPattern {
    /// One sentence naming the builds.
    public var message: String {
        func list(_ tags: [String]) -> String {
            let shown = tags.prefix(6).map { Sanitize.inline($0, limit: 128) }
            return shown.joined(separator: ", ") + (tags.count > 6 ? " and \(tags.count - 6) more" : "")
        }
        func plural(_ n: Int, _ one: String, _ many: String) -> String { n == 1 ? one : many }
        switch finding {
        case let .everySecondBuild(victims, carriers):
            return
                "Build\(plural(victims.count, "", "s")) \(list(victims)) re-ran steps whose keys matched because the image\(plural(carriers.count, "", "s")) \(plural(carriers.count, "it", "they")) imported (\(list(carriers))) kept no results for layers taken from an earlier cache (BuildKit v0.8 holes, or a compression change on v0.25), so the cache works only every second build."
        case let .brokeAt(position, printed, createdBy, change):
            let step =
                printed.map { "step \(StepText.short($0, limit: 80))" }
                ?? "step \(position) of the final stage" + (createdBy.map { " \(StepText.short($0))" } ?? "")
            let what = change.map(StepWording.keyDetail) ?? (createdBy == nil ? "the step's cache key is new" : "the step's own key is new")
            return
                "From build \(Sanitize.inline(builds.first ?? "", limit: 128)) on (\(list(builds))), \(step) never hits again: its own key changes every build (\(what)), which is what a build-arg or file carrying a commit SHA or a date does."
        case let .noInlineCache(without, importers):
            let tail =
                importers.isEmpty ? "" : "; \(list(importers)) imported \(plural(without.count, "it", "them")) and could be served nothing"
            return
                "Build\(plural(without.count, "", "s")) \(list(without)) carr\(plural(without.count, "ies", "y")) no inline cache (built without --cache-to type=inline or BUILDKIT_INLINE_CACHE=1)\(tail)."
        case let .targetsOverwrite(finalSteps, saved):
            let tops = Array(Set(finalSteps.map { StepText.short($0, limit: 40) })).sorted()
            let targets = tops.count >= 2 ? " (final steps \(tops.prefix(3).joined(separator: " and ")))" : ""
            return
                "Builds \(list(builds)) alternate between different targets\(targets) over shared early stages, each importing the other target's build: importing the last build of their own target would have saved \(saved) step run\(plural(saved, "", "s")); give each target its own cache ref."
        case .baseUpdates:
            return
                "The base image changed under build\(plural(builds.count, "", "s")) \(list(builds)), so \(plural(builds.count, "it", "each")) re-ran every step built on it: a moving base tag; pin the base by digest and update it on purpose."
        }
    }
}
