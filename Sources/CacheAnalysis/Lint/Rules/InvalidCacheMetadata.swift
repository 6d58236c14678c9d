import CacheModel

/// The inline cache is present but BuildKit cannot use it.
public struct InvalidCacheMetadata: LintRule {
    public init() {}
    public let id = "invalid-cache-metadata"
    public let severity = LintSeverity.error
    public let title = "The inline cache is present but unusable"
    public let explanation = """
        The moby.buildkit.cache.v0 payload cannot be used: it does not decode, a record links to a record or layer \
        that does not exist, records form a loop, or the config lists a different number of diff_ids than the manifest \
        has layers. BuildKit then imports nothing (at most it logs a warning) and the build runs cold.
        """
    public let fix = """
        Rebuild and push the image with BuildKit's own exporter (`--cache-to type=inline`) and do not rewrite its config \
        or manifest afterwards; if a tool edits images after the build, export a registry cache instead.
        """

    public func check(_ s: LintSubject) -> [LintFinding] {
        guard case let .invalid(why) = s.cache.status else { return [] }
        return [finding(stage: "image", message: "\(why); BuildKit will import nothing from this image", cost: s.wholeBuildCost)]
    }
}
