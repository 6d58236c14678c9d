import CacheModel

/// Resolves a reference through indexes to image manifests and configs (or a cache export),
/// verifying every fetched document against its digest before decoding it.
public enum ImageLoader {
    /// - Parameters:
    ///   - manifestReference: tag or digest to ask `source` for ("" = a layout's default).
    ///   - platform: the platform to pick from an index (default linux/amd64); ignored when `allPlatforms`.
    ///   - maxConcurrent: at most this many of an index's images are fetched at once.
    ///   - strictPlatform: a single-platform image must be `platform` when one is named (off for
    ///     `history`, where `--platform` picks from the indexes among many tags).
    public static func load(
        from source: ContentSource, manifestReference: String, displayReference: String,
        platform: Platform?, allPlatforms: Bool = false, maxConcurrent: Int = 8,
        strictPlatform: Bool = true
    ) async throws -> LoadedTarget {
        let top = try await source.manifest(manifestReference)
        guard top.bytes.count <= Limits.manifestBytes else {
            throw ModelError.tooLarge(what: "manifest", size: top.bytes.count, limit: Limits.manifestBytes)
        }
        switch try ManifestDocument.decode(top.bytes, declaredMediaType: top.mediaType) {
        case let .index(index):
            if index.isBuildKitCache {
                guard let configDesc = index.manifests.first(where: { $0.mediaType == MediaType.buildkitCacheConfig }) else {
                    throw LoadError.cacheIndexWithoutConfig(displayReference)
                }
                let config = try await source.blob(configDesc.digest, maxBytes: Limits.configBytes)
                return .cacheExport(
                    LoadedCacheExport(
                        reference: displayReference, manifestDigest: top.digest, form: .index,
                        layerDescriptors: index.manifests.filter { $0.mediaType != MediaType.buildkitCacheConfig },
                        configBytes: config, configDigest: configDesc.digest, manifestSize: top.bytes.count))
            }
            let chosen: [Descriptor]
            if allPlatforms {
                chosen = index.images
            } else {
                let wanted = platform ?? .linuxAMD64
                guard let d = index.select(wanted) else {
                    throw LoadError.noMatchingPlatform(wanted: wanted, available: index.images.compactMap(\.platform))
                }
                chosen = [d]
            }
            let images = try await children(
                chosen, indexDigest: top.digest, source: source,
                displayReference: displayReference, maxConcurrent: maxConcurrent)
            return .images(images, index: index)
        case let .image(m):
            if m.isBuildKitCache {
                let config = try await source.blob(m.config.digest, maxBytes: Limits.configBytes)
                return .cacheExport(
                    LoadedCacheExport(
                        reference: displayReference, manifestDigest: top.digest, form: .imageManifest,
                        layerDescriptors: m.layers, configBytes: config, configDigest: m.config.digest,
                        manifestSize: top.bytes.count))
            }
            let one = try await image(
                m, digest: top.digest, indexDigest: nil, size: top.bytes.count,
                source: source, displayReference: displayReference)
            // A platform asked for by name must be the image's own (a single-platform image is not an index to pick from).
            if strictPlatform, !allPlatforms, let wanted = platform, !one.platform.os.isEmpty, !wanted.matches(one.platform) {
                throw LoadError.platformMismatch(wanted: wanted, actual: one.platform)
            }
            return .images([one], index: nil)
        }
    }

    /// The images an index entry list names, each manifest and config fetched and verified, at most
    /// `maxConcurrent` at once; in the order of `entries`. When several fail, the error of the
    /// first failing entry in that order is thrown, as a one-at-a-time walk would.
    static func children(
        _ entries: [Descriptor], indexDigest: Digest, source: ContentSource,
        displayReference: String, maxConcurrent: Int
    ) async throws -> [LoadedImage] {
        if entries.count == 1 {
            return [try await child(entries[0], indexDigest: indexDigest, source: source, displayReference: displayReference)]
        }
        return try await concurrentResults(entries, limit: maxConcurrent) { d in
            try await child(d, indexDigest: indexDigest, source: source, displayReference: displayReference)
        }.map { try $0.get() }
    }

    /// One index entry: its manifest (which must be an image manifest served with the entry's
    /// digest) and its config.
    static func child(
        _ d: Descriptor, indexDigest: Digest, source: ContentSource,
        displayReference: String
    ) async throws -> LoadedImage {
        let child = try await source.manifest(d.digest.description)
        guard child.digest == d.digest else {
            throw ModelError.digestMismatch(what: "manifest \(d.digest)", expected: d.digest, actual: child.digest.description)
        }
        guard case let .image(m) = try ManifestDocument.decode(child.bytes, declaredMediaType: d.mediaType) else {
            throw LoadError.nestedIndex(d.digest)
        }
        return try await image(
            m, digest: d.digest, indexDigest: indexDigest, size: child.bytes.count,
            source: source, displayReference: displayReference)
    }

    static func image(
        _ m: ImageManifest, digest: Digest, indexDigest: Digest?, size: Int,
        source: ContentSource, displayReference: String
    ) async throws -> LoadedImage {
        let bytes = try await source.blob(m.config.digest, maxBytes: Limits.configBytes)
        let config = try ImageConfig.decode(bytes)
        return LoadedImage(
            reference: displayReference, manifestDigest: digest, indexDigest: indexDigest,
            manifest: m, config: config, configSize: bytes.count, manifestSize: size)
    }
}

/// `body` applied to each of `items`, at most `limit` at once: the outcomes in the order of `items`.
func concurrentResults<Item: Sendable, T: Sendable>(
    _ items: [Item], limit: Int,
    _ body: @escaping @Sendable (Item) async throws -> T
) async -> [Result<T, Error>] {
    var results = [Result<T, Error>?](repeating: nil, count: items.count)
    await withTaskGroup(of: (Int, Result<T, Error>).self) { group in
        var next = 0
        func start() {
            let i = next
            next += 1
            group.addTask {
                do { return (i, .success(try await body(items[i]))) } catch { return (i, .failure(error)) }
            }
        }
        while next < items.count && next < max(1, limit) { start() }
        while let (i, result) = await group.next() {
            results[i] = result
            if next < items.count { start() }
        }
    }
    return results.map { $0! }
}
