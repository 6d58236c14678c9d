#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CacheKeys
import CacheModel
import Dispatch

#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Musl)
private let systemRead = Musl.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif

/// Which regular files a walk reads and hashes.
public enum HashScope: Sendable {
    /// Every file the context keeps.
    case all
    /// Only the files the checksums of these copy sources read (as written in the Dockerfile:
    /// `go.mod`, `src/`, `.`); other files are listed with their size and no checksum.
    case sources([String])
}

/// Reads a build context directory into a `ContextTree` the way the build client sends it to
/// BuildKit (`fsutil`'s walk with the `.dockerignore` exclusions): entries in byte order, symbolic
/// links listed, never followed; an excluded directory left unwalked when no `!` exception could
/// re-include anything below it; an excluded directory with a re-included path below it listed
/// itself (fsutil sends the parents of what it keeps). Excluded files are never opened.
///
/// Regular files are read once each with a streaming SHA-256 (a 256 KiB buffer per worker whatever
/// the sizes), by `workers` threads.
public enum ContextReader {
    public static func read(directory: String, ignore: DockerIgnore = .none, hashing: HashScope = .all,
                            workers: Int = 2) throws(BuildContextError) -> ContextTree {
        var st = stat()
        // The context directory itself may be reached through a symlink (the client resolves it).
        guard stat(directory, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { throw .contextMissing(directory) }
        let walk = Walk(root: directory, ignore: ignore)
        try walk.directory("", state: nil)
        var listed = walk.out
        var wanted: Set<String>?
        if case let .sources(sources) = hashing {
            wanted = ContentChecksum.filesRead(by: sources, in: try ContextTree(entries: listed))
        }
        let toHash = listed.indices.filter { i in
            guard case .file = listed[i].kind else { return false }
            return wanted?.contains(listed[i].path) ?? true
        }
        let sums = try hashFiles(toHash.map { listed[$0] }, root: directory, workers: max(1, workers))
        for (n, i) in toHash.enumerated() {
            let e = listed[i]
            guard case let .file(size, _) = e.kind else { continue }
            listed[i] = ContextEntry(path: e.path, kind: .file(size: size, checksum: sums[n]), mode: e.mode, xattrs: e.xattrs)
        }
        return try ContextTree(entries: listed)
    }

    /// The ignore file a build of `dockerfile` (path of the Dockerfile, or nil for the default
    /// `<context>/Dockerfile`) with `context` reads: `<dockerfile>.dockerignore` when that file
    /// exists, else `<context>/.dockerignore`, else none. A candidate that is not a regular file
    /// counts as absent (BuildKit cannot read it either).
    public static func ignoreFile(context: String, dockerfile: String? = nil) -> String? {
        let file = dockerfile ?? (context.hasSuffix("/") ? context : context + "/") + "Dockerfile"
        return IgnoreFileChoice.candidates(dockerfile: file, context: context).first { candidate in
            var st = stat()
            return stat(candidate, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
        }
    }

    /// The rules of `ignoreFile(context:dockerfile:)`, or none.
    public static func ignoreRules(context: String, dockerfile: String? = nil) throws(BuildContextError) -> DockerIgnore {
        guard let file = ignoreFile(context: context, dockerfile: dockerfile) else { return .none }
        let bytes = try readWhole(file)
        do { return try DockerIgnore(fileBytes: bytes) } catch { throw .invalidIgnoreFile(path: file, error: error) }
    }

    /// The depth-first walk (filepath.WalkDir's order) with fsutil's filter: `excludedAncestors` are
    /// the excluded directories being walked for their exceptions, listed as soon as something below
    /// them is kept.
    private final class Walk {
        let root: String
        let ignore: DockerIgnore
        var out: [ContextEntry] = []
        var excludedAncestors: [(entry: ContextEntry, listed: Bool)] = []

        init(root: String, ignore: DockerIgnore) { self.root = root; self.ignore = ignore }

        func directory(_ relative: String, state parentState: DockerIgnore.MatchState?) throws(BuildContextError) {
            let dirPath = relative.isEmpty ? root : root + "/" + relative
            guard let names = ContextReader.listDirectory(dirPath) else {
                let code = errno
                if code == ENOENT { return }  // gone since listed: fsutil skips it
                // fsutil ignores a permission error on a directory it walks only for its exceptions.
                if !excludedAncestors.isEmpty, excludedAncestors.last!.entry.path == relative, code == EACCES || code == EPERM { return }
                throw .unreadable(path: relative.isEmpty ? "." : relative, reason: String(cString: strerror(code)))
            }
            for raw in names {
                let name = String(decoding: raw, as: UTF8.self)
                let path = relative.isEmpty ? name : relative + "/" + name
                let full = root + "/" + path
                var st = stat()
                guard lstat(full, &st) == 0 else {
                    if errno == ENOENT { continue }
                    throw .unreadable(path: path, reason: String(cString: strerror(errno)))
                }
                let isDir = (st.st_mode & S_IFMT) == S_IFDIR
                let (excluded, state) = ignore.evaluate(path, parent: parentState)
                if excluded {
                    guard isDir, !ignore.canSkipExcludedDirectory(path) else { continue }
                    excludedAncestors.append((try ContextReader.describe(full: full, path: path, st: st), false))
                    defer { excludedAncestors.removeLast() }
                    try directory(path, state: state)
                    continue
                }
                if Array(name.utf8) != raw { throw .invalidName(path: path) }
                for i in excludedAncestors.indices where !excludedAncestors[i].listed {
                    out.append(excludedAncestors[i].entry)
                    excludedAncestors[i].listed = true
                }
                out.append(try ContextReader.describe(full: full, path: path, st: st))
                if isDir { try directory(path, state: state) }
            }
        }
    }

    fileprivate static func describe(full: String, path: String, st: stat) throws(BuildContextError) -> ContextEntry {
        let mode = UInt32(st.st_mode) & 0o7777
        let xattrs = readXattrs(full)
        switch st.st_mode & S_IFMT {
        case S_IFREG: return ContextEntry(path: path, kind: .file(size: Int64(st.st_size), checksum: nil), mode: mode, xattrs: xattrs)
        case S_IFDIR: return ContextEntry(path: path, kind: .directory, mode: mode, xattrs: xattrs)
        case S_IFLNK:
            var buf = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(full, &buf, buf.count)
            guard n >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
            guard let target = String(validating: buf[0..<n], as: UTF8.self) else { throw .invalidName(path: path) }
            return ContextEntry(path: path, kind: .symlink(target: target), mode: mode, xattrs: xattrs)
        case S_IFIFO: return ContextEntry(path: path, kind: .special(.fifo), mode: mode)
        case S_IFSOCK: return ContextEntry(path: path, kind: .special(.socket), mode: mode)
        case S_IFCHR: return ContextEntry(path: path, kind: .special(.characterDevice), mode: mode)
        default: return ContextEntry(path: path, kind: .special(.blockDevice), mode: mode)
        }
    }

    /// The names in a directory (without `.` and `..`) in byte order, or nil with errno set.
    fileprivate static func listDirectory(_ path: String) -> [[UInt8]]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [[UInt8]] = []
        while let ent = readdir(dir) {
            let name: [UInt8] = withUnsafeBytes(of: ent.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        names.sort { $0.lexicographicallyPrecedes($1) }
        return names
    }

    /// The extended attributes BuildKit hashes (`user.*`, `trusted.*`, `security.capability`), read
    /// without following a final symlink; none where the file system has none.
    fileprivate static func readXattrs(_ path: String) -> [String: [UInt8]] {
        guard let list = XattrCalls.list, let get = XattrCalls.get else { return [:] }
        let size = list(path, nil, 0)
        guard size > 0 else { return [:] }
        var names = [CChar](repeating: 0, count: size)
        let got = list(path, &names, size)
        guard got > 0 else { return [:] }
        var out: [String: [UInt8]] = [:]
        for raw in names[0..<got].split(separator: 0) {
            let key = String(decoding: raw.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard key == "security.capability" || (!key.hasPrefix("security.") && !key.hasPrefix("system.")) else { continue }
            let n = get(path, key, nil, 0)
            guard n >= 0 else { continue }
            var value = [UInt8](repeating: 0, count: max(n, 1))
            let m = n == 0 ? 0 : get(path, key, &value, n)
            guard m >= 0 else { continue }
            out[key] = Array(value[0..<m])
        }
        return out
    }

    private static func readWhole(_ path: String) throws(BuildContextError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buf.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
            if n == 0 { return out }
            out += buf[0..<n]
            if out.count > 16 << 20 { throw .unreadable(path: path, reason: "larger than 16 MiB") }
        }
    }

    /// The checksum of each file, read by `workers` threads; the first failure is thrown.
    private static func hashFiles(_ files: [ContextEntry], root: String, workers: Int) throws(BuildContextError) -> [Digest] {
        if files.isEmpty { return [] }
        let box = HashResults(count: files.count)
        DispatchQueue.concurrentPerform(iterations: min(workers, files.count)) { _ in
            var buffer = [UInt8](repeating: 0, count: 256 << 10)
            while let i = box.next() {
                let e = files[i]
                guard case let .file(size, _) = e.kind else { continue }
                switch hashFile(root + "/" + e.path, path: e.path, mode: e.mode, size: size, xattrs: e.xattrs, buffer: &buffer) {
                case let .success(d): box.store(i, d)
                case let .failure(err): box.fail(i, err)
                }
            }
        }
        return try box.results()
    }

    static func hashFile(_ full: String, path: String, mode: UInt32, size: Int64, xattrs: [String: [UInt8]],
                                 buffer: inout [UInt8]) -> Result<Digest, BuildContextError> {
        let fd = open(full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(.unreadable(path: path, reason: String(cString: strerror(errno)))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(.unreadable(path: path, reason: String(cString: strerror(errno)))) }
        guard (st.st_mode & S_IFMT) == S_IFREG, Int64(st.st_size) == size else { return .failure(.changedWhileReading(path: path)) }
        var hasher = ContentChecksum.FileHasher(mode: mode, size: size, xattrs: xattrs)
        var total: Int64 = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(path: path, reason: String(cString: strerror(errno))))
            }
            if n == 0 { break }
            total += Int64(n)
            if total > size { return .failure(.changedWhileReading(path: path)) }
            buffer.withUnsafeBufferPointer { hasher.update($0[0..<n]) }
        }
        guard total == size, fstat(fd, &st) == 0, Int64(st.st_size) == size else { return .failure(.changedWhileReading(path: path)) }
        return .success(hasher.finalize())
    }
}

/// `llistxattr` and `lgetxattr` from the C library (the Glibc module does not export
/// `<sys/xattr.h>`), nil where the library has none.
private enum XattrCalls {
    typealias List = @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int) -> Int
    typealias Get = @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeMutableRawPointer?, Int) -> Int
    static let list: List? = symbol("llistxattr")
    static let get: Get? = symbol("lgetxattr")

    private static func symbol<T>(_ name: String) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let sym = dlsym(handle, name) else { return nil }
        return unsafeBitCast(sym, to: T.self)
    }
}

/// Work queue and results of the hashing threads.
private final class HashResults: @unchecked Sendable {
    private let lock = NSLockLike()
    private var cursor = 0
    private var digests: [Digest?]
    private var failure: (index: Int, error: BuildContextError)?

    init(count: Int) { digests = Array(repeating: nil, count: count) }

    func next() -> Int? {
        lock.locked {
            guard failure == nil, cursor < digests.count else { return nil }
            defer { cursor += 1 }
            return cursor
        }
    }
    func store(_ i: Int, _ d: Digest) { lock.locked { digests[i] = d } }
    func fail(_ i: Int, _ e: BuildContextError) {
        lock.locked { if failure == nil || i < failure!.index { failure = (i, e) } }
    }
    func results() throws(BuildContextError) -> [Digest] {
        if let failure { throw failure.error }
        return digests.map { $0! }
    }
}

/// A pthread mutex (no Foundation in this module).
private final class NSLockLike: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}
