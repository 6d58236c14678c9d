import CacheModel

/// Tar reader and layer listing: total on any bytes, bounded by its limits, and the same
/// entries whatever the chunking (the first byte picks a chunk size).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = LayerLimits(bytes: 4 * 1024 * 1024, maxEntries: 1000, maxPaxHeaderBytes: 64 * 1024, maxNameBytes: 8 * 1024)
    var whole = TarReader(limits: limits)
    let wholeResult: Result<[TarEntry], LayerError> = {
        do throws(LayerError) { try whole.feed(bytes); try whole.finish(); return .success(whole.entries) }
        catch { return .failure(error) }
    }()
    let step = Int(bytes.first ?? 1) % 600 + 1
    var chunked = TarReader(limits: limits)
    let chunkedResult: Result<[TarEntry], LayerError> = {
        do throws(LayerError) {
            var i = 0
            while i < bytes.count { try chunked.feed(Array(bytes[i..<min(i + step, bytes.count)])); i += step }
            try chunked.finish()
            return .success(chunked.entries)
        } catch { return .failure(error) }
    }()
    switch (wholeResult, chunkedResult) {
    case let (.success(a), .success(b)):
        precondition(a == b, "chunking changed the entries")
        precondition(a.count <= limits.maxEntries)
        for e in a { precondition(e.size >= 0); _ = Sanitize.inline(e.path) }
        _ = LayerListing(entries: a)
    case let (.failure(a), .failure(b)):
        // The same failure kind; offsets may differ only for truncation found at different points.
        _ = a.description; _ = b.description
    default:
        preconditionFailure("whole and chunked reads disagree: \(wholeResult) vs \(chunkedResult)")
    }
    _ = try? LayerReader.list(blob: bytes, digest: nil, decompressor: nil, limits: limits)
    return 0
}
