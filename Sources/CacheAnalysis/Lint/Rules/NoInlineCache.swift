import CacheModel

/// The config carries no `moby.buildkit.cache.v0`.
public struct NoInlineCache: LintRule {
    public init() {}
    public let id = "no-inline-cache"
    public let severity = LintSeverity.error
    public let title = "The image has no inline cache"
    public let explanation = """
        The image config has no moby.buildkit.cache.v0 key, so a build with --cache-from pointing at this image \
        imports nothing and runs every step. Causes: built without BUILDKIT_INLINE_CACHE=1 or --cache-to type=inline, \
        built by the legacy builder, or re-pushed by a tool that rewrote the config and dropped the key.
        """
    public let fix = """
        Build with `--cache-to type=inline` (or `--build-arg BUILDKIT_INLINE_CACHE=1`) under BuildKit and push the image \
        as built, or export a registry cache (`--cache-to type=registry,ref=…,mode=max`; see `cachectl advise`).
        """

    public func check(_ s: LintSubject) -> [LintFinding] {
        guard s.cache.status == .absent else { return [] }
        return [finding(stage: "image",
                        message: "the config has no \(ImageConfig.inlineCacheKey): --cache-from this image imports nothing, so the next build runs every step",
                        cost: s.wholeBuildCost)]
    }
}
