import CacheAnalysis
import CacheModel

/// Why a planned step's answer waits for the build, worded.
public enum PlanWording {
    public static func text(_ o: PlanReport.Open) -> String {
        switch o {
        case .dependsOnStage: return "the files it copies come from a stage that will run: it hits if that output is byte-identical"
        case .followsDependentCopy: return "it follows a copy whose files are known only once their stage has run"
        case .loadedIfNextRuns: return "loaded only if the step after it must run; else not needed"
        case let .unplanned(u): return text(u)
        }
    }

    public static func text(_ u: PlannedGraph.Unplanned) -> String {
        switch u {
        case let .keys(detail): return detail
        case let .waitsOn(step, because): return "it waits on \(step), whose key is not computed (\(text(because)))"
        case .noRecords: return "no records"
        case let .baseStage(name): return "its base stage \(name) is not planned"
        case let .follows(step): return "follows a step that is not planned (\(step))"
        case .heredocSource: return "its heredoc source's key is not computed"
        case .contextContent: return "the content key of its context sources is not given"
        case let .sourceStage(name): return "its source stage \(name) is not planned"
        case let .image(ref): return "the image \(ref) is not resolved"
        case let .inputWithoutLink(role): return "an input of \(role) has nothing to link"
        case .copyParents: return "COPY --parents: its content key is not computed from the plan"
        case let .context(error): return "\(error)"
        }
    }
}
