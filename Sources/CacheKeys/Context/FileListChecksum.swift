import CacheModel

/// How BuildKit checksums a copy source with a wildcard or with `--exclude` patterns: as a list of
/// the entries it takes. The formula changed twice: v0.8 had its own (`ChecksumWildcard`), v0.9 to
/// v0.25 hash the entries by base name (`includedPaths`), v0.26 by their path below the source
/// ("contenthash: change how checksum is calculated with wildcards and patterns").
public enum WildcardFormula: Sendable, Hashable {
    /// The engine is not known, or its formula is not implemented: such copies are `.unsupported`.
    case unknown
    /// BuildKit v0.8 (`ChecksumWildcard`): each path that matches the whole pattern, named by its
    /// base name, with the checksum of the path itself (a directory's contents checksum, not its
    /// entries); `\0` between entries. No `--exclude` or `--parents` (the frontends of that time had
    /// neither). Checked against BuildKit v0.8.3's test vectors (`TestChecksumWildcard`) and the
    /// v0.8 builds of fixtures/plan-old.
    case v0_8
    /// BuildKit v0.9 to v0.25: entries named by their base name, `\0` between entries. Checked
    /// against BuildKit v0.25.1's own test vectors (`cache/contenthash/checksum_test.go`:
    /// `TestChecksumWildcardOrFilter`, `TestSymlinksNoFollow`, `TestChecksumIncludeDoubleStar`;
    /// the first three wildcard vectors are unchanged since v0.9); no fixture build copies with a
    /// wildcard or `--exclude`.
    case v0_9Through0_25
    /// BuildKit v0.26 and later (unchanged up to v0.32): entries named by their path below the
    /// source (for a wildcard, below the part before it), `/` written as `\0`, nothing between
    /// entries. Checked against v0.26.0's test vectors (the same tests, which still hold at v0.32).
    case v0_26OrLater
}

extension ContentChecksum {
    /// One entry a file-list checksum takes (`includedPath`).
    private final class Taken {
        let path: String
        var digest: Digest?
        /// A link not below a kept directory: followed once the list is made.
        let followLink: Bool
        var included = false
        var includeState: DockerIgnore.MatchState?
        var excludeState: DockerIgnore.MatchState?
        init(path: String, followLink: Bool) { self.path = path; self.followLink = followLink }
    }

    /// BuildKit's `Checksum` of a source with a wildcard or include/exclude patterns (`includedPaths`),
    /// links followed as the Dockerfile's `COPY` asks:
    ///
    /// - without a wildcard, the source is resolved (links followed but the last) and the source
    ///   itself and everything below it is visited; with one, the part before the first element with
    ///   a wildcard is resolved (the last link followed too) and, below it, each path that
    ///   `path.Match`es the source is visited with everything below it;
    /// - paths are visited in key order (a directory's contents record, its header, then its
    ///   entries in byte order, depth first); the patterns are matched against the path below the
    ///   source (below the matched path with a wildcard), each directory's verdicts handed to its
    ///   entries; an entry kept makes the not yet kept headers of its directories kept first;
    /// - a directory contributes its header checksum (not its contents checksum), a file or link its
    ///   own; a kept link that is not below a kept directory is followed instead;
    /// - nothing kept: `sha256("")`; one entry whose base name is the source's: that entry's
    ///   checksum; otherwise the list, named as `formula` says.
    ///
    /// `required` (v0.26+ `RequiredPaths`): some kept entry's path must start with it, else the
    /// source is not found.
    static func fileListChecksum(
        _ source: String, exclude: DockerIgnore?, include: DockerIgnore? = nil, required: String? = nil,
        followLinks: Bool = true, formula: WildcardFormula, in tree: ContextTree,
        memo: inout [String: Digest]
    ) throws(BuildContextError) -> Digest {
        if formula == .v0_8 { return try wildcardChecksumV08(source, followLinks: followLinks, in: tree, memo: &memo) }
        let joined = GoPath.join("/", source)
        let p = joined == "/" ? "" : joined  // BuildKit's keyPath
        let wildcard = ContextSourcePath.containsWildcards(p)
        var pattern: GlobExpression?
        var origPrefix = ""
        var start: String?  // the resolved path to visit below (wildcard) or from (no wildcard)
        if wildcard {
            guard let compiled = GlobExpression(pathMatch: p) else { throw .invalidWildcard(path: source) }
            pattern = compiled
            let prefix = splitWildcards(p).prefix
            if prefix == "/" {
                start = ""
            } else {
                origPrefix = prefix
                start = try resolve(relative(prefix), in: tree)
            }
        } else {
            origPrefix = p
            start = try resolve(relative(p), followLast: false, in: tree)
            // BuildKit takes nothing (sha256("")) and the copy itself then fails.
            guard start != nil else { throw .sourceNotFound(path: joined) }
        }
        guard let start else { return Digest.sha256(of: [UInt8]()) }
        let resolvedPrefix = start.isEmpty ? "" : "/" + start

        var taken: [Taken] = []
        var openHeaders: [Taken] = []
        var lastMatched = ""

        /// One record of the tree (`isHeader`: a directory's header rather than its contents).
        func record(_ rel: String, _ e: ContextEntry?, isHeader: Bool) throws(BuildContextError) {
            let real = rel.isEmpty ? "" : "/" + rel
            let fn = GoPath.hasPrefix(real, resolvedPrefix) ? origPrefix + GoPath.dropBytes(real, resolvedPrefix.utf8.count) : real
            while let last = openHeaders.last, !GoPath.hasPrefix(fn, last.path + "/") { openHeaders.removeLast() }
            let parent = openHeaders.last
            let candidateBase: String
            if let pattern {
                if lastMatched.isEmpty || !GoPath.hasPrefix(fn, lastMatched + "/") {
                    guard pattern.matches(fn) else { return }
                    lastMatched = fn
                }
                candidateBase = lastMatched
            } else {
                candidateBase = p
            }
            var candidate = fn + "/"
            if GoPath.hasPrefix(candidate, candidateBase + "/") { candidate = GoPath.dropBytes(candidate, candidateBase.utf8.count + 1) }
            if candidate.utf8.last == UInt8(ascii: "/") { candidate = String(decoding: candidate.utf8.dropLast(), as: UTF8.self) }

            let kind = e?.kind ?? .directory
            var isLink = false
            if case .symlink = kind { isLink = true }
            let t = Taken(path: fn, followLink: parent == nil && followLinks && isLink)
            var keep = true
            if let include {
                let r = include.evaluate(candidate, parent: parent?.includeState)
                t.includeState = r.state
                keep = r.excluded  // an include list "excludes" what it matches: that is what it keeps
            }
            if keep, let exclude {
                let r = exclude.evaluate(candidate, parent: parent?.excludeState)
                t.excludeState = r.state
                keep = !r.excluded
            }
            if !keep && !isHeader { return }

            switch kind {
            case .directory where isHeader:
                t.digest =
                    rel.isEmpty
                    ? try rootHeaderChecksum(tree)
                    : directoryHeader(mode: e!.mode, xattrs: e!.xattrs, uid: e!.uid, gid: e!.gid)
            case .directory:
                _ = try ownChecksum(rel, in: tree, memo: &memo)  // computed, never listed
                keep = false
            default:
                t.digest = try ownChecksum(rel, in: tree, memo: &memo)
            }
            if keep {
                for h in openHeaders where !h.included {
                    taken.append(h)
                    h.included = true
                }
                taken.append(t)
                t.included = true
            }
            if isHeader { openHeaders.append(t) }
        }

        func visit(_ rel: String) throws(BuildContextError) {
            let e = rel.isEmpty ? nil : tree.entry(rel)
            if !rel.isEmpty, e == nil { return }
            if e == nil || e!.kind == .directory {
                try record(rel, e, isHeader: false)
                try record(rel, e, isHeader: true)
                for name in tree.children(of: rel) { try visit(rel.isEmpty ? name : rel + "/" + name) }
            } else {
                try record(rel, e, isHeader: false)
            }
        }

        if wildcard {
            // The prefix itself never matches (the pattern has more elements): only what is below it.
            guard start.isEmpty || tree.entry(start)?.kind == .directory else { return Digest.sha256(of: [UInt8]()) }
            for name in tree.children(of: start) { try visit(start.isEmpty ? name : start + "/" + name) }
        } else {
            try visit(start)
        }

        if let required, !taken.contains(where: { GoPath.hasPrefix($0.path, required) }) {
            throw .sourceNotFound(path: required)
        }
        for t in taken where t.followLink {
            t.digest = try checksum(of: t.path, in: tree, memo: &memo)
        }
        if taken.isEmpty { return Digest.sha256(of: [UInt8]()) }
        if taken.count == 1, GoPath.same(GoPath.base(p), GoPath.base(taken[0].path)) { return taken[0].digest! }
        var sha = SHA256()
        for (i, t) in taken.enumerated() {
            if formula == .v0_26OrLater {
                let below = GoPath.hasPrefix(t.path, origPrefix) ? GoPath.dropBytes(t.path, origPrefix.utf8.count) : t.path
                sha.update(below.isEmpty ? [0] : Array(below.utf8).map { $0 == UInt8(ascii: "/") ? 0 : $0 })
            } else {
                if i != 0 { sha.update([0]) }
                sha.update(Array(GoPath.base(t.path).utf8))
            }
            sha.update(Array(t.digest!.description.utf8))
        }
        return Digest.sha256(hashed: sha)
    }

    /// BuildKit v0.8's checksum of a source with a wildcard: the paths of the tree that `path.Match`
    /// the whole (absolute) pattern, visited in key order (depth first, entries in byte order), a
    /// matched directory's entries not visited; each contributes its own checksum (a directory its
    /// contents checksum), a matched link the checksum of what it points to when links are
    /// followed. Nothing matched: `sha256("")`; one match whose base name is the pattern's: its
    /// checksum; otherwise `sha256(base0 + checksum0 + "\0" + base1 + checksum1 …)`.
    static func wildcardChecksumV08(
        _ source: String, followLinks: Bool, in tree: ContextTree,
        memo: inout [String: Digest]
    ) throws(BuildContextError) -> Digest {
        let joined = GoPath.join("/", source)
        let p = joined == "/" ? "" : joined
        guard let pattern = GlobExpression(pathMatch: p) else { throw .invalidWildcard(path: source) }
        var matched: [(path: String, digest: Digest)] = []
        func visit(_ rel: String) throws(BuildContextError) {
            guard let e = tree.entry(rel) else { return }
            let full = "/" + rel
            if pattern.matches(full) {
                let d: Digest
                switch e.kind {
                case .symlink where followLinks: d = try checksum(of: rel, in: tree, memo: &memo)
                default: d = try ownChecksum(rel, in: tree, memo: &memo)
                }
                matched.append((full, d))
                return
            }
            if case .directory = e.kind {
                for name in tree.children(of: rel) { try visit(rel + "/" + name) }
            }
        }
        for name in tree.children(of: "") { try visit(name) }
        if matched.isEmpty { return Digest.sha256(of: [UInt8]()) }
        if matched.count == 1, GoPath.same(GoPath.base(p), GoPath.base(matched[0].path)) { return matched[0].digest }
        var sha = SHA256()
        for (i, m) in matched.enumerated() {
            if i != 0 { sha.update([0]) }
            sha.update(Array(GoPath.base(m.path).utf8))
            sha.update(Array(m.digest.description.utf8))
        }
        return Digest.sha256(hashed: sha)
    }

    static func rootHeaderChecksum(_ tree: ContextTree) throws(BuildContextError) -> Digest {
        switch tree.rootHeader {
        case .transferred: return Digest.sha256(of: [UInt8]())
        case let .scanned(mode, uid, gid): return directoryHeader(mode: mode, uid: uid, gid: gid)
        }
    }

    /// The elements before the first one with a wildcard, and the rest (`splitWildcards`): for
    /// `/a/b*/c`, `/a` and `b*/c`; for `/x*`, `/` and `x*`.
    static func splitWildcards(_ p: String) -> (prefix: String, rest: String) {
        var before: [String] = []
        var after: [String] = []
        for part in GoPath.parts(GoPath.clean(p)) {
            let element = part.isEmpty ? "/" : String(part)
            if after.isEmpty, !ContextSourcePath.containsWildcards(element) { before.append(element) } else { after.append(element) }
        }
        func joined(_ parts: [String]) -> String { parts.isEmpty ? "" : GoPath.clean(parts.joined(separator: "/")) }
        return (joined(before), joined(after))
    }
}
