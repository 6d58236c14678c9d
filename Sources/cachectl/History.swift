import ArgumentParser
import CacheAnalysis
import CacheModel
import CacheRegistry
import CacheReports

#if canImport(Glibc)
    import Glibc
#endif

struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain a repository's series of builds: where the cache broke, what it cost, and the patterns.",
        discussion: """
            Lists the tags of REPO (a registry repository such as 127.0.0.1:5000/team/api, or oci:DIR: its \
            ref names), keeps those matching --tags, fetches their manifests and configs concurrently \
            (--jobs), merges tags naming one manifest, orders the builds by their config's created time and \
            keeps the --last N. Each build is explained as if built with --cache-from the build before it \
            (or --cache-from-tag TAG), with every step of every stage cached, unneeded or run. Patterns: \
            every-second-build, broke-at, no-inline-cache, targets-overwrite, base-updates. A progress \
            line goes to standard error on a terminal only; tags that fail to load become notes. The tag \
            list is read up to 200 pages or 100,000 tags; a list cut there says so in the notes. Exit \
            status: 0 success, 2 when the tags cannot be listed, 64 usage errors.

            EXAMPLES:
              cachectl history ghcr.io/org/app
              cachectl history ghcr.io/org/app --tags 'main-*' --last 20
              cachectl history oci:./layout --format html > history.html
            """
    )

    @Argument(help: ArgumentHelp("The repository, without a tag: host/name or oci:DIR.", valueName: "repo"))
    var repository: String

    @Option(name: .customLong("tags"), help: ArgumentHelp("Keep only tags matching this glob (* ? [...]); repeatable.", valueName: "glob"))
    var tagGlobs: [String] = []

    @Option(help: ArgumentHelp("Show the N most recent builds.", valueName: "N"))
    var last: Int = 20

    @Option(help: ArgumentHelp("Fetch this many images at once.", valueName: "N"))
    var jobs: Int = 8

    @Option(help: ArgumentHelp("Every build imported this one tag (not the build before it).", valueName: "tag"))
    var cacheFromTag: String?

    @Option(help: "Output format.")
    var format: FormatOption<HistoryOutput> = .text

    @Option(help: ArgumentHelp("Dockerfile of the builds: names every stage and step as BuildKit prints them.", valueName: "path"))
    var dockerfile: String?

    @Option(help: ArgumentHelp("The stage the builds targeted (--target), with --dockerfile.", valueName: "stage"))
    var target: String?

    @OptionGroup var source: SourceOptions

    func validate() throws {
        guard (1...1000).contains(last) else { throw ValidationError("--last must be between 1 and 1000") }
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 64") }
        if target != nil && dockerfile == nil { throw ValidationError("--target needs --dockerfile") }
        if let t = cacheFromTag, !RegistryReference.isValidTag(t) {
            throw ValidationError("--cache-from-tag \(Sanitize.quoted(t)) is not a tag")
        }
        if !repository.hasPrefix("oci:"), let name = repository.split(separator: "/").last, name.contains(":") || name.contains("@") {
            throw ValidationError("history takes a repository without a tag or digest: host/name, or oci:DIR")
        }
    }

    func run() async throws {
        let loader = Loader(source)
        try await runReporting(loader) { try await explain(loader) }
    }

    func explain(_ loader: Loader) async throws -> Int32 {
        let (src, listed, display, cut) = try await loader.listRepository(repository)
        let wanted = tagGlobs.isEmpty ? listed : listed.filter { t in tagGlobs.contains { fnmatch($0, t, 0) == 0 } }
        if wanted.isEmpty && !listed.isEmpty {
            throw NoTagMatched(patterns: tagGlobs, near: Nearest.names(to: tagGlobs.first ?? "", in: listed), count: listed.count)
        }
        var fetch = wanted
        if let c = cacheFromTag, !fetch.contains(c) { fetch.append(c) }
        let showProgress = isatty(2) == 1
        var progress: (@Sendable (Int, Int) -> Void)?
        if showProgress { progress = { done, total in FetchProgress.draw(done, total) } }
        let loaded = await TagLoader.load(
            tags: fetch, from: src, display: display, platform: source.parsedPlatform, jobs: jobs,
            progress: progress)
        if showProgress { FetchProgress.clear() }
        let wantedSet = Set(wanted)
        var inputs: [HistoryInput] = []
        var notes: [String] = cut.map { [$0] } ?? []
        var cacheSource: HistoryInput?
        for (tag, outcome) in loaded {
            switch outcome {
            case let .image(img):
                if tag == cacheFromTag { cacheSource = HistoryInput(tag: tag, image: img) }
                if wantedSet.contains(tag) { inputs.append(HistoryInput(tag: tag, image: img)) }
            case let .export(e):
                if tag == cacheFromTag { cacheSource = HistoryInput(tag: tag, export: e) }
                if wantedSet.contains(tag) { inputs.append(HistoryInput(tag: tag, export: e)) }
            case let .skipped(why): notes.append("\(Sanitize.inline(tag)): skipped, \(why)")
            case let .failed(why): notes.append("\(Sanitize.inline(tag)): \(why)")
            }
        }
        if listed.isEmpty {
            notes.append("the repository lists no tags")
        } else if wanted.isEmpty {
            notes.append("no tag matches \(tagGlobs.map(Sanitize.quoted).joined(separator: ", ")) (\(listed.count) tag(s) listed)")
        }
        let df = try dockerfile.map(loadDockerfile)
        let report = HistoryReport.analyze(
            repository: repository, inputs: inputs, last: last, cacheFromTag: cacheFromTag,
            cacheSource: cacheSource, dockerfile: df, target: target, notes: notes)
        try Terminal.write(HistoryOutput.render(report, as: format.format, RenderOptions(color: Terminal.useColor, dockerfile: dockerfile)))
        return 0
    }
}

/// `N/M images` on standard error, redrawn in place.
enum FetchProgress {
    static func draw(_ done: Int, _ total: Int) {
        let width = 24
        let filled = total > 0 ? done * width / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        Terminal.progressLine("[\(bar)] \(done)/\(total) images")
    }

    static func clear() { Terminal.clearProgressLine() }
}

extension Loader {
    /// A repository's content source, its tags, how to show one of its tags, and why the list was cut short.
    func listRepository(_ text: String) async throws -> (ContentSource, [String], @Sendable (String) -> String, String?) {
        let ref: ImageReference
        do { ref = try ImageReference.parse(text) } catch { throw UsageError(message: error.description) }
        switch ref {
        case let .layout(l):
            guard l.tag == nil && l.digest == nil else { throw UsageError(message: "history takes oci:DIR, without a tag") }
            let src = OCILayoutSource(l)
            let dir = l.path
            return (src, try src.refNames(), { "oci:\(dir):\($0)" }, nil)
        case let .registry(r):
            let client = await registryClient()
            let (tags, cut) = try await client.tagListing(of: r)
            let name = "\(r.registry)/\(r.repository)"
            return (client.source(for: r), tags, { "\(name):\($0)" }, cut)
        }
    }
}

/// `--tags` matched none of the repository's tags. Exit code 2.
struct NoTagMatched: UserFacingError {
    let patterns: [String]
    let near: [String]
    let count: Int
    var exitCode: Int32 { 2 }
    var description: String {
        let hint = near.isEmpty ? "" : "; did you mean \(near.map { Sanitize.inline($0) }.joined(separator: ", "))?"
        return "--tags \(patterns.map { Sanitize.quoted($0) }.joined(separator: " ")) matches none of the repository's \(count) tags\(hint)"
    }
}
