import CacheModel

/// A `COPY`/`ADD` source path from the build context, as the Dockerfile frontend hands it to the
/// FileOp (`dockerfile2llb` `dispatchCopy`: `system.NormalizePath("/", src)`), and how BuildKit's
/// copy treats it (`ops/file.go` `addSelector`: a wildcard only when the path has `*`, `?` or `[`
/// not escaped by `\`).
public enum CopySource {
    /// The selector path: a relative source joined to `/` and cleaned (`./src/` is `/src`, `.` is
    /// `/`); an absolute one is kept as written.
    public static func selectorPath(_ source: String) -> String {
        GoPath.hasPrefix(source, "/") ? source : GoPath.join("/", source)
    }

    public static func containsWildcards(_ path: String) -> Bool {
        var escaped = false
        for b in path.utf8 {
            if escaped { escaped = false; continue }
            switch b {
            case UInt8(ascii: "\\"): escaped = true
            case UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "["): return true
            default: break
            }
        }
        return false
    }
}

/// The content key of one `COPY`/`ADD` from the build context, or why cachectl does not compute it.
public enum CopyContentKey: Sendable, Hashable {
    /// `checksum`: the digest the copy's content-keyed input gets; `record`: the digest of the cache
    /// record for it, `sha256("<checksum>@-1")`, which an inline cache or a cache export holds.
    case key(checksum: Digest, record: Digest)
    /// A form whose checksum formula changes between BuildKit versions: wildcard sources
    /// (`COPY *.txt ./`) and `--exclude` when no formula is named, `--parents` always.
    case unsupported(reason: String)

    public var record: Digest? {
        if case let .key(_, record) = self { return record }
        return nil
    }
}

/// Options of the copy that change which files its checksum covers.
public struct CopyFilter: Sendable, Hashable {
    /// `COPY --exclude=<pattern>` patterns.
    public var excludePatterns: [String]
    /// `COPY --parents`.
    public var parents: Bool
    public init(excludePatterns: [String] = [], parents: Bool = false) {
        self.excludePatterns = excludePatterns; self.parents = parents
    }
    public static let none = CopyFilter()
}

extension ContentChecksum {
    /// The content key of a copy of `sources` (as written in the Dockerfile: `go.mod`, `./src/`, `.`)
    /// from `tree`. All sources of one `COPY` share one key: their selector paths are de-duplicated
    /// (a path inside another source's directory is dropped: `dedupePaths`), sorted, each checksummed
    /// following symlinks, and the checksums' texts joined with `\0` and hashed.
    ///
    /// Wildcards, `--exclude` and `--parents` hash a list of matched entries whose formula differs in
    /// v0.8, v0.9–v0.25 and v0.26+. Wildcard sources and `--exclude` are computed when
    /// `wildcards` names the engine's formula (such sources are never de-duplicated, as in
    /// BuildKit); otherwise, and always for `--parents` (whose frontend logic is not implemented),
    /// the answer is `.unsupported`.
    public static func copyKey(sources: [String], filter: CopyFilter = .none, wildcards: WildcardFormula = .unknown,
                               in tree: ContextTree) throws(BuildContextError) -> CopyContentKey {
        let paths = sources.map(CopySource.selectorPath)
        let wild = paths.filter(CopySource.containsWildcards)
        if let first = wild.first, wildcards == .unknown {
            return .unsupported(reason: "the source \(first) has a wildcard; BuildKit hashes the matched entries with a formula that differs between v0.8, v0.9-v0.25 and v0.26+: say which engine builds (v0.9 and later are implemented)")
        }
        if !filter.excludePatterns.isEmpty, wildcards == .unknown {
            return .unsupported(reason: "COPY --exclude hashes the kept entries with a formula that differs between v0.9-v0.25 and v0.26+: say which engine builds")
        }
        if filter.parents {
            return .unsupported(reason: "COPY --parents hashes the matched entries with a formula that differs between BuildKit versions, not verified by cachectl")
        }
        var exclude: DockerIgnore?
        if !filter.excludePatterns.isEmpty {
            do { exclude = try DockerIgnore(patterns: filter.excludePatterns) } catch {
                throw .invalidExcludePattern(error)
            }
        }
        // Sources hashed as a list (a wildcard, or every source of a copy with --exclude) are never
        // de-duplicated; the others are (`dedupeSelectors`). All are then sorted by path.
        let listed = exclude == nil ? wild : paths
        let plain = exclude == nil ? dedupe(paths.filter { !CopySource.containsWildcards($0) }) : []
        let selectors = (plain.map { ($0, false) } + listed.map { ($0, true) }).sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        var memo: [String: Digest] = [:]
        var texts: [[UInt8]] = []
        for (p, asList) in selectors {
            let d = asList ? try fileListChecksum(p, exclude: exclude, formula: wildcards, in: tree, memo: &memo)
                : try checksum(of: p, in: tree, memo: &memo)
            texts.append(Array(d.description.utf8))
        }
        let checksum = Digest.sha256(of: Array(texts.joined(separator: [0])))
        return .key(checksum: checksum, record: RecordKey.content(checksum: checksum))
    }

    /// `dedupePaths`, then the selectors' sort by path: duplicates removed, a path below another
    /// listed path (`/a/b` below `/a`, not `/ab`) removed, byte order.
    static func dedupe(_ paths: [String]) -> [String] {
        // Unique by bytes, as Go's map of strings (Swift's Set would merge canonically equal texts).
        var seen = Set<[UInt8]>()
        let unique = paths.filter { seen.insert(Array($0.utf8)).inserted }
        if unique.count <= 1 { return unique }
        func slashed(_ p: String) -> String { p.utf8.last == UInt8(ascii: "/") ? p : p + "/" }
        let kept = unique.filter { p in !unique.contains { q in !GoPath.same(q, p) && GoPath.hasPrefix(p, slashed(q)) } }
        return kept.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
