import CacheAnalysis
import CacheModel
import CacheRegistry
import Foundation

/// The real BuildKit fixtures under fixtures/ (see fixtures/README.md).
enum Fixtures {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/fixtures"
    }()
    static let images = root + "/images"
    /// Builds whose RUN step uses a cache mount (fixtures/make/make-mounts.sh).
    static let mounts = root + "/mounts/images"

    static func load(_ name: String, platform: Platform? = nil, all: Bool = false, layout: String = images) async throws -> LoadedTarget {
        let shown = "oci:fixtures/" + layout.dropFirst(root.count + 1) + ":" + name
        // Layouts only: the resolver never makes a registry client, so there is nothing to shut down.
        return try await ImageResolver(platform: platform).load("oci:\(layout):\(name)", allPlatforms: all, displayReference: shown)
    }

    static func loadLayout(_ ref: LayoutReference, shown: String) async throws -> LoadedTarget {
        try await ImageLoader.load(
            from: OCILayoutSource(ref), manifestReference: OCILayoutSource.manifestReference(ref),
            displayReference: shown, platform: nil, allPlatforms: false)
    }

    static func image(_ name: String, platform: Platform? = nil) async throws -> LoadedImage {
        try await load(name, platform: platform).image(name)
    }

    static func cache(_ name: String) async throws -> ImageCache { ImageCache(image: try await image(name)) }

    /// The old side of a diff: an image's inline cache or a cache export, as `cachectl diff` loads it.
    static func imported(_ name: String) async throws -> ImportedCache {
        switch try await load(name) {
        case let .images(images, _): return ImportedCache(image: ImageCache(image: images[0]))
        case let .cacheExport(e): return ImportedCache(export: try CacheExport(e))
        }
    }

    static func refNames() throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: images + "/index.json"))
        let doc = try JSONDocument(parsing: [UInt8](data), what: "index.json")
        return doc.value["manifests"]!.elements.compactMap { $0["annotations"]?["org.opencontainers.image.ref.name"]?.string }
    }

    struct Step {
        let stage: String; let index: Int; let total: Int; let name: String; let cached: Bool; let kind: String?
        /// What BuildKit did (run, cached, unneeded), read from the log by make/extract-truth.py.
        var status: String? = nil
        var platform: String? = nil

        /// A step of a `pairs/*.json` truth file.
        init(json s: JSONValue) {
            self.init(
                stage: s["stage"]!.string!, index: s["index"]!.int!, total: s["total"]!.int!, name: s["name"]!.string!,
                cached: s["cached"]!.bool!, kind: s["kind"]?.string, status: s["status"]?.string, platform: s["platform"]?.string)
        }

        init(
            stage: String, index: Int, total: Int, name: String, cached: Bool, kind: String?, status: String? = nil, platform: String? = nil
        ) {
            self.stage = stage; self.index = index; self.total = total; self.name = name; self.cached = cached
            self.kind = kind; self.status = status; self.platform = platform
        }
    }
    struct Pair { let name: String; let old: String; let new: String; let steps: [Step] }

    static func pairs() throws -> [Pair] {
        let dir = root + "/pairs"
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted().map { file in
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + file))
            let v = try JSONDocument(parsing: [UInt8](data), what: file).value
            let steps = v["steps"]!.elements.map(Step.init(json:))
            return Pair(name: v["pair"]!.string!, old: v["old"]!.string!, new: v["new"]!.string!, steps: steps)
        }
    }

    /// The Dockerfile and `--target` of a build, read from its recorded command (`logs/<ref>/command.txt`).
    static func buildDockerfile(_ ref: String, logs: String = root + "/logs") throws -> (dockerfile: Dockerfile, target: String?) {
        let command = try String(contentsOfFile: logs + "/" + ref + "/command.txt", encoding: .utf8)
        let line = command.split(separator: "\n").first.map(String.init) ?? ""
        let words = line.split(separator: " ").map(String.init)
        var file: String?
        var target: String?
        for (i, w) in words.enumerated() where i + 1 < words.count {
            if w == "-f" || w == "--file" { file = words[i + 1] }
            if w == "--target" { target = words[i + 1] }
        }
        let repo = String(root.dropLast("/fixtures".count))
        let context = words.last { !$0.hasPrefix("-") && $0.contains("/") && !$0.contains("$") } ?? ""
        let path = repo + "/" + (file ?? context + "/Dockerfile")
        return (try Dockerfile(path: path, text: try String(contentsOfFile: path, encoding: .utf8)), target)
    }
}

/// A fixture that is not what a test expects.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
