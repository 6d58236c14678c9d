import CacheAnalysis
import CacheKeys
import Foundation
import XCTest

/// The full parser gives everything lint's line parser gives (line, keyword, flags, body, stage,
/// stage names and bases, history form) on every committed fixture Dockerfile without heredocs
/// (lint's parser reads heredoc bodies as instructions).
final class DockerfileParityTests: XCTestCase {
    static func dockerfiles() throws -> [String] {
        let root = Fixtures.root + "/make"
        guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
        return e.compactMap { $0 as? String }.filter { ($0 as NSString).lastPathComponent.hasPrefix("Dockerfile") }
            .map { root + "/" + $0 }.sorted()
    }

    func testSameViewAsLintsParser() throws {
        var compared = 0
        for path in try Self.dockerfiles() {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard !text.contains("<<") else { continue }
            let lint = Dockerfile(path: path, text: text)
            let full = try ParsedDockerfile(parsing: text)
            XCTAssertEqual(full.instructions.count, lint.instructions.count, path)
            for (a, b) in zip(full.instructions, lint.instructions) {
                XCTAssertEqual(a.line, b.line, path)
                XCTAssertEqual(a.keyword, b.keyword, path)
                XCTAssertEqual(a.flagWords, b.flags, path)
                XCTAssertEqual(a.body, b.body, path)
                XCTAssertEqual(a.stage, b.stage, path)
                XCTAssertEqual(a.historyForm, b.historyForm, path)
                compared += 1
            }
            XCTAssertEqual(full.stages.map(\.name), lint.stages.map(\.name), path)
            XCTAssertEqual(full.stages.map { $0.base.lowercased() }, lint.stages.map(\.base), path)
            XCTAssertEqual(full.stages.map(\.fromInstruction), lint.stages.map(\.fromInstruction), path)
        }
        XCTAssertGreaterThan(compared, 100)
    }

    /// Every fixture Dockerfile (heredocs included) prints to a text that parses to the same.
    func testFixturesRoundTripThroughThePrinter() throws {
        for path in try Self.dockerfiles() {
            let df = try ParsedDockerfile(parsing: try String(contentsOfFile: path, encoding: .utf8))
            let again = try ParsedDockerfile(parsing: df.printed())
            XCTAssertTrue(df.sameSyntax(as: again), path)
        }
    }
}
