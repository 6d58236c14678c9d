import Foundation
import Testing

/// `cachectl plan` against BuildKit itself: for every fixture pair whose NEW build context is
/// committed (or re-created by `fixtures/make/v025/files-contexts.py`) — BuildKit v0.25
/// (fixtures/v025), and v0.13 and v0.8 (fixtures/plan-old: wildcard copies, a cache mount's id= and
/// sharing=, whose keys differ between those engines; the engine inferred from the cache) — plan NEW's build from
/// its exact command (`logs/<new>/command.txt`: build args, `-f`, `--target`, `--network`,
/// `--cache-from`), before any build, with the base image and the imported caches read from the
/// fixture layout; every step it answers definitely (run, cached, unneeded) must be what BuildKit
/// then did (the pair's truth from `build.rawjson`). Steps left `depends` wait on the output of a
/// stage that will run (most pairs change a source the final stage copies a build output from);
/// the share answered definitely is printed and must not fall below what it is today (89%).
struct PlanTruthTests {
    static let root = Cachectl.root
    static let layout = "oci:fixtures/v025/images"
    /// The fixture sets: their folder (images/, logs/, pairs/) below the repository.
    static let sets = ["fixtures/v025", "fixtures/plan-old"]

    struct Case: CustomTestStringConvertible, Sendable {
        let pair: String
        /// Its fixture set (`fixtures/v025`, `fixtures/plan-old`).
        let set: String
        let arguments: [String]
        let truth: [String: String]  // "stage index" → run | cached | unneeded
        let seconds: [String: Double]  // "stage index" → how long BuildKit ran it (steps that ran)
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
    static func ref(_ text: String, layout: String = layout) -> String {
        if text.hasPrefix("$REG/fx:") { return "\(layout):" + text.dropFirst("$REG/fx:".count) }
        if text.hasPrefix("$REG/base:") { return "\(layout):base-" + text.dropFirst("$REG/base:".count) }
        if text.hasPrefix("$REG/fx/") { return "\(layout):" + text.dropFirst("$REG/fx/".count).replacingOccurrences(of: ":", with: "-") }
        return text
    }

    /// The plan arguments for a build command, or nil when its context or caches are not at hand.
    static func arguments(_ command: String, layout: String = layout) -> [String]? {
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
                out += [
                    "--build-arg",
                    String(value[..<eq]) + "="
                        + ref(String(value.dropFirst(value.distance(from: value.startIndex, to: eq) + 1)), layout: layout),
                ]
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
        for set in sets {
            let layout = "oci:\(set)/images"
            let dir = root + "/\(set)/pairs"
            for f in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() where f.hasSuffix(".json") {
                guard let data = FileManager.default.contents(atPath: dir + "/" + f),
                    let d = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                    let sources = d["sources"] as? [String], !sources.isEmpty, let new = d["new"] as? String,
                    let steps = d["steps"] as? [[String: Any]],
                    let command = try? String(contentsOfFile: root + "/\(set)/logs/\(new)/command.txt", encoding: .utf8),
                    var args = arguments(command.split(separator: "\n").first.map(String.init) ?? "", layout: layout)
                else { continue }
                let context = args.removeLast()
                for src in sources {
                    args += ["--cache-from", src.hasPrefix("local-cache/") ? "type=local,src=\(set)/\(src)" : "\(layout):\(src)"]
                }
                args.append(context)
                // One answer per Dockerfile step: a COPY --link is its copy and its merge (one vertex each):
                // run when the copy ran, cached when either was loaded, else the copy's status.
                var byStep: [String: (copy: String?, all: [String])] = [:]
                var seconds: [String: Double] = [:]
                for s in steps where (s["kind"] as? String) != "from" {
                    guard let stage = s["stage"] as? String, let index = s["index"] as? Int, let status = s["status"] as? String else {
                        continue
                    }
                    let k = "\(stage) \(index)"
                    var e = byStep[k] ?? (nil, [])
                    e.all.append(status)
                    if (s["kind"] as? String) != "link-merge" { e.copy = status }
                    byStep[k] = e
                    if status == "run", let spans = s["intervals"] as? [[String]] {
                        seconds[k, default: 0] += spans.reduce(0) { $0 + ((Self.time($1.last) ?? 0) - (Self.time($1.first) ?? 0)) }
                    }
                }
                var truth: [String: String] = [:]
                for (k, e) in byStep {
                    truth[k] = e.copy == "run" ? "run" : (e.all.contains("cached") ? "cached" : (e.copy ?? e.all[0]))
                }
                out.append(Case(pair: String(f.dropLast(5)), set: set, arguments: args, truth: truth, seconds: seconds))
            }
        }
        return out
    }()

    /// Seconds since the epoch of a rawjson time (`2026-12-01T09:28:14.620863506Z`).
    static func time(_ text: String?) -> Double? {
        guard let text, let dot = text.firstIndex(of: "."), text.hasSuffix("Z") else { return nil }
        let f = ISO8601DateFormatter()
        guard let whole = f.date(from: String(text[..<dot]) + "Z") else { return nil }
        return whole.timeIntervalSince1970 + (Double("0" + text[dot...].dropLast()) ?? 0)
    }

    /// The seconds at stake: with `--no-cache` every step runs, and each is given the time the imported
    /// image's build took for it, read from its result times once its provenance gives the build's
    /// start. `par-prov` recorded those times and its rawjson (pair `par-cold-prov`) what BuildKit measured.
    @Test func secondsAtStakeAreTheCachedBuildsTimes() throws {
        let r = try Cachectl.run([
            "plan", "--format", "json", "--no-cache", "--network=none", "--cache-from", "\(Self.layout):par-prov",
            "--build-arg", "BASE_IMAGE=\(Self.layout):base-1", "fixtures/make/v025/projects/parallel",
        ])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout)) as? [String: Any], "\(r.err)")
        let pair = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: Self.root + "/fixtures/v025/pairs/par-cold-prov.json"))) as? [String: Any])
        var truth: [String: Double] = [:]
        for s in pair["steps"] as? [[String: Any]] ?? [] {
            guard let name = s["name"] as? String, let spans = s["intervals"] as? [[String]] else { continue }
            truth[name] = spans.reduce(0) { $0 + ((Self.time($1.last) ?? 0) - (Self.time($1.first) ?? 0)) }
        }
        var estimated = 0
        for st in doc["stages"] as? [[String: Any]] ?? [] {
            for s in st["steps"] as? [[String: Any]] ?? [] {
                #expect(s["status"] as? String == "run")
                guard let d = s["durationSeconds"] as? Double, let printed = s["printed"] as? String else { continue }
                let t = try #require(truth[printed], "\(printed) not in par-prov's rawjson")
                #expect(abs(d - t) <= 0.1 + 0.05 * t, "\(printed): plan \(d) s, BuildKit \(t) s")
                estimated += 1
            }
        }
        #expect(estimated >= 2)
        let summary = try #require(doc["summary"] as? [String: Any])
        #expect((summary["headline"] as? [String])?.dropFirst().first == "--no-cache: every step runs.")
        #expect(summary["fix"] is NSNull)
    }

    /// The files a context copy that will run changes, listed before the build from the context and
    /// the imported layer of the same step, are the files `diff` lists after it from the two real
    /// layers (by name, kind of change and sizes): on every pair where both list the step.
    @Test func filesBeforeTheBuildAreTheFilesAfter() throws {
        var compared = 0
        for c in Self.cases where c.set == "fixtures/v025" {
            let plan = try Cachectl.run(["plan", "--format", "json"] + c.arguments)
            guard plan.status == 0, let doc = try? JSONSerialization.jsonObject(with: Data(plan.stdout)) as? [String: Any] else { continue }
            var planned: [String: [[String: Any]]] = [:]
            for st in doc["stages"] as? [[String: Any]] ?? [] {
                for s in st["steps"] as? [[String: Any]] ?? [] {
                    if let p = s["printed"] as? String, let f = s["files"] as? [[String: Any]] { planned[p] = f }
                }
            }
            guard !planned.isEmpty else { continue }
            let pair = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: Self.root + "/fixtures/v025/pairs/\(c.pair).json"))) as? [String: Any])
            let new = try #require(pair["new"] as? String)
            var sources: [String] = []
            var k = 0
            while k < c.arguments.count - 1 { if c.arguments[k] == "--cache-from" { sources.append(c.arguments[k + 1]) }; k += 1 }
            let context = c.arguments.last!
            let dockerfile = c.arguments.firstIndex(of: "-f").map { c.arguments[$0 + 1] } ?? context + "/Dockerfile"
            var target: [String] = []
            if let t = c.arguments.firstIndex(of: "--target") { target = ["--target", c.arguments[t + 1]] }
            let diff = try Cachectl.run(
                ["diff", "--format", "json", "--dockerfile", dockerfile] + target + sources + ["\(Self.layout):\(new)"])
            // NEW pushed without inline cache (its cache went to a registry ref): diff cannot list its steps.
            if diff.status == 2, diff.err.contains("carries no inline cache") { continue }
            let after = try #require(
                try? JSONSerialization.jsonObject(with: Data(diff.stdout)) as? [String: Any],
                "\(c.pair): diff exited \(diff.status): \(diff.err)")
            for st in after["stages"] as? [[String: Any]] ?? [] {
                for s in st["steps"] as? [[String: Any]] ?? [] {
                    guard let p = s["printed"] as? String, let want = s["files"] as? [[String: Any]], let got = planned[p] else { continue }
                    func key(_ f: [String: Any]) -> String {
                        let name = (f["path"] as? String ?? "").split(separator: "/").last.map(String.init) ?? ""
                        return "\(name) \(f["change"] ?? "") \(f["oldSize"] ?? "-") \(f["newSize"] ?? "-")"
                    }
                    #expect(got.map(key).sorted() == want.map(key).sorted(), "\(c.pair): \(p)")
                    compared += 1
                }
            }
        }
        print("plan truth: \(compared) copies whose files plan listed before the build and diff after it")
        #expect(compared >= 3)
    }

    /// A step whose key plan does not compute (here a `COPY --parents`, whose content key is not
    /// computed) keeps its place: every step of the build is still listed under its own name, and
    /// none is answered definitely, since what runs around it waits on its key. (Before, the stages
    /// lost the step and all after it, the image's layers were named after the wrong steps, and plan
    /// said "Nothing will run" for the v0.8 fixtures, whose wildcard copies had no key.)
    @Test func aStepWithoutAKeyKeepsEveryStep() throws {
        let dir = NSTemporaryDirectory() + "cachectl-plan-parents-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.copyItem(atPath: Self.root + "/fixtures/make/plan-old/projects/pold", toPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let df = dir + "/Dockerfile"
        try String(contentsOfFile: df, encoding: .utf8).replacingOccurrences(of: "COPY lock*.txt ./", with: "COPY --parents lock*.txt ./")
            .write(toFile: df, atomically: true, encoding: .utf8)
        let layout = "oci:fixtures/plan-old/images"
        let r = try Cachectl.run([
            "plan", "--format", "json", "--network=none", "--build-arg", "BASE_IMAGE=\(layout):base-1",
            "--cache-from", "\(layout):v013-pold-old", dir,
        ])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout)) as? [String: Any], "\(r.err)")
        var printed: [String: String] = [:]
        for st in doc["stages"] as? [[String: Any]] ?? [] {
            for s in st["steps"] as? [[String: Any]] ?? [] { printed[s["printed"] as? String ?? "?"] = s["status"] as? String }
        }
        #expect(printed.count == 11, "\(printed.keys.sorted())")
        #expect(printed["[build 3/6] COPY --parents lock*.txt ./"] == "unknown")
        #expect(printed["[stage-1 7/7] RUN ls -R /app > /app/listing.txt"] == "unknown")
        #expect(printed.values.allSatisfy { $0 == "unknown" }, "\(printed)")
    }

    /// Per pair: steps compared, agreeing, and answered `depends`/`unknown`.
    final class Tally: @unchecked Sendable {
        let lock = NSLock()
        var compared = 0, agree = 0, open = 0, pairs = 0
        func add(_ c: Int, _ a: Int, _ o: Int) { lock.lock(); compared += c; agree += a; open += o; pairs += 1; lock.unlock() }
    }

    @Test func predictsWhatBuildKitRan() throws {
        #expect(Self.cases.filter { $0.set == "fixtures/v025" }.count >= 82, "\(Self.cases.count) pairs with a context at hand")
        #expect(Self.cases.filter { $0.set == "fixtures/plan-old" }.count >= 14, "v0.13 and v0.8 pairs with a context at hand")
        var compared = 0, open = 0, oldCompared = 0, oldTotal = 0, neverRunChecked = 0
        var timed: [(pair: String, step: String, plan: Double, buildkit: Double)] = []
        for c in Self.cases {
            let r = try Cachectl.run(["plan", "--format", "json"] + c.arguments)
            guard r.status == 0, let doc = try? JSONSerialization.jsonObject(with: Data(r.stdout)) as? [String: Any] else {
                Issue.record("\(c.pair): plan exited \(r.status): \(r.err)"); continue
            }
            // The older engines' pairs: the engine is inferred from the cache's own records (no --buildkit-version).
            if c.set == "fixtures/plan-old" {
                let engine = (doc["formula"] as? [String: Any])?["engine"] as? String
                #expect(engine == (c.pair.hasPrefix("v08-") ? "beforeV013" : "v013ToV016"), "\(c.pair): keys inferred as \(engine ?? "-")")
            }
            var predicted: [String: String] = [:]
            var estimate: [String: Double] = [:]
            var neverRun = Set<String>()  // depends, but loaded only if the step after it must run
            var allSeconds = 0.0
            for st in doc["stages"] as? [[String: Any]] ?? [] {
                for s in st["steps"] as? [[String: Any]] ?? [] {
                    allSeconds += s["durationSeconds"] as? Double ?? 0
                    // Before the build there is no new build's cache to blame for a missing time.
                    #expect(!((s["durationNote"] as? String)?.contains("new build") ?? false), "\(c.pair): \(s["durationNote"] ?? "")")
                    guard let printed = s["printed"] as? String, let status = s["status"] as? String,
                        printed.hasPrefix("["), let close = printed.firstIndex(of: "]")
                    else { continue }
                    // "[build 2/3] …" → "build 2"; "[2/5] …" (one stage) → "final 2".
                    // A multi-platform build prefixes the platform: "[linux/amd64 builder 1/2]".
                    var inside = printed[printed.index(after: printed.startIndex)..<close].split(separator: " ")
                    if inside.count > 2 || (inside.count == 2 && inside[0].contains("/")) { inside.removeFirst() }
                    guard let frac = inside.last, let index = frac.split(separator: "/").first else { continue }
                    let key = "\(inside.count > 1 ? String(inside[0]) : "final") \(index)"
                    predicted[key] = status
                    if (s["why"] as? String)?.hasPrefix("loaded only if") == true { neverRun.insert(key) }
                    if let d = s["durationSeconds"] as? Double { estimate[key] = d }
                }
            }
            // Each step's seconds are counted once: as run, as depending, or as saved.
            let summary = doc["summary"] as? [String: Any] ?? [:]
            let buckets = ["timeRunSeconds", "timeDependsSeconds", "timeSavedSeconds"].map { summary[$0] as? Double ?? 0 }
            #expect(abs(buckets.reduce(0, +) - allSeconds) < 0.01, "\(c.pair): run + depends + saved \(buckets), all steps \(allSeconds)")
            for step in neverRun where c.truth[step] != nil {
                #expect(c.truth[step] != "run", "\(c.pair): \(step) counted as saved, but BuildKit ran it")
                neverRunChecked += 1
            }
            for (step, want) in c.truth.sorted(by: { $0.key < $1.key }) {
                guard let got = predicted[step] else { Issue.record("\(c.pair): \(step) not planned (BuildKit: \(want))"); continue }
                if c.set == "fixtures/plan-old" { oldTotal += 1 }
                // A step that depends (on a stage's output) and then ran is given its time too.
                if got == "depends", want == "run", let e = estimate[step], let t = c.seconds[step] { timed.append((c.pair, step, e, t)) }
                if got == "depends" || got == "unknown" { open += 1; continue }
                compared += 1
                if c.set == "fixtures/plan-old" { oldCompared += 1 }
                #expect(got == want, "\(c.pair): \(step): BuildKit \(want), plan \(got)")
                if got == "run", want == "run", let e = estimate[step], let t = c.seconds[step] { timed.append((c.pair, step, e, t)) }
            }
        }
        let total = compared + open
        print("plan truth: \(neverRunChecked) steps loaded only if the step after them runs, none of them run by BuildKit")
        #expect(neverRunChecked > 0)
        // The older engines' pairs alone (fixtures/plan-old): their copies from the build stage wait on it.
        let oldPairs = Self.cases.filter { $0.set == "fixtures/plan-old" }.count
        print(
            "plan truth, v0.13 and v0.8: \(oldPairs) pairs, \(oldTotal) steps, \(oldCompared) answered definitely, \(oldTotal - oldCompared) depends/unknown"
        )
        #expect(oldTotal > 0 && oldCompared * 100 >= oldTotal * 83, "v0.13/v0.8 answered definitely: \(oldCompared) of \(oldTotal)")
        // The seconds at stake: a step that will run (or depends, and ran) is given the time its analogue
        // took in the cache's build; BuildKit then ran it on a fresh daemon. Sleep-bound steps take the
        // same time twice (fixtures/v025 ptime-*: OLD's provenance gives its build's start).
        for t in timed {
            #expect(abs(t.plan - t.buildkit) <= 0.5 + 0.2 * t.buildkit, "\(t.pair): \(t.step): plan \(t.plan) s, BuildKit \(t.buildkit) s")
        }
        print(
            "plan truth: \(timed.count) steps that ran with an estimated time; largest gap \(timed.map { abs($0.plan - $0.buildkit) }.max() ?? 0) s"
        )
        #expect(timed.count >= 8, "ptime-src2: four steps that run, ptime-deps2: four that depend and ran")
        print(
            "plan truth: \(Self.cases.count) pairs, \(total) steps, \(compared) answered definitely (\(total == 0 ? 0 : compared * 100 / total)%), \(open) depends/unknown"
        )
        // v0.25 (fixtures/v025) as before: at least 89% answered definitely.
        let (v025Compared, v025Total) = (compared - oldCompared, total - oldTotal)
        #expect(v025Total > 0 && v025Compared * 100 >= v025Total * 89, "v0.25 answered definitely: \(v025Compared) of \(v025Total)")
    }
}
