import CacheModel

/// Bounds on listing a repository's tags, so that a hostile or broken registry cannot keep us paging.
public struct TagListLimits: Sendable {
    /// Tags asked for per page (`n=`).
    public var pageSize = 1000
    /// Pages followed at most.
    public var maxPages = 200
    /// Tags kept at most; listing stops there.
    public var maxTags = 100_000
    public init() {}
}

extension RegistryClient {
    /// The tags of `ref`'s repository (`GET /v2/<name>/tags/list?n=…`), following `Link: <…>; rel="next"`
    /// on the same host only, in the order the registry lists them, without duplicates.
    public func tags(of ref: RegistryReference, limits: TagListLimits = TagListLimits()) async throws -> [String] {
        try await tagListing(of: ref, limits: limits).tags
    }

    /// The tags, as `tags(of:)`, and why the listing stopped early (a bound reached), nil when it reached the end.
    public func tagListing(of ref: RegistryReference, limits: TagListLimits = TagListLimits()) async throws -> (
        tags: [String], cut: String?
    ) {
        let src = RegistrySource(
            client: self, registry: ref.registry, apiHost: ref.apiHost,
            repository: ref.repository, isLoopback: ref.isLoopback)
        return try await src.listTags(limits: limits)
    }
}

extension RegistrySource {
    func listTags(limits: TagListLimits) async throws -> (tags: [String], cut: String?) {
        var path = "/v2/\(repository)/tags/list?n=\(max(1, limits.pageSize))"
        var seenPaths: Set<String> = []
        var seenTags: Set<String> = []
        var out: [String] = []
        for _ in 0..<max(1, limits.maxPages) {
            guard seenPaths.insert(path).inserted else { return (out, nil) }
            let response = try await get(
                path: path, accept: "application/json", bodyLimit: Limits.manifestBytes,
                what: "tag list of \(Sanitize.quoted(repository))", kind: "tag list", reference: "tags/list")
            let page: [String]
            do { page = try TagList.decode(response.body) } catch {
                throw RegistryError.invalidResponse(url: Redaction.url("\(apiHost)\(path)"), detail: error.description)
            }
            for t in page where seenTags.insert(t).inserted {
                out.append(t)
                if out.count >= limits.maxTags { return (out, "the tag list was cut at \(limits.maxTags) tags") }
            }
            guard !page.isEmpty, let next = TagList.nextLink(response.headers("Link")), let nextPath = sameHostPath(next) else {
                return (out, nil)
            }
            path = nextPath
        }
        return (out, "the tag list was cut after \(max(1, limits.maxPages)) pages: the registry's Link header still named a next page")
    }

    /// The path and query of a `Link` target, when it stays on this registry's API host.
    func sameHostPath(_ link: String) -> String? {
        if link.hasPrefix("/") { return link.hasPrefix("/v2/") ? link : nil }
        for scheme in ["https://", "http://"] where link.lowercased().hasPrefix(scheme) {
            let rest = link.dropFirst(scheme.count)
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            guard rest[..<slash].lowercased() == apiHost.lowercased() else { return nil }
            let p = String(rest[slash...])
            return p.hasPrefix("/v2/") ? p : nil
        }
        return nil
    }
}

extension OCILayoutSource {
    /// The ref names (`org.opencontainers.image.ref.name`) of `index.json`, in its order, without duplicates.
    public func refNames() throws -> [String] {
        var seen: Set<String> = []
        return try index().manifests.compactMap { $0.annotations["org.opencontainers.image.ref.name"] }.filter { seen.insert($0).inserted }
    }
}

/// Loads many tags of one repository concurrently through one source (one client: tokens are shared).
public enum TagLoader {
    public enum Outcome: Sendable {
        case image(LoadedImage)
        /// A BuildKit cache export (`--cache-to type=registry`).
        case export(LoadedCacheExport)
        /// The tag names nothing a build made: why.
        case skipped(String)
        case failed(String)
    }

    /// - Parameters:
    ///   - display: the reference shown for each tag (`repo:tag`).
    ///   - jobs: requests in flight at most (at least 1).
    ///   - progress: called after each tag with (done, total).
    /// - Returns: one outcome per tag, in the order of `tags`.
    public static func load(
        tags: [String], from source: ContentSource, display: @escaping @Sendable (String) -> String,
        platform: Platform?, jobs: Int,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async -> [(tag: String, outcome: Outcome)] {
        var results = [Outcome?](repeating: nil, count: tags.count)
        let width = max(1, jobs)
        await withTaskGroup(of: (Int, Outcome).self) { group in
            var next = 0
            var done = 0
            func add() {
                guard next < tags.count else { return }
                let i = next, tag = tags[i]
                next += 1
                group.addTask { (i, await loadOne(tag, source: source, display: display(tag), platform: platform)) }
            }
            for _ in 0..<min(width, tags.count) { add() }
            while let (i, outcome) = await group.next() {
                results[i] = outcome
                done += 1
                progress?(done, tags.count)
                add()
            }
        }
        return zip(tags, results).map { ($0, $1 ?? .failed("not loaded")) }
    }

    static func loadOne(_ tag: String, source: ContentSource, display: String, platform: Platform?) async -> Outcome {
        do {
            switch try await ImageLoader.load(
                from: source, manifestReference: tag, displayReference: display, platform: platform,
                strictPlatform: false)
            {
            case let .images(images, _):
                guard let first = images.first else { return .skipped("it holds no image") }
                return .image(first)
            case let .cacheExport(e):
                return .export(e)
            }
        } catch let e as UserFacingError {
            return .failed(Sanitize.inline(e.description))
        } catch {
            return .failed(Sanitize.inline("\(error)"))
        }
    }
}
