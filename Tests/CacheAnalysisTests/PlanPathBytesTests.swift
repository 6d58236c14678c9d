import Testing

@testable import CacheAnalysis
@testable import CacheModel

/// Paths in plan's file lists and `.dockerignore` proposals are split and cut as bytes: a name
/// that starts with a combining mark (U+0301 here) joins the `/` before it into one Swift
/// Character, so a split or suffix on Characters does not see that slash.
@Suite struct PlanPathBytesTests {
    static let mark = "\u{301}x.txt"

    static func file(_ p: String) -> TarEntry { TarEntry(path: p, kind: .file, mode: 0o644, size: 1, sha256: "a") }

    /// The old layer holds the context's files under `app/`: the destination is `app/` for a file
    /// whose name starts with a combining mark as for any other.
    @Test func destinationOfANameStartingWithACombiningMark() {
        let old = LayerListing(entries: [Self.file("app/" + Self.mark), Self.file("app/b.txt")])
        let context = [Self.mark: Self.file(Self.mark), "b.txt": Self.file("b.txt")]
        #expect(PlanReport.destination(old: old, context: context).map { Array($0.utf8) } == Array("app/".utf8))
        let alone = [Self.mark: Self.file(Self.mark)]
        #expect(PlanReport.destination(old: old, context: alone).map { Array($0.utf8) } == Array("app/".utf8))
    }

    /// A folder named in a path is found after a slash that a combining mark follows.
    @Test func rarelyNeededFindsTheFolderBeforeACombiningMark() {
        #expect(PlanReport.rarelyNeeded("node_modules/" + Self.mark)?.0 == "node_modules")
        #expect(PlanReport.rarelyNeeded("web/node_modules/" + Self.mark)?.0 == "**/node_modules")
        #expect(PlanReport.rarelyNeeded("src/" + Self.mark) == nil)
    }
}
