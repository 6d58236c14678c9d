import CacheModel

/// ManifestDocument.decode; the first byte picks the declared media type.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let declared: [String?] = [
        nil, MediaType.ociIndex, MediaType.ociManifest, MediaType.dockerList,
        MediaType.dockerManifest, "application/json; charset=utf-8", "text/plain",
    ]
    let type = declared[Int(data[0]) % declared.count]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    do {
        switch try ManifestDocument.decode(bytes, declaredMediaType: type) {
        case let .index(ix):
            _ = ix.images.count; _ = ix.isBuildKitCache
            _ = ix.select(.linuxAMD64); _ = ix.select(Platform(os: "linux", architecture: "arm64", variant: "v8"))
            for d in ix.manifests { _ = d.platform?.description; _ = d.isAttestation; _ = Sanitize.quoted(d.mediaType) }
        case let .image(m):
            _ = m.isBuildKitCache; _ = m.config.digest.short
            for l in m.layers { _ = l.digest.description; _ = l.size }
        }
    } catch {
        _ = error.description; _ = error.exitCode
    }
    return 0
}
