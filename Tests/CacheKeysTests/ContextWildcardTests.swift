import CacheModel
import Testing

@testable import CacheKeys

/// The v0.9-v0.25 wildcard checksum against BuildKit v0.25.1's own expectations
/// (`cache/contenthash/checksum_test.go`; its trees: files 0644, directories 0755, links 0777).
@Suite struct ContextWildcardTests {
    static func file(_ path: String, _ data: String) -> ContextEntry {
        ContextEntry(
            path: path, kind: .file(size: Int64(data.utf8.count), checksum: ContentChecksum.file(mode: 0o644, contents: Array(data.utf8))),
            mode: 0o644)
    }
    static func dir(_ path: String) -> ContextEntry { ContextEntry(path: path, kind: .directory, mode: 0o755) }
    static func link(_ path: String, _ target: String) -> ContextEntry {
        ContextEntry(path: path, kind: .symlink(target: target), mode: 0o777)
    }
    static func digest(_ hex: String) -> Digest { try! Digest(parsing: "sha256:" + hex) }

    static let dataFile0 = digest("cd8e75bca50f2d695f220d0cb0997d8ead387e4f926e8669a92d7f104cc9885b")

    /// `TestChecksumWildcardOrFilter`'s tree.
    static func orFilterTree() throws -> ContextTree {
        try ContextTree(entries: [
            file("bar", "data1"), file("foo", "data0"), file("fox", "data2"), dir("x"), dir("x/d0"),
            file("x/d0/abc", "data0"), link("x/d0/def", "abc"), link("x/d0/ghi", "nosuchfile"), link("y1", "foo"), link("y2", "fox"),
        ])
    }

    static func wildcard(_ p: String, _ t: ContextTree, _ formula: WildcardFormula = .v0_9Through0_25) throws -> Digest {
        var memo: [String: Digest] = [:]
        return try ContentChecksum.fileListChecksum(p, exclude: nil, formula: formula, in: t, memo: &memo)
    }

    /// The same tests at v0.26.0 (still so at v0.32): the new naming of the entries.
    @Test func buildKitsV026WildcardVectors() throws {
        let t = try Self.orFilterTree()
        let v26 = WildcardFormula.v0_26OrLater
        #expect(try Self.wildcard("/f*o", t, v26) == Digest.sha256(of: Array(("\0foo" + Self.dataFile0.description).utf8)))
        #expect(try Self.wildcard("/f*", t, v26) == Self.digest("0b6731924f0a32a812bf8a729202e55e54ded331f9e4ff2397f681e43694e086"))
        #expect(try Self.wildcard("/x/d?", t, v26) == Self.digest("6b612ad5c13159112ae26357ef7bd34df29916941ba40ec2ce38dfb70c6c60c3"))
        #expect(try Self.wildcard("/x/d?/def", t, v26) == Self.dataFile0)
        #expect(try Self.wildcard("/y*", t, v26) == Self.digest("982153600b9653a1decb0f961e09e2bc1be335cfcaac9b39dbd1120b65fdf92c"))
        let links = try ContextTree(entries: [
            Self.file("target", "data0"), Self.link("sym", "target"), Self.dir("foo"), Self.link("foo/ghi", "target"),
        ])
        #expect(try Self.wildcard("/fo?", links, v26) == Self.digest("2797e710c6d1a89ff2d91c834b828b1dc500f2982430a58241df8e146f4c4bb4"))
    }

    /// BuildKit v0.8.3's `TestChecksumWildcard`: a matched directory is hashed by its contents
    /// checksum (`x/d?`), where v0.9 lists its entries; the other vectors are v0.9's too.
    @Test func buildKitsV08WildcardVectors() throws {
        let t = try Self.orFilterTree()
        var memo: [String: Digest] = [:]
        func v08(_ p: String, follow: Bool) throws -> Digest {
            try ContentChecksum.fileListChecksum(p, exclude: nil, followLinks: follow, formula: .v0_8, in: t, memo: &memo)
        }
        let dirD0 = Self.digest("d47454417d2c554067fbefe5f5719edc49f3cfe969c36b62e34a187a4da0cc9a")
        #expect(try v08("f*o", follow: false) == Digest.sha256(of: Array(("foo" + Self.dataFile0.description).utf8)))
        #expect(try v08("f*", follow: false) == Self.digest("7f51c821895cfc116d3f64231dfb438e87a237ecbbe027cd96b7ee5e763cc569"))
        #expect(try v08("x/d?", follow: false) == Digest.sha256(of: Array(("d0" + dirD0.description).utf8)))
        #expect(try v08("x/d?/def", follow: true) == Self.dataFile0)
        #expect(try v08("y*", follow: true) == Self.digest("8afc09c7018d65d5eb318a9ef55cb704dec1f06d288181d913fc27a571aa042d"))
        #expect(try v08("nothing*", follow: true) == Digest.sha256(of: [UInt8]()))
        // The same copy under the two formulas: a directory match tells them apart.
        #expect(try Self.wildcard("/x/d?", t) != (try v08("/x/d?", follow: true)))
        guard
            case .unsupported = try ContentChecksum.copyKey(
                sources: ["f*"], filter: CopyFilter(excludePatterns: ["foo"]), wildcards: .v0_8, in: t)
        else {
            Issue.record("--exclude has no v0.8 formula"); return
        }
    }

    @Test func buildKitsWildcardVectors() throws {
        let t = try Self.orFilterTree()
        #expect(try ContentChecksum.checksum(of: "foo", in: t) == Self.dataFile0)
        #expect(try Self.wildcard("/f*o", t) == Digest.sha256(of: Array(("foo" + Self.dataFile0.description).utf8)))
        #expect(try Self.wildcard("/f*", t) == Self.digest("7f51c821895cfc116d3f64231dfb438e87a237ecbbe027cd96b7ee5e763cc569"))
        #expect(try Self.wildcard("/x/d?", t) == Self.digest("231c3293e329de47fec9e79056686477891fd1f244ed7b1c1fa668489a1f0d50"))
        #expect(try Self.wildcard("/x/d?/def", t) == Self.dataFile0)
        #expect(try Self.wildcard("/y*", t) == Self.digest("8afc09c7018d65d5eb318a9ef55cb704dec1f06d288181d913fc27a571aa042d"))
        // dgstDirD0: the plain checksum of the same directory.
        #expect(
            try ContentChecksum.checksum(of: "x/d0", in: t)
                == Self.digest("d47454417d2c554067fbefe5f5719edc49f3cfe969c36b62e34a187a4da0cc9a"))
        // Nothing matched: sha256("").
        #expect(try Self.wildcard("/nothing*", t) == Digest.sha256(of: [UInt8]()))
        #expect(try Self.wildcard("/missing/dir*", t) == Digest.sha256(of: [UInt8]()))
    }

    /// `TestSymlinksNoFollow`'s tree.
    @Test func linksBelowAMatchedDirectoryAreNotFollowed() throws {
        let t = try ContextTree(entries: [
            Self.file("target", "data0"), Self.link("sym", "target"), Self.link("sym2", "target2"), Self.dir("foo"),
            Self.link("foo/ghi", "target"), Self.link("y1", "foo/ghi"),
        ])
        #expect(
            try ContentChecksum.checksum(of: "foo", in: t)
                == Self.digest("9b761577efcb1239cf4be971914c5d7404914dd32ff436401af1764dc5446b83"))
        #expect(try Self.wildcard("/fo?", t) == Self.digest("e14a98332f46b81993ff4a3b7898bb00fc3d245d84e4c42e57c9ee6b129c7c41"))
        #expect(
            ContentChecksum.symlink(target: "target") == Self.digest("a2ba571981f48ec34eb79c9a3ab091b6491e825c2f7e9914ea86e8e958be7fae"))
        // A matched link is followed: y1 -> foo/ghi -> foo/target, which does not exist.
        #expect(throws: BuildContextError.sourceNotFound(path: "/y1")) { try Self.wildcard("/y?", t) }
        #expect(throws: BuildContextError.sourceNotFound(path: "/y1")) { try ContentChecksum.copyKey(sources: ["y1"], in: t) }
    }

    @Test func copiesWithWildcards() throws {
        let t = try Self.orFilterTree()
        #expect(ContentChecksum.splitWildcards("/a/b*/c") == ("/a", "b*/c"))
        #expect(ContentChecksum.splitWildcards("/x*") == ("/", "x*"))
        guard case .unsupported = try ContentChecksum.copyKey(sources: ["f*"], in: t) else { Issue.record("needs a formula"); return }
        let foos = Self.digest("7f51c821895cfc116d3f64231dfb438e87a237ecbbe027cd96b7ee5e763cc569")
        let one = Digest.sha256(of: Array(foos.description.utf8))
        #expect(
            try ContentChecksum.copyKey(sources: ["f*"], wildcards: .v0_9Through0_25, in: t)
                == .key(checksum: one, record: RecordKey.content(checksum: one)))
        // Selectors sorted by path, wildcards among them ("/*" sorts before "/b").
        let both = try ContentChecksum.copyKey(sources: ["bar", "f*"], wildcards: .v0_9Through0_25, in: t)
        let bar = try ContentChecksum.checksum(of: "bar", in: t)
        let expected = Digest.sha256(of: Array((bar.description + "\0" + foos.description).utf8))
        #expect(both.record == RecordKey.content(checksum: expected))
        #expect(throws: BuildContextError.invalidWildcard(path: "/f[")) {
            try ContentChecksum.copyKey(sources: ["f["], wildcards: .v0_9Through0_25, in: t)
        }
    }

    static func listed(
        _ p: String, _ t: ContextTree, include: [String] = [], exclude: [String] = [],
        _ formula: WildcardFormula = .v0_9Through0_25
    ) throws -> Digest {
        var memo: [String: Digest] = [:]
        return try ContentChecksum.fileListChecksum(
            p, exclude: exclude.isEmpty ? nil : try DockerIgnore(patterns: exclude),
            include: include.isEmpty ? nil : try DockerIgnore(patterns: include),
            followLinks: false, formula: formula, in: t, memo: &memo)
    }

    /// `TestChecksumIncludeDoubleStar`: include patterns keep a file deep below, with the headers of
    /// its directories (v0.25.1 and v0.26.0 expectations).
    @Test func includePatternsKeepTheHeadersAbove() throws {
        let empty = Digest.sha256(of: [UInt8]())
        let bare = try ContextTree(entries: [Self.dir("prefix"), Self.dir("prefix/a"), Self.dir("prefix/a/b"), Self.dir("prefix/a/b/c")])
        #expect(try Self.listed("prefix/a", bare, include: ["**/foo/**"]) == empty)
        let t = try ContextTree(entries: [
            Self.dir("prefix"), Self.dir("prefix/a"), Self.dir("prefix/a/b"), Self.dir("prefix/a/b/c"), Self.dir("prefix/a/b/c/foo"),
            Self.file("prefix/a/b/c/foo/bar", "abc"),
        ])
        let v25 = Self.digest("853b46abef38d02c9e29fdd1557c6002903b262541e60064bc84518d4d3a6f11")
        let v26 = Self.digest("aa7448215bbf5b837b35ce64467857d8b9747965573d14d4b31b370586370971")
        for include in [["**/foo/**", "**/report"], ["**/foo", "**/report"]] {
            #expect(try Self.listed("prefix/a", t, include: include) == v25, "\(include)")
            #expect(try Self.listed("prefix/a", t, include: include, .v0_26OrLater) == v26, "\(include)")
        }
    }

    /// `TestChecksumIncludeExclude`'s relations: what the patterns leave out does not count.
    @Test func excludedEntriesDoNotCount() throws {
        let one = try ContextTree(entries: [
            Self.file("foo", "data0"), Self.file("bar", "data1"), Self.dir("d0"), Self.file("d0/abc", "abc"), Self.dir("d1"),
            Self.file("d1/def", "def"),
        ])
        let two = try ContextTree(entries: [
            Self.file("foo", "data0"), Self.file("bar", "data1"), Self.file("baz", "data2"), Self.dir("d0"), Self.file("d0/abc", "abc"),
            Self.file("d0/xyz", "xyz"), Self.dir("d1"), Self.file("d1/def", "def"), Self.dir("d2"),
        ])
        for formula in [WildcardFormula.v0_9Through0_25, .v0_26OrLater] {
            let d0Star = try Self.listed("", one, include: ["d0/*"], formula)
            #expect(try Self.listed("", one, include: ["d0/a*"], formula) == d0Star)
            #expect(try Self.listed("", two, include: ["d0/a*"], formula) == d0Star)
            #expect(try Self.listed("", two, include: ["**/abc"], formula) == d0Star)
            #expect(try Self.listed("", two, include: ["d0/*"], exclude: ["d0/xyz"], formula) == d0Star)
            #expect(try Self.listed("", two, include: ["d0/*"], formula) != d0Star)
            #expect(try Self.listed("", two, include: ["foo"], formula) == Self.listed("", one, include: ["foo"], formula))
            #expect(try Self.listed("", two, include: ["d1"], formula) == Self.listed("", one, include: ["d1"], formula))
            #expect(try Self.listed("", two, include: ["d0"], formula) != Self.listed("", one, include: ["d0"], formula))
            #expect(try Self.listed("", one, include: ["d2/foo"], formula) == Digest.sha256(of: [UInt8]()))
            #expect(try Self.listed("d2", two, include: ["foo"], formula) == Digest.sha256(of: [UInt8]()))
            #expect(try Self.listed("", one, include: ["foo", "bar"], formula) != Self.listed("", one, include: ["foo"], formula))
        }
    }

    /// `COPY --exclude`: every source becomes a list, with the root (`.`) as its own first entry.
    @Test func copiesWithExclude() throws {
        let t = try Self.orFilterTree()
        let filter = CopyFilter(excludePatterns: ["x"])
        guard case .unsupported = try ContentChecksum.copyKey(sources: ["."], filter: filter, in: t) else {
            Issue.record("needs a formula"); return
        }
        // Excluding nothing that exists: a single file is still its own checksum.
        let foo = try ContentChecksum.copyKey(
            sources: ["foo"], filter: CopyFilter(excludePatterns: ["nothing"]), wildcards: .v0_9Through0_25, in: t)
        #expect(try foo == ContentChecksum.copyKey(sources: ["foo"], in: t))
        // Excluding part of a directory changes its key; excluding all of it leaves its header.
        let all = try ContentChecksum.copyKey(
            sources: ["x"], filter: CopyFilter(excludePatterns: ["nothing"]), wildcards: .v0_26OrLater, in: t)
        let some = try ContentChecksum.copyKey(
            sources: ["x"], filter: CopyFilter(excludePatterns: ["d0/ghi"]), wildcards: .v0_26OrLater, in: t)
        #expect(all != some && all.record != nil && some.record != nil)
        // Only x's header left: one entry named like the source, so its checksum is the key's.
        #expect(try Self.listed("x", t, exclude: ["d0"], .v0_26OrLater) == ContentChecksum.directoryHeader(mode: 0o755))
        // `*` also matches the empty path of the source itself: nothing is left.
        #expect(try Self.listed("x", t, exclude: ["*"], .v0_26OrLater) == Digest.sha256(of: [UInt8]()))
        #expect(throws: BuildContextError.sourceNotFound(path: "/nope")) {
            try ContentChecksum.copyKey(sources: ["nope"], filter: filter, wildcards: .v0_26OrLater, in: t)
        }
        #expect(throws: BuildContextError.self) {
            try ContentChecksum.copyKey(sources: ["x"], filter: CopyFilter(excludePatterns: ["!"]), wildcards: .v0_26OrLater, in: t)
        }
    }

    /// `COPY --parents`: the path below the pivot (`/./`) becomes an include pattern; the headers of
    /// the directories above a kept file are kept with it.
    @Test func copiesWithParents() throws {
        #expect(ContextSourcePath.parents("a/./b/c.txt") == ("/a", "b/c.txt", "/a/b/c.txt"))
        #expect(ContextSourcePath.parents("x/y") == ("/", "x/y", "/x/y"))
        #expect(ContextSourcePath.parents("src/*.go") == ("/", "src/*.go", nil))
        #expect(ContextSourcePath.parents("./src/./pkg/") == ("/src", "pkg", "/src/pkg"))

        let t = try Self.orFilterTree()
        let parents = CopyFilter(parents: true)
        guard case .unsupported = try ContentChecksum.copyKey(sources: ["x/d0/abc"], filter: parents, in: t) else {
            Issue.record("formula"); return
        }
        let header = ContentChecksum.directoryHeader(mode: 0o755).description
        let root = Digest.sha256(of: [UInt8]()).description
        let v26 = Digest.sha256(
            of: Array(("\0" + root + "\0x" + header + "\0x\0d0" + header + "\0x\0d0\0abc" + Self.dataFile0.description).utf8))
        #expect(
            try ContentChecksum.copyKey(sources: ["x/d0/abc"], filter: parents, wildcards: .v0_26OrLater, in: t).record
                == RecordKey.content(checksum: Digest.sha256(of: Array(v26.description.utf8))))
        // v0.25 names entries by base name: the root's is ".".
        let v25 = Digest.sha256(of: Array(("." + root + "\0x" + header + "\0d0" + header + "\0abc" + Self.dataFile0.description).utf8))
        #expect(
            try ContentChecksum.copyKey(sources: ["x/d0/abc"], filter: parents, wildcards: .v0_9Through0_25, in: t).record
                == RecordKey.content(checksum: Digest.sha256(of: Array(v25.description.utf8))))
        // v0.26 requires the path to exist; v0.25 takes nothing.
        #expect(throws: BuildContextError.sourceNotFound(path: "/nope/x")) {
            try ContentChecksum.copyKey(sources: ["nope/x"], filter: parents, wildcards: .v0_26OrLater, in: t)
        }
        let nothing = Digest.sha256(of: Array(Digest.sha256(of: [UInt8]()).description.utf8))
        #expect(
            try ContentChecksum.copyKey(sources: ["nope/x"], filter: parents, wildcards: .v0_9Through0_25, in: t).record
                == RecordKey.content(checksum: nothing))
    }

    /// Go's `path.Match`, which selects the entries.
    @Test func pathMatch() {
        let cases: [(String, String, Bool)] = [
            ("/f*", "/foo", true), ("/f*", "/f/oo", false), ("/x/d?", "/x/d0", true), ("/x/d?", "/x/d00", false),
            ("/[a-c]x", "/bx", true), ("/[^a-c]x", "/dx", true), ("/[^a-c]x", "/bx", false), ("/a\\*", "/a*", true),
            ("/a\\*", "/ab", false), ("/*/*.go", "/src/main.go", true), ("/*.go", "/src/main.go", false),
        ]
        for (p, name, expected) in cases {
            #expect(GlobExpression(pathMatch: p)?.matches(name) == expected, "\(p) \(name)")
        }
        #expect(GlobExpression(pathMatch: "/[") == nil)
    }
}
