import CacheModel

// Planning the next build's cache keys, in four calls (all pure):
//   let df = try ParsedDockerfile(parsing: text)
//   let names = try BuildPlan.baseImageNames(df, options: options)        // resolve these in the registry
//   let bases = [name: try BaseImage(resolvedDigest: digestTheTagPointsAt, config: configBytes)]
//   let plan = try BuildPlan.plan(df, options: options, baseImages: bases)
// Each step then has its records (`record` is the digest a cache stores), what their input slots
// link, its copy sources (whose content checksum gives `RecordKey.content(checksum:)`), its vertex
// name and history text, or `unknown` with the reason.

/// What the next build is given besides the Dockerfile: what `docker buildx build` would pass.
public struct BuildOptions: Sendable {
    /// `--build-arg` values.
    public var buildArgs: [String: String]
    /// `--target`; nil = the last stage.
    public var target: String?
    public var targetPlatform: KeyPlatform
    public var buildPlatform: KeyPlatform
    /// `--network` of the build (`none` makes every RUN `network: 2`).
    public var network: ExecOp.NetMode
    /// More than one `--platform` (step names are prefixed with the platform).
    public var multiPlatform: Bool
    public var formula: KeyFormula
    /// `--add-host` entries (only the names enter the keys), `--ulimit`, `--cgroup-parent` and
    /// `--shm-size` in bytes: every RUN carries them.
    public var extraHosts: [ExecOp.HostIP] = []
    public var ulimits: [ExecOp.Ulimit] = []
    public var cgroupParent = ""
    public var shmSize: Int64 = 0

    public init(
        buildArgs: [String: String] = [:], target: String? = nil, targetPlatform: KeyPlatform = .linuxAMD64,
        buildPlatform: KeyPlatform = .linuxAMD64, network: ExecOp.NetMode = .sandbox, multiPlatform: Bool = false,
        formula: KeyFormula = .current
    ) {
        self.buildArgs = buildArgs; self.target = target; self.targetPlatform = targetPlatform
        self.buildPlatform = buildPlatform; self.network = network; self.multiPlatform = multiPlatform; self.formula = formula
    }

    /// `SOURCE_DATE_EPOCH` from the build args, in seconds.
    public var sourceDateEpoch: Int64? { buildArgs["SOURCE_DATE_EPOCH"].flatMap { Int64($0) } }
}

/// One cache record of a step.
public struct StepRecord: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable {
        /// FROM: the main-manifest key.
        case imageManifest = "image-manifest"
        /// FROM: the config (ChainID) key.
        case imageConfig = "image-config"
        case exec
        case file
        /// `COPY --link`: the copy onto scratch.
        case linkCopy = "link-copy"
        /// `COPY --link`: the merge onto the stage.
        case merge
    }
    public var role: Role
    public var cacheMap: Digest
    /// `sha256("<cacheMap>@0")`, the digest the cache stores.
    public var record: Digest
    /// The JSON hashed into `cacheMap` (nil for image sources).
    public var json: String?
    /// The record's input slots in BuildKit's order (a cache record's `inputs`): what each links to.
    public var inputs: [StepInput] = []
}

/// What a record's input slot links to in the cache graph.
public enum StepInput: Sendable, Hashable {
    /// The stage's filesystem before this step: the previous step's record (the FROM's records
    /// for the first step; the base stage's last step for a stage built FROM another).
    case previous
    /// Files from a source: the slot holds the content record of the selected paths
    /// (`RecordKey.content(checksum:)`), beside the source's own definition key.
    case source(CopySource.Origin)
    /// `COPY --link`: the merge's second slot is the copy made on scratch.
    case linkCopy
}

/// Where a copy's files come from: the content checksum of these paths (computed elsewhere) is
/// the copy's second input.
public struct CopySource: Sendable, Hashable {
    public enum Origin: Sendable, Hashable {
        /// The build context.
        case context
        /// Another stage's result (its index and name).
        case stage(Int, String)
        /// An image named in `--from`.
        case image(String)
        /// A heredoc body (`COPY <<EOT …`).
        case inline(String)
    }
    public var origin: Origin
    /// The path selected in the source (absolute, cleaned), as BuildKit's selector.
    public var path: String
    public var followSymlink: Bool
    public var allowWildcard: Bool
    public var includePatterns: [String]
    public var excludePatterns: [String]
}

public struct PlannedStep: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case from, run, workdir, copy, add }
    public var kind: Kind
    /// BuildKit's vertex name: `[build 2/3] RUN …`.
    public var name: String
    public var line: Int
    public var stage: Int
    /// The records, in the order BuildKit creates them (empty when `unknown`).
    public var records: [StepRecord]
    /// Why the keys cannot be computed before the build; nil when they are computed.
    public var unknown: String?
    /// For COPY/ADD: the sources, one per copied path.
    public var sources: [CopySource]
    /// The `created_by` text the frontend writes to the image history for this layer
    /// (`RUN |1 V=x /bin/sh -c … # buildkit`, `COPY a b # buildkit`, `WORKDIR /app`), to match the
    /// steps to an image's layers. Exact for frontends v0.22+ (checked on the v0.25 fixtures);
    /// older ones: no `--chown`/`--chmod` before v0.13, repeated ARGs not merged before v0.18.
    public var history: String? = nil
}

public struct PlannedStage: Sendable, Hashable {
    public var index: Int
    /// The name BuildKit shows (`deps`, `stage-2`, or "" for a single-stage Dockerfile).
    public var displayName: String
    public var name: String?
    /// The expanded base (image reference, stage name or `scratch`).
    public var base: String
    /// Whether the target needs this stage (BuildKit builds only these).
    public var reachable: Bool
    public var steps: [PlannedStep]
}

/// The steps of a build with their cache keys, computed before it runs.
public struct BuildPlan: Sendable {
    public var stages: [PlannedStage]
    public var target: Int
    /// What could not be followed, by line.
    public var issues: [DockerfileIssue]
    /// Images read by `COPY --from=<image>` or `RUN --mount=from=<image>`: their source records
    /// (BuildKit's `FROM <image>` vertex without a stage prefix), one per image, at the first line
    /// that reads it; `unknown` when the image was not resolved.
    public var imageSources: [PlannedStep] = []

    /// Every step of every reachable stage, in order.
    public var steps: [PlannedStep] { stages.filter(\.reachable).flatMap(\.steps) }
}

public enum BuildPlanError: Error, Sendable, Equatable, CustomStringConvertible {
    case targetNotFound(String)
    case noStages
    case expansion(line: Int, String)
    case emptyBaseName(line: Int)
    case copyFromLaterStage(line: Int, String)

    public var description: String {
        switch self {
        case let .targetNotFound(t): return "target stage \"\(t)\" could not be found: pass one of the Dockerfile's stage names"
        case .noStages: return "the Dockerfile has no FROM: nothing to build"
        case let .expansion(l, m): return "line \(l): \(m)"
        case let .emptyBaseName(l): return "line \(l): the base name is empty after ARG expansion: pass the build arg it uses"
        case let .copyFromLaterStage(l, s): return "line \(l): stage \"\(s)\" is used before it is defined"
        }
    }
}

extension BuildPlan {
    /// The base images the build needs resolved (expanded `FROM` names of the stages the target
    /// reaches, and images named by `COPY --from` / `RUN --mount=from=`), in order, without
    /// `scratch` and stage names: resolve these, then call `plan`.
    public static func baseImageNames(_ dockerfile: ParsedDockerfile, options: BuildOptions) throws(BuildPlanError) -> [String] {
        let planner = Planner(df: dockerfile, options: options, baseImages: [:])
        return try planner.imageNames()
    }

    /// Plans the build of `dockerfile` with `options`, `baseImages` keyed by the base name as it
    /// reads after `ARG` expansion (e.g. `127.0.0.1:5000/base:1`). A base missing from it makes its
    /// stage's steps unknown, never guessed.
    public static func plan(
        _ dockerfile: ParsedDockerfile, options: BuildOptions,
        baseImages: [String: BaseImage]
    ) throws(BuildPlanError) -> BuildPlan {
        var planner = Planner(df: dockerfile, options: options, baseImages: baseImages)
        return try planner.run()
    }
}

/// What a `# syntax=` directive says about the frontend that will write the LLB.
public enum SyntaxFrontend: Sendable, Equatable {
    /// No directive: the engine's built-in frontend.
    case builtIn
    /// `docker/dockerfile:<tag>`; the frontend series nil when the tag does not tell (a digest, an odd tag).
    case official(tag: String, frontend: KeyFormula.Frontend?)
    /// Any other image: its LLB may differ from the Dockerfile frontend's.
    case other(String)

    public init(directive: String?) {
        guard var ref = directive?.trimmingLeadingSpace(), !ref.isEmpty else { self = .builtIn; return }
        for prefix in ["docker.io/", "index.docker.io/"] where ref.hasPrefix(prefix) { ref = String(ref.dropFirst(prefix.count)) }
        // `name[:tag][@digest]`: a tag pinned by its digest (`docker/dockerfile:1.23@sha256:…`, as
        // Renovate writes it) is still that tag's version; a digest alone does not say which.
        var name = Substring(ref), digest: Substring?, named: Substring?
        if let at = name.firstIndex(of: "@") { digest = name[at...]; name = name[..<at] }
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
            named = name[name.index(after: colon)...]
            name = name[..<colon]
        }
        guard name == "docker/dockerfile" || name == "docker/dockerfile-upstream" else { self = .other(ref); return }
        let tag = String((named ?? (digest == nil ? "latest" : "")) + (digest ?? ""))
        guard let named = named ?? (digest == nil ? "latest" : nil) else { self = .official(tag: tag, frontend: nil); return }
        var version = named
        for suffix in ["-labs"] where version.hasSuffix(suffix) { version = version.dropLast(suffix.count) }
        if version == "latest" || version == "labs" || version == "1" || version == "master" {
            self = .official(tag: tag, frontend: .v022OrLater); return
        }
        let parts = version.split(separator: ".").map { Int($0) }
        guard parts.count >= 2, let major = parts[0], let minor = parts[1] else { self = .official(tag: tag, frontend: nil); return }
        // docker/dockerfile 1.5 is the first on BuildKit v0.11's LLB client, 1.16 the first with
        // WORKDIR's SOURCE_DATE_EPOCH (BuildKit v0.22).
        if major > 1 || minor >= 16 {
            self = .official(tag: tag, frontend: .v022OrLater)
        } else {
            self = .official(tag: tag, frontend: minor >= 5 ? .v011ToV021 : .beforeV011)
        }
    }
}
