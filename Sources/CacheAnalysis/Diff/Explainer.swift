import CacheModel

/// Finds the root cause of a miss by walking the failing inputs.
final class Explainer {
    let new: CacheGraph
    let old: CacheGraph
    let matcher: Matcher
    let stage: FinalStage
    let oldCache: ImportedCache
    private let baseRoots: Set<Int>
    private let layerByRecord: [Int: Int]
    private let intermediateSet: Set<Int>
    private let oldChain: Set<Int>
    /// Root causes already found: every record on a walked path shares its cause.
    private var causes: [Int: Cause] = [:]

    init(new: CacheGraph, old: CacheGraph, matcher: Matcher, stage: FinalStage, oldCache: ImportedCache) {
        self.new = new; self.old = old; self.matcher = matcher; self.stage = stage; self.oldCache = oldCache
        baseRoots = Set(stage.baseRoots)
        layerByRecord = Dictionary(zip(stage.chain, stage.chainLayers), uniquingKeysWith: { a, _ in a })
        intermediateSet = Set(stage.intermediate)
        oldChain = Set(oldCache.stage?.chain ?? [])
    }

    enum Cause {
        case base
        case own(Int)          // record whose own digest is new
        case content(Int)      // a content-checksum root that changed, linked by this record
        case matchedNoResult(Int)
    }

    /// The root cause for new record `n`: walks failing inputs down to the first record that
    /// matched, changed itself or links a changed root. Iterative and memoised, so explaining
    /// every layer of a long chain stays linear.
    func rootCause(_ start: Int) -> Cause {
        var n = start
        var path: [Int] = []
        var seen = Set<Int>()
        var found: Cause?
        while found == nil {
            if let known = causes[n] { found = known; break }
            guard seen.insert(n).inserted else { found = .own(n); break }
            path.append(n)
            if matcher.matched(n) { found = .matchedNoResult(n); break }
            guard old.byDigest[new.records[n].digest] != nil else {
                found = new.records[n].isRoot ? (baseRoots.contains(n) ? .base : .content(n)) : .own(n)
                break
            }
            guard let slot = matcher.failingSlot(n, new: new, old: old) else { found = .own(n); break }
            let alts = new.records[n].inputs[slot]
            guard let next = alts.first(where: { !matcher.matched($0.link) }) else {
                found = .content(n) // every alternative matches something, but not with equal selectors
                break
            }
            if new.records[next.link].isRoot {
                found = (baseRoots.contains(next.link) || alts.contains(where: { baseRoots.contains($0.link) })) ? .base : .content(n)
                break
            }
            n = next.link
        }
        let cause = found ?? .own(start)
        for r in path { causes[r] = cause }
        return cause
    }

    func layerOf(_ record: Int) -> Int? { layerByRecord[record] }

    func oldStep(forNewLayer i: Int) -> String? {
        guard let oldStage = oldCache.stage else { return nil }
        let offset = i - stage.baseLayerCount
        let j = oldStage.baseLayerCount + offset
        guard offset >= 0, j >= 0, j < oldCache.layerSteps.count else { return nil }
        return oldCache.layerSteps[j]
    }

    func explain(record: Int?, layer i: Int, newSteps: [String?]) -> (MissReason, String) {
        guard let record else {
            return (.changed, "no cache key in the new image stands for this layer")
        }
        let cause = rootCause(record)
        let sameStep = Set(stage.recordsByLayer[i])
        switch cause {
        case .base:
            return (.baseChanged, baseDetail())
        case let .matchedNoResult(r):
            if r == record || sameStep.contains(r) { return notExported(r, layer: i) }
            return (.upstreamChanged, upstreamDetail(record, layer: i, newSteps: newSteps,
                                                     cause: "\(describe(r, newSteps: newSteps)) matched a key but the old cache holds no layer for it"))
        case let .own(r):
            if r == record || sameStep.contains(r) { return (.changed, StepText.changeDetail(old: oldStep(forNewLayer: i), new: newSteps[i])) }
            return (.upstreamChanged, upstreamDetail(record, layer: i, newSteps: newSteps, cause: "\(describe(r, newSteps: newSteps)) changed"))
        case let .content(r):
            if r == record || sameStep.contains(r) {
                return (.changed, "the copied files changed (new content checksum)" + StepText.quoteStep(newSteps[i]))
            }
            return (.upstreamChanged, upstreamDetail(record, layer: i, newSteps: newSteps,
                                                     cause: "\(describe(r, newSteps: newSteps)) copies files whose content changed"))
        }
    }

    func describe(_ r: Int, newSteps: [String?]) -> String {
        // A chain record below the image's first layer has a negative layer (FinalStage keeps it):
        // indexing newSteps with it crashed (found by fuzz/match.swift).
        if let l = layerOf(r), newSteps.indices.contains(l) { return "layer \(l) \(StepText.short(newSteps[l]))" }
        if intermediateSet.contains(r) { return "a step of another stage" }
        return "an upstream step"
    }

    func upstreamDetail(_ record: Int, layer i: Int, newSteps: [String?], cause: String) -> String {
        let slot = matcher.failingSlot(record, new: new, old: old) ?? 0
        if slot == 0 {
            if let prev = new.records[record].inputs.first?.first(where: { !matcher.matched($0.link) }).flatMap({ layerOf($0.link) }) {
                return "the previous step (layer \(prev)) missed; root cause: \(cause)"
            }
            return "the previous step missed; root cause: \(cause)"
        }
        return "input \(slot), the stage or files it copies from, changed: \(cause)"
    }

    func notExported(_ r: Int, layer i: Int) -> (MissReason, String) {
        let olds = matcher.matches[r]
        if let oldStage = oldCache.stage, olds.contains(where: { oldStage.chain.contains($0) }) {
            return (.notExported, "the key matched, but the old image holds no layer for it: a hole in its cache (BuildKit v0.8 drops results for layers it took from an imported cache)")
        }
        return (.notExported, "the key matched, but the old cache holds no layer for it: steps of other stages are never exported by inline cache (mode=min)")
    }

    func baseDetail() -> String {
        var text = "the base image changed: its cache keys are not in the old cache"
        let newBase = stage.baseLayerCount
        if !oldCache.baseDiffIDs.isEmpty {
            text += " (old base: \(oldCache.baseDiffIDs.count) layer(s), top \(oldCache.baseDiffIDs.last!.short); new base: \(newBase) layer(s))"
        }
        return text
    }
}
