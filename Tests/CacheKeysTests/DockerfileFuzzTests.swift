import CacheKeys
import XCTest

/// Random Dockerfile-like texts from a small alphabet of tokens: parsing never crashes, and what
/// parses prints to a text that parses to the same instructions.
final class DockerfileFuzzTests: XCTestCase {
    struct Rand {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
    }

    static let keywords = [
        "FROM", "RUN", "COPY", "ADD", "ENV", "ARG", "WORKDIR", "USER", "SHELL", "CMD", "LABEL", "EXPOSE",
        "VOLUME", "ONBUILD", "run", "# escape=`", "# syntax=x", "#", "",
    ]

    static let tokens = [
        "FROM", "RUN", "COPY", "ADD", "ENV", "ARG", "WORKDIR", "USER", "SHELL", "CMD", "from", "AS", "x", "a=b",
        "\"q r\"", "'s'", "$V", "${V:-d}", "\\", "`", "--link", "--from=x", "--chown=\"a b\"", "--mount=type=cache,target=/c",
        "<<EOT", "<<-E", "EOT", "\tE", "E", "[\"a\",\"b\"]", "[1]", "#", "# escape=`", "# syntax=x", " ", " ", "\t",
        "\n", "\n", "\n", "\r\n", "--", "=", "/app/", ".", "ONBUILD", "\u{FEFF}", "é",
        "<<EOT\nbody\nEOT\n", "<<-E\n\tb\n\tE\n", "<<\"Q\"\n$x\nQ\n", "\\\n", "`\n", "--x=\"\"", "--\"\"", "\"",
        "'", "\\\\", "${", "}",
    ]

    func testRandomTextsRoundTrip() {
        var r = Rand(state: 0xbeef)
        var parsed = 0
        for _ in 0..<4000 {
            var text = ""
            for _ in 0..<(1 + r.next(8)) {
                if r.next(4) > 0 { text += Self.keywords[r.next(Self.keywords.count)] + " " }
                for _ in 0..<r.next(8) {
                    text += Self.tokens[r.next(Self.tokens.count)]
                    if r.next(3) == 0 { text += " " }
                }
                text += r.next(5) == 0 ? "\\\n" : "\n"
            }
            guard let df = try? ParsedDockerfile(parsing: text) else { continue }
            parsed += 1
            let printed = df.printed()
            guard let again = try? ParsedDockerfile(parsing: printed) else {
                XCTFail("printed form does not parse:\n\(text.debugDescription)\n->\n\(printed.debugDescription)")
                continue
            }
            if !df.sameSyntax(as: again) {
                let diff = zip(df.instructions, again.instructions).first {
                    $0.0.keyword != $0.1.keyword || $0.0.arguments != $0.1.arguments || $0.0.flags != $0.1.flags
                        || $0.0.command != $0.1.command || $0.0.heredocs.map(\.content) != $0.1.heredocs.map(\.content)
                }
                XCTFail(
                    "\(text.debugDescription)\n->\n\(printed.debugDescription)\n\(df.instructions.count) vs \(again.instructions.count) \(String(describing: diff))"
                )
            }
        }
        XCTAssertGreaterThan(parsed, 100)
    }

    /// An instruction whose arguments end in the escape character and a form feed (not a
    /// continuation: only spaces and tabs may follow one), or in a continuation that met the end of
    /// the file, prints so that its line does not continue into the next (fuzz/regressions/dockerfile).
    func testTrailingEscapeDoesNotContinueWhenPrinted() throws {
        var texts = ["ARG A=1\\\u{c}\nFROM x\nRUN y\n", "FROM x\nRUN echo \\"]
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../fuzz/regressions/dockerfile")
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            texts.append(String(decoding: try Data(contentsOf: dir.appendingPathComponent(f)), as: UTF8.self))
        }
        for text in texts {
            let df = try ParsedDockerfile(parsing: text)
            let again = try ParsedDockerfile(parsing: df.printed())
            XCTAssertTrue(df.sameSyntax(as: again), "\(text.debugDescription) -> \(df.printed().debugDescription)")
            XCTAssertEqual(df.instructions.count, again.instructions.count)
        }
    }
}
