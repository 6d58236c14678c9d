import CacheModel

/// Why a diff cannot be made. Exit code 2. (Worded in CacheReports, which makes it a
/// `UserFacingError`.)
public enum DiffError: Error, Equatable {
    /// NEW's steps cannot be told.
    case newHasNoCache(NoCache)
    case noSource
    /// The graphs need more than this many comparisons (thousands of records sharing one digest).
    case tooComplex(Int)
    /// `--dockerfile` does not describe the image: the step at `line` is not what the image's
    /// history says made layer `layer`.
    case dockerfileMismatch(path: String, line: Int, instruction: String, layer: Int, history: String)
    /// `--target` names no stage of `--dockerfile`. Exit code 64.
    case unknownTarget(String, stages: [String])
    public enum NoCache: Sendable, Equatable {
        case noInlineCache(reference: String)
        case invalid(reference: String, why: String)
        case noGraph(reference: String)
        /// An export holds no result for the image's last step.
        case noTopResult(reference: String)
    }

    public var exitCode: Int32 {
        if case .unknownTarget = self { return 64 }
        return 2
    }
}
