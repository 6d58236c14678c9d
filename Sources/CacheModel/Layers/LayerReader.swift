/// A streaming decompressor: takes compressed chunks, hands uncompressed chunks to `sink`.
/// Implementations (gzip, zstd) live in CacheRegistry, over zlib and libzstd.
public protocol Decompressor {
    /// The format's name for messages ("gzip", "zstd").
    var format: String { get }
    mutating func decompress(
        _ input: UnsafeBufferPointer<UInt8>,
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

/// Reads one layer blob as its bytes arrive, holding none of them: hashes them, tells the
/// compression from the first bytes, decompresses and lists the tar's entries. Compressed plus
/// uncompressed bytes count against `limits.bytes`; going past it throws at once.
///
/// A decoding failure (a broken gzip stream, a bad tar header) does not stop the stream: the rest
/// is still hashed, so that a blob whose digest lies is reported as such rather than by whatever
/// its bytes fail to be. `finish()` reports the digest first, then the decoding failure.
/// A class so that the decompressor's output can go straight to the tar reader; one transfer
/// uses it at a time (a retried transfer calls `reset()` first).
public final class LayerStream: @unchecked Sendable {
    /// What the blob must hash to; nil when the caller verifies it (a content source does).
    let digest: Digest?
    let limits: LayerLimits
    let makeDecompressor: (LayerCompression) throws(LayerError) -> (any Decompressor)?
    private var hasher = SHA256()
    /// The first bytes, held until there are enough to tell the compression.
    private var head: [UInt8] = []
    private var decoding = false
    private var decompressor: (any Decompressor)?
    private var tar: TarReader
    private var compressed = 0
    private var produced = 0
    private var failure: LayerError?

    public init(
        digest: Digest?, limits: LayerLimits,
        makeDecompressor: @escaping (LayerCompression) throws(LayerError) -> (any Decompressor)?
    ) {
        self.digest = digest; self.limits = limits; self.makeDecompressor = makeDecompressor
        tar = TarReader(limits: limits)
    }

    /// Bytes fed since the last reset.
    public var bytesRead: Int { compressed + head.count }

    /// What the listing will count against a budget so far: compressed plus uncompressed bytes
    /// (an uncompressed tar counts once).
    public var bytesCounted: Int {
        guard decoding else { return head.count }
        return (decompressor == nil ? 0 : compressed) + produced
    }

    /// Forgets everything fed so far (a transfer starting over).
    public func reset() {
        hasher = SHA256(); head = []; decoding = false; decompressor = nil
        tar = TarReader(limits: limits); compressed = 0; produced = 0; failure = nil
    }

    public func feed(_ bytes: UnsafeBufferPointer<UInt8>) throws(LayerError) {
        guard bytes.count > 0 else { return }
        if digest != nil { hasher.update(bytes) }
        if !decoding {
            head.append(contentsOf: bytes)
            if head.count >= 4 { try startDecoding() }
            return
        }
        try decode(bytes)
    }

    public func feed(_ bytes: [UInt8]) throws(LayerError) {
        try bytes.withUnsafeBufferPointer { (p: UnsafeBufferPointer<UInt8>) throws(LayerError) in try feed(p) }
    }

    /// The input ended: the listing, or why there is none.
    public func finish() throws(LayerError) -> LayerListing {
        if !decoding { try startDecoding() }
        if let digest, digest.algorithm == "sha256" {
            let actual = Digest.sha256(hashed: hasher)
            guard actual == digest else { throw .digestMismatch(expected: digest, actual: actual) }
        }
        if let failure { throw failure }
        if decompressor != nil { try decompressor!.finish() }
        try tar.finish()
        var listing = LayerListing(entries: tar.entries, notes: tar.notes)
        listing.compressedBytes = decompressor == nil ? 0 : compressed
        listing.uncompressedBytes = produced
        return listing
    }

    private func startDecoding() throws(LayerError) {
        decoding = true
        do throws(LayerError) { decompressor = try makeDecompressor(LayerCompression.sniff(head)) } catch { failure = error }
        let held = head
        head = []
        try held.withUnsafeBufferPointer { (p: UnsafeBufferPointer<UInt8>) throws(LayerError) in try decode(p) }
    }

    /// Counts the bytes, then decodes them unless decoding already failed. Only the byte limit throws.
    private func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(LayerError) {
        compressed += bytes.count
        guard compressed <= limits.bytes else { throw .overLimit(limit: limits.bytes) }
        guard failure == nil else { return }
        do throws(LayerError) {
            if decompressor != nil {
                let budget = limits.bytes
                let already = compressed
                try decompressor!.decompress(bytes) { (out: UnsafeBufferPointer<UInt8>) throws(LayerError) in
                    produced += out.count
                    guard already + produced <= budget else { throw .overLimit(limit: budget) }
                    if !tar.finished { try tar.feed(out) }
                }
            } else {
                produced += bytes.count
                try tar.feed(bytes)
            }
        } catch {
            if case .overLimit = error { throw error }
            failure = error
        }
    }
}

/// Reads one layer blob held in memory (the streaming reader, fed in chunks).
public enum LayerReader {
    public static let chunk = 64 * 1024

    /// - Parameters:
    ///   - blob: the blob's bytes (already bounded by the fetch).
    ///   - digest: what the blob must hash to; nil skips the check.
    ///   - decompressor: for `.gzip`/`.zstd` blobs; nil when the blob is an uncompressed tar.
    public static func list(
        blob: [UInt8], digest: Digest?, decompressor: (any Decompressor)?,
        limits: LayerLimits
    ) throws(LayerError) -> LayerListing {
        guard blob.count <= limits.bytes else { throw .overLimit(limit: limits.bytes) }
        let stream = LayerStream(digest: digest, limits: limits) { _ in decompressor }
        try blob.withUnsafeBufferPointer { (all: UnsafeBufferPointer<UInt8>) throws(LayerError) in
            var i = 0
            while i < all.count {
                let end = min(i + chunk, all.count)
                try stream.feed(UnsafeBufferPointer(rebasing: all[i..<end]))
                i = end
            }
        }
        return try stream.finish()
    }
}
