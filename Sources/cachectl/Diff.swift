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
        let loader = Loader(source)
        try await runReporting(loader) {
            let oldCache = try await loader.loadImported(old)
            let newImage = try await loader.loadImage(new)
            let report = try Differ.diff(old: oldCache, new: ImageCache(image: newImage))
            switch format {
            case .json: try Terminal.write(report.json().serialized())
            case .markdown: try Terminal.write(DiffText.markdown(report))
            default: try Terminal.write(DiffText.render(report, style: Style(color: Terminal.useColor)))
            }
            return failOnMiss && report.misses > 0 ? 1 : 0
        }
    }
}

extension Loader {
    /// The old side of a diff: an image's inline cache, or a BuildKit cache export.
    func loadImported(_ text: String) async throws -> ImportedCache {
        switch try await load(text) {
        case let .images(images, _):
            guard let image = images.first else { throw LoadError.unexpectedDocument("\(text) holds no image") }
            return ImportedCache(image: ImageCache(image: image))
        case let .cacheExport(export):
            return try ImportedCache(export: CacheExport(export))
        }
    }
}
