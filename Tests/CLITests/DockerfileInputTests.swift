import Foundation
import Testing

/// A `--dockerfile` is read by one parser in lint, diff and plan: a syntax error stops each with
/// exit 2 and `PATH:LINE:COLUMN: what`; a construct cachectl does not follow is named with its line.
@Suite("Dockerfile input") struct DockerfileInputTests {
    static let f = "oci:fixtures/images"

    /// A directory of its own holding `Dockerfile` with `text`; removed after `body`.
    func withDockerfile(_ text: String, _ body: (_ dir: String, _ path: String) throws -> Void) throws {
        let dir = NSTemporaryDirectory() + "cachectl-dockerfile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/Dockerfile"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try body(dir, path)
    }

    static let syntaxErrors: [(text: String, line: Int, column: Int, what: String)] = [
        ("FROM alpine\nRUN echo hi\nFROB bar\n", 3, 1, "unknown instruction: FROB"),
        ("FROM alpine AS 9bad\nRUN echo hi\n", 1, 16, "invalid stage name \"9bad\""),
        ("FROM alpine\n  COPY onlyone\n", 2, 3, "COPY requires at least two arguments"),
    ]

    @Test(arguments: syntaxErrors.indices)
    func syntaxErrorGivesLineAndColumn(_ i: Int) throws {
        let c = Self.syntaxErrors[i]
        try withDockerfile(c.text) { dir, path in
            let commands: [[String]] = [
                ["lint", "\(Self.f):v013-multistage-old", "--dockerfile", path],
                ["diff", "\(Self.f):v013-multistage-old", "\(Self.f):v013-multistage-src2", "--dockerfile", path],
                ["plan", "--network=none", dir],
            ]
            for args in commands {
                let r = try Cachectl.run(args)
                #expect(r.status == 2, "\(args[0]): exit \(r.status): \(r.err)")
                #expect(r.err.hasPrefix("cachectl: error: \(path):\(c.line):\(c.column): \(c.what)"), "\(args[0]): \(r.err)")
                #expect(r.out.isEmpty, "\(args[0]) wrote a report: \(r.out)")
            }
        }
    }

    /// ONBUILD parses but is not followed: each command names it at its line and goes on.
    @Test func unsupportedConstructIsNamedWithItsLine() throws {
        let text = try String(contentsOfFile: Cachectl.root + "/fixtures/make/projects/multistage-src2/Dockerfile", encoding: .utf8)
            .replacingOccurrences(of: "WORKDIR /app\n", with: "WORKDIR /app\nONBUILD RUN echo later\n")
        try withDockerfile(text) { _, path in
            let commands: [[String]] = [
                ["lint", "\(Self.f):v013-multistage-old", "--dockerfile", path, "--fail-on", "none"],
                [
                    "diff", "\(Self.f):v013-multistage-old", "\(Self.f):v013-noinline", "\(Self.f):v013-multistage-src2", "--dockerfile",
                    path,
                ],
            ]
            for args in commands {
                let r = try Cachectl.run(args)
                #expect(r.status == 0, "\(args[0]): exit \(r.status): \(r.err)")
                #expect(
                    r.err.contains("cachectl: note: \(path):14: ONBUILD triggers run in images built FROM this one"), "\(args[0]): \(r.err)"
                )
            }
            // The steps after it keep their names and lines.
            let diff = try Cachectl.run(commands[1])
            #expect(diff.out.contains("[final 3/6] RUN echo \"setup\" > /app/setup.txt"), "\(diff.out)")
        }
    }
}
