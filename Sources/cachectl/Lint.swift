import ArgumentParser
import CacheAnalysis
import CacheModel
import CacheRegistry
import CacheReports

#if canImport(Glibc)
    import Glibc
#endif

struct Lint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check images for cache problems: what each means for the next build, and the fix.",
        discussion: """
            Runs every rule over each REF (every platform of a multi-platform index). Rules: \
            \(LintRules.all.map { "\($0.id) (\($0.severity.rawValue))" }.joined(separator: ", ")). \
            A REF that is a BuildKit cache export is checked by the export rules: \
            \(LintRules.exports.map { "\($0.id) (\($0.severity.rawValue))" }.joined(separator: ", ")). \
            Each finding says how many seconds it puts at stake: the known durations of the steps it would \
            make run again, read from the image's cache (else its history); "at least" when some are unknown. \
            See docs/rules.md. Exit status: 0 no finding at or above --fail-on, 1 findings at or above it, \
            2 errors, 64 usage errors (e.g. an unknown rule ID).

            EXAMPLES:
              cachectl lint ghcr.io/org/app:main
              cachectl lint app:main --dockerfile Dockerfile --format github
              cachectl lint app:main app:buildcache --fail-on warning --sort cost
              cachectl lint oci:./layout --format sarif > cachectl.sarif
            """
    )

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case error, warning, info, none
        var severity: LintSeverity? { LintSeverity(rawValue: rawValue) }
    }

    @Argument(help: "Images to lint.")
    var references: [String]

    @Option(help: "Output format.")
    var format: FormatOption<LintOutput> = .text

    @Option(help: ArgumentHelp("Dockerfile the images were built from: findings point at its lines.", valueName: "path"))
    var dockerfile: String?

    @Option(help: "Exit 1 when a finding is at or above this severity: error, warning, info or none.")
    var failOn: FailOn = .error

    @Option(help: ArgumentHelp("Do not run this rule (repeatable).", valueName: "rule"))
    var disable: [String] = []

    @Option(help: ArgumentHelp("Run only these rules (repeatable; default all).", valueName: "rule"))
    var enable: [String] = []

    @Option(help: ArgumentHelp("stale-cache fires when the newest result is older than this: 30d, 12h, 90m.", valueName: "age"))
    var maxAge: String = "30d"

    @Option(
        help: ArgumentHelp(
            "Order each image's findings by severity (errors first, then by layer) or by cost (most seconds at stake first, unknown last; ties by severity).",
            valueName: "order"))
    var sort: LintSort = .severity

    @OptionGroup var source: SourceOptions

    func validate() throws {
        guard !references.isEmpty else { throw ValidationError("give at least one image reference") }
        for id in disable + enable where !LintRules.allIDs.contains(id) {
            throw ValidationError("unknown rule \(Sanitize.quoted(id)); rules: \(LintRules.allIDs.joined(separator: ", "))")
        }
        guard LintTime.parseDuration(maxAge) != nil else { throw ValidationError("--max-age takes a number and a unit: 30d, 12h, 90m") }
    }

    func run() async throws {
        let resolver = source.resolver()
        try await runReporting(resolver) {
            let dockerfileModel = try dockerfile.map(loadDockerfile)
            let config = LintConfiguration(
                now: Int64(time(nil)), maxAge: LintTime.parseDuration(maxAge) ?? LintConfiguration.defaultMaxAge,
                enabled: Set(enable), disabled: Set(disable))
            // Every image that can be read is reported; the others are named on standard error, then exit 2.
            let outcomes = await resolver.loadEach(references, allPlatforms: source.platform == nil)
            var targets: [LintTarget] = []
            var failures: [(String, Error)] = []
            for (ref, outcome) in zip(references, outcomes) {
                do {
                    switch try outcome.get() {
                    case let .images(found, _): targets.append(.images(reference: ref, found))
                    case let .cacheExport(export): targets.append(.export(reference: ref, try CacheExport(export)))
                    }
                } catch { failures.append((ref, error)) }
            }
            if targets.isEmpty, let first = failures.first { throw first.1 }
            let report = LintReport.analyze(targets, dockerfile: dockerfileModel, configuration: config, sort: sort)
            try Terminal.write(
                LintOutput.render(report, as: format.format, RenderOptions(color: Terminal.useColor, dockerfile: dockerfile)))
            for (ref, error) in failures {
                let why = (error as? UserFacingError)?.description ?? Sanitize.inline("\(error)")
                Terminal.error("\(Sanitize.inline(ref)): \(why)")
            }
            if !failures.isEmpty { return 2 }
            return report.fails(at: failOn.severity) ? 1 : 0
        }
    }
}

extension LintSort: ExpressibleByArgument {}

/// A file named on the command line that cannot be read.
struct DockerfileReadError: UserFacingError {
    let path: String
    let reason: String
    var exitCode: Int32 { 2 }
    var description: String { "cannot read \(Sanitize.quoted(path)): \(reason)" }
}

/// Reads a small text file (at most 4 MiB): a regular file, opened without blocking (a FIFO
/// is refused, not waited on).
func readDockerfileText(_ path: String, limit: Int = 4 << 20) throws -> String {
    do {
        return Sanitize.string(try LocalFile.read(path, limit: limit))
    } catch {
        throw DockerfileReadError(path: path, reason: error.description)
    }
}
