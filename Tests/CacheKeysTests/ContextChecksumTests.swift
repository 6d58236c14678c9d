import CacheKeys
import CacheModel
import Testing

/// BuildKit's content checksum on a tiny tree, each digest written out by hand from the format
/// (`cache/contenthash`): the header fields, the file bytes, `\0`-separated directory listings.
@Suite struct ContextChecksumTests {
    static func sha(_ s: String) -> Digest { Digest.sha256(of: Array(s.utf8)) }
    static func header(mode: String, size: String, type: String, link: String = "") -> String {
        "name" + "mode\(mode)" + "uid0" + "gid0" + "size\(size)" + "typeflag\(type)" + "linkname\(link)" + "uname" + "gname" + "devmajor0"
            + "devminor0"
    }

    // a.txt (0644, "hi\n"), d/ (0755) holding l -> ../a.txt
    static let fileA = sha(header(mode: "420", size: "3", type: "0") + "hi\n")
    static let headerD = sha(header(mode: "493", size: "0", type: "5"))
    static let linkL = sha(header(mode: "511", size: "0", type: "2", link: "../a.txt"))
    static let dirD = sha("\0" + headerD.description + "\0l" + linkL.description)
    static let root = sha("\0" + sha("").description + "\0a.txt" + fileA.description + "\0d" + dirD.description)

    static func tree(_ extra: [ContextEntry] = []) throws -> ContextTree {
        try ContextTree(
            entries: [
                ContextEntry(
                    path: "a.txt", kind: .file(size: 3, checksum: ContentChecksum.file(mode: 0o644, contents: Array("hi\n".utf8))),
                    mode: 0o644),
                ContextEntry(path: "d", kind: .directory, mode: 0o755),
                ContextEntry(path: "d/l", kind: .symlink(target: "../a.txt"), mode: 0o777),
            ] + extra)
    }

    @Test func entriesAndDirectories() throws {
        let t = try Self.tree()
        #expect(ContentChecksum.file(mode: 0o644, contents: Array("hi\n".utf8)) == Self.fileA)
        #expect(ContentChecksum.directoryHeader(mode: 0o755) == Self.headerD)
        #expect(ContentChecksum.symlink(target: "../a.txt") == Self.linkL)
        #expect(try ContentChecksum.checksum(of: "/a.txt", in: t) == Self.fileA)
        #expect(try ContentChecksum.checksum(of: "d", in: t) == Self.dirD)
        #expect(try ContentChecksum.checksum(of: "/", in: t) == Self.root)
        #expect(try ContentChecksum.checksum(of: ".", in: t) == Self.root)
        // A copy source that is a link is followed, the last link included.
        #expect(try ContentChecksum.checksum(of: "d/l", in: t) == Self.fileA)
        #expect(try ContentChecksum.checksum(of: "d/../a.txt", in: t) == Self.fileA)
    }

    /// BuildKit v0.25.1's own expectations (`checksum_test.go` `TestChecksumBasicFile`; files 0644
    /// holding `data0`/`data1`/`data2`, directories 0755, links 0777). Those trees are snapshots
    /// BuildKit scans, whose root (0755) has a real directory header.
    @Test func buildKitsPlainVectors() throws {
        func d(_ hex: String) -> Digest { try! Digest(parsing: "sha256:" + hex) }
        func f(_ path: String, _ data: String) -> ContextEntry {
            ContextEntry(
                path: path,
                kind: .file(size: Int64(data.utf8.count), checksum: ContentChecksum.file(mode: 0o644, contents: Array(data.utf8))),
                mode: 0o644)
        }
        func l(_ path: String, _ target: String) -> ContextEntry { ContextEntry(path: path, kind: .symlink(target: target), mode: 0o777) }
        let dirD0 = d("d47454417d2c554067fbefe5f5719edc49f3cfe969c36b62e34a187a4da0cc9a")
        let scanned = ContextTree.RootHeader.scanned(mode: 0o755, uid: 0, gid: 0)
        let t = try ContextTree(
            entries: [
                f("foo", "data0"), f("bar", "data1"), ContextEntry(path: "d0", kind: .directory, mode: 0o755),
                f("d0/abc", "data0"), l("d0/def", "abc"), l("d0/ghi", "nosuchfile"),
            ], rootHeader: scanned)
        #expect(try ContentChecksum.checksum(of: "bar", in: t) == d("c2b5e234f5f38fc5864da7def04782f82501a40d46192e4207d5b3f0c3c4732b"))
        #expect(try ContentChecksum.checksum(of: "d0/def", in: t) == d("cd8e75bca50f2d695f220d0cb0997d8ead387e4f926e8669a92d7f104cc9885b"))
        #expect(throws: BuildContextError.sourceNotFound(path: "/d0/ghi")) { try ContentChecksum.checksum(of: "d0/ghi", in: t) }
        #expect(try ContentChecksum.checksum(of: "/", in: t) == d("427c9cf9ae98c0f81fb57a3076b965c7c149b6b0a85625ad4e884236649a42c6"))
        #expect(try ContentChecksum.checksum(of: "d0", in: t) == dirD0)
        // The same directory as a scanned root has the same checksum; as a transferred one it does not.
        let asRoot = try ContextTree(entries: [f("abc", "data0"), l("def", "abc"), l("ghi", "nosuchfile")], rootHeader: scanned)
        #expect(try ContentChecksum.checksum(of: "/", in: asRoot) == dirD0)
        let sent = try ContextTree(entries: [f("abc", "data0"), l("def", "abc"), l("ghi", "nosuchfile")])
        #expect(try ContentChecksum.checksum(of: "/", in: sent) != dirD0)
        // `TestChecksumUnorderedFiles` (a context as received, `HandleChange`): `foo`'s entries come
        // before its sibling `foo-subdir` (`/` is `\0` in the keys), then `foo.subdir`.
        let unordered = try ContextTree(entries: [
            ContextEntry(path: "d0", kind: .directory, mode: 0o755), ContextEntry(path: "d0/foo", kind: .directory, mode: 0o755),
            f("d0/foo/bar", "data0"), ContextEntry(path: "d0/foo-subdir", kind: .directory, mode: 0o755), f("d0/foo.subdir", "data1"),
        ])
        #expect(
            try ContentChecksum.checksum(of: "d0", in: unordered) == d("14276c302c940a80f82ca5477bf766c98a24702d6a9948ee71bb277cdad3ae05"))
        let withoutBroken = try ContextTree(entries: [f("abc", "data0"), l("def", "abc")], rootHeader: scanned)
        #expect(
            try ContentChecksum.checksum(of: "/", in: withoutBroken)
                == d("555ffa3028630d97ba37832b749eda85ab676fd64ffb629fbf0f4ec8c1e3bff1"))
    }

    @Test func ownerInAScannedSnapshot() {
        #expect(
            ContentChecksum.file(mode: 0o644, contents: [], uid: 1000, gid: 50)
                == Self.sha(Self.header(mode: "420", size: "0", type: "0").replacingOccurrences(of: "uid0gid0", with: "uid1000gid50")))
    }

    @Test func specialBitsAndExtendedAttributes() {
        let setuid = Self.sha(Self.header(mode: "2541", size: "0", type: "0"))
        #expect(ContentChecksum.file(mode: 0o4755, contents: []) == setuid)
        // user.* is hashed after the header fields, in key order; security.* (but capability) and
        // system.* are not.
        let withXattr = Self.sha(Self.header(mode: "420", size: "1", type: "0") + "security.capabilitycap" + "user.a1" + "user.b2" + "x")
        let x = ContentChecksum.file(
            mode: 0o644, contents: Array("x".utf8),
            xattrs: [
                "user.b": Array("2".utf8), "user.a": Array("1".utf8), "security.selinux": Array("ctx".utf8),
                "system.posix_acl_access": [1], "security.capability": Array("cap".utf8),
            ])
        #expect(x == withXattr)
    }

    @Test func copyKeysJoinSortedDeduplicatedSources() throws {
        let t = try Self.tree()
        let two = Self.sha(Self.fileA.description + "\0" + Self.dirD.description)
        #expect(
            try ContentChecksum.copyKey(sources: ["d", "a.txt"], in: t) == .key(checksum: two, record: Self.sha(two.description + "@-1")))
        #expect(try ContentChecksum.copyKey(sources: ["./a.txt", "d/"], in: t).record == Self.sha(two.description + "@-1"))
        // One source: the checksum of that source's checksum text.
        let one = Self.sha(Self.root.description)
        #expect(try ContentChecksum.copyKey(sources: ["."], in: t) == .key(checksum: one, record: RecordKey.content(checksum: one)))
        // A source inside another source's directory, or repeated, adds nothing.
        #expect(try ContentChecksum.copyKey(sources: [".", "a.txt", "d/l"], in: t) == ContentChecksum.copyKey(sources: ["."], in: t))
        #expect(try ContentChecksum.copyKey(sources: ["d", "d/l", "d"], in: t) == ContentChecksum.copyKey(sources: ["d"], in: t))
        // `/d` is not a parent of `/dd`.
        let dd = try Self.tree([ContextEntry(path: "dd", kind: .directory, mode: 0o755)])
        let pair = Self.sha(Self.dirD.description + "\0" + (try ContentChecksum.checksum(of: "dd", in: dd)).description)
        #expect(try ContentChecksum.copyKey(sources: ["dd", "d"], in: dd).record == RecordKey.content(checksum: pair))
    }

    @Test func formsNotVerifiedAreUnsupported() throws {
        let t = try Self.tree()
        guard case .unsupported = try ContentChecksum.copyKey(sources: ["*.txt"], in: t) else { Issue.record("wildcard"); return }
        guard case .unsupported = try ContentChecksum.copyKey(sources: ["a.txt"], filter: CopyFilter(excludePatterns: ["x"]), in: t) else {
            Issue.record("exclude"); return
        }
        guard case .unsupported = try ContentChecksum.copyKey(sources: ["a.txt"], filter: CopyFilter(parents: true), in: t) else {
            Issue.record("parents"); return
        }
        // An escaped wildcard character is a plain name.
        #expect(!ContextSourcePath.containsWildcards("/a\\*b"))
    }

    @Test func failures() throws {
        let loop = try Self.tree([
            ContextEntry(path: "x", kind: .symlink(target: "y"), mode: 0o777),
            ContextEntry(path: "y", kind: .symlink(target: "/x"), mode: 0o777),
            ContextEntry(path: "fifo", kind: .special(.fifo), mode: 0o644),
            ContextEntry(path: "zbig", kind: .file(size: 10, checksum: nil), mode: 0o644),
        ])
        #expect(throws: BuildContextError.symlinkLoop(path: "/x")) { try ContentChecksum.checksum(of: "x", in: loop) }
        #expect(throws: BuildContextError.sourceNotFound(path: "/nope")) { try ContentChecksum.copyKey(sources: ["nope"], in: loop) }
        #expect(throws: BuildContextError.sourceNotFound(path: "/a.txt/x")) { try ContentChecksum.checksum(of: "a.txt/x", in: loop) }
        #expect(throws: BuildContextError.specialFile(path: "fifo", kind: .fifo)) { try ContentChecksum.copyKey(sources: ["."], in: loop) }
        #expect(throws: BuildContextError.notHashed(path: "zbig")) { try ContentChecksum.copyKey(sources: ["zbig"], in: loop) }
        // A link inside a copied directory is hashed as a link, never followed: no loop there.
        let inDir = try Self.tree([ContextEntry(path: "d/self", kind: .symlink(target: "self"), mode: 0o777)])
        _ = try ContentChecksum.checksum(of: "d", in: inDir)
    }

    /// Two names that differ only by Unicode normalization are two files (Go compares bytes).
    @Test func namesAreBytes() throws {
        let nfc = "\u{E9}", nfd = "e\u{301}"
        let t = try ContextTree(entries: [
            ContextEntry(path: nfc, kind: .file(size: 1, checksum: ContentChecksum.file(mode: 0o644, contents: [1])), mode: 0o644),
            ContextEntry(path: nfd, kind: .file(size: 1, checksum: ContentChecksum.file(mode: 0o644, contents: [2])), mode: 0o644),
        ])
        #expect(t.entries.count == 2)
        #expect(try ContentChecksum.checksum(of: nfc, in: t) != ContentChecksum.checksum(of: nfd, in: t))
        // "e" (0x65) sorts before "\u{E9}" (0xC3 0xA9).
        #expect(t.children(of: "").map { Array($0.utf8) } == [Array(nfd.utf8), Array(nfc.utf8)])
    }

    @Test func treeValuesAreChecked() {
        #expect(throws: BuildContextError.self) { try ContextTree(entries: [ContextEntry(path: "a/b", kind: .directory, mode: 0o755)]) }
        #expect(throws: BuildContextError.self) { try ContextTree(entries: [ContextEntry(path: "/a", kind: .directory, mode: 0o755)]) }
        #expect(throws: BuildContextError.self) {
            try ContextTree(entries: [
                ContextEntry(path: "a", kind: .directory, mode: 0o755), ContextEntry(path: "a", kind: .directory, mode: 0o755),
            ])
        }
    }

    @Test func filesReadByCopies() throws {
        let t = try Self.tree([ContextEntry(path: "z", kind: .file(size: 0, checksum: nil), mode: 0o644)])
        #expect(ContentChecksum.filesRead(by: ["d/l"], in: t) == ["a.txt"])
        #expect(ContentChecksum.filesRead(by: ["d"], in: t) == [])
        #expect(ContentChecksum.filesRead(by: ["."], in: t) == ["a.txt", "z"])
        #expect(ContentChecksum.filesRead(by: ["*.txt"], in: t) == nil)
    }

    /// The walk queues a file for hashing as soon as it is listed when the path alone shows that a
    /// copy reads it: never a file the copies do not read.
    @Test func filesReadWithoutResolving() throws {
        let t = try Self.tree([
            ContextEntry(path: "z", kind: .file(size: 0, checksum: nil), mode: 0o644),
            ContextEntry(path: "d/f", kind: .file(size: 0, checksum: nil), mode: 0o644),
            ContextEntry(path: "dd", kind: .file(size: 0, checksum: nil), mode: 0o644),
        ])
        for sources in [["d"], ["d/l"], ["./d/"], ["z", "d"], ["."], ["/"], [".."], ["*.txt"], ["a.txt"], []] {
            let now = ContentChecksum.readsWithoutResolving(sources)
            let all = ContentChecksum.filesRead(by: sources, in: t)
            for e in t.entries where now(e.path) {
                guard case .file = e.kind else { continue }
                #expect(all?.contains(e.path) ?? true, "\(sources): \(e.path)")
            }
        }
        #expect(ContentChecksum.readsWithoutResolving(["d"])("d/f"))
        #expect(!ContentChecksum.readsWithoutResolving(["d"])("dd"))
        #expect(!ContentChecksum.readsWithoutResolving(["d/l"])("a.txt"))  // through a link: once the tree is known
        #expect(ContentChecksum.readsWithoutResolving(["./"])("z"))
    }

    /// Checksums set after the walk land on the right file, two names that differ only by Unicode
    /// normalization included; other paths are ignored.
    @Test func checksumsSetAfterTheWalk() throws {
        let nfc = "\u{E9}", nfd = "e\u{301}"
        let t = try ContextTree(entries: [
            ContextEntry(path: nfc, kind: .file(size: 1, checksum: nil), mode: 0o644),
            ContextEntry(path: nfd, kind: .file(size: 1, checksum: nil), mode: 0o644),
            ContextEntry(path: "d", kind: .directory, mode: 0o755),
        ])
        let one = ContentChecksum.file(mode: 0o644, contents: [1]), two = ContentChecksum.file(mode: 0o644, contents: [2])
        let set = t.settingChecksums([(nfc, one), (nfd, two), ("d", one), ("missing", one)])
        #expect(set.entry(nfc)?.kind == .file(size: 1, checksum: one))
        #expect(set.entry(nfd)?.kind == .file(size: 1, checksum: two))
        #expect(set.entry("d")?.kind == .directory)
        #expect(set.paths == t.paths)
    }

    /// Paths that need no cleaning are told apart without cleaning them; the others are refused.
    @Test func cleanPathsWithoutCleaning() throws {
        for p in ["a", "a/b", ".a", "..a", "...", "a/.../b", "a.", "a..", "é/b"] {
            let parts = p.split(separator: "/")
            let parents = parts.indices.dropLast().map {
                ContextEntry(path: parts[...$0].joined(separator: "/"), kind: .directory, mode: 0o755)
            }
            #expect(throws: Never.self) {
                try ContextTree(entries: parents + [ContextEntry(path: p, kind: .file(size: 0, checksum: nil), mode: 0o644)])
            }
        }
        for p in ["", "..", "./a", "a/.", "a/..", "a//b", "a/", "/a", "../a", "a/./b"] {
            #expect(throws: BuildContextError.self, "\(p)") {
                try ContextTree(entries: [ContextEntry(path: p, kind: .file(size: 0, checksum: nil), mode: 0o644)])
            }
        }
    }
}
