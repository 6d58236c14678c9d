import CacheModel

/// The figures that sum a diff up.
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
}
