import CacheModel

/// Resolves a reference through indexes to image manifests and configs (or a cache export),
/// verifying every fetched document against its digest before decoding it.
public enum ImageLoader {
    /// - Parameters:
    ///   - manifestReference: tag or digest to ask `source` for ("" = a layout's default).
    ///   - platform: the platform to pick from an index (default linux/amd64); ignored when `allPlatforms`.
    public static func load(from source: ContentSource, manifestReference: String, displayReference: String,
                            platform: Platform?, allPlatforms: Bool = false) async throws -> LoadedTarget {
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
                return .cacheExport(LoadedCacheExport(
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
            var images: [LoadedImage] = []
            for d in chosen {
                let child = try await source.manifest(d.digest.description)
                guard child.digest == d.digest else {
                    throw ModelError.digestMismatch(what: "manifest \(d.digest)", expected: d.digest, actual: child.digest.description)
                }
                guard case let .image(m) = try ManifestDocument.decode(child.bytes, declaredMediaType: d.mediaType) else {
                    throw LoadError.nestedIndex(d.digest)
                }
                images.append(try await image(m, digest: d.digest, indexDigest: top.digest, size: child.bytes.count,
                                              source: source, displayReference: displayReference))
            }
            return .images(images, index: index)
        case let .image(m):
            if m.isBuildKitCache {
                let config = try await source.blob(m.config.digest, maxBytes: Limits.configBytes)
                return .cacheExport(LoadedCacheExport(
                    reference: displayReference, manifestDigest: top.digest, form: .imageManifest,
                    layerDescriptors: m.layers, configBytes: config, configDigest: m.config.digest,
                    manifestSize: top.bytes.count))
            }
            return .images([try await image(m, digest: top.digest, indexDigest: nil, size: top.bytes.count,
                                            source: source, displayReference: displayReference)], index: nil)
        }
    }

    static func image(_ m: ImageManifest, digest: Digest, indexDigest: Digest?, size: Int,
                      source: ContentSource, displayReference: String) async throws -> LoadedImage {
        let bytes = try await source.blob(m.config.digest, maxBytes: Limits.configBytes)
        let config = try ImageConfig.decode(bytes)
        return LoadedImage(reference: displayReference, manifestDigest: digest, indexDigest: indexDigest,
                           manifest: m, config: config, configSize: bytes.count, manifestSize: size)
    }
}
