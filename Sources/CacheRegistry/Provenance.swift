import CacheModel

/// Reads the provenance attestation an index carries for one of its images.
public enum ProvenanceReader {
    /// The attestation statements are small; a larger blob is not read.
    public static let maxStatementBytes = 8 * 1024 * 1024

    /// The SLSA provenance statement (in-toto JSON) `index` attests `image` with; nil when there is
    /// none or it cannot be read (provenance only refines estimates: its absence is not an error).
    public static func statement(index: ImageIndex?, image: Digest, from source: ContentSource) async -> [UInt8]? {
        guard let index else { return nil }
        for d in index.manifests where d.isAttestation && d.annotations["vnd.docker.reference.digest"] == image.description {
            guard let fetched = try? await source.manifest(d.digest.description), fetched.digest == d.digest,
                case let .image(m)? = try? ManifestDocument.decode(fetched.bytes, declaredMediaType: d.mediaType)
            else { continue }
            for l in m.layers where l.annotations["in-toto.io/predicate-type"]?.hasPrefix("https://slsa.dev/provenance/") == true {
                if let bytes = try? await source.blob(l.digest, maxBytes: maxStatementBytes) { return bytes }
            }
        }
        return nil
    }
}
