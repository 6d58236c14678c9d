import CacheModel

/// What one change cost the new build: the steps that ran because of it and how long they took.
/// Steps that run are grouped by where their change starts (a step's own change, or the step an
/// upstream change starts at); steps that ran only so that a copy could checksum its input are
/// grouped by that copy.
public struct MissCost: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The steps ran because of a change that starts at `record`.
        case change
        /// The steps ran only so that the copy at `record` could checksum the files it copies, which did not change.
        case checksum
    }
    public let kind: Kind
    /// NEW's record: where the change starts, or the copy whose checksum was needed.
    public let record: Int
    /// The steps that ran.
    public let steps: [StepVerdict]
    /// Their known durations, summed; nil when none is known.
    public let seconds: Double?
    /// How many of them have no known duration.
    public var unknownSteps: Int { steps.filter { $0.duration.seconds == nil }.count }
}

extension DiffReport {
    /// Every change that made steps run, the costliest (by known seconds) first.
    public var missCosts: [MissCost] {
        var groups: [(MissCost.Kind, Int, [StepVerdict])] = []
        for v in stages.flatMap(\.steps) where v.status == .run {
            let key: (MissCost.Kind, Int)
            switch v.cause {
            case let .checksum(consumer, _): key = (.checksum, consumer)
            case let .upstream(_, root): key = (.change, root)
            default: key = (.change, v.record)
            }
            if let i = groups.firstIndex(where: { $0.0 == key.0 && $0.1 == key.1 }) {
                groups[i].2.append(v)
            } else {
                groups.append((key.0, key.1, [v]))
            }
        }
        let costs = groups.map { MissCost(kind: $0.0, record: $0.1, steps: $0.2, seconds: total($0.2)) }
        return costs.enumerated().sorted { a, b in
            let x = a.element.seconds ?? -1, y = b.element.seconds ?? -1
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
    }

    /// The costliest change whose cost is (at least partly) measured.
    public var costliestMiss: MissCost? { missCosts.first { ($0.seconds ?? 0) > 0 } }

    /// The step of the report at NEW's record `r`, if it is one.
    public func step(record r: Int) -> StepVerdict? { stages.flatMap(\.steps).first { $0.record == r } }
}

/// Durations as people read them: "2.7 s", "48 s", "4 min 12 s", "1 h 3 min".
public enum DurationText {
    /// `compact`, for table cells: "4.2s", "3m12s".
    public static func format(_ s: Double, compact: Bool = false) -> String {
        if compact {
            if s < 60 { let t = Int((s * 10).rounded()); return "\(t / 10).\(t % 10)s" }
            return "\(Int(s) / 60)m\(String(Int(s.rounded()) % 60 + 100).dropFirst())s"
        }
        if s < 10 { return "\((s * 10).rounded() / 10) s" }
        let whole = Int(s.rounded())
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min" + (whole % 60 == 0 ? "" : " \(whole % 60) s") }
        return "\(whole / 3600) h" + ((whole % 3600) / 60 == 0 ? "" : " \((whole % 3600) / 60) min")
    }
}
