import CacheKeys
import XCTest

final class DockerfileLexTests: XCTestCase {
    let env = ["A": "a", "EMPTY": "", "SP": "x y"]

    func word(_ s: String, raw: Bool = false) throws -> String {
        var l = ShellLex()
        l.rawQuotes = raw
        l.skipUnsetEnv = raw
        return try l.processWord(s, env: env)
    }

    func testExpansionForms() throws {
        XCTAssertEqual(try word("$A/${A}"), "a/a")
        XCTAssertEqual(try word("${UNSET:-d} ${EMPTY:-d} ${EMPTY-d}"), "d d ")
        XCTAssertEqual(try word("${A:+set} ${EMPTY:+set} ${EMPTY+set} ${UNSET+set}"), "set  set ")
        XCTAssertEqual(try word("$UNSET-x"), "-x")
        XCTAssertEqual(try word("${A:-${UNSET:-nested}}"), "a")
        XCTAssertThrowsError(try word("${UNSET:?needed}"))
        XCTAssertThrowsError(try word("${A"))
        XCTAssertThrowsError(try word("${A:#x}"))
    }

    func testPatternModifiers() throws {
        let l = ShellLex()
        let env = ["V": "abcabc", "P": "v1.2.3"]
        func w(_ s: String) throws -> String { try l.processWord(s, env: env) }
        XCTAssertEqual(try w("${V#*b} ${V##*b} ${V%b*} ${V%%b*}"), "cabc c abca a")
        XCTAssertEqual(try w("${P#v} ${P%.*} ${P%%.*} ${V#x}"), "1.2.3 v1.2 v1 abcabc")
        XCTAssertEqual(try w("${V/b/x} ${V//b/x} ${V//?c/-} ${UNSET/a/b}"), "axcabc axcaxc a-a- ")
        XCTAssertEqual(try w("${V/a\\*/x} ${V/b/$UNSET}"), "abcabc acabc")
        XCTAssertThrowsError(try w("${P#\\v}"))
    }

    /// Cases from BuildKit's `shell/lex_test.go`.
    func testPatternModifiersAsBuildKit() throws {
        let l = ShellLex()
        let cases: [(String, [String: String], String)] = [
            (#"${FOO#()[]{\}^$.\*\?|\\}"#, ["FOO": #"()[]{}^$.*?|\x"#], "x"),
            (#"${FOO%%\**}"#, ["FOO": "xx**"], "xx"),
            ("${FOO#*x*y}", ["FOO": "xxyy"], "y"),
            ("${FOO#*}", ["FOO": "xxyy"], "xxyy"),
            ("${FOO##*x}", ["FOO": "xxyy"], "yy"),
            (#"${FOO#?\?}"#, ["FOO": "???y"], "?y"),
            (#"${FOO%%\**\*}"#, ["FOO": "a***yy*"], "a"),
            ("${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}", ["FOO": "/foo*/*/*.txt", "NEEDLE": #"\*/"#], "/foo.*/*.txt - /foo..*.txt"),
            ("${FOO/$NEEDLE/$R} - ${FOO//$NEEDLE/$R}", ["FOO": "/a/foo/b/c.txt", "NEEDLE": "/?/", "R": "/"], "/foo/b/c.txt - /foo/c.txt"),
            (#"${FOO//\//\/}"#, ["FOO": "/tmp/foo.txt"], #"\/tmp\/foo.txt"#),
            ("${FOO/$BAR/ww}", ["FOO": "xxyy", "BAR": ""], "wwxxyy"),
            ("${FOO///}", ["FOO": "xxyy"], "xxyy"),
        ]
        for (input, env, expected) in cases { XCTAssertEqual(try l.processWord(input, env: env), expected, input) }
        for bad in ["${FOO:#}", "${FOO:%%}", "${FOO//ww}"] { XCTAssertThrowsError(try l.processWord(bad, env: ["FOO": "x"]), bad) }
    }

    func testQuotesAndEscapes() throws {
        XCTAssertEqual(try word("'$A' \"$A\" \\$A"), "$A a $A")
        XCTAssertEqual(try word("\"a\\\"b\\c\""), "a\"b\\c")
        XCTAssertEqual(try word("'$A' $UNSET", raw: true), "'$A' $UNSET")
        XCTAssertThrowsError(try word("\"open"))
    }

    func testWordsSplitExpandedValues() throws {
        let l = ShellLex()
        XCTAssertEqual(try l.processWords("cp $SP \"q r\" <<EOT", env: env), ["cp", "x", "y", "q r", "<<EOT"])
    }

    func testBacktickEscape() throws {
        var l = ShellLex(escape: "`")
        l.rawQuotes = false
        XCTAssertEqual(try l.processWord("C:\\dir `$A", env: env), "C:\\dir $A")
    }
}
