import Foundation
import Testing

/// For every fixture pair: the text, markdown and JSON of `diff` give one answer, and the exit
/// codes agree with it. The first lines name where the change starts and why (or say that
/// nothing ran), every text line fits 80 columns, and the layer table is a view of the steps.
struct AnswerAgreementTests {
    struct Pair: CustomTestStringConvertible, Sendable {
        let name: String
        let references: [String]
        var testDescription: String { name }
    }

    static let pairs: [Pair] = {
        var out: [Pair] = []
        let fm = FileManager.default
        let root = Cachectl.root
        func json(_ path: String) -> [String: Any]? {
            (try? Data(contentsOf: URL(fileURLWithPath: path))).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        }
        for f in ((try? fm.contentsOfDirectory(atPath: root + "/fixtures/pairs")) ?? []).sorted() where f.hasSuffix(".json") {
            guard let d = json(root + "/fixtures/pairs/" + f), let old = d["old"] as? String, let new = d["new"] as? String else {
                continue
            }
            out.append(Pair(name: String(f.dropLast(5)), references: ["oci:fixtures/images:\(old)", "oci:fixtures/images:\(new)"]))
        }
        for f in ((try? fm.contentsOfDirectory(atPath: root + "/fixtures/v025/pairs")) ?? []).sorted() where f.hasSuffix(".json") {
            guard let d = json(root + "/fixtures/v025/pairs/" + f), let sources = d["sources"] as? [String], !sources.isEmpty,
                let new = d["new"] as? String
            else { continue }
            let refs = (sources + [new]).map { s in
                s.hasPrefix("local-cache/") ? "oci:fixtures/v025/\(s)" : "oci:fixtures/v025/images:\(s)"
            }
            out.append(Pair(name: "v025-" + String(f.dropLast(5)), references: refs))
        }
        return out
    }()

    @Test func everyPairIsCovered() { #expect(Self.pairs.count >= 60, "\(Self.pairs.count) pairs") }

    @Test(arguments: pairs)
    func oneAnswer(_ p: Pair) throws {
        let text = try Cachectl.run(["diff"] + p.references + ["--fail-on-run"])
        // A NEW pushed without inline cache (its build exported a registry cache instead) cannot be diffed as an image.
        if text.status == 2 && text.err.contains("carries no inline cache") { return }
        let json = try Cachectl.run(["diff"] + p.references + ["--format", "json", "--fail-on-miss"])
        let md = try Cachectl.run(["diff"] + p.references + ["--format", "markdown"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any], "\(p.name): \(json.err)")
        let summary = try #require(doc["summary"] as? [String: Any])
        let run = try #require(summary["stepsRunTotal"] as? Int)
        let misses = try #require(summary["misses"] as? Int)
        let headline = try #require(summary["headline"] as? [String])
        let lines = text.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

        // Exit codes: --fail-on-run is about steps, --fail-on-miss about layers; both from one model.
        #expect(text.status == (run > 0 ? 1 : 0), "\(p.name): --fail-on-run exit \(text.status) with \(run) steps run")
        #expect(json.status == (misses > 0 ? 1 : 0), "\(p.name): --fail-on-miss exit \(json.status) with \(misses) misses")
        #expect(md.status == 0, "\(p.name): markdown exit \(md.status)")

        // The text opens with the JSON's headline, at most three lines; markdown with the same words.
        #expect((1...3).contains(headline.count), "\(p.name): \(headline)")
        #expect(Array(lines.prefix(headline.count)) == headline, "\(p.name): text opens \(lines.prefix(3)) vs \(headline)")
        #expect(lines.count > headline.count && lines[headline.count].isEmpty, "\(p.name): a blank line after the headline")
        let mdText = md.out.replacingOccurrences(of: "\\", with: "")
        for h in headline where !h.hasPrefix("  ") {
            #expect(mdText.contains(h.split(separator: " ").prefix(4).joined(separator: " ")), "\(p.name): markdown lacks \(h)")
        }

        // Where the change starts, and why — or that nothing ran.
        let start = summary["changeStartsAt"] as? [String: Any]
        if run == 0 {
            #expect(start == nil || start is NSNull, "\(p.name): nothing ran but changeStartsAt is set")
            #expect(headline[0].hasPrefix("Nothing ran"), "\(p.name): \(headline[0])")
        } else {
            let s = try #require(start, "\(p.name): \(run) steps ran but changeStartsAt is null")
            #expect(s["status"] as? String == "run", "\(p.name): the change starts at a step that ran")
            let joined = headline.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            let because = try #require(s["because"] as? String)
            #expect(joined.lowercased().contains(because.lowercased()), "\(p.name): the headline lacks the cause \(because): \(headline)")
            // Without any usable cache no single step starts the change: every step ran.
            if s["cause"] as? String == "no-cache" {
                #expect(joined.contains("every step ran"), "\(p.name): \(headline)")
            } else if let layer = s["layer"] as? Int, s["printed"] is NSNull {
                #expect(joined.contains("layer \(layer)"), "\(p.name): the headline lacks layer \(layer): \(headline)")
            } else if let stage = s["stage"] as? String, let pos = s["position"] as? Int, s["printed"] is NSNull {
                #expect(joined.contains("step \(pos) of \(stage)"), "\(p.name): the headline lacks the step: \(headline)")
            }
            #expect(headline[0].hasPrefix("Ran \(run) of \(summary["stepsTotal"] as? Int ?? -1) steps"), "\(p.name): \(headline[0])")
        }

        // 80 columns.
        for l in lines { #expect(l.count <= 80, "\(p.name): \(l.count) columns: \(l)") }

        // The layer table is a view of the steps: a layer misses exactly when its step ran.
        let layers = try #require(doc["layers"] as? [[String: Any]])
        var stepOfLayer: [Int: String] = [:]
        for st in (doc["stages"] as? [[String: Any]] ?? []) where st["final"] as? Bool == true {
            for v in st["steps"] as? [[String: Any]] ?? [] {
                if let l = v["layer"] as? Int, stepOfLayer[l] == nil { stepOfLayer[l] = v["status"] as? String }
            }
        }
        for l in layers {
            guard let i = l["index"] as? Int, let status = l["status"] as? String, status != "base", let step = stepOfLayer[i] else {
                continue
            }
            #expect((status == "miss") == (step == "run"), "\(p.name): layer \(i) \(status) but its step \(step)")
        }
    }
}
