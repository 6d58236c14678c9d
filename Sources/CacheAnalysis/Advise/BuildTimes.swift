import CacheModel

/// When a build started and finished, from its provenance attestation (SLSA provenance v0.2:
/// `predicate.metadata.buildStartedOn`/`buildFinishedOn`; v1: `predicate.runDetails.metadata.
/// startedOn`/`finishedOn`). On BuildKit v0.25 the start is the solve's, before the Dockerfile is
/// loaded (0.75 s before the first step in `par-prov`), and the finish is after the export: bounds
/// of the steps, not step times.
public struct BuildTimes: Sendable, Equatable {
    public let started: Double?
    public let finished: Double?

    public init(started: Double?, finished: Double?) { self.started = started; self.finished = finished }

    /// Reads an in-toto statement; nil when it is not SLSA provenance or carries neither time.
    public static func parse(statement bytes: [UInt8]) -> BuildTimes? {
        guard let doc = try? JSONDocument(parsing: bytes, what: "provenance attestation") else { return nil }
        let v = doc.value
        guard v["predicateType"]?.string?.hasPrefix("https://slsa.dev/provenance/") == true, let p = v["predicate"] else { return nil }
        let times: BuildTimes
        if let m = p["runDetails"]?["metadata"] {
            times = BuildTimes(started: time(m["startedOn"]?.string), finished: time(m["finishedOn"]?.string))
        } else {
            let m = p["metadata"]
            times = BuildTimes(started: time(m?["buildStartedOn"]?.string), finished: time(m?["buildFinishedOn"]?.string))
        }
        return times.started == nil && times.finished == nil ? nil : times
    }

    static func time(_ s: String?) -> Double? { CacheExport.Timestamp(s).value }
}
