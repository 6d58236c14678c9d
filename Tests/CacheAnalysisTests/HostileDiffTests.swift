import CacheAnalysis
import CacheModel
import Testing

/// Inputs found by fuzz/match.swift, replayed through the same pipeline: two inline payloads
/// (NEW, NUL, OLD) over synthetic images, then Differ.diff. Each used to crash.
@Suite struct HostileDiffTests {
    static let repo: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    static func digest(_ i: Int) -> String { Digest.sha256(of: Array("layer \(i)".utf8)).description }

    /// An image whose config carries `payload` as inline cache, with as many layers as its records name.
    static func image(_ payload: [UInt8], name: String) throws -> ImageCache {
        var layers = 1
        for r in (try? CacheRecords.decodeInline(base64: Base64.encode(payload))) ?? [] {
            for res in r.results {
                switch res {
                case let .layer(k, _): layers = max(layers, k + 1)
                case let .chain(ks, _): layers = max(layers, (ks.max() ?? 0) + 1)
                }
            }
        }
        let config = JSONNode.object([
            ("architecture", .string("amd64")), ("os", .string("linux")),
            ("rootfs", .object([("type", .string("layers")), ("diff_ids", .array((0..<layers).map { .string(digest($0)) }))])),
            ("history", .array((0..<layers).map { .object([("created_by", .string("RUN step \($0)"))]) })),
            (ImageConfig.inlineCacheKey, .string(Base64.encode(payload))),
        ])
        let configBytes = Array(config.serialized(pretty: false).utf8)
        let manifest = JSONNode.object([
            ("schemaVersion", .int(2)), ("mediaType", .string(MediaType.ociManifest)),
            (
                "config",
                .object([
                    ("mediaType", .string(MediaType.ociConfig)), ("digest", .string(Digest.sha256(of: configBytes).description)),
                    ("size", .int(configBytes.count)),
                ])
            ),
            (
                "layers",
                .array(
                    (0..<layers).map {
                        .object([
                            ("mediaType", .string("application/vnd.oci.image.layer.v1.tar+gzip")),
                            ("digest", .string(digest($0 + 1000))), ("size", .int(1)),
                        ])
                    })
            ),
        ])
        let manifestBytes = Array(manifest.serialized(pretty: false).utf8)
        guard case let .image(m) = try ManifestDocument.decode(manifestBytes, declaredMediaType: nil) else {
            throw ModelError.invalidCache("not an image")
        }
        return ImageCache(
            image: LoadedImage(
                reference: name, manifestDigest: Digest.sha256(of: manifestBytes), indexDigest: nil,
                manifest: m, config: try ImageConfig.decode(configBytes),
                configSize: configBytes.count, manifestSize: manifestBytes.count))
    }

    /// A chain record below the image's first layer (negative chain layer) named as the cause of
    /// an upstream miss: `describe` indexed the layer steps with -1.
    @Test func upstreamCauseBelowTheFirstLayer() throws {
        let path = Self.repo + "/fuzz/regressions/match/describe-negative-layer"
        guard let f = fopen(path, "rb") else { Issue.record("cannot open \(path)"); return }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true { let n = fread(&buf, 1, buf.count, f); if n <= 0 { break }; bytes += buf[0..<n] }
        let nul = try #require(bytes.firstIndex(of: 0))
        let new = try Self.image(Array(bytes[..<nul]), name: "new")
        let old = try Self.image(Array(bytes[(nul + 1)...]), name: "old")
        let report = try DiffReport.analyze(old: ImportedCache(image: old), new: new)
        #expect(report.layers.count == new.image.manifest.layers.count)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
