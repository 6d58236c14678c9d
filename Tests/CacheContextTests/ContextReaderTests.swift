import CacheKeys
import CacheModel
import Foundation
import Testing

@testable import CacheContext

#if canImport(Glibc)
    import Glibc
#endif

/// A scratch context directory, removed at the end.
final class ScratchContext {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "cachectl-ctx-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ rel: String, _ text: String, mode: mode_t = 0o644) {
        bytes(rel, Array(text.utf8), mode: mode)
    }
    func bytes(_ rel: String, _ data: [UInt8], mode: mode_t = 0o644) {
        let full = path + "/" + rel
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: full, contents: Data(data))
        chmod(full, mode)
    }
    func dir(_ rel: String, mode: mode_t = 0o755) {
        try! FileManager.default.createDirectory(atPath: path + "/" + rel, withIntermediateDirectories: true)
        chmod(path + "/" + rel, mode)
    }
    func link(_ rel: String, to target: String) { symlink(target, path + "/" + rel) }
}

@Suite struct ContextReaderTests {
    @Test func readsEntriesAsBuildKitHashesThem() throws {
        let c = ScratchContext()
        c.file("a.txt", "hi\n")
        c.dir("d")
        c.link("d/l", to: "../a.txt")
        c.file("run.sh", "#!/bin/sh\n", mode: 0o755)
        c.dir("sgid", mode: 0o2775)
        let tree = try ContextReader.read(directory: c.path)
        #expect(tree.paths == ["a.txt", "d", "d/l", "run.sh", "sgid"])
        #expect(tree.entry("run.sh")?.mode == 0o755)
        #expect(tree.entry("sgid")?.mode == 0o2775)
        #expect(tree.entry("d/l")?.kind == .symlink(target: "../a.txt"))
        #expect(tree.entry("a.txt")?.kind == .file(size: 3, checksum: ContentChecksum.file(mode: 0o644, contents: Array("hi\n".utf8))))
        #expect(try ContentChecksum.checksum(of: "d/l", in: tree) == ContentChecksum.checksum(of: "a.txt", in: tree))
    }

    /// Large files are streamed; two threads give what one gives.
    @Test func largeFilesAndBothWorkers() throws {
        let c = ScratchContext()
        var big = [UInt8](repeating: 0, count: 3 << 20)
        for i in big.indices { big[i] = UInt8(truncatingIfNeeded: i &* 31 &+ i >> 9) }
        c.bytes("big.bin", big)
        for i in 0..<40 { c.file("many/f\(i)", String(repeating: "x", count: i)) }
        let two = try ContextReader.read(directory: c.path, workers: 2)
        let one = try ContextReader.read(directory: c.path, workers: 1)
        #expect(two.entry("big.bin")?.kind == .file(size: Int64(big.count), checksum: ContentChecksum.file(mode: 0o644, contents: big)))
        #expect(try ContentChecksum.checksum(of: ".", in: two) == ContentChecksum.checksum(of: ".", in: one))
    }

    /// fsutil's walk with the ignore rules: excluded paths are not in the tree, an excluded directory
    /// holding a re-included path is listed itself, the root's `.dockerignore` applies.
    @Test func ignoreRulesShapeTheTree() throws {
        let c = ScratchContext()
        c.file(".dockerignore", "build\nvendor\n!vendor/keep/**\n*.log\n")
        c.file("build/out.o", "o")
        c.file("vendor/keep/a.go", "package a")
        c.file("vendor/other/b.go", "package b")
        c.file("x.log", "log")
        c.file("sub/x.log", "kept: *.log is only at the root")
        let rules = try ContextReader.ignoreRules(context: c.path)
        let tree = try ContextReader.read(directory: c.path, ignore: rules)
        #expect(tree.paths == [".dockerignore", "sub", "sub/x.log", "vendor", "vendor/keep", "vendor/keep/a.go"])
    }

    /// fsutil's own expectations (`filter_test.go`: `TestWalkerExclude`, `TestFSWalkNested`).
    @Test func fsutilsExcludeCases() throws {
        let c = ScratchContext()
        c.file("bar", "")
        c.file("foo2", "")
        c.file("foo/bar2", "")
        let one = try ContextReader.read(directory: c.path, ignore: try DockerIgnore(patterns: ["foo*", "!foo/bar2"]))
        #expect(one.paths == ["bar", "foo", "foo/bar2"])
        let d = ScratchContext()
        d.file("foo/bar", "")
        let two = try ContextReader.read(directory: d.path, ignore: try DockerIgnore(patterns: ["foo", "!foo/bar"]))
        #expect(two.paths == ["foo", "foo/bar"])
    }

    /// fsutil's `TestWalkerPermissionDenied` (needs a user that permissions stop): an excluded,
    /// pruned directory is never read; one walked only for an exception may be unreadable; a kept
    /// one may not.
    @Test(.enabled(if: geteuid() != 0, "root reads any directory")) func unreadableDirectories() throws {
        let c = ScratchContext()
        c.dir("foo/bar")
        chmod(c.path + "/foo/bar", 0o000)
        defer { chmod(c.path + "/foo/bar", 0o755) }
        #expect(throws: BuildContextError.self) { try ContextReader.read(directory: c.path) }
        #expect(try ContextReader.read(directory: c.path, ignore: try DockerIgnore(patterns: ["**/bar"])).paths == ["foo"])
        #expect(try ContextReader.read(directory: c.path, ignore: try DockerIgnore(patterns: ["**/bar", "!foo/bar/baz"])).paths == ["foo"])
        #expect(throws: BuildContextError.self) {
            try ContextReader.read(directory: c.path, ignore: try DockerIgnore(patterns: ["**/bar", "!foo/bar"]))
        }
    }

    @Test func theDockerfilesOwnIgnoreFileWins() throws {
        let c = ScratchContext()
        c.file(".dockerignore", "a.txt\n")
        c.file("build/app.Dockerfile.dockerignore", "b.txt\n")
        c.file("a.txt", "a")
        c.file("b.txt", "b")
        #expect(
            ContextReader.ignoreFile(context: c.path, dockerfile: c.path + "/build/app.Dockerfile") == c.path
                + "/build/app.Dockerfile.dockerignore")
        #expect(ContextReader.ignoreFile(context: c.path) == c.path + "/.dockerignore")
        let own = try ContextReader.ignoreRules(context: c.path, dockerfile: c.path + "/build/app.Dockerfile")
        #expect(own.excludes("b.txt") && !own.excludes("a.txt"))
        let root = try ContextReader.ignoreRules(context: c.path, dockerfile: c.path + "/Dockerfile")
        #expect(root.excludes("a.txt") && !root.excludes("b.txt"))
        // An empty one still wins: the frontend keeps the (empty) bytes it read and never loads
        // `.dockerignore` (`dockerui/config.go`, io.ReadAll gives a non-nil empty slice).
        c.file("empty.Dockerfile.dockerignore", "")
        #expect(try ContextReader.ignoreRules(context: c.path, dockerfile: c.path + "/empty.Dockerfile") == .none)
        c.file("bad/.dockerignore", "[\n")
        #expect(throws: BuildContextError.self) { try ContextReader.ignoreRules(context: c.path + "/bad") }
    }

    @Test func onlyTheFilesTheCopiesNeedAreRead() throws {
        let c = ScratchContext()
        c.file("go.mod", "module x\n")
        c.file("go.sum", "")
        c.file("src/main.go", "package main\n")
        let tree = try ContextReader.read(directory: c.path, hashing: .sources(["go.mod", "go.sum"]))
        guard case .file(_, let sum)? = tree.entry("src/main.go")?.kind else { Issue.record("missing"); return }
        #expect(sum == nil)
        let full = try ContextReader.read(directory: c.path)
        #expect(
            try ContentChecksum.copyKey(sources: ["go.mod", "go.sum"], in: tree)
                == ContentChecksum.copyKey(sources: ["go.mod", "go.sum"], in: full))
        #expect(throws: BuildContextError.notHashed(path: "src/main.go")) { try ContentChecksum.copyKey(sources: ["src"], in: tree) }
    }

    @Test func aMissingContext() {
        #expect(throws: BuildContextError.contextMissing("/nonexistent/cachectl-ctx")) {
            try ContextReader.read(directory: "/nonexistent/cachectl-ctx")
        }
        let c = ScratchContext()
        c.file("f", "x")
        #expect(throws: BuildContextError.contextMissing(c.path + "/f")) { try ContextReader.read(directory: c.path + "/f") }
    }

    @Test func aFIFOThatACopyIncludes() throws {
        let c = ScratchContext()
        c.file("a.txt", "a")
        mkfifo(c.path + "/pipe", 0o644)
        let tree = try ContextReader.read(directory: c.path)
        #expect(tree.entry("pipe")?.kind == .special(.fifo))
        #expect(throws: BuildContextError.specialFile(path: "pipe", kind: .fifo)) { try ContentChecksum.copyKey(sources: ["."], in: tree) }
        #expect(try ContentChecksum.copyKey(sources: ["a.txt"], in: tree).record != nil)
        // Excluded, it is not in the context at all.
        let without = try ContextReader.read(directory: c.path, ignore: try DockerIgnore(patterns: ["pipe"]))
        #expect(try ContentChecksum.copyKey(sources: ["."], in: without).record != nil)
    }

    @Test func aSymlinkLoop() throws {
        let c = ScratchContext()
        c.link("a", to: "b")
        c.link("b", to: "a")
        let tree = try ContextReader.read(directory: c.path)  // links are entries: the walk itself is fine
        #expect(throws: BuildContextError.symlinkLoop(path: "/a")) { try ContentChecksum.copyKey(sources: ["a"], in: tree) }
    }

    @Test func aFileThatChangesSizeWhileRead() throws {
        let c = ScratchContext()
        c.file("grows.txt", "0123456789")
        var buffer = [UInt8](repeating: 0, count: 4096)
        // The size the walk saw (4) is not what is read (10).
        let r = ContextReader.hashFile(c.path + "/grows.txt", path: "grows.txt", mode: 0o644, size: 4, xattrs: [:], buffer: &buffer)
        #expect(throws: BuildContextError.changedWhileReading(path: "grows.txt")) { try r.get() }
    }

    /// Sizes around the read buffer's: the last read asks one byte more than is left, so the end is
    /// seen without an extra read, and a file that grew is still caught.
    @Test func sizesAroundTheBuffer() throws {
        let c = ScratchContext()
        var buffer = [UInt8](repeating: 0, count: 4096)
        for n in [0, 1, 4095, 4096, 4097, 8191, 8192, 8193] {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            c.bytes("f\(n)", bytes)
            let r = ContextReader.hashFile(c.path + "/f\(n)", path: "f\(n)", mode: 0o644, size: Int64(n), xattrs: [:], buffer: &buffer)
            #expect(try r.get() == ContentChecksum.file(mode: 0o644, contents: bytes), "\(n) bytes")
        }
    }

    @Test func anUnreadableFile() throws {
        let c = ScratchContext()
        c.file("a.txt", "a")
        c.link("l", to: "a.txt")
        var buffer = [UInt8](repeating: 0, count: 4096)
        // Replaced by a symlink after the walk: the hash refuses to follow it.
        let r = ContextReader.hashFile(c.path + "/l", path: "l", mode: 0o644, size: 1, xattrs: [:], buffer: &buffer)
        guard case .failure(.unreadable(path: "l", _)) = r else { Issue.record("\(r)"); return }
    }

    @Test(.enabled(if: geteuid() != 0, "root reads any file")) func anUnreadableFileForAUser() throws {
        let c = ScratchContext()
        c.file("secret", "s", mode: 0o000)
        #expect(throws: BuildContextError.self) { try ContextReader.read(directory: c.path) }
        // Excluded, it is never opened.
        _ = try ContextReader.read(directory: c.path, ignore: try DockerIgnore(patterns: ["secret"]))
        // Neither is anything inside an excluded directory that can be pruned.
        c.dir("locked")
        c.file("locked/x", "x")
        chmod(c.path + "/locked", 0o000)
        defer { chmod(c.path + "/locked", 0o755) }
        _ = try ContextReader.read(directory: c.path, ignore: try DockerIgnore(patterns: ["secret", "locked"]))
    }

    /// Files a copy reads through a link are hashed once the walk is done; files below a source
    /// while it goes on; both give what a walk hashing everything gives.
    @Test func filesReachedThroughLinksAreHashedToo() throws {
        let c = ScratchContext()
        c.file("data/a.txt", "a")
        c.file("data/sub/b.txt", "b")
        c.link("current", to: "data")
        c.file("src/main.go", "package main\n")
        c.file("other.txt", "not read")
        let sources = ["current", "src"]
        let narrow = try ContextReader.read(directory: c.path, hashing: .sources(sources))
        let full = try ContextReader.read(directory: c.path)
        #expect(try ContentChecksum.copyKey(sources: sources, in: narrow) == ContentChecksum.copyKey(sources: sources, in: full))
        #expect(narrow.entry("other.txt")?.kind == .file(size: 8, checksum: nil))
    }

    /// Progress is reported with the totals of what is hashed (at most every tenth of a second).
    @Test func progressCountsWhatIsHashed() throws {
        let c = ScratchContext()
        c.bytes("big.bin", [UInt8](repeating: 7, count: 8 << 20))
        let seen = ProgressLog()
        _ = try ContextReader.read(directory: c.path, workers: 1) { seen.add($0) }
        for p in seen.all {
            #expect(p.bytes <= p.totalBytes && p.files <= p.totalFiles && p.totalBytes <= 8 << 20)
        }
    }
}

final class ProgressLog: @unchecked Sendable {
    private(set) var all: [HashProgress] = []
    private let lock = NSLock()
    func add(_ p: HashProgress) { lock.lock(); all.append(p); lock.unlock() }
}
