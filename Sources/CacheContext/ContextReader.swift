import CacheKeys
import CacheModel
import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

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

/// How far the hashing of a context has got: reported while it runs.
public struct HashProgress: Sendable, Equatable {
    /// Files hashed, and bytes read, so far.
    public var files: Int
    public var bytes: Int64
    /// Files (and their bytes) to hash: those found so far while the walk goes on, all of them once
    /// `walkDone`.
    public var totalFiles: Int
    public var totalBytes: Int64
    public var walkDone: Bool
    /// Seconds since the walk started.
    public var seconds: Double
}

/// Reads a build context directory into a `ContextTree` the way the build client sends it to
/// BuildKit (`fsutil`'s walk with the `.dockerignore` exclusions): entries in byte order, symbolic
/// links listed, never followed; an excluded directory left unwalked when no `!` exception could
/// re-include anything below it; an excluded directory with a re-included path below it listed
/// itself (fsutil sends the parents of what it keeps). Excluded files are never opened, and an
/// excluded entry whose type the directory listing gives is not even stat-ed.
///
/// Regular files are read once each with a streaming SHA-256 (a 256 KiB buffer per worker whatever
/// the sizes), by `workers` threads, while the walk goes on: a file that a copy source names, or
/// that lies below one, is hashed as soon as it is found; the rest of what the copies read (through
/// symbolic links) once the walk is done. `progress`, when given, is called from the hashing
/// threads, one call at a time, at most every tenth of a second while bytes are read.
public enum ContextReader {
    public static func read(
        directory: String, ignore: DockerIgnore = .none, hashing: HashScope = .all,
        workers: Int = 2, progress: (@Sendable (HashProgress) -> Void)? = nil
    ) throws(BuildContextError) -> ContextTree {
        var st = stat()
        // The context directory itself may be reached through a symlink (the client resolves it).
        guard stat(directory, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { throw .contextMissing(directory) }
        let eager: @Sendable (String) -> Bool
        switch hashing {
        case .all: eager = { _ in true }
        case let .sources(sources): eager = ContentChecksum.readsWithoutResolving(sources)
        }
        let queue = HashQueue(root: directory, progress: progress)
        let group = DispatchGroup()
        for _ in 1..<max(1, workers) {
            DispatchQueue.global().async(group: group) { queue.work() }
        }
        let walk = Walk(root: directory, ignore: ignore) { entry in if eager(entry.path) { queue.add(entry) } }
        let tree: ContextTree
        do throws(BuildContextError) {
            try walk.directory("", state: nil)
            tree = try ContextTree(entries: walk.out)
        } catch {
            queue.cancel()
            group.wait()
            throw error
        }
        if case let .sources(sources) = hashing {
            let wanted = ContentChecksum.filesRead(by: sources, in: tree)
            for e in tree.entries {
                guard case .file = e.kind, !eager(e.path), wanted?.contains(e.path) ?? true else { continue }
                queue.add(e)
            }
        }
        queue.finishAdding()
        queue.work()
        group.wait()
        return tree.settingChecksums(try queue.results())
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
        /// Called with each kept regular file as it is found.
        let found: (ContextEntry) -> Void

        init(root: String, ignore: DockerIgnore, found: @escaping (ContextEntry) -> Void) {
            self.root = root; self.ignore = ignore; self.found = found
        }

        func directory(_ relative: String, state parentState: DockerIgnore.MatchState?) throws(BuildContextError) {
            let dirPath = relative.isEmpty ? root : root + "/" + relative
            guard let names = ContextReader.listDirectory(dirPath) else {
                let code = errno
                if code == ENOENT { return }  // gone since listed: fsutil skips it
                // fsutil ignores a permission error on a directory it walks only for its exceptions.
                if !excludedAncestors.isEmpty, excludedAncestors.last!.entry.path == relative, code == EACCES || code == EPERM { return }
                throw .unreadable(path: relative.isEmpty ? "." : relative, reason: String(cString: strerror(code)))
            }
            for (raw, type) in names {
                let name = String(decoding: raw, as: UTF8.self)
                let path = relative.isEmpty ? name : relative + "/" + name
                let full = root + "/" + path
                let (excluded, state) = ignore.evaluate(path, parent: parentState)
                // An excluded entry that is not a directory (as the listing says), or a directory
                // that no exception reaches into, is left alone: not even stat-ed.
                if excluded, type != DT_UNKNOWN, type != DT_DIR || ignore.canSkipExcludedDirectory(path) { continue }
                var st = stat()
                guard lstat(full, &st) == 0 else {
                    if errno == ENOENT { continue }
                    throw .unreadable(path: path, reason: String(cString: strerror(errno)))
                }
                let isDir = (st.st_mode & S_IFMT) == S_IFDIR
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
                let entry = try ContextReader.describe(full: full, path: path, st: st)
                out.append(entry)
                if case .file = entry.kind { found(entry) }
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

    /// The names in a directory (without `.` and `..`) in byte order, each with its type as the
    /// listing gives it (`DT_UNKNOWN` where the file system does not say), or nil with errno set.
    fileprivate static func listDirectory(_ path: String) -> [(name: [UInt8], type: Int)]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [(name: [UInt8], type: Int)] = []
        while let ent = readdir(dir) {
            let name: [UInt8] = withUnsafeBytes(of: ent.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append((name, Int(ent.pointee.d_type)))
        }
        names.sort { $0.name.lexicographicallyPrecedes($1.name) }
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

    /// The checksum of one regular file, read in `buffer`-sized chunks (`read` told of each); a
    /// file that is no longer the regular file of `size` bytes the walk saw fails.
    static func hashFile(
        _ full: String, path: String, mode: UInt32, size: Int64, xattrs: [String: [UInt8]],
        buffer: inout [UInt8], read: (Int) -> Void = { _ in }
    ) -> Result<Digest, BuildContextError> {
        let fd = open(full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(.unreadable(path: path, reason: String(cString: strerror(errno)))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(.unreadable(path: path, reason: String(cString: strerror(errno)))) }
        guard (st.st_mode & S_IFMT) == S_IFREG, Int64(st.st_size) == size else { return .failure(.changedWhileReading(path: path)) }
        var hasher = ContentChecksum.FileHasher(mode: mode, size: size, xattrs: xattrs)
        var total: Int64 = 0
        while true {
            // One byte more than is left: a file that grew shows it, and a shorter read than asked
            // is the end of the file, without one more read to see it.
            let asked = Int(min(Int64(buffer.count), size - total + 1))
            let n = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, asked) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(path: path, reason: String(cString: strerror(errno))))
            }
            if n == 0 { break }
            total += Int64(n)
            if total > size { return .failure(.changedWhileReading(path: path)) }
            buffer.withUnsafeBufferPointer { hasher.update(UnsafeBufferPointer(rebasing: $0[0..<n])) }
            read(n)
            if total == size, n < asked { break }
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

/// The files to hash, filled by the walk while the hashing threads take them, and their results.
/// After a failure only files before it (in path order) are still hashed, so the failure thrown is
/// the first in path order whatever the threads' timing.
private final class HashQueue: @unchecked Sendable {
    private let root: String
    private let progressReport: (@Sendable (HashProgress) -> Void)?
    private let lock = NSLockLike()
    private var pending: [ContextEntry] = []
    private var next = 0
    private var adding = true
    private var cancelled = false
    private var digests: [(path: String, checksum: Digest)] = []
    private var failure: (path: String, error: BuildContextError)?
    private var state = HashProgress(files: 0, bytes: 0, totalFiles: 0, totalBytes: 0, walkDone: false, seconds: 0)
    private let start = ContextReader.now()
    private var lastReport = 0.0

    init(root: String, progress: (@Sendable (HashProgress) -> Void)?) { self.root = root; progressReport = progress }

    func add(_ e: ContextEntry) {
        guard case let .file(size, _) = e.kind else { return }
        lock.locked {
            pending.append(e)
            state.totalFiles += 1
            state.totalBytes += size
            lock.signal()
        }
    }
    func finishAdding() {
        lock.locked {
            adding = false; state.walkDone = true; lock.broadcast()
        }
    }
    func cancel() {
        lock.locked {
            cancelled = true; adding = false; lock.broadcast()
        }
    }

    /// Hashes files until none is left and none will come.
    func work() {
        // Made when the first file comes, and not zeroed: read() fills what is hashed. A walk with
        // no file to hash (a narrow copy, an empty context) maps no 256 KiB per worker.
        var buffer: [UInt8] = []
        while let e = take() {
            guard case let .file(size, _) = e.kind else { continue }
            if buffer.isEmpty { buffer = [UInt8](unsafeUninitializedCapacity: 256 << 10) { _, count in count = 256 << 10 } }
            let r = ContextReader.hashFile(
                root + "/" + e.path, path: e.path, mode: e.mode, size: size, xattrs: e.xattrs,
                buffer: &buffer
            ) { n in self.read(n) }
            lock.locked {
                switch r {
                case let .success(d): digests.append((e.path, d)); state.files += 1
                case let .failure(err):
                    if failure == nil || e.path.utf8.lexicographicallyPrecedes(failure!.path.utf8) { failure = (e.path, err) }
                }
            }
        }
    }

    private func take() -> ContextEntry? {
        lock.locked {
            while true {
                if cancelled { return nil }
                while next < pending.count {
                    let e = pending[next]
                    next += 1
                    if let failure, !e.path.utf8.lexicographicallyPrecedes(failure.path.utf8) { continue }
                    return e
                }
                if !adding { return nil }
                lock.wait()
            }
        }
    }

    private func read(_ n: Int) {
        guard let progressReport else { return }
        lock.locked {
            state.bytes += Int64(n)
            let t = ContextReader.now() - start
            guard t - lastReport >= 0.1 else { return }
            lastReport = t
            state.seconds = t
            progressReport(state)
        }
    }

    func results() throws(BuildContextError) -> [(path: String, checksum: Digest)] {
        try lock.locked { () throws(BuildContextError) -> [(path: String, checksum: Digest)] in
            if let failure { throw failure.error }
            return digests
        }
    }
}

/// A pthread mutex and its condition (no Foundation in this module).
private final class NSLockLike: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    init() { pthread_mutex_init(&mutex, nil); pthread_cond_init(&condition, nil) }
    deinit { pthread_cond_destroy(&condition); pthread_mutex_destroy(&mutex) }
    func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
    /// With the lock held: waits for a signal (the lock is released meanwhile).
    func wait() { pthread_cond_wait(&condition, &mutex) }
    func signal() { pthread_cond_signal(&condition) }
    func broadcast() { pthread_cond_broadcast(&condition) }
}

extension ContextReader {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
