import CacheAnalysis
import CacheModel

/// Two inline payloads (decoded JSON record arrays) separated by the first NUL byte:
/// NEW first, then OLD. Both become images; the graphs are matched and diffed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let all = UnsafeBufferPointer(start: data, count: size)
    guard let nul = all.firstIndex(of: 0) else { return 0 }
    let newPayload = Array(all[..<nul]), oldPayload = Array(all[(nul + 1)...])
    guard let newCache = imageCache(newPayload, name: "new"), let oldCache = imageCache(oldPayload, name: "old") else { return 0 }
    if let ng = newCache.graph, let og = oldCache.graph {
        if let m = try? Matcher(new: ng, old: og, budget: 2_000_000) {
            for n in 0..<ng.records.count {
                for o in m.matches[n] { precondition(ng.records[n].digest == og.records[o].digest) }
                _ = m.failingSlot(n, new: ng, old: og)
            }
        }
    }
    if let report = try? DiffReport.analyze(old: ImportedCache(image: oldCache), new: newCache) {
        precondition(report.layers.count == newCache.image.manifest.layers.count)
        _ = report.hits; _ = report.misses; _ = report.firstMiss
    }
    return 0
}

/// The image cache of a synthetic image over `payload`, with as many layers as the records name (capped).
private func imageCache(_ payload: [UInt8], name: String) -> ImageCache? {
    var layers = 1
    if let records = try? CacheRecords.decodeInline(base64: Base64.encode(payload)) {
        for r in records {
            for res in r.results {
                switch res {
                case let .layer(k, _): layers = max(layers, k + 1)
                case let .chain(ks, _): layers = max(layers, (ks.max() ?? 0) + 1)
                }
            }
        }
    }
    guard layers <= 256 else { return nil }
    let bytes = FuzzSupport.config(payload: payload, layers: layers)
    guard let config = try? ImageConfig.decode(bytes) else { return nil }
    return ImageCache(image: FuzzSupport.image(config: config, configBytes: bytes, name: name))
}
