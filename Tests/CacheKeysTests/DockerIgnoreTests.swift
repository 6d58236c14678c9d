import CacheKeys
import Testing

@Suite struct DockerIgnoreTests {
    /// patternmatcher v0.6's own table (`TestMatches`): pattern, path, excluded.
    static let single: [(String, String, Bool)] = [
        ("**", "file", true), ("**", "file/", true), ("**/", "file", true), ("**/", "file/", true),
        ("**", "/", true), ("**/", "/", true), ("**", "dir/file", true), ("**/", "dir/file", true),
        ("**", "dir/file/", true), ("**/", "dir/file/", true), ("**/**", "dir/file", true), ("**/**", "dir/file/", true),
        ("dir/**", "dir/file", true), ("dir/**", "dir/file/", true), ("dir/**", "dir/dir2/file", true),
        ("dir/**", "dir/dir2/file/", true), ("**/dir", "dir", true), ("**/dir", "dir/file", true),
        ("**/dir2/*", "dir/dir2/file", true), ("**/dir2/*", "dir/dir2/file/", true),
        ("**/dir2/**", "dir/dir2/dir3/file", true), ("**/dir2/**", "dir/dir2/dir3/file/", true),
        ("**file", "file", true), ("**file", "dir/file", true), ("**/file", "dir/file", true),
        ("**file", "dir/dir/file", true), ("**/file", "dir/dir/file", true), ("**/file*", "dir/dir/file", true),
        ("**/file*", "dir/dir/file.txt", true), ("**/file*txt", "dir/dir/file.txt", true),
        ("**/file*.txt", "dir/dir/file.txt", true), ("**/file*.txt*", "dir/dir/file.txt", true),
        ("**/**/*.txt", "dir/dir/file.txt", true), ("**/**/*.txt2", "dir/dir/file.txt", false),
        ("**/*.txt", "file.txt", true), ("**/**/*.txt", "file.txt", true), ("a**/*.txt", "a/file.txt", true),
        ("a**/*.txt", "a/dir/file.txt", true), ("a**/*.txt", "a/dir/dir/file.txt", true),
        ("a/*.txt", "a/dir/file.txt", false), ("a/*.txt", "a/file.txt", true), ("a/*.txt**", "a/file.txt", true),
        ("a[b-d]e", "ae", false), ("a[b-d]e", "ace", true), ("a[b-d]e", "aae", false), ("a[^b-d]e", "aze", true),
        (".*", ".foo", true), (".*", "foo", false), ("abc.def", "abcdef", false), ("abc.def", "abc.def", true),
        ("abc.def", "abcZdef", false), ("abc?def", "abcZdef", true), ("abc?def", "abcdef", false),
        ("a\\\\", "a\\", true), ("**/foo/bar", "foo/bar", true), ("**/foo/bar", "dir/foo/bar", true),
        ("**/foo/bar", "dir/dir2/foo/bar", true), ("abc/**", "abc", false), ("abc/**", "abc/def", true),
        ("abc/**", "abc/def/ghi", true), ("**/.foo", ".foo", true), ("**/.foo", "bar.foo", false),
        ("a(b)c/def", "a(b)c/def", true), ("a(b)c/def", "a(b)c/xyz", false), ("a.|)$(}+{bc", "a.|)$(}+{bc", true),
        ("dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true),
        ("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true),
        ("a\\*b", "a*b", true),
        // Docker's documented examples: `*/temp*` one level down, `*/*/temp*` two, `temp?` at the root.
        ("*/temp*", "somedir/temporary.txt", true), ("*/temp*", "somedir/temp", true), ("*/temp*", "temp", false),
        ("*/*/temp*", "somedir/subdir/temporary.txt", true), ("*/*/temp*", "somedir/temporary.txt", false),
        ("temp?", "tempa", true), ("temp?", "dir/tempa", false),
        // Patterns are relative to the root: `*.log` does not reach into directories.
        ("*.log", "a.log", true), ("*.log", "dir/a.log", false), ("**/*.log", "dir/a.log", true),
        // A matched directory excludes everything below it.
        ("node_modules", "node_modules/x/y.js", true), ("node_modules", "web/node_modules/x.js", false),
        // `**name` is a plain suffix (no `/` required): patternmatcher's suffix form.
        ("**foo", "barfoo", true),
    ]

    @Test func patternmatcherTable() throws {
        for (pattern, path, excluded) in Self.single {
            let rules = try DockerIgnore(patterns: [pattern])
            #expect(rules.excludes(path) == excluded, "\(pattern) on \(path)")
            #expect(Self.walked(rules, path) == excluded, "\(pattern) on \(path), parent by parent")
        }
    }

    /// patternmatcher's multi-pattern table and Docker's documented exception examples.
    @Test func exceptionsAndTheLastMatchingRule() throws {
        let cases: [([String], String, Bool)] = [
            (["**", "!util/docker/web"], "util/docker/web/foo", false),
            (["**", "!util/docker/web", "util/docker/web/foo"], "util/docker/web/foo", true),
            (["**", "!dist/*.whl"], "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false),
            (["*.md", "!README.md"], "README.md", false),
            (["*.md", "!README.md"], "CHANGES.md", true),
            (["*.md", "!README*.md", "README-secret.md"], "README-secret.md", true),
            (["*.md", "!README*.md", "README-secret.md"], "README-public.md", false),
            (["*.md", "README-secret.md", "!README*.md"], "README-secret.md", false),
            (["dir", "!dir/keep.txt"], "dir/keep.txt", false),
            (["dir", "!dir/keep.txt"], "dir/other.txt", true),
            (["dir", "!dir/keep.txt"], "dir", true),
        ]
        for (patterns, path, excluded) in cases {
            let rules = try DockerIgnore(patterns: patterns)
            #expect(rules.excludes(path) == excluded, "\(patterns) on \(path)")
            #expect(Self.walked(rules, path) == excluded, "\(patterns) on \(path), parent by parent")
        }
    }

    /// The file as `ignorefile.ReadAll` reads it.
    @Test func readingTheFile() throws {
        let text = "\u{FEFF}# comment\n\n  \t\nnode_modules\r\n/abs/path\n./dot/rel/\n!  keep.me \n  # not a comment\nlast"
        #expect(DockerIgnore.readLines(Array(text.utf8)) == ["node_modules", "abs/path", "dot/rel", "!keep.me", "# not a comment", "last"])
        #expect(DockerIgnore.readLines(Array("a/../b\n/\n".utf8)) == ["b", "/"])
        // Bytes, not characters: `#` followed by a combining mark still starts a comment, and `!`
        // followed by one is still an exception.
        #expect(DockerIgnore.readLines(Array("#\u{301}x\n!\u{301}y\n".utf8)) == ["!\u{301}y"])
        #expect(try DockerIgnore(text: "*\n!\u{301}y\n").excludes("\u{301}y") == false)
        let rules = try DockerIgnore(text: text)
        #expect(rules.patterns.map(\.description) == ["node_modules", "abs/path", "dot/rel", "!keep.me", "# not a comment", "last"])
        #expect(rules.excludes("abs/path/x"))
        #expect(rules.excludes("dot/rel"))
        #expect(!rules.excludes("abs"))
    }

    @Test func invalidPatternsAreRefused() {
        for bad in ["!", "[", "a[", "[]", "[a-]", "a\\", "[z-a"] {
            #expect(throws: DockerIgnoreError.self, "\(bad)") { try DockerIgnore(patterns: [bad]) }
        }
        // `!/` cleans to `!`, which patternmatcher refuses as well.
        #expect(throws: DockerIgnoreError.self) { try DockerIgnore(text: "!/\n") }
        // A regular-expression escape that patternmatcher passes to Go's regexp is not guessed at.
        #expect(throws: DockerIgnoreError.self) { try DockerIgnore(patterns: ["*\\d"]) }
    }

    /// fsutil leaves an excluded directory unwalked unless a `!` exception could re-include
    /// something under it; an exception with a wildcard makes it walk every excluded directory.
    @Test func pruningExcludedDirectories() throws {
        let plain = try DockerIgnore(patterns: ["build", "vendor", "!vendor/keep/**"])
        #expect(plain.canSkipExcludedDirectory("build"))
        #expect(!plain.canSkipExcludedDirectory("vendor"))
        #expect(!plain.canSkipExcludedDirectory("vendor/keep"))
        #expect(plain.canSkipExcludedDirectory("vendor/other"))
        #expect(plain.canSkipExcludedDirectory("vend"))
        #expect(!plain.excludes("vendor/keep/a.go"))
        #expect(plain.excludes("vendor/other/a.go"))

        let wild = try DockerIgnore(patterns: ["build", "!**/*.keep"])
        #expect(!wild.canSkipExcludedDirectory("build"))
        #expect(!wild.excludes("build/x/a.keep"))

        let none = try DockerIgnore(patterns: ["build"])
        #expect(none.canSkipExcludedDirectory("build"))
    }

    @Test func theIgnoreFileBesideTheDockerfileComesFirst() {
        #expect(
            IgnoreFileChoice.candidates(dockerfile: "ctx/build/app.Dockerfile", context: "ctx")
                == ["ctx/build/app.Dockerfile.dockerignore", "ctx/.dockerignore"])
    }

    /// The path's verdict computed as fsutil's walk does: each parent directory first, its match
    /// state handed down.
    static func walked(_ rules: DockerIgnore, _ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        var state: DockerIgnore.MatchState?
        for n in stride(from: 1, to: parts.count, by: 1) {
            state = rules.evaluate(parts[0..<n].joined(separator: "/"), parent: state).state
        }
        return rules.evaluate(path, parent: state).excluded
    }
}
