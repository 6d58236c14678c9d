/// Media types cachectl reads.
public enum MediaType {
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let ociConfig = "application/vnd.oci.image.config.v1+json"
    public static let dockerList = "application/vnd.docker.distribution.manifest.list.v2+json"
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    public static let buildkitCacheConfig = "application/vnd.buildkit.cacheconfig.v0"
    public static let accepted = [ociIndex, dockerList, ociManifest, dockerManifest]
}

/// `os/arch[/variant]`.
public struct Platform: Hashable, Sendable, CustomStringConvertible {
    public let os: String
    public let architecture: String
    public let variant: String?

    public init(os: String, architecture: String, variant: String? = nil) {
        self.os = os; self.architecture = architecture; self.variant = (variant?.isEmpty ?? true) ? nil : variant
    }

    /// `os/arch[/variant]`, or `local` for the platform cachectl runs on (as regctl).
    public init(parsing text: String) throws(ModelError) {
        if text == "local" { self = .host; return }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count),
            parts.allSatisfy({
                !$0.isEmpty
                    && $0.utf8.allSatisfy { b in
                        (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7a) || b == 0x5f || b == 0x2d || (b >= 0x41 && b <= 0x5a)
                    }
            })
        else { throw ModelError.invalidPlatform(text) }
        self.init(os: parts[0].lowercased(), architecture: parts[1].lowercased(), variant: parts.count == 3 ? parts[2].lowercased() : nil)
    }

    public static let linuxAMD64 = Platform(os: "linux", architecture: "amd64")

    /// The platform of this build of cachectl, in OCI terms.
    public static var host: Platform {
        #if os(Linux)
            let os = "linux"
        #elseif os(macOS)
            let os = "darwin"
        #else
            let os = "unknown"
        #endif
        #if arch(x86_64)
            let architecture = "amd64"
        #elseif arch(arm64)
            let architecture = "arm64"
        #elseif arch(arm)
            let architecture = "arm"
        #elseif arch(i386)
            let architecture = "386"
        #elseif arch(s390x)
            let architecture = "s390x"
        #elseif arch(powerpc64le)
            let architecture = "ppc64le"
        #else
            let architecture = "unknown"
        #endif
        return Platform(os: os, architecture: architecture)
    }

    public var description: String { [os, architecture, variant].compactMap { $0 }.joined(separator: "/") }

    /// Whether an index entry with platform `candidate` serves a request for `self`.
    /// A missing variant on either side matches (arm64 images often omit `v8`).
    public func matches(_ candidate: Platform) -> Bool {
        guard os == candidate.os, architecture == candidate.architecture else { return false }
        guard let v = variant, let c = candidate.variant else { return true }
        return v == c
    }
}

public struct Descriptor: Sendable, Hashable {
    public let mediaType: String
    public let digest: Digest
    public let size: Int
    public let platform: Platform?
    public let annotations: [String: String]
    public let artifactType: String?

    static func decode(_ v: JSONValue?, _ path: String, _ r: FieldReader) throws(ModelError) -> Descriptor {
        let o = try r.object(v, path)
        let size = try r.int(o["size"], "\(path).size")
        guard size >= 0 else { throw r.fail("\(path).size", "a size of zero or more") }
        var platform: Platform?
        if let p = o["platform"], !p.isNull {
            let po = try r.object(p, "\(path).platform")
            platform = Platform(
                os: try r.string(po["os"], "\(path).platform.os"),
                architecture: try r.string(po["architecture"], "\(path).platform.architecture"),
                variant: try r.optionalString(po["variant"], "\(path).platform.variant"))
        }
        return Descriptor(
            mediaType: try r.optionalString(o["mediaType"], "\(path).mediaType") ?? "",
            digest: try r.digest(o["digest"], "\(path).digest"),
            size: size, platform: platform,
            annotations: try r.stringMap(o["annotations"], "\(path).annotations"),
            artifactType: try r.optionalString(o["artifactType"], "\(path).artifactType"))
    }

    /// Attestation manifests in an index (`unknown/unknown`, or the docker reference-type annotation).
    public var isAttestation: Bool {
        annotations["vnd.docker.reference.type"] == "attestation-manifest"
            || (platform?.os == "unknown" && platform?.architecture == "unknown")
    }
}

/// A manifest document: either an index (OCI index / Docker manifest list) or an image manifest.
public enum ManifestDocument: Sendable {
    case index(ImageIndex)
    case image(ImageManifest)

    /// Decodes manifest bytes. The media type comes from the document itself, else from the
    /// transport (`Content-Type` or descriptor), else from its shape.
    public static func decode(_ bytes: [UInt8], declaredMediaType: String?) throws(ModelError) -> ManifestDocument {
        let what = "manifest"
        let doc = try JSONDocument(parsing: bytes, what: what)
        let r = FieldReader(what: what)
        let root = try r.object(doc.value, "")
        var mediaType = try r.optionalString(root["mediaType"], "mediaType") ?? ""
        if mediaType.isEmpty { mediaType = declaredMediaType.map(stripParameters) ?? "" }
        if mediaType.isEmpty || mediaType == "application/json" || mediaType == "application/octet-stream" {
            mediaType = root["manifests"] != nil ? MediaType.ociIndex : MediaType.ociManifest
        }
        switch mediaType {
        case MediaType.ociIndex, MediaType.dockerList:
            let entries = try r.array(root["manifests"], "manifests")
            var manifests: [Descriptor] = []
            manifests.reserveCapacity(entries.count)
            for (i, e) in entries.enumerated() { manifests.append(try Descriptor.decode(e, "manifests[\(i)]", r)) }
            return .index(
                ImageIndex(
                    mediaType: mediaType, manifests: manifests,
                    annotations: try r.stringMap(root["annotations"], "annotations")))
        case MediaType.ociManifest, MediaType.dockerManifest:
            let config = try Descriptor.decode(root["config"], "config", r)
            let entries = try r.optionalArray(root["layers"], "layers")
            var layers: [Descriptor] = []
            layers.reserveCapacity(entries.count)
            for (i, e) in entries.enumerated() { layers.append(try Descriptor.decode(e, "layers[\(i)]", r)) }
            return .image(
                ImageManifest(
                    mediaType: mediaType, config: config, layers: layers,
                    annotations: try r.stringMap(root["annotations"], "annotations")))
        default:
            throw ModelError.unsupportedMediaType(what: what, mediaType: mediaType)
        }
    }

    private static func stripParameters(_ s: String) -> String {
        String(s.split(separator: ";").first ?? "").trimmingSpaces
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs, CR and LF (HTTP's optional whitespace, and more).
    public var trimmingSpaces: String {
        let u = Array(utf8)
        var a = 0, b = u.count
        while a < b && (u[a] == 0x20 || u[a] == 0x09 || u[a] == 0x0a || u[a] == 0x0d) { a += 1 }
        while b > a && (u[b - 1] == 0x20 || u[b - 1] == 0x09 || u[b - 1] == 0x0a || u[b - 1] == 0x0d) { b -= 1 }
        return String(decoding: u[a..<b], as: UTF8.self)
    }
}

public struct ImageIndex: Sendable {
    public let mediaType: String
    public let manifests: [Descriptor]
    public let annotations: [String: String]

    /// Entries that are images, not attestations.
    public var images: [Descriptor] { manifests.filter { !$0.isAttestation } }

    /// Whether this index is a BuildKit registry cache in index form.
    public var isBuildKitCache: Bool { manifests.contains { $0.mediaType == MediaType.buildkitCacheConfig } }

    public func select(_ platform: Platform) -> Descriptor? {
        images.first { $0.platform.map(platform.matches) ?? false }
    }
}

public struct ImageManifest: Sendable {
    public let mediaType: String
    public let config: Descriptor
    public let layers: [Descriptor]
    public let annotations: [String: String]

    public var isBuildKitCache: Bool { config.mediaType == MediaType.buildkitCacheConfig }
}

public struct HistoryEntry: Sendable, Hashable {
    public let created: String?
    public let createdBy: String?
    public let comment: String?
    public let emptyLayer: Bool
}

/// The image config: the parts cachectl needs, plus the raw inline cache payload.
public struct ImageConfig: Sendable {
    public let platform: Platform
    public let created: String?
    public let diffIDs: [Digest]
    public let history: [HistoryEntry]
    /// The `moby.buildkit.cache.v0` value as found (base64 text), if present.
    public let inlineCache: String?
    /// Size of the inline payload text in bytes (0 when absent).
    public var inlineCacheBytes: Int { inlineCache?.utf8.count ?? 0 }

    public static let inlineCacheKey = "moby.buildkit.cache.v0"

    public static func decode(_ bytes: [UInt8]) throws(ModelError) -> ImageConfig {
        let what = "image config"
        let doc = try JSONDocument(parsing: bytes, what: what, lifting: inlineCacheKey)
        let r = FieldReader(what: what)
        let root = try r.object(doc.value, "")
        let platform = Platform(
            os: try r.optionalString(root["os"], "os") ?? "",
            architecture: try r.optionalString(root["architecture"], "architecture") ?? "",
            variant: try r.optionalString(root["variant"], "variant"))
        var diffIDs: [Digest] = []
        if let rootfs = root["rootfs"], !rootfs.isNull {
            let ro = try r.object(rootfs, "rootfs")
            for (i, d) in try r.optionalArray(ro["diff_ids"], "rootfs.diff_ids").enumerated() {
                diffIDs.append(try r.digest(d, "rootfs.diff_ids[\(i)]"))
            }
        }
        var history: [HistoryEntry] = []
        for (i, h) in try r.optionalArray(root["history"], "history").enumerated() {
            let o = try r.object(h, "history[\(i)]")
            history.append(
                HistoryEntry(
                    created: try r.optionalString(o["created"], "history[\(i)].created"),
                    createdBy: try r.optionalString(o["created_by"], "history[\(i)].created_by"),
                    comment: try r.optionalString(o["comment"], "history[\(i)].comment"),
                    emptyLayer: try r.optionalBool(o["empty_layer"], "history[\(i)].empty_layer") ?? false))
        }
        var inlineCache = doc.lifted
        if inlineCache == nil { inlineCache = try r.optionalString(root[inlineCacheKey], inlineCacheKey) }
        return ImageConfig(
            platform: platform, created: try r.optionalString(root["created"], "created"),
            diffIDs: diffIDs, history: history, inlineCache: inlineCache)
    }

    /// History entries that describe layers, in layer order (the n-th non-empty entry is layer n).
    public var layerHistory: [HistoryEntry] { history.filter { !$0.emptyLayer } }
}
