import CacheAnalysis
import CacheModel

/// Why a step's duration is unknown, worded.
public enum DurationWording {
    /// - Parameter describe: names a step of the new build by its record (`StepWording.describe`).
    public static func text(_ gap: StepDuration.Gap, describe: ((Int) -> String)? = nil) -> String {
        func cache(_ s: StepDuration.Side) -> String {
            switch s {
            case .importedCache: return "the imported cache"
            case .imageCache: return "the image's cache"
            case .imageHistory: return "the image's history"
            }
        }
        switch gap {
        case .notEstimated: return "not estimated"
        case .notStored: return "no imported cache holds its result, so no build's time for it is recorded"
        case .newBuildKeepsNoTime:
            return "the new build's cache keeps no result time for it (inline cache and mode=min keep none for other stages)"
        case let .keepsNoTime(s): return "\(cache(s)) keeps no result time for it"
        case .noAnalogue: return "no step of the imported cache's build is this one, so no time for it is recorded"
        case .buildStartUnknown:
            return
                "the imported image does not record when its build started (no provenance attestation), so its result times are not read as durations"
        case let .loadedFromEarlierBuild(s): return "\(cache(s))'s build loaded it from an earlier build, whose start is not recorded"
        case let .longGap(s):
            return
                "more than \(Int(StepDuration.maxImportedGap)) s lie between its result and its input's in \(cache(s)): the input may come from an earlier build"
        case .firstStep: return "the first step of its stage: when it started is not recorded"
        case .historyWithoutTime: return "its history entry, or the one below it, has no time"
        case .historyOlderThanBelow: return "its history time is older than the layer's below it (layers from different builds)"
        case let .waitedFor(record):
            return "it waited for \(describe?(record) ?? "an input"), whose end this build's cache does not record"
        case .waitedForInput: return "it waited for an input, whose end this build's cache does not record"
        case .olderThanInputs: return "its result is older than its inputs' (results from different builds)"
        }
    }
}

extension StepWording {
    /// Why `d` is unknown, naming the step it waited for; nil when it is known.
    public func note(_ d: StepDuration) -> String? { d.gap.map { DurationWording.text($0, describe: describe) } }
}
