import CacheModel

extension DiffReport {
    /// The JSON contract of `cachectl diff` (schema version 1).
    public func json() -> JSONNode {
        let summary: [(String, JSONNode)] = [
            ("hits", .int(hits)), ("misses", .int(misses)),
            ("firstMiss", .optional(firstMiss?.index)),
            ("rootCause", .optional(firstMiss?.reason?.rawValue)),
            ("stepsRun", .object([("final", .int(stepsRun(final: true))), ("other", .int(stepsRun(final: false)))])),
            ("stepsCached", .int(stages.flatMap(\.steps).filter { $0.status == .cached }.count)),
            ("stepsUnneeded", .int(stages.flatMap(\.steps).filter { $0.status == .unneeded }.count)),
            ("mainReason", .optional(mainRunReason?.rawValue)),
            ("timeLostSeconds", timeLostSeconds.map { .double($0) } ?? .null),
            ("timeSavedSeconds", timeSavedSeconds.map { .double($0) } ?? .null),
            ("criticalPathLostSeconds", criticalPathLostSeconds.map { .double($0) } ?? .null),
            ("durationsUnknown", .object([("run", .int(durationsUnknown.run)), ("saved", .int(durationsUnknown.saved))])),
            ("costliestMiss", costliestMissJSON()),
            ("verdict", .string(verdict)),
        ]
        return .object([
            ("schemaVersion", .int(1)),
            ("old", .object([("reference", .string(old.reference)), ("manifestDigest", .string(old.manifestDigest.description))])),
            ("new", .object([("reference", .string(new.reference)), ("manifestDigest", .string(new.manifestDigest.description))])),
            ("layers", .array(layers.map { l in
                .object([("index", .int(l.index)), ("createdBy", .optional(l.createdBy)), ("status", .string(l.status.rawValue)),
                         ("reason", .optional(l.reason?.rawValue)), ("detail", .string(l.detail)),
                         ("files", Self.filesJSON(l.files)), ("filesNote", .optional(l.filesNote))])
            })),
            ("intermediate", .object([("steps", .int(intermediateSteps)),
                                      ("matchedWithoutResult", .int(intermediateMatchedWithoutResult)),
                                      ("changed", .int(intermediateChanged)),
                                      ("hits", .int(intermediateHits))])),
            ("sources", .array(sources.map { s in
                .object([("reference", .string(s.reference)), ("manifestDigest", .string(s.manifestDigest.description)),
                         ("kind", .string(s.kind.rawValue))])
            })),
            ("newKind", .string(newKind.rawValue)),
            ("notes", .array(notes.map { .string($0) })),
            ("stages", .array(stages.map { st in
                .object([("final", .bool(st.final)), ("name", .optional(st.name)),
                         ("steps", .array(st.steps.map(Self.stepJSON)))])
            })),
            ("summary", .object(summary)),
        ])
    }

    static func stepJSON(_ v: StepVerdict) -> JSONNode {
        var fields: [(String, JSONNode)] = [
            ("record", .int(v.record)), ("layer", v.layer.map { .int($0) } ?? .null),
            ("createdBy", .optional(v.createdBy)), ("instruction", .optional(v.name?.instruction)),
            ("printed", .optional(v.name?.printed)), ("line", v.name.map { .int($0.line) } ?? .null),
            ("status", .string(v.status.rawValue)), ("reason", .optional(v.reason?.rawValue)),
        ]
        switch v.cause {
        case let .loaded(source): fields.append(("source", .int(source)))
        case let .checksum(consumer, own): fields.append(("consumer", .int(consumer))); fields.append(("ownReason", .string(own.rawValue)))
        case let .upstream(_, root): fields.append(("changeStartsAt", .int(root)))
        default: break
        }
        fields.append(("durationSeconds", v.duration.seconds.map { .double($0) } ?? .null))
        fields.append(("durationSource", .string(v.duration.source.rawValue)))
        fields.append(("durationNote", .optional(v.duration.note)))
        fields.append(("detail", .string(v.detail)))
        fields.append(("files", filesJSON(v.files)))
        fields.append(("filesNote", .optional(v.filesNote)))
        return .object(fields)
    }

    static func filesJSON(_ files: [FileChange]?) -> JSONNode {
        guard let files else { return .null }
        return .array(files.map { f in
            .object([("path", .string(f.path)), ("change", .string(f.change.rawValue)),
                     ("oldSize", f.oldSize.map { .int($0) } ?? .null), ("newSize", f.newSize.map { .int($0) } ?? .null)])
        })
    }

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
        if let costliest = costliestMissSentence() { text += " " + costliest }
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
