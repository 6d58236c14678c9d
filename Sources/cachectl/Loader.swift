import CacheAnalysis
import CacheModel
import CacheRegistry

extension SourceOptions {
    /// The resolver a command loads its references with; the password is read from standard
    /// input only when the first registry reference is loaded.
    func resolver() -> ImageResolver { access.resolver(platform: parsedPlatform) }
}

extension RegistryAccess {
    func resolver(platform: Platform?) -> ImageResolver {
        let options = self
        return ImageResolver(platform: platform) { options.registryOptions() }
    }
}

/// Loads references for a command: reference syntax errors are usage errors (exit 64); loading
/// goes through one `ImageResolver` (one registry client, concurrent loads).
final class Loader {
    let resolver: ImageResolver

    init(_ options: SourceOptions) { resolver = options.resolver() }
    init(_ resolver: ImageResolver) { self.resolver = resolver }

    func checked(_ text: String) throws {
        do { _ = try ImageReference.parse(text) } catch { throw UsageError(message: error.description) }
    }

    func load(_ text: String, allPlatforms: Bool = false) async throws -> LoadedTarget {
        try checked(text)
        return try await resolver.load(text, allPlatforms: allPlatforms)
    }

    /// Several references at once, results in their order.
    func loadAll(_ texts: [String], allPlatforms: Bool = false) async throws -> [LoadedTarget] {
        for t in texts { try checked(t) }
        return try await resolver.loadAll(texts, allPlatforms: allPlatforms)
    }

    /// The one registry client of this run (the resolver's), created on first use.
    func registryClient() async -> RegistryClient {
        await resolver.registryClient()
    }

    /// When each image's build started (its provenance attestation), read concurrently; nil where
    /// none is recorded (a plain manifest has no attestation to read).
    func buildStarts(references: [String], loaded: [LoadedTarget]) async -> [Double?] {
        let resolver = self.resolver
        return await withTaskGroup(of: (Int, Double?).self) { group in
            for (i, (ref, target)) in zip(references, loaded).enumerated() {
                guard case let .images(images, index) = target, let image = images.first else { continue }
                group.addTask { (i, await resolver.buildTimes(ref, images: [image], index: index)[image.manifestDigest]?.started) }
            }
            var out = [Double?](repeating: nil, count: references.count)
            for await (i, started) in group { out[i] = started }
            return out
        }
    }

    func close() async {
        await resolver.shutdown()
    }
}

extension ImageResolver {
    /// Each image's build times from `reference`'s provenance attestations, read concurrently
    /// through this resolver (one registry client, the password read once); none where unreadable,
    /// and none at all without an index (a plain manifest has no attestation to read).
    func buildTimes(_ reference: String, images: [LoadedImage], index: ImageIndex?) async -> [Digest: BuildTimes] {
        guard index != nil else { return [:] }
        return await withTaskGroup(of: (Digest, BuildTimes?).self) { group in
            for image in images {
                let digest = image.manifestDigest
                group.addTask {
                    let statement = await self.provenance(reference, index: index, image: digest)
                    return (digest, statement.flatMap { BuildTimes.parse(statement: $0) })
                }
            }
            var times: [Digest: BuildTimes] = [:]
            for await (digest, parsed) in group { if let parsed { times[digest] = parsed } }
            return times
        }
    }
}
