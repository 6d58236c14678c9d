import CacheAnalysis
import CacheModel
import CacheReports

/// Helpers shared by the fuzz targets: synthetic images around fuzzed cache payloads.
enum FuzzSupport {
    static let zeroDigest = try! Digest(parsing: "sha256:" + String(repeating: "0", count: 64))
    /// Distinct well-formed digests, computed once (hashing per execution costs more than the decoders).
    static let digests: [String] = (0..<256).map { "sha256:" + hexString(SHA256.hash(Array("layer \($0)".utf8))) }

    /// An image config whose inline cache is `payload` (raw JSON, base64-encoded here) over `layers` layers.
    static func config(payload: [UInt8], layers: Int, createdBy: String = "RUN x # buildkit") -> [UInt8] {
        let diff = (0..<layers).map { i -> JSONNode in .string(digests[i % digests.count]) }
        let history = (0..<layers).map { i -> JSONNode in .object([("created_by", .string("\(createdBy) \(i)"))]) }
        let doc = JSONNode.object([
            ("architecture", .string("amd64")), ("os", .string("linux")),
            ("rootfs", .object([("type", .string("layers")), ("diff_ids", .array(diff))])),
            ("history", .array(history)),
            (ImageConfig.inlineCacheKey, .string(Base64.encode(payload))),
        ])
        return Array(doc.serialized(pretty: false).utf8)
    }

    /// A loaded image around `config`: one manifest layer per diff_id (or `layers` if given).
    static func image(config: ImageConfig, configBytes: [UInt8], layers: Int? = nil, name: String) -> LoadedImage {
        let n = layers ?? config.diffIDs.count
        let layerJSON = (0..<n).map { i -> JSONNode in
            .object([
                ("mediaType", .string("application/vnd.oci.image.layer.v1.tar+gzip")),
                ("digest", .string(digests[(i + 128) % digests.count])), ("size", .int(1)),
            ])
        }
        let manifest = JSONNode.object([
            ("schemaVersion", .int(2)), ("mediaType", .string(MediaType.ociManifest)),
            (
                "config",
                .object([
                    ("mediaType", .string(MediaType.ociConfig)),
                    ("digest", .string(zeroDigest.description)), ("size", .int(configBytes.count)),
                ])
            ),
            ("layers", .array(layerJSON)),
        ])
        let bytes = Array(manifest.serialized(pretty: false).utf8)
        guard case let .image(m) = try! ManifestDocument.decode(bytes, declaredMediaType: nil) else { fatalError("synthetic manifest") }
        return LoadedImage(
            reference: name, manifestDigest: zeroDigest, indexDigest: nil, manifest: m,
            config: config, configSize: configBytes.count, manifestSize: bytes.count)
    }

    /// Everything `inspect` computes for one image cache.
    static func exercise(_ c: ImageCache) {
        let report = InspectReport.analyze(c)
        _ = InspectJSON.render(report).serialized()
        _ = report.recordRoles
        if let s = c.stage, let g = c.graph {
            precondition(s.recordsByLayer.count == g.layerCount)
            for res in g.results.joined() { _ = g.layers(of: res) }
        }
    }
}
