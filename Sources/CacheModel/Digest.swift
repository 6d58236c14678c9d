/// A content digest `algorithm:hex`, as the OCI image spec defines it.
/// Only sha256 can be verified; sha512 is parsed and carried but not computed.
public struct Digest: Hashable, Sendable, CustomStringConvertible, Comparable {
    public let algorithm: String
    public let encoded: String

    public init(parsing text: String) throws(ModelError) {
        guard text.utf8.count <= 200, let colon = text.firstIndex(of: ":") else {
            throw ModelError.invalidDigest(text)
        }
        let algorithm = String(text[..<colon])
        let encoded = String(text[text.index(after: colon)...])
        let expectedLength: Int
        switch algorithm {
        case "sha256": expectedLength = 64
        case "sha512": expectedLength = 128
        default: throw ModelError.invalidDigest(text)
        }
        guard encoded.utf8.count == expectedLength,
              encoded.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        else { throw ModelError.invalidDigest(text) }
        self.algorithm = algorithm
        self.encoded = encoded
    }

    private init(algorithm: String, encoded: String) {
        self.algorithm = algorithm
        self.encoded = encoded
    }

    /// The sha256 digest of `bytes`.
    public static func sha256<C: Collection>(of bytes: C) -> Digest where C.Element == UInt8 {
        Digest(algorithm: "sha256", encoded: SHA256.hexHash(bytes))
    }

    public var description: String { "\(algorithm):\(encoded)" }

    /// `sha256:0123456789ab`, for reports.
    public var short: String { "\(algorithm):\(encoded.prefix(12))" }

    /// Whether `bytes` hash to this digest. Digests of algorithms we cannot compute are refused.
    public func verify<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        algorithm == "sha256" && SHA256.hexHash(bytes) == encoded
    }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.description < rhs.description }
}
