import CacheModel

/// BuildKit's content checksum of paths in a build context (`cache/contenthash`, v0.8 to v0.26 for
/// plain paths), and the content key of a `COPY` from the context
/// (`solver/llbsolver/ops/opsutils/contenthash.go`, `ops/file.go`).
///
/// - A path's own checksum is sha256 of a tar-like header (`tarsum.go` `WriteV1TarsumHeaders` over
///   `archive/tar.FileInfoHeader` with the name blanked; uid and gid are 0 in a build context)
///   followed, for a regular file, by its bytes.
/// - A directory's checksum is sha256 of `\0` + its header's checksum, then for each child in byte
///   order `\0<name>` + the child's checksum (a child directory's own contents checksum, a child
///   symlink's header checksum: links inside are not followed). The root's header checksum is
///   `sha256("")` for a context the client sent, a directory header for a snapshot BuildKit scans
///   (`ContextTree.RootHeader`). Checksums enter as their text, `sha256:<hex>`.
/// - A copy source is resolved following symbolic links (the final one too), the checksum taken of
///   what it resolves to.
public enum ContentChecksum {
    /// The tar header type flags BuildKit's headers carry.
    enum TypeFlag: UInt8 { case regular = 0x30, symlink = 0x32, directory = 0x35 }

    /// The header bytes: `name`, `mode<perm>`, `uid0`, `gid0`, `size<n>`, `typeflag<c>`,
    /// `linkname<target>`, `uname`, `gname`, `devmajor0`, `devminor0`, then `<key><value>` per kept
    /// extended attribute in key order (`user.*`, `trusted.*`, … and `security.capability`; other
    /// `security.*` and every `system.*` are left out).
    static func header(
        mode: UInt32, type: TypeFlag, size: Int64, linkname: String, xattrs: [String: [UInt8]],
        uid: UInt32 = 0, gid: UInt32 = 0
    ) -> [UInt8] {
        // Appended in place: one header per file, so intermediate arrays showed in a walk's profile.
        var out: [UInt8] = []
        out.reserveCapacity(96 + linkname.utf8.count)
        func field(_ name: StaticString, _ value: String) {
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(contentsOf: value.utf8)
        }
        field("name", "")
        field("mode", String(mode & 0o7777))
        field("uid", String(uid))
        field("gid", String(gid))
        field("size", String(type == .regular ? size : 0))
        field("typeflag", ""); out.append(type.rawValue)
        field("linkname", type == .symlink ? linkname : "")
        field("uname", "")
        field("gname", "")
        field("devmajor", "0")
        field("devminor", "0")
        if xattrs.isEmpty { return out }
        let kept = xattrs.keys.filter {
            GoPath.same($0, "security.capability") || (!GoPath.hasPrefix($0, "security.") && !GoPath.hasPrefix($0, "system."))
        }
        for key in kept.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            out.append(contentsOf: key.utf8); out.append(contentsOf: xattrs[key]!)
        }
        return out
    }

    /// The checksum of a regular file, fed its bytes as they are read: start with the file's mode,
    /// size (as stat reported it before reading) and extended attributes, `update` with every byte,
    /// `finalize`.
    public struct FileHasher: Sendable {
        private var sha = SHA256()
        public init(mode: UInt32, size: Int64, xattrs: [String: [UInt8]] = [:], uid: UInt32 = 0, gid: UInt32 = 0) {
            sha.update(ContentChecksum.header(mode: mode, type: .regular, size: size, linkname: "", xattrs: xattrs, uid: uid, gid: gid))
        }
        public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 { sha.update(bytes) }
        public func finalize() -> Digest { Digest.sha256(hashed: sha) }
    }

    /// The checksum of a regular file held in memory.
    public static func file(mode: UInt32, contents: [UInt8], xattrs: [String: [UInt8]] = [:], uid: UInt32 = 0, gid: UInt32 = 0) -> Digest {
        var h = FileHasher(mode: mode, size: Int64(contents.count), xattrs: xattrs, uid: uid, gid: gid)
        h.update(contents)
        return h.finalize()
    }

    /// The header checksum of a directory (not the root: its header checksum is `sha256("")`).
    public static func directoryHeader(mode: UInt32, xattrs: [String: [UInt8]] = [:], uid: UInt32 = 0, gid: UInt32 = 0) -> Digest {
        Digest.sha256(of: header(mode: mode, type: .directory, size: 0, linkname: "", xattrs: xattrs, uid: uid, gid: gid))
    }

    /// The checksum of a symbolic link itself (its target is part of the header, never followed).
    public static func symlink(target: String, mode: UInt32 = 0o777, xattrs: [String: [UInt8]] = [:], uid: UInt32 = 0, gid: UInt32 = 0)
        -> Digest
    {
        Digest.sha256(of: header(mode: mode, type: .symlink, size: 0, linkname: target, xattrs: xattrs, uid: uid, gid: gid))
    }

    /// BuildKit's limit on symbolic links followed in one resolution (`maxSymlinkLimit`).
    static let maxLinks = 255

    /// The checksum of `path` (`/`-separated, relative to the context root or starting with `/`)
    /// after following symbolic links, the last one included: what `COPY <path>` checksums.
    public static func checksum(of path: String, in tree: ContextTree) throws(BuildContextError) -> Digest {
        var memo: [String: Digest] = [:]
        return try checksum(of: path, in: tree, memo: &memo)
    }

    static func checksum(of path: String, in tree: ContextTree, memo: inout [String: Digest]) throws(BuildContextError) -> Digest {
        let key = relative(path)
        guard let resolved = try resolve(key, in: tree) else { throw .sourceNotFound(path: "/" + key) }
        return try ownChecksum(resolved, in: tree, memo: &memo)
    }

    /// The checksum of the entry at `path` as it is (a directory's contents, a symlink's header).
    static func ownChecksum(_ path: String, in tree: ContextTree, memo: inout [String: Digest]) throws(BuildContextError) -> Digest {
        if path.isEmpty { return try directoryContents("", header: rootHeaderChecksum(tree), in: tree, memo: &memo) }
        guard let e = tree.entry(path) else { throw .sourceNotFound(path: "/" + path) }
        switch e.kind {
        case let .file(_, checksum):
            guard let checksum else { throw .notHashed(path: path) }
            return checksum
        case let .symlink(target): return symlink(target: target, mode: e.mode, xattrs: e.xattrs, uid: e.uid, gid: e.gid)
        case let .special(kind): throw .specialFile(path: path, kind: kind)
        case .directory:
            return try directoryContents(
                path, header: directoryHeader(mode: e.mode, xattrs: e.xattrs, uid: e.uid, gid: e.gid), in: tree, memo: &memo)
        }
    }

    private static func directoryContents(_ path: String, header: Digest, in tree: ContextTree, memo: inout [String: Digest])
        throws(BuildContextError) -> Digest
    {
        if let known = memo[path] { return known }
        var sha = SHA256()
        sha.update([0])
        sha.update(Array(header.description.utf8))
        for name in tree.children(of: path) {
            let child = path.isEmpty ? name : path + "/" + name
            sha.update([0])
            sha.update(Array(name.utf8))
            sha.update(Array(try ownChecksum(child, in: tree, memo: &memo).description.utf8))
        }
        let d = Digest.sha256(hashed: sha)
        memo[path] = d
        return d
    }

    /// `path` relative to the root, cleaned (`""` is the root); `..` cannot leave the root.
    static func relative(_ path: String) -> String {
        let abs = GoPath.join("/", path)
        return abs == "/" ? "" : GoPath.dropBytes(abs, 1)
    }

    /// BuildKit's `getFollowLinks`: the path that `path` resolves to, component by component (a
    /// link's target is relative to the link's directory unless absolute; `..` stops at the root),
    /// the final link followed unless `followLast` is false; nil when it is not in the tree.
    static func resolve(_ path: String, followLast: Bool = true, in tree: ContextTree) throws(BuildContextError) -> String? {
        func lookup(_ p: String) -> ContextEntry.Kind? { p.isEmpty ? .directory : tree.entry(p)?.kind }
        if let kind = lookup(path) {
            if case .symlink = kind, followLast {} else { return path }
        }
        var current = ""
        var pending: [String] = GoPath.parts(path).reversed()
        var links = 0
        var found: ContextEntry.Kind?
        while let part = pending.popLast() {
            let next = relative(GoPath.join(current, String(part)))
            found = lookup(next)
            guard case let .symlink(target)? = found else {
                current = next
                continue
            }
            if !followLast, pending.isEmpty {
                current = next
                break
            }
            links += 1
            if links > maxLinks { throw .symlinkLoop(path: "/" + path) }
            pending.append(contentsOf: GoPath.parts(target).reversed())
            if GoPath.hasPrefix(target, "/") { current = "" }
        }
        return found == nil ? nil : current
    }

    /// Whether the checksums of `sources` read the file at `path`, decided from the path alone while
    /// the tree is still being walked: it is a source, or lies below one (the walk lists a path
    /// only through real folders, so the source resolves to itself), or a source has a wildcard.
    /// What it accepts, `filesRead(by:in:)` includes; the rest waits for the whole tree.
    public static func readsWithoutResolving(_ sources: [String]) -> @Sendable (String) -> Bool {
        if sources.contains(where: ContextSourcePath.containsWildcards) { return { _ in true } }
        let roots = sources.map(relative)
        if roots.contains("") { return { _ in true } }
        let prefixes = roots.map { Array(($0 + "/").utf8) }
        let exact = Set(roots.map { Array($0.utf8) })
        return { path in
            let bytes = Array(path.utf8)
            return exact.contains(bytes) || prefixes.contains { bytes.starts(with: $0) }
        }
    }

    /// The files whose bytes the checksums of `sources` read (each source resolved, a directory
    /// taken whole without following the links inside it): what a walk must hash for those copies.
    /// Sources that cannot be resolved are left out (their checksum fails later with its own error);
    /// a source with a wildcard makes every file needed.
    public static func filesRead(by sources: [String], in tree: ContextTree) -> Set<String>? {
        var out = Set<String>()
        for s in sources {
            if ContextSourcePath.containsWildcards(s) { return nil }
            guard let r = try? resolve(relative(s), in: tree) else { continue }
            var stack = [r]
            while let p = stack.popLast() {
                switch p.isEmpty ? .directory : tree.entry(p)?.kind {
                case .file?: out.insert(p)
                case .directory?: stack += tree.children(of: p).map { p.isEmpty ? $0 : p + "/" + $0 }
                default: break
                }
            }
        }
        return out
    }
}
