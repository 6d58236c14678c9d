import CacheModel

/// One path of a build context as BuildKit receives it: after `.dockerignore`, with uid and gid
/// reset to 0 by the build client (`client/solve.go`), mtimes irrelevant to the keys.
public struct ContextEntry: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A regular file: its size and its BuildKit file checksum (the tar-like header, then the
        /// bytes: `ContentChecksum.FileHasher`); nil when the file was not read (outside what the
        /// copies need).
        case file(size: Int64, checksum: Digest?)
        case directory
        case symlink(target: String)
        /// A FIFO, socket or device: BuildKit cannot checksum it the way a copy would need.
        case special(SpecialKind)
    }
    public enum SpecialKind: String, Sendable, Hashable { case fifo, socket, characterDevice, blockDevice }

    /// Relative to the context root, `/`-separated, without a leading `/` (`app/main.txt`).
    public let path: String
    public let kind: Kind
    /// Permission bits with setuid (04000), setgid (02000) and sticky (01000): `07777` at most.
    public let mode: UInt32
    /// Extended attributes BuildKit hashes (`user.*`, `trusted.*`, `security.capability`; the
    /// caller may pass all, the others are dropped when hashing).
    public let xattrs: [String: [UInt8]]
    /// Owner and group: 0 in a build context (the client resets them); as stored in a snapshot
    /// that BuildKit scans (a `COPY --from` source).
    public let uid: UInt32
    public let gid: UInt32

    public init(path: String, kind: Kind, mode: UInt32, xattrs: [String: [UInt8]] = [:], uid: UInt32 = 0, gid: UInt32 = 0) {
        self.path = path; self.kind = kind; self.mode = mode & 0o7777; self.xattrs = xattrs; self.uid = uid; self.gid = gid
    }
}

/// A build context as a value: every path BuildKit would receive, keyed by path. The root directory
/// itself is implicit.
public struct ContextTree: Sendable {
    /// What the root directory's header checksum is.
    public enum RootHeader: Sendable, Hashable {
        /// A context sent by the build client: BuildKit records the root without its stat,
        /// as `sha256("")` (`HandleChange`).
        case transferred
        /// A snapshot BuildKit walks itself (an image or a stage's output, the source of a
        /// `COPY --from`): the root's header is that of a directory with this stat.
        case scanned(mode: UInt32, uid: UInt32, gid: UInt32)
    }

    /// Every entry, in byte order of their paths.
    public private(set) var entries: [ContextEntry]
    public let rootHeader: RootHeader
    /// The index in `entries` of each path, the path's bytes as the key (two names that differ
    /// only by Unicode normalization are two files, as in Go).
    private var byPath: [PathKey: Int] = [:]
    /// Child names per directory path (`""` is the root), in byte order.
    private var children: [PathKey: [String]] = [PathKey(""): []]

    struct PathKey: Hashable, Sendable {
        let bytes: [UInt8]
        init(_ path: String) { bytes = Array(path.utf8) }
        // The bytes in one call: combining them one by one cost more than a walk's system calls.
        func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }

    /// Fails when a path is malformed, repeated, or has a parent that is not a directory of the tree.
    public init(entries list: [ContextEntry], rootHeader: RootHeader = .transferred) throws(BuildContextError) {
        self.rootHeader = rootHeader
        entries = list.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        byPath.reserveCapacity(entries.count)
        for (i, e) in entries.enumerated() {
            guard
                Self.isCleanRelative(e.path)
                    || (!e.path.isEmpty && GoPath.same(GoPath.clean(e.path), e.path)
                        && !GoPath.hasPrefix(e.path, "/") && !GoPath.hasPrefix(e.path, "../") && e.path != "..")
            else {
                throw .invalidTree("the path \"\(e.path)\" is not a clean relative path")
            }
            guard byPath.updateValue(i, forKey: PathKey(e.path)) == nil else {
                throw .invalidTree("the path \"\(e.path)\" is listed twice")
            }
        }
        for e in entries {
            let parent = Self.parent(of: e.path)
            if !parent.isEmpty {
                guard case .directory? = entry(parent)?.kind else {
                    throw .invalidTree("the parent of \"\(e.path)\" is not a directory of the context")
                }
            }
            children[PathKey(parent), default: []].append(GoPath.base(e.path))
            if case .directory = e.kind, children[PathKey(e.path)] == nil { children[PathKey(e.path)] = [] }
        }
        for k in children.keys { children[k]!.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
    }

    /// The same tree with these regular files' checksums set (paths not in the tree, or not
    /// regular files, are ignored). Paths are told apart by their bytes, as everywhere in the tree.
    public func settingChecksums(_ checksums: [(path: String, checksum: Digest)]) -> ContextTree {
        var out = self
        for (path, digest) in checksums {
            guard let i = byPath[PathKey(path)], case let .file(size, _) = entries[i].kind else { continue }
            let e = entries[i]
            out.entries[i] = ContextEntry(
                path: e.path, kind: .file(size: size, checksum: digest), mode: e.mode, xattrs: e.xattrs,
                uid: e.uid, gid: e.gid)
        }
        return out
    }

    /// What `GoPath.clean` keeps as it is, relative: no empty, `.` or `..` element (the common case,
    /// checked without cleaning).
    static func isCleanRelative(_ path: String) -> Bool {
        var length = 0, onlyDots = true  // the element being read
        for b in path.utf8 {
            if b == UInt8(ascii: "/") {
                if length == 0 || (onlyDots && length <= 2) { return false }
                length = 0; onlyDots = true
            } else {
                length += 1
                if b != UInt8(ascii: ".") { onlyDots = false }
            }
        }
        return length > 0 && !(onlyDots && length <= 2)
    }

    /// The paths of every entry, in byte order.
    public var paths: [String] { entries.map(\.path) }

    /// The entry at `path` (`""` is the root, which has none).
    public func entry(_ path: String) -> ContextEntry? { byPath[PathKey(path)].map { entries[$0] } }

    /// The names inside directory `path` (`""` for the root), in byte order.
    public func children(of path: String) -> [String] { children[PathKey(path)] ?? [] }

    static func parent(of path: String) -> String {
        let d = GoPath.dir(path)
        return d == "." ? "" : d
    }
}

/// Why a context, or the checksum of paths in it, cannot be computed. Each says what to do next.
public enum BuildContextError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The context directory does not exist or is not a directory.
    case contextMissing(String)
    /// A file or directory of the context could not be read (errno text).
    case unreadable(path: String, reason: String)
    /// A file's size changed while it was read.
    case changedWhileReading(path: String)
    /// A FIFO, socket or device where a copy needs content.
    case specialFile(path: String, kind: ContextEntry.SpecialKind)
    /// Resolving a copy source met more than 255 symbolic links (BuildKit's limit): a loop.
    case symlinkLoop(path: String)
    /// A copy source that is not in the context (missing, or excluded by `.dockerignore`).
    case sourceNotFound(path: String)
    /// A wildcard source that is not a valid `path.Match` pattern (BuildKit fails the same way).
    case invalidWildcard(path: String)
    /// A `COPY --exclude` pattern that patternmatcher refuses (so does BuildKit).
    case invalidExcludePattern(DockerIgnoreError)
    /// A file a copy needs was not read when the context was walked.
    case notHashed(path: String)
    /// A name that is not valid UTF-8 (cachectl keeps paths as text).
    case invalidName(path: String)
    /// The ignore file of the context is not valid.
    case invalidIgnoreFile(path: String, error: DockerIgnoreError)
    /// A tree value that is not a context (a bug in the caller).
    case invalidTree(String)

    public var description: String {
        switch self {
        case let .contextMissing(p):
            return "the build context \(p) does not exist or is not a directory: pass the directory the build uses as its context"
        case let .unreadable(p, reason):
            return
                "cannot read \(p) in the build context (\(reason)): fix its permissions, or exclude it in .dockerignore if the build does not need it"
        case let .changedWhileReading(p):
            return "\(p) changed size while it was read: run again once whatever writes it has finished"
        case let .specialFile(p, kind):
            return "\(p) is a \(kind.rawValue), which a COPY cannot checksum: exclude it in .dockerignore or copy a narrower path"
        case let .symlinkLoop(p):
            return "resolving \(p) follows more than 255 symbolic links (a loop): fix the links under that path"
        case let .sourceNotFound(p):
            return
                "the copy source \(p) is not in the build context (missing, or excluded by .dockerignore): BuildKit would fail with \"not found\"; fix the path or the ignore rules"
        case let .invalidWildcard(p):
            return
                "the copy source \(p) is not a valid wildcard pattern (an unclosed [ or a trailing \\): BuildKit fails the build too; fix the pattern"
        case let .invalidExcludePattern(e):
            return "COPY --exclude: \(e)"
        case let .notHashed(p):
            return "\(p) was not read when the context was walked: walk it with every file hashed, or with the copy's sources listed"
        case let .invalidName(p):
            return "the name of \(p) is not valid UTF-8: rename it or exclude it in .dockerignore"
        case let .invalidIgnoreFile(p, e):
            return "\(p): \(e)"
        case let .invalidTree(what):
            return "invalid context tree: \(what)"
        }
    }
}
