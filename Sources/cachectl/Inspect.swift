import ArgumentParser
import CacheAnalysis
import CacheModel
import CacheRegistry
import CacheReports

struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what an image's inline cache covers, layer by layer and stage by stage.",
        discussion: """
            REF is a registry reference (alpine, ghcr.io/org/app:1.4, host:5000/app@sha256:...) \
            or an OCI image layout (oci:DIR, oci:DIR:TAG, oci:DIR@sha256:...).

            EXAMPLES:
              cachectl inspect ghcr.io/org/app:main
              cachectl inspect oci:./layout:app-1.4 --format json
              cachectl inspect registry.example.com/app:buildcache   # a registry cache export
              cachectl inspect oci:./cache --format dot | dot -Tsvg > cache.svg
            """
    )

    @Argument(help: "The image to inspect.")
    var reference: String

    @Option(help: "Output format.")
    var format: FormatOption<InspectOutput> = .text

    @Option(help: ArgumentHelp("For a cache export: an image of the same build, whose history names the cache's layers.", valueName: "ref"))
    var image: String?

    @OptionGroup var source: SourceOptions

    func validate() throws {
    }

    func run() async throws {
        let resolver = source.resolver()
        try await runReporting(resolver) {
            let target = try await resolver.load(reference)
            if case let .cacheExport(loaded) = target {
                var borrowed: LoadedImage?
                if let image { borrowed = try await resolver.loadImage(image) }
                let report = ExportReport.analyze(try CacheExport(loaded), image: borrowed)
                try Terminal.write(InspectOutput.render(report, as: format.format, RenderOptions(color: Terminal.useColor)))
                return 0
            }
            guard case let .images(images, _) = target, let first = images.first else {
                throw LoadError.noImage(reference)
            }
            let report = InspectReport.analyze(ImageCache(image: first))
            try Terminal.write(InspectOutput.render(report, as: format.format, RenderOptions(color: Terminal.useColor)))
            return 0
        }
    }
}
