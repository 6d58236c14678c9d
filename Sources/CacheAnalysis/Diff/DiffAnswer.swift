import CacheModel

/// The answer a person in a hurry needs, as values: what ran, where the change starts and why,
/// what it cost, and the one fix. Every output of `diff` (and `plan`) opens with it.
public struct DiffAnswer: Sendable, Equatable {
    /// Steps of every stage, and how many of them ran (in the final stage: `runFinal`).
    public let steps: Int
    public let run: Int
    public let runFinal: Int
    /// Where the change starts; nil only when no step ran.
    public let changeStart: ChangeStart?
    /// The one change to the build that would have kept the most steps, when one applies.
    public let fix: Fix?

    /// The step where a change starts, and what it cost.
    public struct ChangeStart: Sendable, Equatable {
        public let step: StepVerdict
        /// Index into `DiffReport.stages`, and the step's 1-based position in that stage.
        public let stage: Int
        public let position: Int
        /// The steps that ran because of this change (the step itself included), and their known seconds.
        public let ran: Int
        public let seconds: Double?
        public let unknownSteps: Int
    }

    public enum Fix: Sendable, Equatable {
        /// No imported source carries a cache the build could use: export one.
        case exportCache
        /// OLD and NEW were built with different SOURCE_DATE_EPOCH values.
        case sameSourceDateEpoch
        /// A build-arg that the step does not use changed: declare the ARG after the steps that do not need it.
        case declareArgLater(name: String)
        /// Steps ran only because inline cache (mode=min) keeps no results for other stages.
        case registryCacheModeMax(steps: Int)
    }
}

extension DiffReport {
    /// The first lines of every output, computed from the per-step model alone.
    public var answer: DiffAnswer {
        let all = stages.flatMap(\.steps)
        let ran = all.filter { $0.status == .run }
        return DiffAnswer(
            steps: all.count, run: ran.count, runFinal: stepsRun(final: true),
            changeStart: changeStart, fix: fix(ran: ran))
    }

    /// The change whose steps cost the most, preferring a real change (a step, its files, a
    /// build-arg or the base image) over steps that ran only for want of a stored result.
    var changeStart: DiffAnswer.ChangeStart? {
        let changes = missCosts.filter { $0.kind == .change }
        func real(_ c: MissCost) -> Bool {
            guard let r = step(record: c.record)?.reason else { return false }
            return r == .changed || r == .baseChanged || r == .noCache
        }
        // A changed base image is where every change below it starts: its first step, in stage order.
        let baseChanged = stages.lazy.flatMap(\.steps).first { $0.status == .run && $0.reason == .baseChanged }
        let pick =
            baseChanged.flatMap { b in changes.first { $0.record == b.record } }
            ?? changes.first(where: real) ?? changes.first ?? missCosts.first
        guard let c = pick else { return nil }
        for (i, st) in stages.enumerated() {
            guard let k = st.steps.firstIndex(where: { $0.record == c.record }) else { continue }
            return .init(
                step: st.steps[k], stage: i, position: k + 1, ran: c.steps.count, seconds: c.seconds,
                unknownSteps: c.unknownSteps)
        }
        // A checksum group is named by its consumer, which may not be among the steps: its first step.
        guard let first = c.steps.first, let i = stages.firstIndex(where: { $0.steps.contains(first) }),
            let k = stages[i].steps.firstIndex(of: first)
        else { return nil }
        return .init(step: first, stage: i, position: k + 1, ran: c.steps.count, seconds: c.seconds, unknownSteps: c.unknownSteps)
    }

    func fix(ran: [StepVerdict]) -> DiffAnswer.Fix? {
        guard !ran.isEmpty else { return nil }
        if ran.allSatisfy({ $0.cause == .disabled }) { return nil }
        if ran.allSatisfy({ $0.reason == .noCache && $0.cause != .disabled }) { return .exportCache }
        if sourceDateEpochDiffers { return .sameSourceDateEpoch }
        if let start = changeStart?.step, case let .buildArgs(args, used)? = start.keyChange, !used, let a = args.first {
            return .declareArgLater(name: a.name)
        }
        let kept = ran.filter { $0.keyMatched && !$0.resultAvailable }.count
        if oldIsInline && kept > 0 { return .registryCacheModeMax(steps: kept) }
        return nil
    }
}
