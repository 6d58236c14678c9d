import CacheModel

/// The Dockerfile a build ran, as its provenance attestation records it: BuildKit's `mode=max`
/// provenance keeps the frontend's sources (`https://mobyproject.org/buildkit@v1#metadata` →
/// `source.infos[]`: filename, language, base64 data) and the build's `target` argument.
/// `mode=min` provenance (the default) keeps neither.
public struct ProvenanceDockerfile: Sendable, Equatable {
    public let filename: String
    public let text: String
    /// The `--target` the build was given, when it was.
    public let target: String?

    static let metadataKey = "https://mobyproject.org/buildkit@v1#metadata"
    /// A Dockerfile larger than this in an attestation is not used.
    static let maxBytes = 4 << 20

    /// Reads an in-toto statement (SLSA provenance v0.2 or v1); nil when it holds no Dockerfile.
    public static func parse(statement bytes: [UInt8]) -> ProvenanceDockerfile? {
        guard let doc = try? JSONDocument(parsing: bytes, what: "provenance attestation") else { return nil }
        let v = doc.value
        guard v["predicateType"]?.string?.hasPrefix("https://slsa.dev/provenance/") == true, let p = v["predicate"] else { return nil }
        let meta = p["runDetails"]?["metadata"]?[metadataKey] ?? p["metadata"]?[metadataKey]
        guard let infos = meta?["source"]?["infos"]?.elements else { return nil }
        for info in infos where info["language"]?.string == "Dockerfile" {
            guard let data = info["data"]?.string, data.utf8.count <= maxBytes * 2,
                let raw = Base64.decode(Array(data.utf8)), raw.count <= maxBytes
            else { continue }
            let args = p["buildDefinition"]?["externalParameters"]?["request"]?["args"] ?? p["invocation"]?["parameters"]?["args"]
            return ProvenanceDockerfile(
                filename: info["filename"]?.string ?? "Dockerfile",
                text: Sanitize.string(raw), target: args?["target"]?.string)
        }
        return nil
    }
}
