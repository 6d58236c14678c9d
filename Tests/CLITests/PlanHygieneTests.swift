import Foundation
import Testing

/// `plan`'s context hygiene: a copy that will run only because of files a build rarely needs gets
/// the `.dockerignore` lines that cover them, and a line whose files a `RUN` names is marked to
/// check. The context is the goapp project (its mode=max cache imported), with files added.
struct PlanHygieneTests {
    static let layout = "oci:fixtures/v025/images"

    /// A copy of the goapp project with `extra` written into it; `dockerfile` edits its Dockerfile.
    static func context(_ extra: [String: String], dockerfile: (String) -> String = { $0 }) throws -> String {
        let dir = NSTemporaryDirectory() + "cachectl-hygiene-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.copyItem(atPath: Cachectl.root + "/fixtures/make/v025/projects/goapp", toPath: dir)
        for (path, text) in extra {
            try FileManager.default.createDirectory(
                atPath: (dir + "/" + path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: dir + "/" + path, atomically: true, encoding: .utf8)
        }
        let df = dir + "/Dockerfile"
        try dockerfile(try String(contentsOfFile: df, encoding: .utf8)).write(toFile: df, atomically: true, encoding: .utf8)
        return dir
    }

    static func plan(_ context: String) throws -> [String: Any] {
        let r = try Cachectl.run([
            "plan", "--format", "json", "--network=none", "--cache-from", "\(layout):goapp-cachemax",
            "--build-arg", "BASE_IMAGE=\(layout):base-1", context,
        ])
        #expect(r.status == 0, "\(r.err)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout)) as? [String: Any])
    }

    @Test func logsAndGitMetadataAreProposed() throws {
        let dir = try Self.context(["src/debug.log": "debug run\n", "src/.git/HEAD": "ref: refs/heads/main\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let doc = try Self.plan(dir)
        let h = try #require((doc["hygiene"] as? [[String: Any]])?.first)
        #expect(h["printed"] as? String == "[build 1/2] COPY src/ ./src/")
        let lines = try #require(h["lines"] as? [[String: Any]])
        #expect(lines.compactMap { $0["pattern"] as? String } == ["**/*.log", "**/.git"])
        #expect(lines.allSatisfy { $0["readBy"] is NSNull })
        #expect(h["safe"] as? Bool == true)
        #expect(h["steps"] as? Int == 2)  // the copy and the compile after it
    }

    @Test func aRunThatNamesItIsToBeChecked() throws {
        let dir = try Self.context(["src/.git/HEAD": "ref: refs/heads/main\n"]) {
            $0.replacingOccurrences(of: "CMD [\"/app/app\"]", with: "RUN echo \"built from git\" > /app/origin.txt\nCMD [\"/app/app\"]")
        }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = try #require((try Self.plan(dir)["hygiene"] as? [[String: Any]])?.first)
        let line = try #require((h["lines"] as? [[String: Any]])?.first)
        #expect(line["pattern"] as? String == "**/.git")
        #expect((line["readBy"] as? String)?.contains("built from git") == true)
        #expect(h["safe"] as? Bool == false)
    }

    @Test func aSourceChangeIsNotHygiene() throws {
        let dir = try Self.context(["src/debug.log": "debug run\n", "src/extra.go": "package main\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect((try Self.plan(dir)["hygiene"] as? [[String: Any]])?.isEmpty == true)
    }
}

/// A context a copy cannot checksum (a FIFO in what it copies): the plan names that step and why,
/// once, in its first line, and lists every step as unknown; it does not hang, and it is no error.
struct PlanUncomputableCopyTests {
    @Test func aFifoInTheCopiedTreeIsNamedOnTheFirstLine() throws {
        let dir = try PlanHygieneTests.context([:])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(mkfifo(dir + "/src/pipe", 0o644) == 0)
        let r = try Cachectl.run([
            "plan", "--network=none", "--cache-from", "\(PlanHygieneTests.layout):goapp-old",
            "--build-arg", "BASE_IMAGE=\(PlanHygieneTests.layout):base-1", dir,
        ])
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(
            lines.first?.hasPrefix("Cannot plan: [build 1/2] COPY src/ ./src/ has no key: src/pipe is a fifo") == true, "\(lines.prefix(3))"
        )
        #expect(r.out.components(separatedBy: "src/pipe is a fifo").count - 1 == 2)  // the first line and its step's reason
        #expect(!r.out.contains("run  "))
    }
}
