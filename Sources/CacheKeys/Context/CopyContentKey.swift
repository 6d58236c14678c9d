import CacheModel

/// A `COPY`/`ADD` source path from the build context, as the Dockerfile frontend hands it to the
/// FileOp (`dockerfile2llb` `dispatchCopy`: `system.NormalizePath("/", src)`), and how BuildKit's
/// copy treats it (`ops/file.go` `addSelector`: a wildcard only when the path has `*`, `?` or `[`
/// not escaped by `\`).
public enum ContextSourcePath {
    /// The selector path: a relative source joined to `/` and cleaned (`./src/` is `/src`, `.` is
    /// `/`); an absolute one is kept as written.
    public static func selectorPath(_ source: String) -> String {
        GoPath.hasPrefix(source, "/") ? source : GoPath.join("/", source)
    }

    /// `COPY --parents <source>` as the v0.26 frontend reads it: the selector path (the part before
    /// `/./`, or `/`), the include pattern (the rest, below it) and the path BuildKit v0.26+ requires
    /// to exist (nil when either part has a wildcard).
    public static func parents(_ source: String) -> (path: String, pattern: String, required: String?) {
        var parent = "/"
        var rest = source
        let bytes = Array(source.utf8)
        let pivot: [UInt8] = Array("/./".utf8)
        if let i = bytes.indices.first(where: { bytes[$0...].starts(with: pivot) }) {  // strings.Cut
            parent = String(decoding: bytes[..<i], as: UTF8.self)
            rest = String(decoding: bytes[(i + 3)...], as: UTF8.self)
        }
        let normalized = selectorPath(rest)  // `NormalizePath("/", pattern)`: rooted
        let pattern = GoPath.hasPrefix(normalized, "/") ? GoPath.dropBytes(normalized, 1) : normalized
        var required: String?
        if !containsWildcards(parent), !containsWildcards(normalized) {
            required = selectorPath(GoPath.join(parent, normalized))
        }
        return (selectorPath(parent), pattern, required)
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
    /// (`COPY *.txt ./`), `--exclude` and `--parents` when no formula is named.
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
    /// v0.8, v0.9–v0.25 and v0.26+: they are computed when `wildcards` names the engine's formula
    /// (such sources are never de-duplicated, as in BuildKit), else the answer is `.unsupported`.
    /// `--parents` is read as the v0.26 frontend does (`dispatchCopy`): a source `a/./b/c` copies
    /// `b/c` below `a` (without `/./`, the whole path below the root), an include pattern; with no
    /// wildcard, BuildKit v0.26+ also requires that path to exist.
    public static func copyKey(
        sources: [String], filter: CopyFilter = .none, wildcards: WildcardFormula = .unknown,
        in tree: ContextTree
    ) throws(BuildContextError) -> CopyContentKey {
        let paths = sources.map(ContextSourcePath.selectorPath)
        let wild = paths.filter(ContextSourcePath.containsWildcards)
        if let first = wild.first, wildcards == .unknown {
            return .unsupported(
                reason:
                    "the source \(first) has a wildcard; BuildKit hashes the matched entries with a formula that differs between v0.8, v0.9-v0.25 and v0.26+: say which engine builds"
            )
        }
        if !filter.excludePatterns.isEmpty || filter.parents, wildcards == .v0_8 {
            return .unsupported(
                reason: "COPY --exclude and --parents came after BuildKit v0.8: their checksum is not computed with v0.8's formula")
        }
        if !filter.excludePatterns.isEmpty, wildcards == .unknown {
            return .unsupported(
                reason:
                    "COPY --exclude hashes the kept entries with a formula that differs between v0.9-v0.25 and v0.26+: say which engine builds"
            )
        }
        if filter.parents, wildcards == .unknown {
            return .unsupported(
                reason:
                    "COPY --parents hashes the matched entries with a formula that differs between v0.9-v0.25 and v0.26+: say which engine builds"
            )
        }
        var exclude: DockerIgnore?
        if !filter.excludePatterns.isEmpty {
            do { exclude = try DockerIgnore(patterns: filter.excludePatterns) } catch {
                throw .invalidExcludePattern(error)
            }
        }
        // Sources hashed as a list (a wildcard, or every source of a copy with --exclude or
        // --parents) are never de-duplicated; the others are (`dedupeSelectors`). All are then
        // sorted by path, stably (Go's sort of so few selectors is an insertion sort).
        struct Selector { let path: String; let asList: Bool; var include: DockerIgnore? = nil; var required: String? = nil }
        var selectors: [Selector]
        if filter.parents {
            selectors = []
            for source in sources {
                let (path, pattern, required) = ContextSourcePath.parents(source)
                var include: DockerIgnore
                do { include = try DockerIgnore(patterns: [pattern]) } catch { throw .invalidExcludePattern(error) }
                selectors.append(
                    Selector(path: path, asList: true, include: include, required: wildcards == .v0_26OrLater ? required : nil))
            }
        } else if exclude != nil {
            selectors = paths.map { Selector(path: $0, asList: true) }
        } else {
            selectors =
                dedupe(paths.filter { !ContextSourcePath.containsWildcards($0) }).map { Selector(path: $0, asList: false) }
                + wild.map { Selector(path: $0, asList: true) }
        }
        selectors = selectors.enumerated().sorted { a, b in
            a.element.path.utf8.elementsEqual(b.element.path.utf8)
                ? a.offset < b.offset
                : a.element.path.utf8.lexicographicallyPrecedes(b.element.path.utf8)
        }.map(\.element)
        var memo: [String: Digest] = [:]
        var texts: [[UInt8]] = []
        for s in selectors {
            let d =
                s.asList
                ? try fileListChecksum(
                    s.path, exclude: exclude, include: s.include, required: s.required, formula: wildcards, in: tree, memo: &memo)
                : try checksum(of: s.path, in: tree, memo: &memo)
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
