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

    /// Sets each image source's `buildStarted` from its provenance attestation (when its build
    /// started), so that its steps' times are read exactly; sources without one keep nil.
    func readBuildStarts(_ sources: inout [ImportedCache], references: [String], loaded: [LoadedTarget]) async {
        for (i, (ref, target)) in zip(references, loaded).enumerated() where i < sources.count {
            guard case let .images(images, index) = target, let image = images.first,
                let statement = await resolver.provenance(ref, index: index, image: image.manifestDigest)
            else { continue }
            sources[i].buildStarted = BuildTimes.parse(statement: statement)?.started
        }
    }

    func close() async {
        await resolver.shutdown()
    }
}
