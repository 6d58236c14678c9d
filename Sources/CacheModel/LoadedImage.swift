/// One image, resolved to a single platform: its manifest and config, with where they came from.
public struct LoadedImage: Sendable {
    /// The reference as the user wrote it.
    public let reference: String
    /// Digest of the image manifest (not of the index).
    public let manifestDigest: Digest
    /// Digest of the index the manifest was selected from, if any.
    public let indexDigest: Digest?
    public let manifest: ImageManifest
    public let config: ImageConfig
    /// Size of the config blob in bytes.
    public let configSize: Int
    /// Size of the manifest in bytes.
    public let manifestSize: Int

    public init(
        reference: String, manifestDigest: Digest, indexDigest: Digest?, manifest: ImageManifest,
        config: ImageConfig, configSize: Int, manifestSize: Int
    ) {
        self.reference = reference; self.manifestDigest = manifestDigest; self.indexDigest = indexDigest
        self.manifest = manifest; self.config = config; self.configSize = configSize; self.manifestSize = manifestSize
    }

    public var platform: Platform { manifest.config.platform ?? config.platform }
}

/// What a reference resolved to.
public enum LoadedTarget: Sendable {
    /// Images: one per platform asked for (one, or all of an index).
    case images([LoadedImage], index: ImageIndex?)
    /// A BuildKit cache export (registry cache or local export).
    case cacheExport(LoadedCacheExport)
}

/// A BuildKit cache export: its config and the container it came in.
public struct LoadedCacheExport: Sendable {
    public enum Form: String, Sendable { case index, imageManifest = "image-manifest" }
    public let reference: String
    public let manifestDigest: Digest
    public let form: Form
    /// Blob descriptors listed by the container (layers), by digest.
    public let layerDescriptors: [Descriptor]
    public let configBytes: [UInt8]
    public let configDigest: Digest
    public let manifestSize: Int

    public init(
        reference: String, manifestDigest: Digest, form: Form, layerDescriptors: [Descriptor],
        configBytes: [UInt8], configDigest: Digest, manifestSize: Int
    ) {
        self.reference = reference; self.manifestDigest = manifestDigest; self.form = form
        self.layerDescriptors = layerDescriptors; self.configBytes = configBytes; self.configDigest = configDigest
        self.manifestSize = manifestSize
    }
}
