import CacheAnalysis
import CacheModel
import CacheReports

/// Cache export config (application/vnd.buildkit.cacheconfig.v0): decodeConfig, the graph, CacheExport, its report.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let decoded = try? CacheRecords.decodeConfig(bytes) else { return 0 }
    guard let g = try? CacheGraph(records: decoded.records, layerParents: decoded.layers.map(\.parent)) else { return 0 }
    precondition(g.topologicalOrder.count == decoded.records.count)
    let zero = FuzzSupport.zeroDigest
    // Half the blobs listed by the container, to reach missingBlobs.
    let listed = decoded.layers.enumerated().filter { $0.offset % 2 == 0 }.map { l -> Descriptor in
        let json = JSONNode.object([
            ("mediaType", .string("application/vnd.oci.image.layer.v1.tar+gzip")),
            ("digest", .string(l.element.blob.description)), ("size", .int(1)),
        ])
        let m = JSONNode.object([("mediaType", .string(MediaType.ociManifest)), ("config", json), ("layers", .array([json]))])
        guard case let .image(im) = try! ManifestDocument.decode(Array(m.serialized().utf8), declaredMediaType: nil) else { fatalError() }
        return im.config
    }
    let loaded = LoadedCacheExport(
        reference: "fuzz", manifestDigest: zero, form: .imageManifest, layerDescriptors: listed,
        configBytes: bytes, configDigest: zero, manifestSize: 1)
    guard let export = try? CacheExport(loaded) else { fatalError("CacheExport failed where its graph was valid") }
    _ = export.recordsWithResults; _ = export.mode
    _ = ExportJSON.render(ExportReport.analyze(export)).serialized()
    _ = ImportedCache(export: export)
    return 0
}
