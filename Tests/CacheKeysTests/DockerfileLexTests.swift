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
        XCTAssertThrowsError(try word("${A#x}"))
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
