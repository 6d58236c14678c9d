import CacheKeys
import XCTest

final class DockerfileParserTests: XCTestCase {
    func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> ParsedDockerfile {
        try ParsedDockerfile(parsing: text)
    }

    func testDirectivesCommentsAndContinuations() throws {
        let df = try parse(
            """
            # syntax=docker/dockerfile:1
            # escape=`
            # a comment
            FROM alpine AS Build
            RUN echo a `
              # comment inside
              && echo b
            COPY --from=build --chown=1000:1000 a.txt /a.txt
            """)
        XCTAssertEqual(df.directives.map(\.name), ["syntax", "escape"])
        XCTAssertEqual(df.syntax, "docker/dockerfile:1")
        XCTAssertEqual(df.escape, "`")
        XCTAssertEqual(df.instructions.map(\.keyword), ["FROM", "RUN", "COPY"])
        XCTAssertEqual(df.instructions[0].command, .from(base: "alpine", name: "build", platform: nil))
        XCTAssertEqual(df.instructions[1].command, .run(.shell("echo a   && echo b")))
        XCTAssertEqual(df.instructions[1].line, 5)
        XCTAssertEqual(df.instructions[1].endLine, 7)
        XCTAssertEqual(df.instructions[2].flag("from"), "build")
        XCTAssertEqual(df.instructions[2].flagWords, ["--from=build", "--chown=1000:1000"])
        XCTAssertEqual(df.instructions[2].command, .copy(sources: ["a.txt"], dest: "/a.txt"))
        XCTAssertEqual(df.stages.map(\.name), ["build"])
    }

    func testDirectivesStopAtTheFirstOtherLine() throws {
        let df = try parse("FROM a\n# escape=`\nRUN x \\\n  y\n")
        XCTAssertTrue(df.directives.isEmpty)
        XCTAssertEqual(df.escape, "\\")
        XCTAssertEqual(df.instructions[1].command, .run(.shell("x   y")))
    }

    func testExecFormAndMountFlags() throws {
        let df = try parse(
            """
            FROM scratch
            RUN --mount=type=cache,target=/root/.npm --network=none ["npm", "ci"]
            SHELL ["/bin/bash", "-c"]
            """)
        let run = df.instructions[1]
        XCTAssertEqual(run.command, .run(.exec(["npm", "ci"])))
        XCTAssertEqual(run.flagValues("mount"), ["type=cache,target=/root/.npm"])
        XCTAssertEqual(run.flag("network"), "none")
        XCTAssertEqual(run.historyForm, "RUN npm ci")
        XCTAssertEqual(df.instructions[2].command, .shell(["/bin/bash", "-c"]))
    }

    func testHeredocs() throws {
        let df = try parse(
            """
            FROM scratch
            RUN <<EOT
            echo "$HOME"
            EOT
            RUN <<-"EOF" cat > /a <<B
            \tquoted
            \tEOF
            b
            B
            COPY <<X /x.txt
            x
            X
            """)
        XCTAssertEqual(df.instructions[1].heredocs, [Heredoc(name: "EOT", content: "echo \"$HOME\"\n", chomp: false, expand: true)])
        let two = df.instructions[2].heredocs
        XCTAssertEqual(two.map(\.name), ["EOF", "B"])
        XCTAssertEqual(two[0].chomp, true)
        XCTAssertEqual(two[0].expand, false)
        XCTAssertEqual(two[0].effectiveContent, "quoted\n")
        XCTAssertEqual(two[1].content, "b\n")
        XCTAssertEqual(df.instructions[3].command, .copy(sources: ["<<X"], dest: "/x.txt"))
        XCTAssertEqual(df.instructions[3].line, 10)
    }

    func testChompedHeredocWithCRLFLines() throws {
        let df = try parse("FROM a\r\nRUN <<-E\r\n\t\tone\r\n\ttwo\r\n\tE\r\n")
        XCTAssertEqual(df.instructions[1].heredocs.first?.effectiveContent, "one\r\ntwo\r\n")
    }

    func testEnvArgAndLabelForms() throws {
        let df = try parse(
            """
            ARG BASE=alpine
            FROM $BASE
            ENV A=1 B="two words" C=x\\ y
            ENV OLD value with spaces
            ARG V W=2
            """)
        XCTAssertEqual(df.globalArgs, [ArgDeclaration(key: "BASE", defaultValue: "alpine")])
        XCTAssertEqual(
            df.instructions[2].command,
            .env([
                KeyValue(key: "A", value: "1"), KeyValue(key: "B", value: "\"two words\""),
                KeyValue(key: "C", value: "x\\ y"),
            ]))
        XCTAssertEqual(df.instructions[3].command, .env([KeyValue(key: "OLD", value: "value with spaces")]))
        XCTAssertEqual(
            df.instructions[4].command, .arg([ArgDeclaration(key: "V", defaultValue: nil), ArgDeclaration(key: "W", defaultValue: "2")]))
        XCTAssertEqual(df.instructions[0].stage, -1)
        XCTAssertEqual(df.instructions[4].stage, 0)
    }

    func testErrorsCarryTheirLine() {
        XCTAssertThrowsError(try ParsedDockerfile(parsing: "FROM a\nRUN <<EOT\necho\n")) { e in
            XCTAssertEqual(e as? DockerfileError, DockerfileError(.unterminatedHeredoc("EOT"), line: 2, column: 5))
        }
        XCTAssertThrowsError(try ParsedDockerfile(parsing: "# escape=x\nFROM a\n")) { e in
            XCTAssertEqual((e as? DockerfileError)?.line, 1)
        }
        XCTAssertThrowsError(try ParsedDockerfile(parsing: "FROM a\nCOPY onlyone\n")) { e in
            XCTAssertEqual((e as? DockerfileError)?.line, 2)
        }
        XCTAssertThrowsError(try ParsedDockerfile(parsing: "FROM a AS 9bad\n")) { e in
            XCTAssertEqual(e as? DockerfileError, DockerfileError(.invalidStageName("9bad"), line: 1, column: 11))
        }
        XCTAssertThrowsError(try ParsedDockerfile(parsing: "# only a comment\n"))
        XCTAssertThrowsError(try ParsedDockerfile(parsing: "FROM a\nRUN [\"a\", 1]\n"))
    }

    func testUnsupportedInstructionsAreReportedWithTheirLine() throws {
        let df = try parse("FROM a\nONBUILD RUN x\n")
        XCTAssertEqual(df.unsupported.map(\.line), [2])
        XCTAssertThrowsError(try ParsedDockerfile(parsing: "FROM a\nFOO bar\n")) { e in
            XCTAssertEqual(e as? DockerfileError, DockerfileError(.unknownInstruction("FOO"), line: 2, column: 1))
        }
    }

    func testPrintedFormParsesToTheSameInstructions() throws {
        let sources = [
            "# escape=`\nFROM --platform=$BUILDPLATFORM alpine AS b\nRUN a `\n  b\nCOPY --chown=\"a b\" x y\n",
            "FROM a\nRUN -- --weird\nRUN <<EOT\nline\nEOT\nENV A=\"1 2\"\nlabel x=y\n",
            "FROM a\nCOPY --exclude=*.md --link . /app/\nWORKDIR /app\nCMD [\"x\"]\n",
        ]
        for text in sources {
            let df = try parse(text)
            let again = try parse(df.printed())
            XCTAssertTrue(df.sameSyntax(as: again), df.printed())
            XCTAssertEqual(again.printed(), df.printed())
        }
    }
}
