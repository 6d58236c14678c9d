import CacheModel

/// Tar reader and layer listing: total on any bytes, bounded by its limits, and the same
/// entries whatever the chunking (the first byte picks a chunk size), for the tar reader and for
/// the streaming layer reader (whose digest check must pass on the bytes it was given).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = LayerLimits(bytes: 4 * 1024 * 1024, maxEntries: 1000, maxPaxHeaderBytes: 64 * 1024, maxNameBytes: 8 * 1024)
    var whole = TarReader(limits: limits)
    let wholeResult: Result<[TarEntry], LayerError> = {
        do throws(LayerError) { try whole.feed(bytes); try whole.finish(); return .success(whole.entries) } catch { return .failure(error) }
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
    let listed: Result<LayerListing, LayerError> = {
        do throws(LayerError) { return .success(try LayerReader.list(blob: bytes, digest: nil, decompressor: nil, limits: limits)) } catch {
            return .failure(error)
        }
    }()
    let stream = LayerStream(digest: Digest.sha256(of: bytes), limits: limits) { _ in nil }
    let streamed: Result<LayerListing, LayerError> = {
        do throws(LayerError) {
            var i = 0
            while i < bytes.count { try stream.feed(Array(bytes[i..<min(i + step, bytes.count)])); i += step }
            return .success(try stream.finish())
        } catch { return .failure(error) }
    }()
    switch (listed, streamed) {
    case let (.success(a), .success(b)): precondition(a == b, "the streamed listing differs from the whole one")
    case let (.failure(a), .failure(b)):
        if case .digestMismatch = b { preconditionFailure("the stream's digest check failed on its own bytes") }
        _ = a.description
    default: preconditionFailure("whole and streamed listings disagree: \(listed) vs \(streamed)")
    }
    return 0
}
