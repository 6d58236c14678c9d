import ArgumentParser
import CacheAnalysis
import CacheModel
import CacheRegistry

struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predict which steps of NEW, in every stage, the caches it imported serve, and explain every step that runs.",
        discussion: """
        Every reference but the last is a cache the build imported (--cache-from, repeatable in \
        BuildKit): an image with inline cache, a registry cache export or a type=local export (oci:DIR). \
        The last is what the build produced: an image built with inline cache, or the cache export the \
        build wrote (--cache-to type=registry|local; add --image to borrow step texts from the image). \
        Each step of each stage is cached (loaded from an imported cache), unneeded (its key matched and \
        nothing that runs needs it) or run, with the reason. Exit status: 0 success, 1 with --fail-on-miss \
        when a built layer misses or with --fail-on-run when any step runs, 2 on errors, 64 usage errors.
        """
    )

    @Argument(help: ArgumentHelp("The caches the build imported, then the build's image (or its cache export).",
                                 valueName: "old> ... <new"))
    var references: [String] = []

    @Option(help: "Output format: text, json or markdown.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Dockerfile of the new build: names every stage and step as BuildKit prints them.", valueName: "path"))
    var dockerfile: String?

    @Option(help: ArgumentHelp("The stage the new build targeted (--target), with --dockerfile.", valueName: "stage"))
    var target: String?

    @Option(help: ArgumentHelp("When NEW is a cache export: the image the build pushed, for its step texts.", valueName: "ref"))
    var image: String?

    @Flag(help: "Exit 1 when any built layer of NEW misses the cache.")
    var failOnMiss = false

    @Flag(help: "Exit 1 when any step of any stage runs.")
    var failOnRun = false

    @OptionGroup var source: SourceOptions

    func validate() throws {
        guard references.count >= 2 else { throw ValidationError("diff needs at least two references: the cache(s) imported, then NEW") }
        guard [.text, .json, .markdown].contains(format) else { throw ValidationError("diff supports --format text, json or markdown") }
        if target != nil && dockerfile == nil { throw ValidationError("--target needs --dockerfile") }
    }

    func run() async throws {
        let loader = Loader(source)
        try await runReporting(loader) {
            let loaded = try await loader.loadAll(references + (image.map { [$0] } ?? []))
            let n = references.count
            let sources = try zip(references.dropLast(), loaded).map { try ImportedCache(loaded: $1, reference: $0) }
            let img = try image.map { ImageCache(image: try loaded[n].image($0)) }
            let new = try NewBuild(loaded: loaded[n - 1], reference: references[n - 1], image: img)
            let df = try dockerfile.map { Dockerfile(path: $0, text: try readDockerfileText($0)) }
            let report = try Differ.diff(sources: sources, new: new, dockerfile: df, target: target)
            switch format {
            case .json: try Terminal.write(report.json().serialized())
            case .markdown: try Terminal.write(DiffText.markdown(report))
            default: try Terminal.write(DiffText.render(report, style: Style(color: Terminal.useColor)))
            }
            if failOnMiss && report.misses > 0 { return 1 }
            if failOnRun && report.stages.contains(where: { $0.run > 0 }) { return 1 }
            return 0
        }
    }
}

extension ImportedCache {
    /// The old side of a diff: an image's inline cache, or a BuildKit cache export.
    init(_ target: LoadedTarget, reference: String) throws {
        switch target {
        case let .images(images, _):
            guard let image = images.first else { throw LoadError.unexpectedDocument("\(reference) holds no image") }
            self.init(image: ImageCache(image: image))
        case let .cacheExport(export):
            try self.init(export: CacheExport(export))
        }
    }
}

extension ImportedCache {
    /// The old side of a diff: an image's inline cache, or a BuildKit cache export.
    init(loaded: LoadedTarget, reference text: String) throws {
        switch loaded {
        case let .images(images, _):
            guard let image = images.first else { throw LoadError.unexpectedDocument("\(text) holds no image") }
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
            guard let first = images.first else { throw LoadError.unexpectedDocument("\(text) holds no image") }
            try self.init(image: ImageCache(image: first))
        case let .cacheExport(export):
            try self.init(export: try CacheExport(export), image: image)
        }
    }
}
