import CacheModel

/// The figures and the sentence that sum a diff up.
extension DiffReport {
    /// Steps that run, in the final stage (and the stages it is built FROM) or in the others.
    public func stepsRun(final: Bool) -> Int { stages.filter { $0.final == final }.map(\.run).reduce(0, +) }

    /// The reason most steps that run share (ties: the order of `RunReason`).
    public var mainRunReason: RunReason? {
        let reasons = stages.flatMap(\.steps).compactMap(\.reason)
        return RunReason.allCases.max { a, b in
            let ca = reasons.filter { $0 == a }.count, cb = reasons.filter { $0 == b }.count
            return ca != cb ? ca < cb : RunReason.allCases.firstIndex(of: a)! > RunReason.allCases.firstIndex(of: b)!
        }.flatMap { r in reasons.contains(r) ? r : nil }
    }

    /// One or two sentences: what happened and what mode=max would have kept.
    public var verdict: String {
        var text: String
        if let first = firstMiss {
            text = "\(hits) of \(hits + misses) built layers served from the old cache; the first miss is layer \(first.index) (\(first.reason?.rawValue ?? "miss")): \(first.detail)."
        } else if hits + misses == 0 {
            text = "The new image has no built layers."
        } else {
            text = "All \(hits) built layers can be served from the old cache."
        }
        let otherRun = stepsRun(final: false)
        let otherSteps = stages.filter { !$0.final }.map(\.steps.count).reduce(0, +)
        if otherSteps > 0 {
            text += otherRun == 0 ? " No step of the other stages runs." : " \(otherRun) of \(otherSteps) step(s) of other stages run."
        }
        let checksum = stages.flatMap(\.steps).filter { $0.reason == .neededForChecksum }
        if let c = checksum.first, case let .checksum(consumer, _) = c.cause {
            let name = stages.flatMap(\.steps).first { $0.record == consumer }
            let what = name?.name.map { Sanitize.inline($0.printed) } ?? name?.layer.map { "layer \($0)" } ?? "a copy"
            text += " \(checksum.count) of them ran only so that \(what) could checksum the files it copies, which did not change."
        }
        let timedRuns = stages.flatMap(\.steps).filter { $0.status == .run && $0.duration.seconds != nil }
        if let costliest = timedRuns.max(by: { $0.duration.seconds! < $1.duration.seconds! }) {
            let what = costliest.name.map { Sanitize.inline($0.printed) } ?? costliest.layer.map { "layer \($0) " + StepText.short(costliest.createdBy) } ?? "record \(costliest.record)"
            text += " The longest step that runs is \(what): \((costliest.duration.seconds! * 10).rounded() / 10) s in the new build (\(costliest.reason?.rawValue ?? "run"))."
        }
        for n in notes { text += " " + n + "." }
        let notExported = layers.filter { $0.reason == .notExported }.count
        // Steps that run only because their matched key has no result: mode=max keeps those.
        let kept = stages.filter { !$0.final }.flatMap(\.steps).filter { $0.status == .run && $0.keyMatched && !$0.resultAvailable }.count
        let keptOther = stages.isEmpty ? intermediateMatchedWithoutResult : kept
        if oldIsInline && (notExported > 0 || keptOther > 0) {
            text += " A registry cache with mode=max would have kept \(keptOther) step(s) of other stages"
            text += notExported > 0 ? " and \(notExported) not-exported layer(s) that inline cache dropped." : " that inline cache (always mode=min) does not export."
        }
        return text
    }
}
