import CacheAnalysis
import CacheModel

extension DiffError: UserFacingError {
    public var description: String {
        switch self {
        case let .tooComplex(n):
            return "the cache graphs are too complex to compare (over \(n) comparisons); refusing to continue"
        case let .dockerfileMismatch(path, line, instruction, layer, history):
            return
                "\(Sanitize.inline(path)):\(line): \(Sanitize.inline(String(instruction.prefix(80)))) is not what made layer \(layer) (the image's history says \(Sanitize.inline(String(history.prefix(80))))): is this the Dockerfile the image was built from?"
        case let .unknownTarget(target, stages):
            return
                "--target \(Sanitize.quoted(target)) names no stage of the Dockerfile; its stages: \(stages.map { Sanitize.inline($0) }.joined(separator: ", "))"
        case .noSource:
            return "diff needs at least one cache source before NEW"
        case let .newHasNoCache(why):
            let detail: String
            switch why {
            case let .noInlineCache(ref): detail = "\(ref) carries no inline cache"
            case let .invalid(ref, reason): detail = "\(ref) has an unusable cache (\(reason))"
            case let .noGraph(ref): detail = "\(ref) has no cache graph"
            case let .noTopResult(ref): detail = "\(ref) holds no result for the image's last step"
            }
            return
                "cannot tell which steps the new build ran: \(detail). Build it with --cache-to type=inline (or --build-arg BUILDKIT_INLINE_CACHE=1) so its config records the build's cache keys"
        }
    }
}
