import CZlib
import CZstd
import CacheModel

/// gzip over zlib (`inflate`, gzip wrapper; concatenated members are read as one stream, as Go's
/// gzip reader does). Output goes to the sink 64 KiB at a time, so a bomb stops at the byte budget.
public final class GzipDecompressor: Decompressor {
    public let format = "gzip"
    private var stream = z_stream()
    private var open = false
    private var ended = false
    private var out = [UInt8](repeating: 0, count: 64 * 1024)

    public init() throws(LayerError) {
        let rc = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw .decompression(format: format, why: "inflateInit2 returned \(rc)") }
        open = true
    }

    deinit { if open { inflateEnd(&stream) } }

    public func decompress(
        _ input: UnsafeBufferPointer<UInt8>,
        sink: (UnsafeBufferPointer<UInt8>) throws(LayerError) -> Void
    ) throws(LayerError) {
        guard let base = input.baseAddress, input.count > 0 else { return }
        stream.next_in = UnsafeMutablePointer(mutating: base)
        stream.avail_in = uInt(input.count)
        // One inflate call into `out`; what it produced goes to `sink`. Returns zlib's code and the byte count.
        func inflateOnce() throws(LayerError) -> (Int32, Int) {
            let rc: Int32 = out.withUnsafeMutableBufferPointer { o in
                stream.next_out = o.baseAddress
                stream.avail_out = uInt(o.count)
                return inflate(&stream, Z_NO_FLUSH)
            }
            let n = out.count - Int(stream.avail_out)
            if n > 0 {
                try out.withUnsafeBufferPointer { (o: UnsafeBufferPointer<UInt8>) throws(LayerError) in
                    try sink(UnsafeBufferPointer(rebasing: o[0..<n]))
                }
            }
            return (rc, n)
        }
        while stream.avail_in > 0 {
            if ended {
                // Another gzip member follows (or trailing garbage, which inflate rejects).
                guard inflateReset(&stream) == Z_OK else { throw .decompression(format: format, why: "reset failed") }
                ended = false
            }
            let (rc, n) = try inflateOnce()
            switch rc {
            case Z_OK: continue
            case Z_STREAM_END: ended = true
            case Z_BUF_ERROR: if n == 0 { return }
            default:
                let msg = stream.msg.map { String(cString: $0) } ?? "error \(rc)"
                throw .decompression(format: format, why: msg)
            }
        }
        // Flush output still buffered inside zlib for the input given so far.
        while !ended {
            let (rc, n) = try inflateOnce()
            if rc == Z_STREAM_END { ended = true; break }
            if rc != Z_OK || n == 0 { break }
        }
    }

    public func finish() throws(LayerError) {
        guard ended else { throw .truncated("the gzip stream ends before its end marker") }
    }
}

/// zstd over libzstd's streaming decoder; the window is capped at 128 MiB (BuildKit's writers
/// use far less), so a frame cannot ask for unbounded memory.
public final class ZstdDecompressor: Decompressor {
    public let format = "zstd"
    private let ctx: OpaquePointer
    /// zstd returns 0 exactly when a frame is complete.
    private var frameDone = true
    private var sawInput = false
    private var out = [UInt8](repeating: 0, count: 128 * 1024)

    public init() throws(LayerError) {
        guard let c = ZSTD_createDCtx() else { throw .decompression(format: "zstd", why: "cannot create a context") }
        ctx = c
        _ = ZSTD_DCtx_setParameter(ctx, ZSTD_d_windowLogMax, 27)
    }

    deinit { ZSTD_freeDCtx(ctx) }

    public func decompress(
        _ input: UnsafeBufferPointer<UInt8>,
        sink: (UnsafeBufferPointer<UInt8>) throws(LayerError) -> Void
    ) throws(LayerError) {
        guard let base = input.baseAddress, input.count > 0 else { return }
        sawInput = true
        var inBuf = ZSTD_inBuffer(src: base, size: input.count, pos: 0)
        while true {
            var produced = 0
            let rc: Int = out.withUnsafeMutableBufferPointer { o in
                var outBuf = ZSTD_outBuffer(dst: o.baseAddress, size: o.count, pos: 0)
                let r = ZSTD_decompressStream(ctx, &outBuf, &inBuf)
                produced = outBuf.pos
                return r
            }
            if ZSTD_isError(rc) != 0 {
                throw .decompression(format: format, why: String(cString: ZSTD_getErrorName(rc)))
            }
            frameDone = rc == 0
            if produced > 0 {
                try out.withUnsafeBufferPointer { (o: UnsafeBufferPointer<UInt8>) throws(LayerError) in
                    try sink(UnsafeBufferPointer(rebasing: o[0..<produced]))
                }
            }
            // Done with this input when it is consumed and the decoder has nothing more to flush.
            if inBuf.pos == inBuf.size && produced < out.count { break }
        }
    }

    public func finish() throws(LayerError) {
        guard sawInput, frameDone else { throw .truncated("the zstd stream ends inside a frame") }
    }
}

public enum Decompressors {
    /// The decompressor for a blob's compression; nil for an uncompressed tar.
    public static func `for`(_ compression: LayerCompression) throws(LayerError) -> (any Decompressor)? {
        switch compression {
        case .gzip: return try GzipDecompressor()
        case .zstd: return try ZstdDecompressor()
        case .none: return nil
        }
    }
}
