import Testing

@testable import CacheModel

@Suite struct DigestTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("/", "8a5edab282632443219e051e4ade2d1d5bbc671c781051bf1437897cbdfea0f1"),
    ])
    func knownVectors(input: String, hex: String) {
        #expect(SHA256.hexHash(Array(input.utf8)) == hex)
    }

    @Test func millionAs() {
        #expect(
            SHA256.hexHash([UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        )
    }

    @Test func incrementalEqualsOneShot() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        for split in [0, 1, 63, 64, 65, 500, 999] {
            var h = SHA256()
            h.update(data[..<split]); h.update(data[split...])
            #expect(h.finalize() == SHA256.hash(data))
        }
    }

    @Test func parsesAndVerifies() throws {
        let d = try Digest(parsing: "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(d.verify(Array("abc".utf8)))
        #expect(!d.verify(Array("abd".utf8)))
        #expect(d.short == "sha256:ba7816bf8f01")
    }

    @Test(arguments: [
        "sha256:", "sha256:ABC", "sha256:" + String(repeating: "A", count: 64), "md5:" + String(repeating: "a", count: 32),
        "sha256" + String(repeating: "a", count: 64), "sha256:" + String(repeating: "g", count: 64), "sha512:abc",
    ])
    func rejectsMalformed(text: String) {
        #expect(throws: ModelError.self) { try Digest(parsing: text) }
    }

    @Test func base64RoundTripAndRejects() {
        for n in 0..<20 {
            let bytes = (0..<n).map { UInt8($0 * 13 % 256) }
            #expect(Base64.decode(Base64.encode(bytes).utf8) == bytes)
        }
        #expect(Base64.decode("aGVsbG8=".utf8) == Array("hello".utf8))
        #expect(Base64.decode("aGVsbG8".utf8) == Array("hello".utf8))
        #expect(Base64.decode("aGV sbG8=".utf8) == nil)
        #expect(Base64.decode("a===".utf8) == nil)
        #expect(Base64.decode("!!!!".utf8) == nil)
    }
}
