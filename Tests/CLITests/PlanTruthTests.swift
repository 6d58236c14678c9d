import Foundation
import Testing

/// `cachectl plan` against BuildKit itself: for every v0.25 fixture pair whose NEW build context
/// is committed (or re-created by `fixtures/make/v025/files-contexts.py`), plan NEW's build from
/// its exact command (`logs/<new>/command.txt`: build args, `-f`, `--target`, `--network`,
/// `--cache-from`), before any build, with the base image and the imported caches read from the
/// fixture layout; every step it answers definitely (run, cached, unneeded) must be what BuildKit
/// then did (the pair's truth from `build.rawjson`). Steps left `depends` wait on the output of a
/// stage that will run (most pairs change a source the final stage copies a build output from);
/// the share answered definitely is printed and must not fall below what it is today (89%).
struct PlanTruthTests {
    static let root = Cachectl.root
    static let layout = "oci:fixtures/v025/images"

    struct Case: CustomTestStringConvertible, Sendable {
        let pair: String
        let arguments: [String]
        let truth: [String: String]  // "stage index" → run | cached | unneeded
        var testDescription: String { pair }
    }

    /// Re-created contexts of the files-* builds (their command names /tmp/files-ctx/<variant>).
    static let filesContexts: String = {
        let dir = NSTemporaryDirectory() + "cachectl-plan-files-\(getpid())"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", root + "/fixtures/make/v025/files-contexts.py", "write", dir]
        try? p.run()
        p.waitUntilExit()
        return dir
    }()

    /// A fixture reference of the command (`$REG/fx:NAME`, `$REG/base:N`) in the layout.
    static func ref(_ text: String) -> String {
        if text.hasPrefix("$REG/fx:") { return "\(layout):" + text.dropFirst("$REG/fx:".count) }
        if text.hasPrefix("$REG/base:") { return "\(layout):base-" + text.dropFirst("$REG/base:".count) }
        if text.hasPrefix("$REG/fx/") { return "\(layout):" + text.dropFirst("$REG/fx/".count).replacingOccurrences(of: ":", with: "-") }
        return text
    }

    /// The plan arguments for a build command, or nil when its context or caches are not at hand.
    static func arguments(_ command: String) -> [String]? {
        let words = command.replacingOccurrences(of: "\\,", with: ",").split(separator: " ").map(String.init)
        guard let i = words.firstIndex(of: "build"), let context = words.last else { return nil }
        // `NAME=value docker buildx build … --build-arg NAME …`: the build took NAME from its environment.
        var environment: [String: String] = [:]
        for w in words.prefix(while: { $0 != "docker" }) {
            if let eq = w.firstIndex(of: "=") { environment[String(w[..<eq])] = String(w[w.index(after: eq)...]) }
        }
        var out: [String] = []
        var k = i + 1
        while k < words.count - 1 {
            let w = words[k]
            let value = k + 1 < words.count - 1 ? words[k + 1] : ""
            switch w {
            case "--build-arg" where !value.contains("="):
                out += ["--build-arg", environment[value].map { value + "=" + $0 } ?? value]
                k += 2
            case "--build-arg":
                let eq = value.firstIndex(of: "=") ?? value.endIndex
                out += ["--build-arg", String(value[..<eq]) + "=" + ref(String(value.dropFirst(value.distance(from: value.startIndex, to: eq) + 1)))]
                k += 2
            case "--cache-from":
                k += 2  // the pair's own sources name what the cache held then
            case "-f", "--target", "--platform":
                out += [w, value]; k += 2
            case "-t", "--cache-to", "--output", "--progress", "--provenance":
                k += 2
            default:
                if w.hasPrefix("--network=") { out.append(w) }
                k += 1
            }
        }
        var ctx = context
        if ctx.hasPrefix("/tmp/files-ctx/") { ctx = filesContexts + "/" + ctx.dropFirst("/tmp/files-ctx/".count) }
        guard FileManager.default.fileExists(atPath: ctx.hasPrefix("/") ? ctx : root + "/" + ctx) else { return nil }
        return out + [ctx]
    }

    static let cases: [Case] = {
        var out: [Case] = []
        let dir = root + "/fixtures/v025/pairs"
        for f in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() where f.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: dir + "/" + f),
                  let d = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let sources = d["sources"] as? [String], !sources.isEmpty, let new = d["new"] as? String,
                  let steps = d["steps"] as? [[String: Any]],
                  let command = try? String(contentsOfFile: root + "/fixtures/v025/logs/\(new)/command.txt", encoding: .utf8),
                  var args = arguments(command.split(separator: "\n").first.map(String.init) ?? "") else { continue }
            let context = args.removeLast()
            for src in sources {
                args += ["--cache-from", src.hasPrefix("local-cache/") ? "type=local,src=fixtures/v025/\(src)" : "\(layout):\(src)"]
            }
            args.append(context)
            // One answer per Dockerfile step: a COPY --link is its copy and its merge (one vertex each):
            // run when the copy ran, cached when either was loaded, else the copy's status.
            var byStep: [String: (copy: String?, all: [String])] = [:]
            for s in steps where (s["kind"] as? String) != "from" {
                guard let stage = s["stage"] as? String, let index = s["index"] as? Int, let status = s["status"] as? String else { continue }
                let k = "\(stage) \(index)"
                var e = byStep[k] ?? (nil, [])
                e.all.append(status)
                if (s["kind"] as? String) != "link-merge" { e.copy = status }
                byStep[k] = e
            }
            var truth: [String: String] = [:]
            for (k, e) in byStep {
                truth[k] = e.copy == "run" ? "run" : (e.all.contains("cached") ? "cached" : (e.copy ?? e.all[0]))
            }
            out.append(Case(pair: String(f.dropLast(5)), arguments: args, truth: truth))
        }
        return out
    }()

    /// Per pair: steps compared, agreeing, and answered `depends`/`unknown`.
    final class Tally: @unchecked Sendable {
        let lock = NSLock()
        var compared = 0, agree = 0, open = 0, pairs = 0
        func add(_ c: Int, _ a: Int, _ o: Int) { lock.lock(); compared += c; agree += a; open += o; pairs += 1; lock.unlock() }
    }

    @Test func predictsWhatBuildKitRan() throws {
        #expect(Self.cases.count >= 79, "\(Self.cases.count) pairs with a context at hand")
        var compared = 0, open = 0
        for c in Self.cases {
            let r = try Cachectl.run(["plan", "--format", "json"] + c.arguments)
            guard r.status == 0, let doc = try? JSONSerialization.jsonObject(with: Data(r.stdout)) as? [String: Any] else {
                Issue.record("\(c.pair): plan exited \(r.status): \(r.err)"); continue
            }
            var predicted: [String: String] = [:]
            for st in doc["stages"] as? [[String: Any]] ?? [] {
                for s in st["steps"] as? [[String: Any]] ?? [] {
                    guard let printed = s["printed"] as? String, let status = s["status"] as? String,
                          printed.hasPrefix("["), let close = printed.firstIndex(of: "]") else { continue }
                    // "[build 2/3] …" → "build 2"; "[2/5] …" (one stage) → "final 2".
                    // A multi-platform build prefixes the platform: "[linux/amd64 builder 1/2]".
                    var inside = printed[printed.index(after: printed.startIndex)..<close].split(separator: " ")
                    if inside.count > 2 || (inside.count == 2 && inside[0].contains("/")) { inside.removeFirst() }
                    guard let frac = inside.last, let index = frac.split(separator: "/").first else { continue }
                    predicted["\(inside.count > 1 ? String(inside[0]) : "final") \(index)"] = status
                }
            }
            for (step, want) in c.truth.sorted(by: { $0.key < $1.key }) {
                guard let got = predicted[step] else { Issue.record("\(c.pair): \(step) not planned (BuildKit: \(want))"); continue }
                if got == "depends" || got == "unknown" { open += 1; continue }
                compared += 1
                #expect(got == want, "\(c.pair): \(step): BuildKit \(want), plan \(got)")
            }
        }
        let total = compared + open
        print("plan truth: \(Self.cases.count) pairs, \(total) steps, \(compared) answered definitely (\(total == 0 ? 0 : compared * 100 / total)%), \(open) depends/unknown")
        #expect(total > 0 && compared * 100 >= total * 89, "answered definitely: \(compared) of \(total)")
    }
}
