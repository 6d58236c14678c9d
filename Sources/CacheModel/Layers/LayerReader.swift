/// A streaming decompressor: takes compressed chunks, hands uncompressed chunks to `sink`.
/// Implementations (gzip, zstd) live in CacheRegistry, over zlib and libzstd.
public protocol Decompressor {
    /// The format's name for messages ("gzip", "zstd").
    var format: String { get }
    mutating func decompress(_ input: UnsafeBufferPointer<UInt8>,
                             sink: (UnsafeBufferPointer<UInt8>) throws(LayerError) -> Void) throws(LayerError)
    /// The input ended: throws when the compressed stream was not complete.
    mutating func finish() throws(LayerError)
}

/// The compression of a layer blob, told from its first bytes (media types lie more often).
public enum LayerCompression: String, Sendable {
    case gzip, zstd, none

    public static func sniff<C: Collection>(_ prefix: C) -> LayerCompression where C.Element == UInt8 {
        let b = Array(prefix.prefix(4))
        if b.count >= 2, b[0] == 0x1f, b[1] == 0x8b { return .gzip }
        if b.count >= 4, b == [0x28, 0xb5, 0x2f, 0xfd] { return .zstd }
        return .none
    }
}

/// Reads one layer blob: verifies its digest, decompresses in chunks and lists its entries,
/// counting compressed and uncompressed bytes against `limits.bytes`. Holds no content.
public enum LayerReader {
    public static let chunk = 64 * 1024

    /// - Parameters:
    ///   - blob: the blob's bytes (already bounded by the fetch).
    ///   - digest: what the blob must hash to; nil skips the check.
    ///   - decompressor: for `.gzip`/`.zstd` blobs; nil when the blob is an uncompressed tar.
    public static func list(blob: [UInt8], digest: Digest?, decompressor: (any Decompressor)?,
                            limits: LayerLimits) throws(LayerError) -> LayerListing {
        guard blob.count <= limits.bytes else { throw .overLimit(limit: limits.bytes) }
        if let digest, digest.algorithm == "sha256" {
            let actual = Digest.sha256(of: blob)
            guard actual == digest else { throw .digestMismatch(expected: digest, actual: actual) }
        }
        var tar = TarReader(limits: limits)
        let budget = limits.bytes - blob.count
        var produced = 0
        let result: Result<Void, LayerError> = blob.withUnsafeBufferPointer { all in
            do throws(LayerError) {
                if var d = decompressor {
                    var i = 0
                    while i < all.count {
                        let end = min(i + chunk, all.count)
                        try d.decompress(UnsafeBufferPointer(rebasing: all[i..<end])) { (out: UnsafeBufferPointer<UInt8>) throws(LayerError) in
                            produced += out.count
                            guard produced <= budget else { throw .overLimit(limit: limits.bytes) }
                            if !tar.finished { try tar.feed(out) }
                        }
                        i = end
                    }
                    try d.finish()
                } else {
                    produced = all.count
                    var i = 0
                    while i < all.count {
                        let end = min(i + chunk, all.count)
                        try tar.feed(UnsafeBufferPointer(rebasing: all[i..<end]))
                        i = end
                    }
                }
                try tar.finish()
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        if case let .failure(e) = result { throw e }
        var listing = LayerListing(entries: tar.entries, notes: tar.notes)
        listing.compressedBytes = decompressor == nil ? 0 : blob.count
        listing.uncompressedBytes = produced
        return listing
    }
}
