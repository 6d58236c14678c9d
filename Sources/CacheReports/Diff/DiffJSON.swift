import CacheAnalysis
import CacheModel

/// `cachectl diff --format json` (schemas/diff.v1.json, schema version 1).
public enum DiffJSON {
    public static func render(_ r: DiffReport) -> JSONNode {
        let w = StepWording(r)
        return .object([
            ("schemaVersion", .int(1)),
            ("old", .object([("reference", .string(r.old.reference)), ("manifestDigest", .string(r.old.manifestDigest.description))])),
            ("new", .object([("reference", .string(r.new.reference)), ("manifestDigest", .string(r.new.manifestDigest.description))])),
            (
                "layers",
                .array(
                    r.layers.map { l in
                        .object([
                            ("index", .int(l.index)), ("createdBy", .optional(l.createdBy)), ("status", .string(l.status.rawValue)),
                            ("reason", .optional(l.reason?.rawValue)), ("detail", .string(w.detail(l))),
                            ("cause", l.cause.map(Self.causeJSON) ?? .null),
                            ("files", Self.filesJSON(l.files)), ("filesNote", .optional(l.filesNote)),
                        ])
                    })
            ),
            (
                "intermediate",
                .object([
                    ("steps", .int(r.intermediateSteps)),
                    ("matchedWithoutResult", .int(r.intermediateMatchedWithoutResult)),
                    ("changed", .int(r.intermediateChanged)),
                    ("hits", .int(r.intermediateHits)),
                ])
            ),
            (
                "sources",
                .array(
                    r.sources.map { s in
                        .object([
                            ("reference", .string(s.reference)), ("manifestDigest", .string(s.manifestDigest.description)),
                            ("kind", .string(s.kind.rawValue)),
                        ])
                    })
            ),
            ("newKind", .string(r.newKind.rawValue)),
            ("notes", .array(r.notes.map { .string(DiffText.note($0)) })),
            (
                "stages",
                .array(
                    r.stages.map { st in
                        .object([
                            ("final", .bool(st.final)), ("name", .optional(st.name)),
                            ("steps", .array(st.steps.map { stepJSON($0, wording: w) })),
                        ])
                    })
            ),
            ("summary", .object(summary(r))),
        ])
    }

    static func summary(_ r: DiffReport) -> [(String, JSONNode)] {
        let steps = r.stages.flatMap(\.steps)
        return [
            ("hits", .int(r.hits)), ("misses", .int(r.misses)),
            ("firstMiss", .optional(r.firstMiss?.index)),
            ("rootCause", .optional(r.firstMiss?.reason?.rawValue)),
            ("stepsRun", .object([("final", .int(r.stepsRun(final: true))), ("other", .int(r.stepsRun(final: false)))])),
            ("stepsCached", .int(steps.filter { $0.status == .cached }.count)),
            ("stepsUnneeded", .int(steps.filter { $0.status == .unneeded }.count)),
            ("mainReason", .optional(r.mainRunReason?.rawValue)),
            ("timeLostSeconds", r.timeLostSeconds.map { .double($0) } ?? .null),
            ("timeSavedSeconds", r.timeSavedSeconds.map { .double($0) } ?? .null),
            ("criticalPathLostSeconds", r.criticalPathLostSeconds.map { .double($0) } ?? .null),
            ("durationsUnknown", .object([("run", .int(r.durationsUnknown.run)), ("saved", .int(r.durationsUnknown.saved))])),
            ("costliestMiss", costliestMiss(r)),
            ("verdict", .string(DiffHeadline.lines(r, width: 10_000).joined(separator: " "))),
            ("stepsTotal", .int(steps.count)),
            ("stepsRunTotal", .int(steps.filter { $0.status == .run }.count)),
            ("changeStartsAt", changeStartsAt(r)),
            ("fix", fix(r.answer.fix)),
            ("headline", .array(DiffHeadline.lines(r, width: 80).map { .string($0) })),
        ]
    }

    /// `summary.changeStartsAt`: the step where the change starts, its cause, and what it cost.
    static func changeStartsAt(_ r: DiffReport) -> JSONNode {
        guard let c = r.answer.changeStart else { return .null }
        let v = c.step
        var fields: [(String, JSONNode)] = [
            ("record", .int(v.record)), ("layer", v.layer.map { .int($0) } ?? .null),
            ("stage", .string(DiffText.titles(r.stages)[c.stage])), ("position", .int(c.position)),
            ("printed", .optional(v.name?.printed)), ("line", v.name.map { .int($0.line) } ?? .null),
            ("createdBy", .optional(v.createdBy)),
            ("status", .string(v.status.rawValue)), ("reason", .optional(v.reason?.rawValue)),
            ("cause", .string(causeKind(v.cause))),
            ("because", .string(DiffHeadline.cause(v, r))),
            ("detail", .string(StepWording(r).detail(v))),
        ]
        if case let .buildArgs(args, used)? = v.keyChange {
            fields.append(
                (
                    "buildArgs",
                    .array(
                        args.map { a in
                            .object([("name", .string(a.name)), ("old", .optional(a.old)), ("new", .optional(a.new))])
                        })
                ))
            fields.append(("buildArgUsed", .bool(used)))
        }
        fields += [
            ("files", filesJSON(v.files)), ("steps", .int(c.ran)), ("unknownSteps", .int(c.unknownSteps)),
            ("seconds", c.seconds.map { .double($0) } ?? .null),
        ]
        return .object(fields)
    }

    static func causeKind(_ c: StepCause) -> String {
        switch c {
        case .loaded: return "loaded"
        case .unneeded: return "unneeded"
        case .noCache: return "no-cache"
        case .disabled: return "disabled"
        case .baseChanged: return "base"
        case .ownKeyChanged: return "key"
        case .contentChanged: return "content"
        case .upstream: return "upstream"
        case .matchedWithoutResult: return "matched-without-result"
        case .checksum: return "checksum"
        }
    }

    static func fix(_ f: DiffAnswer.Fix?) -> JSONNode {
        guard let f else { return .null }
        switch f {
        case .exportCache: return .object([("kind", .string("export-cache"))])
        case .sameSourceDateEpoch: return .object([("kind", .string("same-source-date-epoch"))])
        case let .declareArgLater(name): return .object([("kind", .string("declare-arg-later")), ("arg", .string(name))])
        case let .registryCacheModeMax(steps): return .object([("kind", .string("registry-cache-mode-max")), ("steps", .int(steps))])
        }
    }

    /// `summary.costliestMiss`: the change that cost the most, the time its steps took, its files.
    static func costliestMiss(_ r: DiffReport) -> JSONNode {
        guard let c = r.costliestMiss else { return .null }
        let root = r.step(record: c.record)
        return .object([
            ("kind", .string(c.kind.rawValue)), ("record", .int(c.record)),
            ("layer", root?.layer.map { .int($0) } ?? .null),
            ("step", .string(root.map { DiffText.label($0) } ?? "record \(c.record)")),
            ("reason", .optional(root?.reason?.rawValue)),
            ("steps", .int(c.steps.count)), ("unknownSteps", .int(c.unknownSteps)),
            ("seconds", c.seconds.map { .double($0) } ?? .null),
            ("files", c.kind == .change ? filesJSON(root?.files) : .null),
        ])
    }

    /// One step of a stage (also in history's builds).
    public static func stepJSON(_ v: StepVerdict, wording w: StepWording) -> JSONNode {
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
        fields.append(("durationNote", .optional(w.note(v.duration))))
        fields.append(("detail", .string(w.detail(v))))
        fields.append(("files", filesJSON(v.files)))
        fields.append(("filesNote", .optional(v.filesNote)))
        return .object(fields)
    }

    static func causeJSON(_ c: MissCause) -> JSONNode {
        .object([
            ("kind", .string(c.kind.rawValue)), ("record", .optional(c.record)), ("layer", .optional(c.layer)),
            ("input", .optional(c.input)), ("oldStep", .optional(c.oldStep)), ("newStep", .optional(c.newStep)),
        ])
    }

    static func filesJSON(_ files: [FileChange]?) -> JSONNode {
        guard let files else { return .null }
        return .array(
            files.map { f in
                .object([
                    ("path", .string(f.path)), ("change", .string(f.change.rawValue)),
                    ("oldSize", f.oldSize.map { .int($0) } ?? .null), ("newSize", f.newSize.map { .int($0) } ?? .null),
                ])
            })
    }
}
