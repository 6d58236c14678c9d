import ArgumentParser
import CacheAnalysis
import CacheModel
import CacheRegistry

struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predict which steps of NEW the cache of OLD could serve, and explain every miss.",
        discussion: """
        OLD is the image whose inline cache a build imported (--cache-from OLD); NEW is the image \
        that build produced, built with inline cache so that its config records the build's cache keys. \
        Both accept every reference form inspect accepts. Exit status: 0 success, 1 with --fail-on-miss \
        when a built layer misses, 2 on errors.
        """
    )

    @Argument(help: "The image whose cache was imported.")
    var old: String

    @Argument(help: "The image the build produced.")
    var new: String

    @Option(help: "Output format: text, json or markdown.")
    var format: OutputFormat = .text

    @Flag(help: "Exit 1 when any built layer of NEW misses the cache.")
    var failOnMiss = false

    @OptionGroup var source: SourceOptions

    func validate() throws {
        guard [.text, .json, .markdown].contains(format) else { throw ValidationError("diff supports --format text, json or markdown") }
    }

    func run() async throws {
        let resolver = source.resolver()
        try await runReporting(resolver) {
            let loaded = try await resolver.loadAll([old, new])
            let oldCache = try ImportedCache(loaded[0], reference: old)
            let newImage = try loaded[1].image(new)
            let report = try Differ.diff(old: oldCache, new: ImageCache(image: newImage))
            switch format {
            case .json: Terminal.write(report.json())
            case .markdown: Terminal.write(DiffText.markdown(report))
            default: Terminal.write(DiffText.render(report, style: Style(color: Terminal.useColor)))
            }
            return failOnMiss && report.misses > 0 ? 1 : 0
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
