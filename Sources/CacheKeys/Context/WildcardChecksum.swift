import CacheModel

/// How BuildKit checksums a wildcard copy source. The formula changed twice: v0.8 had its own
/// (`ChecksumWildcard`), v0.9 to v0.25 hash the list of included paths (`includedPaths`), v0.26
/// changed it again ("contenthash: change how checksum is calculated with wildcards and patterns").
public enum WildcardFormula: Sendable, Hashable {
    /// The engine is not known, or its formula is not implemented: wildcard copies are
    /// `.unsupported`.
    case unknown
    /// BuildKit v0.9 to v0.25 (`includedPaths`): entries named by their base name, `\0` between
    /// entries. Checked against BuildKit v0.25.1's own test vectors (`cache/contenthash/
    /// checksum_test.go`: `TestChecksumWildcardOrFilter`, `TestSymlinksNoFollow`; the first three
    /// are unchanged since v0.9); no fixture build copies with a wildcard.
    case v0_9Through0_25
    /// BuildKit v0.26 and later (unchanged up to v0.32): entries named by their path below the
    /// part of the source before the wildcard, `/` written as `\0`. Checked against v0.26.0's test
    /// vectors (the same tests, which still hold at v0.32).
    case v0_26OrLater
}

extension ContentChecksum {
    /// The v0.9-v0.25 checksum of a wildcard source (`includedPaths` with no include or exclude
    /// pattern, links followed as the Dockerfile's `COPY` asks):
    ///
    /// - the part before the first element with a wildcard is resolved (links followed); below it,
    ///   in key order (a directory, then its entries in byte order, depth first), each path that
    ///   `path.Match`es the source is taken with everything below it;
    /// - a directory contributes its header checksum (not its contents checksum), a file or link its
    ///   own; a matched link (not one found below a matched directory) is followed instead;
    /// - nothing matched: `sha256("")`; exactly one entry whose base name is the source's: that
    ///   entry's checksum; otherwise sha256 of each entry's base name and checksum text, the entries
    ///   separated by `\0`.
    ///
    /// v0.26 changed only the last step: each entry is named by its path below that part (`/` as
    /// `\0`, so every name starts with `\0`) and nothing separates the entries.
    static func wildcardChecksum(_ source: String, formula: WildcardFormula = .v0_9Through0_25, in tree: ContextTree,
                                 memo: inout [String: Digest]) throws(BuildContextError) -> Digest {
        let p = GoPath.join("/", source)
        guard let pattern = GlobExpression(pathMatch: p) else { throw .invalidWildcard(path: source) }
        let prefix = splitWildcards(p).prefix
        var origPrefix = ""
        var start = ""  // the resolved prefix, relative ("" is the root)
        if prefix != "/" {
            origPrefix = prefix
            // The rest holds the wildcard, so the prefix's last element is followed too.
            guard let resolved = try resolve(relative(prefix), in: tree) else {
                return Digest.sha256(of: [UInt8]())
            }
            start = resolved
        }
        var included: [(path: String, digest: Digest, followLink: Bool)] = []
        var lastMatched = ""
        var openHeaders: [String] = []  // matched directories whose entries are being visited
        let resolvedPrefix = start.isEmpty ? "" : "/" + start

        func visit(_ rel: String) throws(BuildContextError) {
            guard let e = tree.entry(rel) else { return }
            let real = "/" + rel
            let fn = GoPath.hasPrefix(real, resolvedPrefix) ? origPrefix + GoPath.dropBytes(real, resolvedPrefix.utf8.count) : real
            // The directory's contents record, then its header record: both are keys of the tree.
            let records: [Bool] = e.kind == .directory ? [false, true] : [false]
            for isHeader in records {
                while let last = openHeaders.last, !GoPath.hasPrefix(fn, last + "/") { openHeaders.removeLast() }
                let topLevel = openHeaders.isEmpty
                if lastMatched.isEmpty || !GoPath.hasPrefix(fn, lastMatched + "/") {
                    guard pattern.matches(fn) else { continue }
                    lastMatched = fn
                }
                switch e.kind {
                case .directory:
                    if isHeader {
                        included.append((fn, directoryHeader(mode: e.mode, xattrs: e.xattrs, uid: e.uid, gid: e.gid), false))
                        openHeaders.append(fn)
                    } else {
                        _ = try ownChecksum(rel, in: tree, memo: &memo)  // computed, not listed
                    }
                case .symlink: included.append((fn, try ownChecksum(rel, in: tree, memo: &memo), topLevel))
                default: included.append((fn, try ownChecksum(rel, in: tree, memo: &memo), false))
                }
            }
            if e.kind == .directory {
                for name in tree.children(of: rel) { try visit(rel + "/" + name) }
            }
        }
        guard start.isEmpty || tree.entry(start)?.kind == .directory else { return Digest.sha256(of: [UInt8]()) }
        for name in tree.children(of: start) { try visit(start.isEmpty ? name : start + "/" + name) }

        for i in included.indices where included[i].followLink {
            included[i].digest = try checksum(of: included[i].path, in: tree, memo: &memo)
        }
        if included.isEmpty { return Digest.sha256(of: [UInt8]()) }
        if included.count == 1, GoPath.same(GoPath.base(p), GoPath.base(included[0].path)) { return included[0].digest }
        var sha = SHA256()
        for (i, entry) in included.enumerated() {
            if formula == .v0_26OrLater {
                let below = GoPath.hasPrefix(entry.path, origPrefix) ? GoPath.dropBytes(entry.path, origPrefix.utf8.count) : entry.path
                sha.update(below.isEmpty ? [0] : Array(below.utf8).map { $0 == UInt8(ascii: "/") ? 0 : $0 })
            } else {
                if i != 0 { sha.update([0]) }
                sha.update(Array(GoPath.base(entry.path).utf8))
            }
            sha.update(Array(entry.digest.description.utf8))
        }
        return Digest.sha256(hashed: sha)
    }

    /// The elements before the first one with a wildcard, and the rest (`splitWildcards`): for
    /// `/a/b*/c`, `/a` and `b*/c`; for `/x*`, `/` and `x*`.
    static func splitWildcards(_ p: String) -> (prefix: String, rest: String) {
        var before: [String] = []
        var after: [String] = []
        for part in GoPath.clean(p).split(separator: "/", omittingEmptySubsequences: false) {
            let element = part.isEmpty ? "/" : String(part)
            if after.isEmpty, !CopySource.containsWildcards(element) { before.append(element) } else { after.append(element) }
        }
        func joined(_ parts: [String]) -> String { parts.isEmpty ? "" : GoPath.clean(parts.joined(separator: "/")) }
        return (joined(before), joined(after))
    }
}
