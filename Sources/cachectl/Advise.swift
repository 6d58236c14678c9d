import ArgumentParser
import CacheAnalysis
import CacheModel
import CacheRegistry
import CacheReports

struct Advise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide between inline cache and a registry cache, and print ready-to-paste migrations.",
        discussion: """
            Measures REF's inline cache (every platform of an index): steps of other stages without results, \
            holes, missing cache. Recommends keep-inline or registry-cache with those numbers and prints \
            docker buildx, docker-bake.hcl, GitHub Actions and GitLab CI snippets. Exit status: 0 success, 2 errors.

            EXAMPLES:
              cachectl advise ghcr.io/org/app:main
              cachectl advise app:main --cache-ref ghcr.io/org/app:buildcache
              cachectl advise oci:./layout:app --format json
            """
    )

    @Argument(help: "The image whose cache to judge.")
    var reference: String

    @Option(
        help: ArgumentHelp("Registry cache ref for the snippets (default: the image's repository with tag buildcache).", valueName: "ref"))
    var cacheRef: String?

    @Option(help: "Output format.")
    var format: FormatOption<AdviseOutput> = .text

    @OptionGroup var source: SourceOptions

    func validate() throws {
        if let cacheRef { _ = try SourceOptions.usage { try RegistryReference(parsing: cacheRef) } }
    }

    func run() async throws {
        let resolver = source.resolver()
        try await runReporting(resolver) {
            switch try await resolver.load(reference, allPlatforms: source.platform == nil) {
            case let .images(images, index):
                let times = await resolver.buildTimes(reference, images: images, index: index)
                let advice = Advice.analyze(reference: reference, images: images, cacheRef: cacheRef, buildTimes: times)
                try Terminal.write(AdviseOutput.render(advice, as: format.format, RenderOptions(color: Terminal.useColor)))
                return 0
            case .cacheExport:
                throw LoadError.notAnImage(reference)
            }
        }
    }
}
