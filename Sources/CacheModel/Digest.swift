/// A content digest `algorithm:hex`, as the OCI image spec defines it.
/// Only sha256 can be verified; sha512 is parsed and carried but not computed.
public struct Digest: Hashable, Sendable, CustomStringConvertible, Comparable {
    public let algorithm: String
    public let encoded: String

    public init(parsing text: String) throws(ModelError) {
        var text = text
        guard let parsed = text.withUTF8({ Digest(utf8: $0) }) else { throw ModelError.invalidDigest(text) }
        self = parsed
    }

    /// Parses `algorithm:hex` from its UTF-8 bytes (as a JSON document holds them): nil when it
    /// is not a sha256 or sha512 digest in lowercase hex. One allocation, for the hex.
    init?(utf8 text: UnsafeBufferPointer<UInt8>) {
        guard text.count <= 200, let colon = text.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let name = UnsafeBufferPointer(rebasing: text[..<colon])
        let hex = UnsafeBufferPointer(rebasing: text[(colon + 1)...])
        let algorithm: String
        if name.elementsEqual("sha256".utf8) {
            algorithm = "sha256"
            guard hex.count == 64 else { return nil }
        } else if name.elementsEqual("sha512".utf8) {
            algorithm = "sha512"
            guard hex.count == 128 else { return nil }
        } else {
            return nil
        }
        guard hex.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return nil }
        self.init(algorithm: algorithm, encoded: String(decoding: hex, as: UTF8.self))
    }

    private init(algorithm: String, encoded: String) {
        self.algorithm = algorithm
        self.encoded = encoded
    }

    /// The sha256 digest of `bytes`.
    public static func sha256<C: Collection>(of bytes: C) -> Digest where C.Element == UInt8 {
        Digest(algorithm: "sha256", encoded: SHA256.hexHash(bytes))
    }

    /// The digest of what `hasher` has been given so far.
    public static func sha256(hashed hasher: SHA256) -> Digest {
        var h = hasher
        return Digest(algorithm: "sha256", encoded: hexString(h.finalize()))
    }

    /// The hex alone (equal digests have equal hex): one string hashed instead of two, for the
    /// tables keyed by digest (a graph's records, a matcher's keys).
    public func hash(into hasher: inout Hasher) { hasher.combine(encoded) }

    public var description: String { "\(algorithm):\(encoded)" }

    /// `sha256:0123456789ab`, for reports.
    public var short: String { "\(algorithm):\(encoded.prefix(12))" }

    /// Whether `bytes` hash to this digest. Digests of algorithms we cannot compute are refused.
    public func verify<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        algorithm == "sha256" && SHA256.hexHash(bytes) == encoded
    }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.description < rhs.description }
}
