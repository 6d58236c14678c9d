import CacheAnalysis
import Foundation
import Testing

/// The rule registry stays in sync with the rule files and with docs/rules.md.
@Suite struct LintRegistryTests {
    static let repo: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `NoInlineCache` → `no-inline-cache`.
    static func kebab(_ name: String) -> String {
        var out = ""
        for ch in name {
            if ch.isUppercase { if !out.isEmpty { out += "-" }; out += ch.lowercased() } else { out.append(ch) }
        }
        return out
    }

    /// Every file of `folder` defines exactly one rule (conforming to `proto`) named after the
    /// file, and the files are exactly `ids`.
    static func checkFolder(_ folder: String, proto: String, ids: [String]) throws {
        let dir = Self.repo + "/Sources/CacheAnalysis/Lint/" + folder
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".swift") }.sorted()
        let fromFiles = files.map { Self.kebab(String($0.dropLast(".swift".count))) }
        #expect(fromFiles.sorted() == ids.sorted())
        for file in files {
            let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
            let id = Self.kebab(String(file.dropLast(".swift".count)))
            #expect(text.contains("public let id = \"\(id)\""), "\(file) should define the rule \(id)")
            #expect(text.components(separatedBy: ": \(proto) {").count == 2, "\(file) should define exactly one rule")
        }
    }

    @Test func everyRuleFileIsRegistered() throws {
        try Self.checkFolder("Rules", proto: "LintRule", ids: LintRules.ids)
        try Self.checkFolder("ExportRules", proto: "ExportLintRule", ids: LintRules.exports.map(\.id))
    }

    @Test func idsAreUniqueAndKebabCase() {
        #expect(Set(LintRules.allIDs).count == LintRules.all.count + LintRules.exports.count)
        for r in LintRules.exports {
            #expect(r.id.allSatisfy { $0.isLowercase || $0 == "-" }, "\(r.id)")
        }
        for r in LintRules.all {
            #expect(r.id.allSatisfy { $0.isLowercase || $0 == "-" }, "\(r.id)")
            #expect(LintRules.rule(r.id)?.id == r.id)
        }
    }

    @Test func docsTableListsExactlyTheRegisteredRules() throws {
        let text = try String(contentsOfFile: Self.repo + "/docs/rules.md", encoding: .utf8)
        var rows: [(id: String, severity: String)] = []
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            rows.append((cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")), cells[1]))
        }
        #expect(rows.map(\.id) == LintRules.allIDs)
        let severities = LintRules.all.map(\.severity) + LintRules.exports.map(\.severity)
        for (severity, row) in zip(severities, rows) { #expect(row.severity == severity.rawValue, "\(row.id)") }
    }

    @Test func theSeveritiesOfTheContract() {
        let expected: [String: LintSeverity] = [
            "no-inline-cache": .error, "invalid-cache-metadata": .error, "cache-config-too-large": .error,
            "intermediate-stages-uncached": .warning, "cache-holes": .warning, "early-build-arg": .warning,
            "broad-copy-before-run": .warning, "platform-without-cache": .warning,
            "cache-mounts-not-exported": .info, "stale-cache": .info, "source-date-epoch": .info,
        ]
        #expect(Dictionary(uniqueKeysWithValues: LintRules.all.map { ($0.id, $0.severity) }) == expected)
    }
}
