import CacheKeys
import CacheModel
import Foundation
import Testing

@testable import CacheContext

/// `ContextFiles.listing`: what a context copy reads, keyed as the copy's layer would hold it.
@Suite struct ContextFilesTests {
    static func context() throws -> (ScratchContext, ContextTree) {
        let c = ScratchContext()
        c.file("go.mod", "module x\n")
        c.file("src/main.go", "package main\n")
        c.file("src/util/u.go", "package util\n")
        c.dir("src/empty")
        c.link("src/link", to: "main.go")
        c.file("srcx/other.go", "not below src/\n")
        return (c, try ContextReader.read(directory: c.path))
    }

    @Test func aFolderIsListedBelowItself() throws {
        let (c, tree) = try Self.context()
        for source in ["src", "src/"] {
            let got = try ContextFiles.listing(context: c.path, tree: tree, sources: [source], maxBytes: 1 << 20)
            #expect(got.keys.sorted() == ["empty", "link", "main.go", "util", "util/u.go"], "\(source)")
            #expect(got["util/u.go"]?.path == "src/util/u.go")
            #expect(got["util/u.go"]?.sha256 == hexString(SHA256.hash(Array("package util\n".utf8))))
            #expect(got["link"]?.linkTarget == "main.go")
            #expect(got["empty"]?.kind == .dir)
        }
    }

    @Test func aFileByItsNameTheRootByPath() throws {
        let (c, tree) = try Self.context()
        let file = try ContextFiles.listing(context: c.path, tree: tree, sources: ["src/util/u.go", "go.mod"], maxBytes: 1 << 20)
        #expect(file.keys.sorted() == ["go.mod", "u.go"])
        #expect(file["u.go"]?.size == 13)
        let all = try ContextFiles.listing(context: c.path, tree: tree, sources: [""], maxBytes: 1 << 20)
        #expect(all.keys.sorted() == tree.paths)
        #expect(try ContextFiles.listing(context: c.path, tree: tree, sources: ["missing"], maxBytes: 1 << 20).isEmpty)
        // A name that starts with a combining mark is still keyed by the bytes after the last slash.
        c.file("src/\u{301}x.go", "package x\n")
        let marked = try ContextReader.read(directory: c.path)
        let got = try ContextFiles.listing(context: c.path, tree: marked, sources: ["src/\u{301}x.go"], maxBytes: 1 << 20)
        #expect(got.keys.map { Array($0.utf8) } == [Array("\u{301}x.go".utf8)])
    }

    @Test func readingStopsAtTheBudget() throws {
        let (c, tree) = try Self.context()
        #expect(throws: ContextFiles.Failure.overLimit(20)) {
            try ContextFiles.listing(context: c.path, tree: tree, sources: ["src"], maxBytes: 20)
        }
    }
}
