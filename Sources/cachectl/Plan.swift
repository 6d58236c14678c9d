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

struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predict, before the build, which steps the caches it will import serve and which run.",
        discussion: """
            Computes BuildKit's own cache keys for every step of the build from the Dockerfile, the \
            context (honouring .dockerignore) and the base images (resolved in their registries), and \
            looks them up in the caches the build will import (--cache-from: an image with inline cache, \
            type=registry,ref=R, type=local,src=DIR or an oci: layout). Each step is cached, unneeded or \
            run, with the reason, as `diff` says after a build; depends when its answer needs the output \
            of a step that will run (a COPY --from of a stage that re-runs), unknown when it cannot be \
            known before the build (ADD of a URL or git source, a # syntax= frontend other than \
            docker/dockerfile). A context copy that will run lists the files that differ from the layer \
            the same step left in the imported cache, and when they are only files a build rarely needs \
            (version-control metadata, logs, editor and OS files…) the .dockerignore lines that keep \
            them from making it run; a step that will run shows the seconds it took when last built \
            (read from the imported image's result times when its provenance gives that build's \
            start). The flags are spelled as docker buildx build spells them, so a build \
            command can be pasted; -t, --push, --load, --output, --progress, --provenance, --cache-to, \
            --secret, --ssh and the other output flags are accepted and ignored. Bake files are not read. \
            Keys follow BuildKit v0.25 and the docker/dockerfile frontend 1.16+ unless --buildkit-version \
            or --frontend-version says otherwise. Exit status: 0 success, 1 with --fail-on-run when a step \
            will run (depends and unknown steps do not count), 2 on errors (a Dockerfile syntax error \
            gives its line and column; an unreadable context), 64 usage errors.

            EXAMPLES:
              cachectl plan --cache-from type=registry,ref=ghcr.io/org/app:buildcache .
              cachectl plan -f docker/Dockerfile --build-arg VERSION=1.4 --target runtime --cache-from ghcr.io/org/app:main .
              cachectl plan --fail-on-run --format markdown --cache-from app:main . >> "$GITHUB_STEP_SUMMARY"
            """
    )

    @Argument(help: ArgumentHelp("The build context directory.", valueName: "context"))
    var context: String

    @Option(
        name: [.customShort("f"), .customLong("file"), .customLong("dockerfile")],
        help: ArgumentHelp("The Dockerfile (default: CONTEXT/Dockerfile).", valueName: "path"))
    var file: String?

    @Option(
        name: .customLong("build-arg"),
        help: ArgumentHelp("A build argument, KEY=VALUE, or KEY to take it from the environment.", valueName: "key=value"))
    var buildArgs: [String] = []

    @Option(help: ArgumentHelp("The stage to build.", valueName: "stage"))
    var target: String?

    @Option(
        name: .customLong("platform"),
        help: ArgumentHelp("Target platforms, comma-separated: one plan each (default linux/amd64).", valueName: "os/arch[,...]"))
    var platforms: [String] = []

    @Option(help: ArgumentHelp("The network mode of RUN steps: default, none or host (it enters their keys).", valueName: "mode"))
    var network: String?

    @Option(
        name: .customLong("add-host"), help: ArgumentHelp("An extra host, NAME:IP (the name enters every RUN key).", valueName: "name:ip"))
    var addHosts: [String] = []

    @Option(help: ArgumentHelp("A ulimit, NAME=SOFT[:HARD] (enters every RUN key).", valueName: "name=soft[:hard]"))
    var ulimit: [String] = []

    @Option(
        name: .customLong("cgroup-parent"), help: ArgumentHelp("The cgroup parent of RUN steps (enters every RUN key).", valueName: "path"))
    var cgroupParent: String?

    @Option(
        name: .customLong("shm-size"),
        help: ArgumentHelp("The size of /dev/shm for RUN steps, e.g. 64m (enters every RUN key).", valueName: "size"))
    var shmSize: String?

    @Flag(name: .customLong("no-cache"), help: "The build will not use any cache: every step runs.")
    var noCache = false

    @Option(
        name: .customLong("no-cache-filter"), help: ArgumentHelp("A stage whose steps run without cache (repeatable).", valueName: "stage"))
    var noCacheFilter: [String] = []

    @Option(
        name: .customLong("build-context"),
        help: ArgumentHelp(
            "NAME=docker-image://REF or NAME=oci-layout://DIR[:TAG] to use in place of an image the Dockerfile names.",
            valueName: "name=source"))
    var buildContexts: [String] = []

    @Option(
        name: .customLong("cache-from"),
        help: ArgumentHelp(
            "A cache the build imports: REF, type=registry,ref=REF, type=local,src=DIR or oci:DIR[:TAG] (repeatable).", valueName: "source")
    )
    var cacheFrom: [String] = []

    @Option(
        name: .customLong("buildkit-version"),
        help: ArgumentHelp("The BuildKit that builds: 0.8, 0.13, 0.17, 0.25 (default 0.25).", valueName: "version"))
    var buildkitVersion: String?

    @Option(
        name: .customLong("frontend-version"),
        help: ArgumentHelp(
            "The Dockerfile frontend's LLB client: 0.10, 0.11, 0.22 (default: what # syntax= names, else 0.22).", valueName: "version"))
    var frontendVersion: String?

    @Option(help: "Output format.")
    var format: FormatOption<PlanOutput> = .text

    @Flag(help: "Exit 1 when a step will run (depends and unknown steps do not count).")
    var failOnRun = false

    // Accepted so that a docker buildx build command can be pasted; they do not change any key.
    @Option(name: [.customShort("t"), .customLong("tag")], help: .hidden) var tags: [String] = []
    @Option(name: [.customShort("o"), .customLong("output")], help: .hidden) var outputs: [String] = []
    @Option(name: .customLong("cache-to"), help: .hidden) var cacheTo: [String] = []
    @Option(name: .customLong("secret"), help: .hidden) var secrets: [String] = []
    @Option(name: .customLong("ssh"), help: .hidden) var ssh: [String] = []
    @Option(name: .customLong("label"), help: .hidden) var labels: [String] = []
    @Option(name: .customLong("annotation"), help: .hidden) var annotations: [String] = []
    @Option(name: .customLong("attest"), help: .hidden) var attest: [String] = []
    @Option(name: .customLong("allow"), help: .hidden) var allow: [String] = []
    @Option(name: .customLong("progress"), help: .hidden) var progress: String?
    @Option(name: .customLong("provenance"), help: .hidden) var provenance: String?
    @Option(name: .customLong("sbom"), help: .hidden) var sbom: String?
    @Option(name: .customLong("builder"), help: .hidden) var builder: String?
    @Option(name: .customLong("iidfile"), help: .hidden) var iidfile: String?
    @Option(name: .customLong("metadata-file"), help: .hidden) var metadataFile: String?
    @Flag(name: .customLong("push"), help: .hidden) var push = false
    @Flag(name: .customLong("load"), help: .hidden) var load = false
    @Flag(name: .customLong("pull"), help: .hidden) var pull = false
    @Flag(name: [.customShort("q"), .customLong("quiet")], help: .hidden) var quiet = false

    @OptionGroup var access: RegistryAccess

    func validate() throws {
        for a in buildArgs where a.isEmpty || a.hasPrefix("=") { throw ValidationError("--build-arg takes KEY=VALUE or KEY") }
        for p in platformList { _ = try RegistryAccess.usage { try Platform(parsing: p) } }
        if let n = network, !["default", "none", "host", "sandbox"].contains(n) {
            throw ValidationError("--network takes default, none or host")
        }
        for h in addHosts where !h.contains(":") && !h.contains("=") { throw ValidationError("--add-host takes NAME:IP") }
        if let s = shmSize, Self.bytes(s) == nil { throw ValidationError("--shm-size takes a size such as 64m") }
        for u in ulimit where Self.ulimitValue(u) == nil { throw ValidationError("--ulimit takes NAME=SOFT[:HARD]") }
        for c in cacheFrom where c.hasPrefix("type=") && !(c.hasPrefix("type=registry") || c.hasPrefix("type=local")) {
            let kind = c.dropFirst("type=".count).prefix { $0 != "," }
            throw ValidationError(
                "--cache-from type=\(kind) lives outside any registry and cannot be read; export a registry cache too (--cache-to type=registry,ref=REF,mode=max) and pass --cache-from type=registry,ref=REF"
            )
        }
        if let v = buildkitVersion, KeyFormulaChoice.engine(v) == nil {
            throw ValidationError("--buildkit-version takes 0.8, 0.13, 0.17 or 0.25 (or later)")
        }
        if let v = frontendVersion, KeyFormulaChoice.frontend(v) == nil {
            throw ValidationError("--frontend-version takes 0.10, 0.11 or 0.22 (or later)")
        }
    }

    /// `--platform a,b --platform c` → [a, b, c].
    var platformList: [String] {
        platforms.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: " ") } }.filter { !$0.isEmpty }
    }

    static func bytes(_ s: String) -> Int64? {
        let lower = s.lowercased()
        let units: [(String, Int64)] = [("g", 1 << 30), ("m", 1 << 20), ("k", 1 << 10), ("b", 1)]
        for (u, m) in units where lower.hasSuffix(u) { return Int64(lower.dropLast()).map { $0 * m } }
        return Int64(lower)
    }

    static func ulimitValue(_ s: String) -> ExecOp.Ulimit? {
        guard let eq = s.firstIndex(of: "=") else { return nil }
        let name = String(s[..<eq])
        let values = s[s.index(after: eq)...].split(separator: ":").map { Int64($0) }
        guard !name.isEmpty, let soft = values.first ?? nil, values.count <= 2 else { return nil }
        let hard = values.count == 2 ? values[1] : soft
        guard let hard else { return nil }
        return ExecOp.Ulimit(name: name, soft: soft, hard: hard)
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
