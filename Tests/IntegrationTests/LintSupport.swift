import CacheAnalysis
import CacheModel
import CacheRegistry
import Foundation

/// Helpers for lint and advise tests: lint real fixtures, and build hand-made corruptions of real
/// fixture images in a temporary OCI layout that stays digest-consistent (new config blob, manifest
/// pointing at it with the right digest and size, index.json tagging the manifest).
enum LintSupport {
    /// A fixed "now" a day after the fixtures were built (2026-11-29), so stale-cache stays quiet.
    static let now: Int64 = RFC3339Time.seconds("2026-11-30T00:00:00Z")!

    static func images(_ name: String, layout: String = Fixtures.images) async throws -> [LoadedImage] {
        guard case let .images(images, _) = try await Fixtures.load(name, all: true, layout: layout) else {
            throw LoadError.notAnImage(name)
        }
        return images
    }

    static func lint(_ name: String, dockerfile: Dockerfile? = nil, now: Int64 = now, maxAge: Int64 = LintConfiguration.defaultMaxAge)
        async throws -> [LintImageReport]
    {
        LintReport.analyze(
            [.images(reference: "oci:fixtures/images:\(name)", try await images(name))], dockerfile: dockerfile,
            configuration: LintConfiguration(now: now, maxAge: maxAge)
        ).images
    }

    static func lint(images: [LoadedImage], dockerfile: Dockerfile? = nil, now: Int64 = now) -> [LintImageReport] {
        LintReport.analyze([.images(reference: "test", images)], dockerfile: dockerfile, configuration: LintConfiguration(now: now)).images
    }

    /// Findings of one rule over all images of a fixture.
    static func findings(_ name: String, rule: String) async throws -> [LintFinding] {
        try await lint(name).flatMap(\.findings).filter { $0.rule == rule }
    }

    static func findings(images: [LoadedImage], rule: String, dockerfile: Dockerfile? = nil) -> [LintFinding] {
        lint(images: images, dockerfile: dockerfile).flatMap(\.findings).filter { $0.rule == rule }
    }

    // MARK: hand-made layouts

    static func fixtureBlob(_ digest: String) throws -> Data {
        let hex = digest.split(separator: ":").last.map(String.init) ?? digest
        return try Data(contentsOf: URL(fileURLWithPath: Fixtures.images + "/blobs/sha256/" + hex))
    }

    /// The descriptor of a ref in fixtures/images/index.json.
    static func fixtureEntry(_ name: String) throws -> [String: Any] {
        let idx =
            try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: Fixtures.images + "/index.json")))
            as! [String: Any]
        let entries = idx["manifests"] as! [[String: Any]]
        return entries.first { ($0["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"] == name }!
    }

    /// A temporary OCI layout.
    final class Layout {
        let dir: String
        private var entries: [[String: Any]] = []

        init() throws {
            dir = NSTemporaryDirectory() + "cachectl-lint-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: dir + "/blobs/sha256", withIntermediateDirectories: true)
            try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: URL(fileURLWithPath: dir + "/oci-layout"))
        }

        deinit { try? FileManager.default.removeItem(atPath: dir) }

        /// Stores a blob; returns its digest and size.
        @discardableResult
        func put(_ data: Data) throws -> (digest: String, size: Int) {
            let hex = SHA256.hexHash([UInt8](data))
            try data.write(to: URL(fileURLWithPath: dir + "/blobs/sha256/" + hex))
            return ("sha256:" + hex, data.count)
        }

        func tag(_ name: String, mediaType: String, digest: String, size: Int) {
            entries.append([
                "mediaType": mediaType, "digest": digest, "size": size,
                "annotations": ["org.opencontainers.image.ref.name": name],
            ])
        }

        func load(_ name: String, all: Bool = true) async throws -> [LoadedImage] {
            let index: [String: Any] = ["schemaVersion": 2, "mediaType": MediaType.ociIndex, "manifests": entries]
            try JSONSerialization.data(withJSONObject: index).write(to: URL(fileURLWithPath: dir + "/index.json"))
            let target = try await ImageResolver().load("oci:\(dir):\(name)", allPlatforms: all, displayReference: "oci:test:\(name)")
            guard case let .images(images, _) = target else { throw LoadError.notAnImage("fixture") }
            return images
        }

        /// Writes a copy of image manifest `manifestDigest` (from fixtures/images) whose config is
        /// `config(originalConfigText)`; `manifest` may edit the manifest object further.
        func image(
            from manifestDigest: String, config edit: (String) -> String,
            manifest editManifest: (inout [String: Any]) -> Void = { _ in }
        ) throws -> (digest: String, size: Int, mediaType: String) {
            var m = try JSONSerialization.jsonObject(with: try fixtureBlob(manifestDigest)) as! [String: Any]
            var cfgDesc = m["config"] as! [String: Any]
            let text = String(decoding: try fixtureBlob(cfgDesc["digest"] as! String), as: UTF8.self)
            let stored = try put(Data(edit(text).utf8))
            cfgDesc["digest"] = stored.digest
            cfgDesc["size"] = stored.size
            m["config"] = cfgDesc
            editManifest(&m)
            let mt = m["mediaType"] as? String ?? MediaType.ociManifest
            let out = try put(try JSONSerialization.data(withJSONObject: m))
            return (out.digest, out.size, mt)
        }
    }

    /// One hand-made image derived from fixture `name` (an image manifest).
    static func mutated(
        _ name: String, config edit: (String) -> String,
        manifest editManifest: (inout [String: Any]) -> Void = { _ in }
    ) async throws -> [LoadedImage] {
        let layout = try Layout()
        var digest = try fixtureEntry(name)["digest"] as! String
        // An index: take its first platform image.
        if let idx = try JSONSerialization.jsonObject(with: try fixtureBlob(digest)) as? [String: Any],
            let children = idx["manifests"] as? [[String: Any]],
            let first = children.first(where: { (($0["platform"] as? [String: Any])?["architecture"] as? String) != "unknown" })
        {
            digest = first["digest"] as! String
        }
        let m = try layout.image(from: digest, config: edit, manifest: editManifest)
        layout.tag("t", mediaType: m.mediaType, digest: m.digest, size: m.size)
        return try await layout.load("t")
    }

    // MARK: config text edits

    /// The base64 value of moby.buildkit.cache.v0 in a config text.
    static func payload(_ config: String) -> String {
        let key = "\"moby.buildkit.cache.v0\":\""
        let start = config.range(of: key)!.upperBound
        let end = config[start...].firstIndex(of: "\"")!
        return String(config[start..<end])
    }

    static func replacePayload(_ config: String, with value: String) -> String {
        config.replacingOccurrences(
            of: "\"moby.buildkit.cache.v0\":\"" + payload(config) + "\"",
            with: "\"moby.buildkit.cache.v0\":\"" + value + "\"")
    }

    /// Edits the decoded records (a JSON array) of the inline payload.
    static func editRecords(_ config: String, _ edit: (inout [[String: Any]]) -> Void) -> String {
        let bytes = Data(base64Encoded: payload(config))!
        var records = try! JSONSerialization.jsonObject(with: bytes) as! [[String: Any]]
        edit(&records)
        return replacePayload(config, with: try! JSONSerialization.data(withJSONObject: records).base64EncodedString())
    }

    /// Replaces one history `created_by` text (JSON-escaped form as in the config).
    static func replaceStep(_ config: String, _ old: String, _ new: String) -> String {
        precondition(config.contains(old), "config has no \(old)")
        return config.replacingOccurrences(of: old, with: new)
    }

    static func dockerfile(_ project: String, _ file: String = "Dockerfile") throws -> Dockerfile {
        let path = Fixtures.root + "/make/projects/\(project)/\(file)"
        return try Dockerfile(path: "fixtures/make/projects/\(project)/\(file)", text: try String(contentsOfFile: path, encoding: .utf8))
    }
}
