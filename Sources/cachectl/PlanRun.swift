import ArgumentParser
import CacheAnalysis
import CacheContext
import CacheKeys
import CacheModel
import CacheRegistry
import CacheReports

#if canImport(Glibc)
    import Glibc
#endif

/// What `--buildkit-version` and `--frontend-version` name.
enum KeyFormulaChoice {
    static func engine(_ v: String) -> KeyFormula.Engine? {
        guard let (major, minor) = version(v), major == 0 else { return nil }
        switch minor {
        case ..<13: return .beforeV013
        case 13...16: return .v013ToV016
        case 17: return .v017
        default: return .v018OrLater
        }
    }

    static func frontend(_ v: String) -> KeyFormula.Frontend? {
        guard let (major, minor) = version(v), major == 0 else { return nil }
        switch minor {
        case ..<11: return .beforeV011
        case 11...21: return .v011ToV021
        default: return .v022OrLater
        }
    }

    static func version(_ v: String) -> (Int, Int)? {
        let parts = v.hasPrefix("v") ? v.dropFirst().split(separator: ".") : v.split(separator: ".")
        guard parts.count >= 2, let a = Int(parts[0]), let b = Int(parts[1]) else { return nil }
        return (a, b)
    }
}

/// `hashing the build context: N/M files, X/Y MiB` on standard error while the context is hashed,
/// once that takes past a second, and only when stderr is a terminal.
final class ContextProgress: @unchecked Sendable {
    private var shown = false  // the reader reports under its lock: one call at a time

    static func onTerminal() -> ContextProgress? { isatty(2) == 1 ? ContextProgress() : nil }

    func draw(_ p: HashProgress) {
        guard let text = Self.text(p) else { return }
        shown = true
        Terminal.progressLine(text)
    }

    func clear() { if shown { Terminal.clearProgressLine() } }

    /// The line for `p`, nil in the first second.
    static func text(_ p: HashProgress) -> String? {
        guard p.seconds >= 1 else { return nil }
        let mib = { (b: Int64) in b >> 20 }
        if p.walkDone {
            return "hashing the build context: \(p.files)/\(p.totalFiles) files, \(mib(p.bytes))/\(mib(p.totalBytes)) MiB"
        }
        return "hashing the build context: \(p.files) files, \(mib(p.bytes)) MiB (still listing)"
    }
}

/// Why a plan cannot be made. Exit code 2.
enum PlanError: UserFacingError {
    case plan(BuildPlanError)
    case context(String, BuildContextError)
    case baseImage(String, String)
    var exitCode: Int32 { 2 }
    var description: String {
        switch self {
        case let .plan(e): return Sanitize.inline(e.description)
        case let .context(dir, e): return "the build context \(Sanitize.quoted(dir)): \(Sanitize.inline("\(e)"))"
        case let .baseImage(name, why): return "base image \(Sanitize.quoted(name)): \(why)"
        }
    }
}

extension Plan {
    func run() async throws {
        let options = access.registryOptions()  // the password is read once
        let resolver = ImageResolver(platform: nil) { options }
        let loader = Loader(resolver)
        try await runReporting(loader) {
            let dockerfilePath = file ?? (context.hasSuffix("/") ? context : context + "/") + "Dockerfile"
            let lintModel = try loadDockerfile(dockerfilePath)
            let parsed = lintModel.parsed
            if let target { try DiffReport.checkTarget(target, in: lintModel) }

            // The caches the build imports.
            for c in cacheFrom { try loader.checked(c) }
            let loaded = try await loader.loadAll(cacheFrom)
            var sources = try zip(cacheFrom, loaded).map { try ImportedCache(loaded: $1, reference: $0) }
            // When each image source's build started (its provenance), to read the steps' times.
            for (i, started) in await loader.buildStarts(references: cacheFrom, loaded: loaded).enumerated() {
                sources[i].buildStarted = started
            }

            // The context: its ignore rules, and the files the copies read.
            let ignore: DockerIgnore
            do throws(BuildContextError) { ignore = try ContextReader.ignoreRules(context: context, dockerfile: dockerfilePath) } catch {
                throw PlanError.context(context, error)
            }

            var reports: [PlanReport] = []
            let platforms = platformList.isEmpty ? ["linux/amd64"] : platformList
            for p in platforms {
                let platform = try Platform(parsing: p)
                var opts = buildOptions(platform: platform, multi: platforms.count > 1)
                let names: [String]
                do throws(BuildPlanError) { names = try BuildPlan.baseImageNames(parsed, options: opts) } catch {
                    throw PlanError.plan(error)
                }
                let bases = try await resolveBases(names, platform: platform, resolver: resolver)
                let formulas = (buildkitVersion != nil || frontendVersion != nil) ? [opts.formula] : KeyFormula.preferred
                var best: (plan: BuildPlan, found: Int, formula: KeyFormula)?
                // The builder that made the caches: the formula whose keys they reproduce, planned with the
                // SOURCE_DATE_EPOCH the cache was built with (a new epoch changes every key, under any formula).
                var probe = opts
                probe.buildArgs["SOURCE_DATE_EPOCH"] = sources.first?.sourceDateEpoch.map(String.init)
                // A build arg the cache was built without (or with another value) changes the keys of every
                // RUN after it, under every formula: the records that tell the builders apart may then be
                // found only with that arg left out. So each formula is also tried without each arg (keeping
                // the base images' names), and counts what the best of those finds.
                let variants: [BuildOptions] =
                    [probe]
                    + probe.buildArgs.keys.sorted().compactMap { k in
                        guard k != "SOURCE_DATE_EPOCH" else { return nil }
                        var v = probe
                        v.buildArgs[k] = nil
                        guard (try? BuildPlan.baseImageNames(parsed, options: v)) == names else { return nil }
                        return v
                    }
                for f in formulas {
                    var found = -1
                    var plan: BuildPlan?
                    for (i, variant) in variants.enumerated() {
                        var o = variant
                        o.formula = f
                        let p: BuildPlan
                        if i == 0 {
                            do throws(BuildPlanError) { p = try BuildPlan.plan(parsed, options: o, baseImages: bases) } catch {
                                throw PlanError.plan(error)
                            }
                            plan = p
                        } else {
                            guard let q = try? BuildPlan.plan(parsed, options: o, baseImages: bases) else { continue }
                            p = q
                        }
                        found = max(found, PlanInputs.recordsFound(p, in: sources))
                    }
                    if best == nil || found > best!.found { best = (plan!, found, f) }
                }
                opts.formula = best!.formula
                let final: BuildPlan
                do throws(BuildPlanError) { final = try BuildPlan.plan(parsed, options: opts, baseImages: bases) } catch {
                    throw PlanError.plan(error)
                }
                let chosen = (plan: final, found: PlanInputs.recordsFound(final, in: sources), formula: best!.formula)
                let tree: ContextTree
                let progress = ContextProgress.onTerminal()
                defer { progress?.clear() }
                let drawProgress: (@Sendable (HashProgress) -> Void)? = progress.map { p in { @Sendable in p.draw($0) } }
                do throws(BuildContextError) {
                    tree = try ContextReader.read(
                        directory: context, ignore: ignore,
                        hashing: .sources(PlanInputs.contextSources(chosen.plan)),
                        progress: drawProgress)
                } catch { throw PlanError.context(context, error) }
                let graphs = sources.compactMap(\.graph)
                let inputs = PlanInputs(
                    plan: chosen.plan, baseImages: bases, tree: tree, formula: chosen.formula,
                    sourceDateEpoch: opts.sourceDateEpoch,
                    cacheHolds: { d in graphs.contains { $0.byDigest[d] != nil } })
                var report = try PlanReport.analyze(
                    inputs, sources: sources, dockerfile: lintModel, target: target,
                    platform: platform.description, noCache: noCache, noCacheFilter: noCacheFilter,
                    formulaFound: chosen.found)
                await listFiles(&report, loader: loader, tree: tree)
                reports.append(report)
            }
            try Terminal.write(
                PlanOutput.render(
                    reports, as: format.format,
                    RenderOptions(color: Terminal.useColor, dockerfile: dockerfilePath, width: Terminal.width)))
            if failOnRun && reports.contains(where: { $0.stepsRun > 0 }) { return 1 }
            return 0
        }
    }

    /// The files each context copy that will run changes, against the layer the same step made in
    /// the imported build: that layer read from its cache (within the layer budget), the context's
    /// files read again.
    func listFiles(_ report: inout PlanReport, loader: Loader, tree: ContextTree) async {
        let comparisons = report.fileComparisons
        guard !comparisons.isEmpty else { return }
        let budget = LayerLimits.defaultBytes
        var order: [(LayerBlob, String)] = []
        var seen = Set<Digest>()
        for c in comparisons where seen.insert(c.old.digest).inserted { order.append((c.old, cacheFrom[c.oldSource])) }
        let outcomes = await loader.readLayers(order, maxBytes: budget, concurrency: Loader.concurrentLayerReads)
        for c in comparisons {
            switch outcomes[c.old.digest] {
            case let .listed(old)?:
                do throws(ContextFiles.Failure) {
                    report.fillFiles(
                        c, old: old, context: try ContextFiles.listing(context: context, tree: tree, sources: c.sources, maxBytes: budget))
                } catch {
                    switch error {
                    case let .overLimit(n): report.noteFiles(c, .contextOverLimit(maxBytes: n))
                    case let .unreadable(path, code): report.noteFiles(c, .contextUnreadable(path: path, errno: code))
                    }
                }
            case let .failed(over, detail)?:
                report.noteFiles(
                    c,
                    over
                        ? .overLimit(side: .old, blob: c.old.digest, maxBytes: budget)
                        : .unreadable(side: .old, blob: c.old.digest, detail: detail))
            case nil: report.noteFiles(c, .layersNotRead)
            }
        }
    }

    /// What `docker buildx build` would pass: build args (KEY alone from the environment), network,
    /// hosts, limits, the key formula.
    func buildOptions(platform: Platform, multi: Bool) -> BuildOptions {
        var args: [String: String] = [:]
        for a in buildArgs {
            if let eq = a.firstIndex(of: "=") {
                args[String(a[..<eq])] = String(a[a.index(after: eq)...])
            } else if let v = getenv(a) {
                args[a] = String(cString: v)
            }
        }
        let engine = buildkitVersion.flatMap(KeyFormulaChoice.engine) ?? KeyFormula.current.engine
        let frontend = frontendVersion.flatMap(KeyFormulaChoice.frontend) ?? KeyFormula.current.frontend
        var o = BuildOptions(
            buildArgs: args, target: target, targetPlatform: KeyPlatform(platform),
            buildPlatform: KeyPlatform(platform), network: network == "none" ? .none : (network == "host" ? .host : .sandbox),
            multiPlatform: multi, formula: KeyFormula(frontend: frontend, engine: engine))
        o.extraHosts = addHosts.map { h in
            let sep = h.firstIndex(of: ":") ?? h.firstIndex(of: "=")!
            return ExecOp.HostIP(host: String(h[..<sep]), ip: String(h[h.index(after: sep)...]))
        }
        o.ulimits = ulimit.compactMap(Self.ulimitValue)
        o.cgroupParent = cgroupParent ?? ""
        o.shmSize = shmSize.flatMap(Self.bytes) ?? 0
        return o
    }

    /// Each image the Dockerfile names, resolved in its registry (or a `--build-context` in its place):
    /// the digest its reference resolves to (an index's, for a multi-platform image) and its config.
    func resolveBases(_ names: [String], platform: Platform, resolver: ImageResolver) async throws -> [String: BaseImage] {
        var contexts: [String: String] = [:]
        for c in buildContexts {
            guard let eq = c.firstIndex(of: "=") else { continue }
            contexts[String(c[..<eq])] = String(c[c.index(after: eq)...])
        }
        var out: [String: BaseImage] = [:]
        for name in names {
            let ref = contexts[name] ?? name
            do {
                guard case let .images(images, _) = try await resolver.load(ref, allPlatforms: true) else {
                    throw PlanError.baseImage(name, "is a cache export, not an image")
                }
                guard
                    let image = images.first(where: {
                        $0.platform.os == platform.os && $0.platform.architecture == platform.architecture
                            && (platform.variant == nil || $0.platform.variant == platform.variant)
                    })
                        ?? (images.count == 1 ? images.first : nil)
                else {
                    throw PlanError.baseImage(name, "has no \(platform) image")
                }
                let bytes = try await resolver.contentSource(ref).blob(image.manifest.config.digest, maxBytes: Limits.configBytes)
                out[name] = try BaseImage(resolvedDigest: image.indexDigest ?? image.manifestDigest, config: bytes)
            } catch let e as PlanError {
                throw e
            } catch let e as UserFacingError {
                throw PlanError.baseImage(name, e.description)
            }
        }
        return out
    }
}
