import CacheModel

/// Turns reference strings into loaded images or cache exports: parses the reference,
/// picks the content source (an OCI layout, or a registry repository) and resolves it
/// through indexes to manifests and configs.
///
/// One resolver owns one registry client, created on the first registry reference (so a run
/// that reads only layouts never builds one, nor reads a password). All loads of a resolver
/// share that client: one connection pool, one token per realm/service/scope, one
/// HTTPS-or-HTTP decision per loopback host. Call `shutdown()` when done.
public final class ImageResolver: Sendable {
    /// The platform to pick from an index (nil: linux/amd64).
    public let platform: Platform?
    /// At most this many references are loaded at once by `loadAll`.
    public let maxConcurrentLoads: Int
    private let clients: ClientHolder

    /// - Parameter registryOptions: called once, when the first registry reference is loaded.
    public init(
        platform: Platform? = nil, maxConcurrentLoads: Int = 8,
        registryOptions: @escaping @Sendable () -> RegistryOptions = { RegistryOptions() }
    ) {
        self.platform = platform
        self.maxConcurrentLoads = max(1, maxConcurrentLoads)
        self.clients = ClientHolder { RegistryClient(options: registryOptions()) }
    }

    /// A resolver over an existing client (tests: a scripted transport). The resolver shuts it down.
    init(client: RegistryClient, platform: Platform? = nil, maxConcurrentLoads: Int = 8) {
        self.platform = platform
        self.maxConcurrentLoads = max(1, maxConcurrentLoads)
        self.clients = ClientHolder { client }
    }

    /// Loads one reference (`oci:DIR[:TAG|@DIGEST]` or a registry reference).
    /// - Parameters:
    ///   - allPlatforms: every image of an index instead of the one for `platform`.
    ///   - displayReference: how the result names its reference (default: `text`).
    public func load(_ text: String, allPlatforms: Bool = false, displayReference: String? = nil) async throws -> LoadedTarget {
        let ref = try ImageReference.parse(text)
        let shown = displayReference ?? text
        switch ref {
        case let .layout(l):
            return try await ImageLoader.load(
                from: OCILayoutSource(l), manifestReference: OCILayoutSource.manifestReference(l),
                displayReference: shown, platform: platform, allPlatforms: allPlatforms,
                maxConcurrent: maxConcurrentLoads)
        case let .registry(r):
            let client = await clients.client()
            return try await ImageLoader.load(
                from: client.source(for: r), manifestReference: r.manifestReference,
                displayReference: shown, platform: platform, allPlatforms: allPlatforms,
                maxConcurrent: maxConcurrentLoads)
        }
    }

    /// Loads several references concurrently (at most `maxConcurrentLoads` at once); the results
    /// are in the order of `texts`. A reference given twice is loaded once. When loads fail,
    /// the error of the first failing reference in input order is thrown.
    public func loadAll(_ texts: [String], allPlatforms: Bool = false) async throws -> [LoadedTarget] {
        try await loadAll(texts, allPlatforms: allPlatforms) { _, target in target }
    }

    /// `loadAll`, with `transform` applied to each loaded reference as part of its load: an error
    /// it throws counts as that reference's failure (so errors still come in input order).
    public func loadAll<T: Sendable>(
        _ texts: [String], allPlatforms: Bool = false,
        _ transform: @escaping @Sendable (String, LoadedTarget) throws -> T
    ) async throws -> [T] {
        var unique: [String] = []
        var slot: [String: Int] = [:]
        for t in texts where slot[t] == nil {
            slot[t] = unique.count
            unique.append(t)
        }
        let results = await concurrentResults(unique, limit: maxConcurrentLoads) { text in
            try transform(text, try await self.load(text, allPlatforms: allPlatforms))
        }
        var loaded: [T] = []
        for r in results { loaded.append(try r.get()) }
        return texts.map { loaded[slot[$0]!] }
    }

    /// Loads several references concurrently; each one's outcome, in the order of `texts`.
    public func loadEach(_ texts: [String], allPlatforms: Bool = false) async -> [Result<LoadedTarget, Error>] {
        await concurrentResults(texts, limit: maxConcurrentLoads) { text in try await self.load(text, allPlatforms: allPlatforms) }
    }

    /// The provenance statement (in-toto JSON) the index of `text` attests `image` with; nil when
    /// there is none or it cannot be read (provenance only adds names and times).
    public func provenance(_ text: String, index: ImageIndex?, image: Digest) async -> [UInt8]? {
        guard let index, let src = try? await contentSource(text) else { return nil }
        return await ProvenanceReader.statement(index: index, image: image, from: src)
    }

    /// One image: the reference must name an image (the first of an index's chosen images).
    public func loadImage(_ text: String) async throws -> LoadedImage {
        try await load(text).image(text)
    }

    /// The registry client loads go through (created on first use), for the run's other requests:
    /// tag lists, layer blobs. One client means one connection pool and one token per scope, and
    /// a password from standard input read once.
    public func registryClient() async -> RegistryClient {
        await clients.client()
    }

    /// Where a reference's documents and blobs come from: its layout, or the run's registry client.
    public func contentSource(_ text: String) async throws -> ContentSource {
        switch try ImageReference.parse(text) {
        case let .layout(l): return OCILayoutSource(l)
        case let .registry(r): return await clients.client().source(for: r)
        }
    }

    /// Closes the registry client's connections, if one was made. Safe to call more than once.
    public func shutdown() async {
        await clients.shutdown()
    }
}

extension LoadedTarget {
    /// The image a reference named, or an error saying what it is instead.
    public func image(_ text: String) throws(LoadError) -> LoadedImage {
        switch self {
        case let .images(images, _):
            guard let first = images.first else { throw LoadError.noImage(text) }
            return first
        case .cacheExport:
            throw LoadError.notAnImage(text)
        }
    }
}

/// Creates the registry client on first use and shuts it down once.
private actor ClientHolder {
    private let make: @Sendable () -> RegistryClient
    private var made: RegistryClient?

    init(_ make: @escaping @Sendable () -> RegistryClient) { self.make = make }

    func client() -> RegistryClient {
        if let made { return made }
        let c = make()
        made = c
        return c
    }

    func shutdown() async {
        await made?.shutdown()
    }
}
