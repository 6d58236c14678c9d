import CacheAnalysis
import CacheModel

/// Image config + inline cache. First byte: 0 = the rest is an image config (JSON);
/// otherwise the rest is a decoded inline payload (JSON records) over (byte % 16) layers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let mode = data[0]
    let rest = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let configBytes = mode == 0 ? rest : FuzzSupport.config(payload: rest, layers: Int(mode % 16))
    let config: ImageConfig
    do { config = try ImageConfig.decode(configBytes) } catch { _ = error.description; return 0 }
    _ = config.layerHistory; _ = config.platform.description
    if let payload = config.inlineCache {
        // The pieces, as the brief names them.
        if let records = try? CacheRecords.decodeInline(base64: payload),
            let g = try? CacheGraph.inline(records: records, layerCount: config.diffIDs.count)
        {
            precondition(g.topologicalOrder.count == records.count)
            _ = FinalStage(graph: g)
        }
    }
    // And the whole of ImageCache + the inspect report, with a manifest of the same and of another layer count.
    FuzzSupport.exercise(ImageCache(image: FuzzSupport.image(config: config, configBytes: configBytes, name: "fuzz")))
    FuzzSupport.exercise(
        ImageCache(
            image: FuzzSupport.image(
                config: config, configBytes: configBytes,
                layers: Int(mode % 5), name: "fuzz")))
    return 0
}
