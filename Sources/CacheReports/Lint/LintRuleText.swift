import CacheAnalysis

/// What each lint rule is, in words: its title, why it matters for the next build, and the fix.
/// SARIF's rule list and every finding's fix read these; the rules themselves (`CacheAnalysis/Lint`)
/// carry only their ID and severity. `LintWordingTests` keeps this table and the rule registry in sync.
public enum LintRuleText {
    public struct RuleText: Sendable, Equatable {
        /// One line: what the rule detects.
        public let title: String
        /// Why it matters for the next build.
        public let explanation: String
        /// What to change.
        public let fix: String
    }

    /// The words of rule `id`; nil for an ID no rule has.
    public static func of(_ id: String) -> RuleText? { texts[id] }

    /// The rule IDs that have words here.
    public static var ids: Set<String> { Set(texts.keys) }

    static let texts: [String: RuleText] = [
        "no-inline-cache": RuleText(
            title: "The image has no inline cache",
            explanation: """
                The image config has no moby.buildkit.cache.v0 key, so a build with --cache-from pointing at this image \
                imports nothing and runs every step. Causes: built without BUILDKIT_INLINE_CACHE=1 or --cache-to type=inline, \
                built by the legacy builder, or re-pushed by a tool that rewrote the config and dropped the key.
                """,
            fix: """
                Build with `--cache-to type=inline` (or `--build-arg BUILDKIT_INLINE_CACHE=1`) under BuildKit and push the image \
                as built, or export a registry cache (`--cache-to type=registry,ref=…,mode=max`; see `cachectl advise`).
                """
        ),
        "invalid-cache-metadata": RuleText(
            title: "The inline cache is present but unusable",
            explanation: """
                The moby.buildkit.cache.v0 payload cannot be used: it does not decode, a record links to a record or layer \
                that does not exist, records form a loop, or the config lists a different number of diff_ids than the manifest \
                has layers. BuildKit then imports nothing (at most it logs a warning) and the build runs cold.
                """,
            fix: """
                Rebuild and push the image with BuildKit's own exporter (`--cache-to type=inline`) and do not rewrite its config \
                or manifest afterwards; if a tool edits images after the build, export a registry cache instead.
                """
        ),
        "cache-config-too-large": RuleText(
            title: "Cache metadata over BuildKit's 1 MiB import limit",
            explanation: """
                BuildKit refuses to read a manifest or config blob over 1 MiB when it imports a cache, and then builds \
                without cache without failing. An inline payload over 1 MiB makes the config too large by itself.
                """,
            fix: """
                Shrink what the cache describes: split the build into smaller targets with one cache ref each, drop large \
                LABELs/ENV values from the config, or move to a registry cache (`mode=max` with one ref per target).
                """
        ),
        "intermediate-stages-uncached": RuleText(
            title: "Steps of other stages have no cached results",
            explanation: """
                Inline cache is always mode=min: it keeps layers only for the final image. Steps of other stages \
                (builders, dependency stages) are keyed but have no results, so whenever one of them must run — after \
                any change that reaches that stage — all of them run again, even though their keys matched.
                """,
            fix: """
                Export a registry cache with `mode=max` (`--cache-to type=registry,ref=<repo>:buildcache,mode=max,image-manifest=true,oci-mediatypes=true`, \
                and `--cache-from type=registry,ref=<repo>:buildcache`); `cachectl advise` prints ready-to-paste snippets.
                """
        ),
        "cache-holes": RuleText(
            title: "Final-stage layers without a cached result below cached ones",
            explanation: """
                The image's inline cache holds no result for some layers below a layer that has one. The next build that \
                changes a step above such a layer rebuilds it and everything after it: the cache "works every second build". \
                Two causes are known: BuildKit v0.8 (Docker 20.10) exports an image whose lower layers came from an imported \
                cache without results for them; and current BuildKit (v0.25) keeps a result only for the last layer when the \
                build's output compression differs from the imported cache's (a zstd cache and a gzip build, or \
                `compression=zstd,force-compression=true` over a gzip cache).
                """,
            fix: """
                Compression: build with the compression of the cache you import, every time (for zstd: \
                `--output type=image,compression=zstd,force-compression=true,oci-mediatypes=true`), or export a registry \
                cache with `mode=max`. BuildKit v0.8: upgrade (Docker 23+ / BuildKit v0.11+ keep these results), or use a \
                `mode=max` registry cache.
                """
        ),
        "early-build-arg": RuleText(
            title: "A build-arg is in scope of RUN steps that do not use it",
            explanation: """
                Every RUN after an ARG line sees the argument in its environment, and its value is part of the step's cache \
                key (history shows it as `RUN |N K=V …`). Changing the value re-runs all of those steps, also the ones whose \
                command never mentions it.
                """,
            fix: """
                Move the `ARG` line down to just before the first RUN that uses it (its scope starts at its line), or into \
                the stage that needs it.
                """
        ),
        "broad-copy-before-run": RuleText(
            title: "The whole build context is copied before RUN steps",
            explanation: """
                `COPY . …` puts a checksum of the whole build context into the cache key of every later step. Any change to \
                any file (source, README, .git, CI config) re-runs every RUN after it, such as dependency installs.
                """,
            fix: """
                Copy only what the next RUN needs first (lock files, manifests), run the expensive steps, then `COPY . …`; \
                keep .git and build outputs out of the context with .dockerignore.
                """
        ),
        "platform-without-cache": RuleText(
            title: "Some platforms of the index have no inline cache",
            explanation: """
                Each platform's config carries its own inline cache. When some platforms of a multi-platform image have it \
                and others do not, builds for the platforms without it import nothing, typically because they were built \
                on another runner or builder without `--cache-to type=inline`, or merged into the index afterwards.
                """,
            fix: """
                Build every platform with `--cache-to type=inline` (one `buildx build --platform a,b`), or give each platform \
                its own registry cache ref (`ref=<repo>:buildcache-<os>-<arch>`).
                """
        ),
        "cache-mounts-not-exported": RuleText(
            title: "RUN steps use cache mounts, which no exported cache carries",
            explanation: """
                The contents of `RUN --mount=type=cache` directories stay in the builder that ran the step. Neither inline \
                nor registry, local or GitHub Actions caches export them, so on a fresh CI runner the mount starts empty and \
                the step does all its work again whenever it runs.
                """,
            fix: """
                Expect cold cache mounts on fresh runners: keep the step's own layer cached (so it does not run), use a \
                persistent builder, or save and restore the mount directory (e.g. reproducible-containers/buildkit-cache-dance).
                """
        ),
        "stale-cache": RuleText(
            title: "The newest cached result is old",
            explanation: """
                Every result in the cache was written longer ago than --max-age (default 30 days). The image the build \
                imports from is probably no longer the one CI pushes, or base images and dependencies have moved on since, \
                so most steps will miss.
                """,
            fix: """
                Point --cache-from at the tag CI pushes on every build (e.g. the branch tag or a dedicated `buildcache` \
                ref), or rebuild and push it.
                """
        ),
        "source-date-epoch": RuleText(
            title: "Built with SOURCE_DATE_EPOCH",
            explanation: """
                BuildKit (v0.11+) puts `SOURCE_DATE_EPOCH` into the cache key of every step when it is set. A build that \
                imports this image's cache without it, or with another value, misses every step — WORKDIR and COPY included \
                (measured on BuildKit v0.25). The image's dates are clamped to the value; its cache's result times are not.
                """,
            fix: """
                Pass the same `SOURCE_DATE_EPOCH` to every build that shares this cache (for example the commit time of the \
                cache's branch, not of each commit), or leave it unset everywhere.
                """
        ),
        "export-too-large": RuleText(
            title: "Cache export manifest or config over BuildKit's 1 MiB import limit",
            explanation: """
                BuildKit refuses to import a cache whose manifest or config blob is over 1 MiB, and then builds without \
                cache without failing.
                """,
            fix: """
                Shrink what the cache describes: one cache ref per target, or mode=min for targets whose other stages are cheap.
                """
        ),
        "missing-blob": RuleText(
            title: "A cache layer named by the config is not in the manifest",
            explanation: """
                BuildKit can only import results whose layers the cache manifest lists; results using a missing layer are \
                dropped and their steps run.
                """,
            fix: "Re-export the cache; check that nothing (a registry's garbage collection, a copy tool) dropped blobs."
        ),
        "index-form": RuleText(
            title: "Registry cache in the legacy index form",
            explanation: "Some registries (Amazon ECR among them) reject an index whose entries are not images.",
            fix: "Export with image-manifest=true,oci-mediatypes=true."
        ),
    ]
}
