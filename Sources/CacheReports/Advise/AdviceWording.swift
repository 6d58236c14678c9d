import CacheAnalysis
import CacheModel

/// The sentences of `advise`: its reasons and migration notes, worded from what it measured.
extension Advice {
    /// The ready-to-paste configurations.
    public var snippets: AdviceSnippets { AdviceSnippets(snippet) }

    public var reasonTexts: [String] { reasons.map(Self.text) }
    public var noteTexts: [String] { notes.map(Self.text) }

    public static func text(_ r: Reason) -> String {
        switch r {
        case let .noInlineCache(p?):
            return
                "\(p) has no inline cache: builds for it import nothing from this image; a registry cache does not depend on how the image itself was pushed"
        case .noInlineCache(nil):
            return
                "the image has no inline cache: --cache-from it imports nothing; a registry cache is exported beside the image, so a re-push or a tool that rewrites the config cannot drop it"
        case let .unusableInlineCache(p, why):
            return "\(p.map { $0 + ": " } ?? "")the inline cache is unusable (\(Sanitize.inline(why))): BuildKit imports nothing"
        case let .otherStagesWithoutResults(n):
            return
                "\(n) step(s) of other stages are keyed but have no results: inline cache is mode=min, so whenever one must run all of them run; mode=max keeps their layers"
        case let .otherStageWait(secs, measured, copies):
            return
                "in the build that made the image, the final stage waited \(DurationText.format(secs)) for other stages at \(measured) of its \(copies) copies from them (result times of its inline cache): a build that must re-run those copies rebuilds the other stages and waits that long again under inline cache; mode=max loads them instead"
        case let .otherStageWaitUnknown(gap):
            return "how long the final stage waited for other stages is unknown: \(text(gap))"
        case let .holes(n):
            return
                "\(n) final-stage layer(s) have no result below a cached one (holes, as BuildKit v0.8 exports after a warm build): a mode=max registry cache keeps every result"
        case let .inlineServes(built):
            return
                "inline cache already serves the build: every one of its \(built) built layer(s) has a cached result, there are no steps of other stages and no holes, so a mode=max registry cache would keep 0 more steps"
        case .inlineTravels:
            return
                "inline cache travels with the image: no extra ref to push, no extra permissions, and it works with the default docker driver"
        case let .everyPlatformCarries(platforms):
            return "every platform (\(platforms.joined(separator: ", "))) carries its own inline cache"
        }
    }

    public static func text(_ n: Note) -> String {
        switch n {
        case let .placeholder(reference):
            return
                "\(Sanitize.inline(reference)) is not a registry reference, so the snippets use the placeholder \(placeholderRepository); replace it with your repository (or pass --cache-ref)"
        case .imageManifest:
            return
                "image-manifest=true,oci-mediatypes=true stores the cache as an OCI image manifest: registries that reject BuildKit's legacy index form (Amazon ECR, older Quay/GCR/ACR) need it (it is the default from BuildKit v0.21)"
        case let .oneRefPerJob(cache):
            return
                "use one cache ref per platform and per target when they are built by separate jobs or bake targets (e.g. \(cache)-linux-arm64, \(cache)-<target>): jobs writing the same ref overwrite each other's cache"
        case .dockerDriver:
            return
                "the default `docker` driver cannot export a registry cache unless the containerd image store is enabled; otherwise create a builder first: docker buildx create --driver docker-container --use"
        case .ignoreError:
            return "add ignore-error=true to --cache-to so that a failing cache push (permissions, registry limits) does not fail the build"
        case .firstBuildCold:
            return
                "the first build after migrating is cold: the cache ref is empty until a build has written it (a missing ref is not an error)"
        case let .oneMultiPlatformBuild(platforms):
            return "a single multi-platform build (--platform \(platforms.joined(separator: ","))) writes one cache for all its platforms"
        }
    }

    public static func text(_ g: OtherStageWait.Gap) -> String {
        switch g {
        case .noUsableCache: return "no usable inline cache"
        case .noResultTime: return "a copy from another stage, or the step below it, has no result time"
        case .noBuildStart:
            return
                "the image carries no provenance attestation with the build's start, so whether the step below a copy ran in the same build (or was loaded, keeping an earlier build's time) cannot be told"
        case .loadedBelow: return "the step below a copy was loaded from an earlier build (its result is older than the build's start)"
        case .noCopies: return "the final stage copies from no other stage"
        }
    }
}

extension OtherStageWait {
    /// Why the wait is not measured, worded.
    public var note: String? { gap.map(Advice.text) }
}
