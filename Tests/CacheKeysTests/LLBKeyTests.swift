import CacheKeys
import CacheModel
import XCTest

final class LLBKeyTests: XCTestCase {
    func testGoJSONEscapesLikeEncodingJSON() {
        let v = GoJSON.object([
            ("a", .string("<&>\u{2028}\u{2029}\"\\\n\t\u{01}é")), ("b", .int(-1)), ("c", .bool(true)),
            ("d", .bytes(Array("hi?".utf8))), ("e", .array([.null])),
        ])
        XCTAssertEqual(v.text, #"{"a":"\u003c\u0026\u003e\u2028\u2029\"\\\n\t\u0001é","b":-1,"c":true,"d":"aGk/","e":[null]}"#)
        XCTAssertEqual(GoJSON.bytes([1]).text, "\"AQ==\"")
        XCTAssertEqual(GoJSON.bytes([1, 2]).text, "\"AQI=\"")
    }

    /// The base image's config key from the formats reference §8.2: a one-layer image's ChainID is
    /// its diff ID, and the root record is `sha256:70d80d32…`.
    func testImageConfigKeyVector() throws {
        let diff = try Digest(parsing: "sha256:65014c70e84b6817fac42bb201ec5c1ea460a8da246cac0e481f5c9a9491eac0")
        let map = try XCTUnwrap(ImageSourceKey.configCacheMap(diffIDs: [diff]))
        XCTAssertEqual(map.description, "sha256:dc7591494e0a49c18dccab608d88f712687b264c3431f44ec108b311ac63c0a5")
        XCTAssertEqual(
            RecordKey.record(cacheMap: map, output: 0).description,
            "sha256:70d80d3244a8dd5510433a94dd1efac8d20326622ea2f137a8d0f81380e61dcb")
        XCTAssertNil(ImageSourceKey.configCacheMap(diffIDs: []))
    }

    /// ChainIDs of the reference's §8.3 config.
    func testChainID() throws {
        let ids = try [
            "fe4922f0a3ca2aa707ca0f8cc53937e947fec1157a09302baf11904258d67d17",
            "007165e99d6304af5653e8a8cc1c8886e5719cf31bf09cbd9f50fa09008ef654",
        ].map { try Digest(parsing: "sha256:" + $0) }
        XCTAssertEqual(
            ImageSourceKey.chainID(ids)?.description,
            "sha256:1855c203cb5fb043c8e6558ceaa2109079c73649ac181b5c05d0042dc4db12fa")
    }

    func run(mounts: [ExecOp.Mount]) -> ExecOp {
        ExecOp(
            meta: .init(args: ["/bin/sh", "-c", "a && b"], env: ["PATH=/bin"], cwd: "/", removeMountStubsRecursive: true),
            mounts: mounts, network: .none)
    }

    func testExecOpDropsTheLoneRootMountAndEscapesHTML() {
        let json = run(mounts: [.root]).cacheMapJSON(platform: .linuxAMD64, formula: .current).text
        XCTAssertEqual(
            json,
            #"{"Type":"buildkit.exec.v0","Exec":{"meta":{"args":["/bin/sh","-c","a \u0026\u0026 b"],"env":["PATH=/bin"],"cwd":"/","removeMountStubsRecursive":true},"network":2},"OS":"linux","Arch":"amd64"}"#
        )
    }

    func testCacheMountIDsPerEngine() {
        let defaultID = ExecOp.Mount(input: -1, dest: "/root/.npm", output: -1, type: .cache, cacheID: "//root/.npm")
        var userID = defaultID
        userID.cacheID = "npm"
        userID.cacheSharing = .locked
        let current = run(mounts: [.root, userID]).cacheMapJSON(platform: .linuxAMD64, formula: .current).text
        XCTAssertTrue(
            current.contains(#""mounts":[{"dest":"/"},{"input":-1,"dest":"/root/.npm","output":-1,"mountType":3,"cacheOpt":{}}]"#), current)
        let old = run(mounts: [.root, userID]).cacheMapJSON(platform: .linuxAMD64, formula: .v08).text
        XCTAssertTrue(
            old.contains(
                #"{"input":0,"dest":"/","output":0},{"input":-1,"dest":"/root/.npm","output":-1,"mountType":3,"cacheOpt":{"ID":"npm","sharing":2}}"#
            ), old)
        let kept = run(mounts: [.root, defaultID]).cacheMapJSON(platform: .linuxAMD64, formula: .current).text
        XCTAssertTrue(kept.contains(#""cacheOpt":{"ID":"//root/.npm"}"#), kept)
    }

    func testFileOpPayloadsIndexesAndUserNames() throws {
        let mkdir = FileOp.Mkdir(path: "/app", mode: 0o755, makeParents: true, owner: .parse("1000:app", input: 0))
        let op = FileOp(actions: [.init(input: 0, secondaryInput: -1, output: 0, action: .mkdir(mkdir))], inputCount: 1)
        let payload = { (f: KeyFormula) -> String in
            guard case let .object(m) = op.cacheMapJSON(formula: f), case let .array(a)? = m.first(where: { $0.0 == "Actions" })?.1,
                case let .bytes(b) = a[0]
            else { return "" }
            return String(decoding: b, as: UTF8.self)
        }
        XCTAssertEqual(
            payload(.current),
            #"{"path":"/app","mode":493,"makeParents":true,"owner":{"user":{"User":{"byId":1000}},"group":{"User":{"byName":{"name":"app"}}}},"timestamp":-1}"#
        )
        XCTAssertEqual(
            payload(.v013),
            #"{"path":"/app","mode":493,"makeParents":true,"owner":{"user":{"User":{"byID":1000}},"group":{"User":{"byName":{"name":"app","input":0}}}},"timestamp":-1}"#
        )
        XCTAssertFalse(op.cacheMapJSON(formula: .current).text.contains("indexes"))

        let copy = FileOp.Copy(src: "/src/a.txt", dest: "/a.txt", createDestPath: true)
        let linked = FileOp(actions: [.init(input: -1, secondaryInput: 0, output: 0, action: .copy(copy))], inputCount: 1)
        let text = linked.cacheMapJSON(formula: .current).text
        XCTAssertTrue(text.hasSuffix(#","indexes":[[-1,0,0]]}"#), text)
        // The source is hashed by its base name only.
        XCTAssertTrue(String(decoding: Array(text.utf8), as: UTF8.self).contains("eyJzcmMiOiJhLnR4dCIs"), text)
    }

    func testMergeOpZeroIndexPerEngine() {
        XCTAssertEqual(
            MergeOp(inputs: [0, 1]).cacheMapJSON(formula: .current).text,
            #"{"Type":"buildkit.merge.v0","Merge":{"inputs":[{},{"input":1}]}}"#)
        XCTAssertEqual(
            MergeOp(inputs: [0, 1]).cacheMapJSON(formula: .v013).text,
            #"{"Type":"buildkit.merge.v0","Merge":{"inputs":[{"input":0},{"input":1}]}}"#)
    }

    func testManifestKeyJSON() throws {
        let d = try Digest(parsing: "sha256:" + String(repeating: "0", count: 64))
        let s = GoJSON.object([
            ("Digest", .string(d.description)), ("OS", .string("linux")), ("Arch", .string("arm64")), ("Variant", .string("v8")),
        ])
        let expected = ImageSourceKey.sourceCacheMap(Digest.sha256(of: s.encoded).description)
        XCTAssertEqual(
            ImageSourceKey.manifestCacheMap(resolved: d, platform: KeyPlatform(os: "linux", architecture: "arm64", variant: "v8")), expected
        )
    }
}
