import CLibcrypto

/// SHA-256 (FIPS 180-4), computed by OpenSSL's libcrypto (SHA-NI or AVX2 where the processor
/// has them: ten times the speed of portable code on a megabyte config).
/// Used to verify manifests, config blobs and layers against their digests.
public struct SHA256: @unchecked Sendable {
    /// A plain C struct: copying a hasher copies its state, as a Swift value would.
    private var context = SHA256_CTX()

    public init() { SHA256_Init(&context) }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ update(buffer: UnsafeRawBufferPointer($0)) }) {
            return done
        }
        let copy = Array(bytes)
        copy.withUnsafeBytes { update(buffer: $0) }
    }

    private mutating func update(buffer input: UnsafeRawBufferPointer) {
        guard let base = input.baseAddress, input.count > 0 else { return }
        SHA256_Update(&context, base, input.count)
    }

    /// The digest of everything given so far (the hasher itself is left as it was).
    public mutating func finalize() -> [UInt8] {
        var done = context
        return [UInt8](unsafeUninitializedCapacity: 32) { out, initialized in
            SHA256_Final(out.baseAddress!, &done)
            initialized = 32
        }
    }

    public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var h = SHA256()
        h.update(bytes)
        return h.finalize()
    }

    public static func hexHash<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        hexString(hash(bytes))
    }
}

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

public func hexString<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for b in bytes { out.append(hexDigits[Int(b >> 4)]); out.append(hexDigits[Int(b & 0xf)]) }
    return String(decoding: out, as: UTF8.self)
}
