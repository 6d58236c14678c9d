import ArgumentParser
import CacheAnalysis
import CacheModel
import CacheRegistry
import CacheReports

struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predict which steps of NEW, in every stage, the caches it imported serve, and explain every step that runs.",
        discussion: """
            Every reference but the last is a cache the build imported (--cache-from, repeatable in \
            BuildKit): an image with inline cache, a registry cache export or a type=local export (oci:DIR). \
            The last is what the build produced: an image built with inline cache, or the cache export the \
            build wrote (--cache-to type=registry|local; add --image to borrow step texts from the image). \
            Each step of each stage is cached (loaded from an imported cache), unneeded (its key matched and \
            nothing that runs needs it) or run, with the reason. The output opens with the answer: what ran and its cost, where the change starts \
            and why, and the fix. Exit status: 0 success, 1 with --fail-on-run when any step runs or with \
            --fail-on-miss when a built layer misses, 2 on errors (a --dockerfile that is not the image's), \
            64 usage errors (an unknown --target).

            EXAMPLES:
              cachectl diff ghcr.io/org/app:main ghcr.io/org/app:pr-42
              cachectl diff app:main app:pr-42 --dockerfile Dockerfile --fail-on-run
              cachectl diff type=registry,ref=app:buildcache app:pr-42 --format markdown >> "$GITHUB_STEP_SUMMARY"
              cachectl diff oci:./old oci:./new --no-files --format json
            """
    )

    @Argument(
        help: ArgumentHelp(
            "The caches the build imported, then the build's image (or its cache export).",
            valueName: "old> ... <new"))
    var references: [String] = []

    @Option(help: "Output format.")
    var format: FormatOption<DiffOutput> = .text

    @Option(help: ArgumentHelp("Dockerfile of the new build: names every stage and step as BuildKit prints them.", valueName: "path"))
    var dockerfile: String?

    @Option(help: ArgumentHelp("The stage the new build targeted (--target), with --dockerfile.", valueName: "stage"))
    var target: String?

    @Option(help: ArgumentHelp("When NEW is a cache export: the image the build pushed, for its step texts.", valueName: "ref"))
    var image: String?

    @Flag(help: "Exit 1 when any built layer of NEW misses the cache (the final stage's layers; --fail-on-run covers every step).")
    var failOnMiss = false

    @Flag(help: "Exit 1 when any step of any stage runs (the gate for \"did the build hit\"; --fail-on-miss covers layers only).")
    var failOnRun = false

    @Flag(
        inversion: .prefixedNo,
        help: "Name the files each copy that runs changed, from OLD's and NEW's layer blobs (--no-files skips the blob reads).")
    var files = true

    @Option(help: ArgumentHelp("Layer bytes (compressed and uncompressed) the file lists may read, in all.", valueName: "bytes"))
    var maxLayerBytes: Int = LayerLimits.defaultBytes

    @OptionGroup var source: SourceOptions

    func validate() throws {
        guard references.count >= 2 else { throw ValidationError("diff needs at least two references: the cache(s) imported, then NEW") }
        if target != nil && dockerfile == nil { throw ValidationError("--target needs --dockerfile") }
        if maxLayerBytes < 0 { throw ValidationError("--max-layer-bytes must be zero or more") }
    }

    func run() async throws {
        let loader = Loader(source)
        try await runReporting(loader) {
            let loaded = try await loader.loadAll(references + (image.map { [$0] } ?? []))
            let n = references.count
            var sources = try zip(references.dropLast(), loaded).map { try ImportedCache(loaded: $1, reference: $0) }
            let img = try image.map { ImageCache(image: try loaded[n].image($0)) }
            let new = try NewBuild(loaded: loaded[n - 1], reference: references[n - 1], image: img)
            let df = try dockerfile.map(loadDockerfile)
            // The provenance reads, at once: when each imported image's build started (to read its
            // steps' times as plan does), and the Dockerfile NEW's build recorded (when none is given).
            async let starts = loader.buildStarts(references: Array(references.dropLast()), loaded: Array(loaded.prefix(n - 1)))
            async let recordedDockerfile =
                df == nil ? provenanceDockerfile(loaded[n - 1], reference: references[n - 1], loader: loader) : nil
            for (i, started) in await starts.enumerated() { sources[i].buildStarted = started }
            var report: DiffReport
            // A recorded Dockerfile that does not parse names nothing: the steps are named as without one.
            if df == nil, let named = await recordedDockerfile,
                let recorded = try? Dockerfile(path: named.filename, text: named.text),
                let r = try? DiffReport.analyze(sources: sources, new: new, dockerfile: recorded, target: target ?? named.target)
            {
                // Names from the Dockerfile NEW's provenance records (checked against its history like --dockerfile).
                report = r
                report.notes.append(.namesFromProvenance(filename: named.filename))
            } else {
                report = try DiffReport.analyze(sources: sources, new: new, dockerfile: df, target: target)
            }
            if files {
                try await loader.fillFiles(&report, sources: Array(references.dropLast()), new: references.last!, maxBytes: maxLayerBytes)
            } else {
                report.skipFiles()
            }
            try Terminal.write(
                DiffOutput.render(
                    report, as: format.format, RenderOptions(color: Terminal.useColor, dockerfile: dockerfile, width: Terminal.width)))
            if failOnMiss && report.misses > 0 { return 1 }
            if failOnRun && report.stages.contains(where: { $0.run > 0 }) { return 1 }
            return 0
        }
    }
}

extension Diff {
    /// The Dockerfile NEW's provenance attestation records (BuildKit `--provenance mode=max`), if any.
    func provenanceDockerfile(_ target: LoadedTarget, reference: String, loader: Loader) async -> ProvenanceDockerfile? {
        guard case let .images(images, index) = target, let image = images.first,
            let statement = await loader.resolver.provenance(reference, index: index, image: image.manifestDigest)
        else { return nil }
        return ProvenanceDockerfile.parse(statement: statement)
    }
}

extension ImportedCache {
    /// The old side of a diff: an image's inline cache, or a BuildKit cache export.
    init(loaded: LoadedTarget, reference text: String) throws {
        switch loaded {
        case let .images(images, _):
            guard let image = images.first else { throw LoadError.noImage(text) }
            self.init(image: ImageCache(image: image))
        case let .cacheExport(export):
            self.init(export: try CacheExport(export))
        }
    }
}

extension NewBuild {
    /// The new side of a diff: an image with inline cache, or the build's cache export.
    init(loaded: LoadedTarget, reference text: String, image: ImageCache?) throws {
        switch loaded {
        case let .images(images, _):
            guard let first = images.first else { throw LoadError.noImage(text) }
            try self.init(image: ImageCache(image: first))
        case let .cacheExport(export):
            try self.init(export: try CacheExport(export), image: image)
        }
    }
}

extension Loader {
    /// Layer blobs read at once. They share one budget, charged as their bytes pass.
    static let concurrentLayerReads = 4

    /// What reading one blob gave: its listing, or why there is none.
    enum LayerOutcome: Sendable {
        case listed(LayerListing)
        case failed(overLimit: Bool, detail: String)

        var overLimit: Bool { if case .failed(true, _) = self { return true } else { return false } }
    }

    /// Reads each blob once, `concurrency` at a time, within one budget of `maxBytes`.
    func readLayers(_ order: [(LayerBlob, String)], maxBytes: Int, concurrency: Int) async -> [Digest: LayerOutcome] {
        let budget = LayerBudget(limit: maxBytes)
        let resolver = self.resolver
        var outcomes: [Digest: LayerOutcome] = [:]
        await withTaskGroup(of: (Digest, LayerOutcome).self) { group in
            var next = 0
            func start() {
                let (blob, ref) = order[next]
                next += 1
                group.addTask {
                    do {
                        let source = try await resolver.contentSource(ref)
                        return (
                            blob.digest, .listed(try await LayerFetcher.listing(blob.digest, size: blob.size, from: source, budget: budget))
                        )
                    } catch {
                        let over: Bool
                        if case LayerError.overLimit = error { over = true } else { over = false }
                        return (
                            blob.digest,
                            .failed(overLimit: over, detail: (error as? UserFacingError)?.description ?? String(describing: error))
                        )
                    }
                }
            }
            while next < min(order.count, concurrency) { start() }
            for await (digest, outcome) in group {
                outcomes[digest] = outcome
                if next < order.count { start() }
            }
        }
        return outcomes
    }

    /// Reads the layer pairs the report asks for (each blob once, several at a time) and fills in
    /// their changed files; a pair that cannot be read (over the budget, missing, undecodable)
    /// gets a note instead. When the budget runs out, which read it stops depends on timing: the
    /// layers are then read again one at a time, in order, so that the report does not.
    func fillFiles(_ report: inout DiffReport, sources: [String], new: String, maxBytes: Int) async throws {
        func oldRef(_ c: FileComparison) -> String {
            sources.indices.contains(c.oldSource) ? sources[c.oldSource] : sources[0]
        }
        var order: [(LayerBlob, String)] = []
        var seen = Set<Digest>()
        for c in report.fileComparisons {
            for (blob, ref) in [(c.old, oldRef(c)), (c.new, new)] where seen.insert(blob.digest).inserted { order.append((blob, ref)) }
        }
        var outcomes = await readLayers(order, maxBytes: maxBytes, concurrency: Self.concurrentLayerReads)
        if order.count > 1, outcomes.values.contains(where: \.overLimit) {
            outcomes = await readLayers(order, maxBytes: maxBytes, concurrency: 1)
        }
        func why(_ side: FilesGap.Side, _ blob: LayerBlob, overLimit: Bool, detail: String) -> FilesGap {
            overLimit
                ? .overLimit(side: side, blob: blob.digest, maxBytes: maxBytes) : .unreadable(side: side, blob: blob.digest, detail: detail)
        }
        for c in report.fileComparisons {
            switch (outcomes[c.old.digest], outcomes[c.new.digest]) {
            case let (.listed(ol)?, .listed(nl)?):
                let notes = ol.notes + nl.notes
                report.fillFiles(c, files: FileDiff.changes(old: ol, new: nl), note: notes.isEmpty ? nil : .readerNotes(notes))
            case let (.failed(over, detail)?, _): report.noteFiles(c, why(.old, c.old, overLimit: over, detail: detail))
            case let (_, .failed(over, detail)?): report.noteFiles(c, why(.new, c.new, overLimit: over, detail: detail))
            default: report.noteFiles(c, .layersNotRead)
            }
        }
    }
}
