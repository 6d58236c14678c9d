import CacheContext
import CacheKeys
import CacheModel

#if canImport(Glibc)
    import Glibc
#endif

/// The build-context walk and hashing (`ContextReader`) on small trees materialised in a temporary
/// folder. The input is text: the `.dockerignore` lines, a NUL byte, then one entry a line:
/// `f PATH SIZE` (a file), `x PATH SIZE` (an executable), `d PATH` (a folder), `l PATH TARGET`
/// (a symbolic link: dangling, looping, absolute, leaving the context…), `p PATH` (a FIFO).
/// Parents are made as folders; an entry whose parent is not a folder is dropped.
///
/// Properties: the walk terminates (libFuzzer's -timeout and -rss_limit_mb bound it); two walks
/// (two threads, one thread) give the same tree and the same checksums, and so does a walk that
/// hashes only what the copies read; a file is in the tree exactly when `DockerIgnore.excludes`
/// keeps it; nothing `.dockerignore` excludes is opened, and no folder it prunes is listed
/// (inotify sees every open, root or not; a name inside a folder is known only by listing it, so
/// nothing inside a pruned folder is stat-ed either).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let cut = bytes.firstIndex(of: 0) ?? bytes.count
    let ignoreBytes = Array(bytes[..<cut].prefix(2048))
    let spec = cut < bytes.count ? Array(bytes[(cut + 1)...]) : []
    guard let root = FuzzTree.makeRoot() else { return 0 }
    defer { FuzzTree.remove(root) }
    let made = FuzzTree.materialise(spec, in: root)
    if !ignoreBytes.isEmpty {
        let fd = open(root + "/.dockerignore", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return 0 }
        _ = ignoreBytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
    let rules: DockerIgnore
    do { rules = try ContextReader.ignoreRules(context: root) } catch { return 0 }  // refused patterns: BuildKit fails too

    let watch = OpenWatch(root: root, dirs: made.filter { $0.kind == .dir }.map(\.path))
    let first = walk(root, rules, workers: 2)
    let opened = watch.opened()
    let second = walk(root, rules, workers: 1)
    switch (first, second) {
    case let (.success(a), .success(b)):
        check(a.entries == b.entries, "two walks of the same tree differ")
        checkOpened(opened, tree: a, rules: rules)
        checkKept(made, tree: a, rules: rules)
        let sources = ["."] + made.prefix(3).map(\.path) + made.filter { $0.kind == .link }.prefix(2).map(\.path)
        for s in sources {
            let k1 = key([s], a), k2 = key([s], b)
            check(k1 == k2, "the key of COPY \(Sanitize.quoted(s)) differs between two walks: \(k1) vs \(k2)")
            // A walk that hashes only the files this copy reads gives the same key.
            if case let .success(narrow) = walk(root, rules, workers: 2, hashing: .sources([s])) {
                let k3 = key([s], narrow)
                check(k1 == k3, "hashing only what COPY \(Sanitize.quoted(s)) reads changes its key: \(k1) vs \(k3)")
            }
        }
    case let (.failure(a), .failure(b)):
        check(a == b, "two walks fail differently: \(a) vs \(b)")
        _ = a.description
    default:
        fatalError("one walk failed, the other did not: \(first) vs \(second)")
    }
    return 0
}

/// A property that must hold; its message is printed (precondition drops it in an optimized build).
private func check(_ holds: Bool, _ message: @autoclosure () -> String) {
    if !holds { fatalError(message()) }
}

private func walk(_ root: String, _ rules: DockerIgnore, workers: Int, hashing: HashScope = .all) -> Result<ContextTree, BuildContextError>
{
    do throws(BuildContextError) {
        return .success(try ContextReader.read(directory: root, ignore: rules, hashing: hashing, workers: workers))
    } catch { return .failure(error) }
}

private func key(_ sources: [String], _ tree: ContextTree) -> String {
    do throws(BuildContextError) { return "\(try ContentChecksum.copyKey(sources: sources, in: tree))" } catch { return "error: \(error)" }
}

/// What the walk opened (relative paths, folders with a trailing `/`) must be a kept file, or a
/// folder that is kept or walked for a `!` exception: never an excluded file, never a pruned folder.
private func checkOpened(_ opened: [String], tree: ContextTree, rules: DockerIgnore) {
    for o in opened {
        if o.hasSuffix("/") {
            let dir = String(o.dropLast())
            check(!FuzzTree.pruned(dir, rules), "the pruned folder \(Sanitize.quoted(dir)) was listed")
        } else {
            guard case .file? = tree.entry(o)?.kind else {
                fatalError("\(Sanitize.quoted(o)) was opened, but it is not a file of the context (excluded?)")
            }
        }
    }
}

/// A file, link or FIFO is in the tree exactly when the ignore rules keep it.
private func checkKept(_ made: [FuzzTree.Made], tree: ContextTree, rules: DockerIgnore) {
    for m in made where m.kind != .dir {
        let kept = !rules.excludes(m.path)
        check(
            (tree.entry(m.path) != nil) == kept,
            "\(Sanitize.quoted(m.path)) is \(kept ? "kept by the rules but missing from" : "excluded by the rules but in") the tree")
    }
}

/// Writing and removing the fuzzed tree.
enum FuzzTree {
    enum Kind { case file, dir, link, fifo }
    struct Made { let path: String; let kind: Kind }

    static func makeRoot() -> String? {
        let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        var template = Array("\(base)/cachectl-fuzz-walk.XXXXXX".utf8CString)
        guard let p = mkdtemp(&template) else { return nil }
        return String(cString: p)
    }

    /// Makes the entries of `spec` (at most 48, paths at most 6 deep, files at most 300 KiB: more
    /// than the walk's read buffer) below `root`; returns what was made, parents first.
    static func materialise(_ spec: [UInt8], in root: String) -> [Made] {
        var made: [Made] = []
        var kinds: [String: Kind] = [:]
        for line in spec.split(separator: UInt8(ascii: "\n")).prefix(48) {
            // A NUL cannot be in a name or a link target (the C string would end there).
            guard line.count >= 3, line[line.startIndex + 1] == UInt8(ascii: " "), !line.contains(0) else { continue }
            // Split on bytes: a combining mark after a `/` or a blank joins it into one Character, and a
            // name split on Characters would keep the `/` (made at one path, expected at another).
            let fields = line.dropFirst(2).split(separator: UInt8(ascii: " "), maxSplits: 1, omittingEmptySubsequences: false)
            let parts = fields[0].split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
            guard !parts.isEmpty, parts.count <= 6, !parts.contains(where: { $0 == "." || $0 == ".." || $0.utf8.count > 64 }),
                !(parts.count == 1 && parts[0] == ".dockerignore")
            else { continue }
            let arg = fields.count > 1 ? String(decoding: fields[1], as: UTF8.self) : ""
            // Parents: made as folders, or the entry is dropped.
            var path = ""
            var ok = true
            for p in parts.dropLast() {
                path = path.isEmpty ? p : path + "/" + p
                switch kinds[path] {
                case .dir?: continue
                case nil:
                    guard mkdir(root + "/" + path, 0o755) == 0 else { ok = false; break }
                    kinds[path] = .dir; made.append(Made(path: path, kind: .dir))
                default: ok = false
                }
                if !ok { break }
            }
            let full = path.isEmpty ? parts.last! : path + "/" + parts.last!
            guard ok, kinds[full] == nil else { continue }
            let kind: Kind
            switch line.first {
            case UInt8(ascii: "f"), UInt8(ascii: "x"):
                let n = max(0, min(Int(arg.prefix(7)) ?? 0, 300 << 10))
                var content = [UInt8](repeating: 0, count: n)
                var x = UInt32(truncatingIfNeeded: full.utf8.count &* 2654435761)
                for i in content.indices { x = x &* 1103515245 &+ 12345; content[i] = UInt8(truncatingIfNeeded: x >> 16) }
                let fd = open(root + "/" + full, O_WRONLY | O_CREAT | O_EXCL, line.first == UInt8(ascii: "x") ? 0o755 : 0o644)
                guard fd >= 0 else { continue }
                _ = content.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                close(fd)
                kind = .file
            case UInt8(ascii: "d"):
                guard mkdir(root + "/" + full, 0o755) == 0 else { continue }
                kind = .dir
            case UInt8(ascii: "l"):
                guard !arg.isEmpty, symlink(arg, root + "/" + full) == 0 else { continue }
                kind = .link
            case UInt8(ascii: "p"):
                guard mkfifo(root + "/" + full, 0o644) == 0 else { continue }
                kind = .fifo
            default: continue
            }
            kinds[full] = kind
            made.append(Made(path: full, kind: kind))
        }
        return made
    }

    /// Whether the walk may skip `dir` unlisted: it, or a folder above it, is excluded and no `!`
    /// exception can re-include anything below it.
    static func pruned(_ dir: String, _ rules: DockerIgnore) -> Bool {
        var state: DockerIgnore.MatchState?
        var path = ""
        for p in dir.split(separator: "/", omittingEmptySubsequences: false) {
            path = path.isEmpty ? String(p) : path + "/" + p
            let r = rules.evaluate(path, parent: state)
            if r.excluded, rules.canSkipExcludedDirectory(path) { return true }
            state = r.state
        }
        return false
    }

    /// Removes `path` and everything below it, never following a link.
    static func remove(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            if let d = opendir(path) {
                var names: [String] = []
                while let e = readdir(d) {
                    let name = withUnsafeBytes(of: e.pointee.d_name) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
                    if name != "." && name != ".." { names.append(name) }
                }
                closedir(d)
                for n in names { remove(path + "/" + n) }
            }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}

/// inotify watches on every folder of the tree: which files and folders were opened.
final class OpenWatch {
    private let fd: Int32
    private var dirs: [Int32: String] = [:]

    init(root: String, dirs list: [String]) {
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        check(fd >= 0, "inotify_init1: \(String(cString: strerror(errno)))")
        for d in [""] + list {
            let wd = inotify_add_watch(fd, d.isEmpty ? root : root + "/" + d, UInt32(IN_OPEN))
            check(wd >= 0, "inotify_add_watch: \(String(cString: strerror(errno)))")
            dirs[wd] = d
        }
    }
    deinit { close(fd) }

    /// The paths opened since the watches were made, relative to the root; folders end with `/`.
    func opened() -> [String] {
        var out: [String] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            var at = 0
            while at + 16 <= n {
                let wd = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: Int32.self) }
                let mask = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self) }
                let len = Int(buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at + 12, as: UInt32.self) })
                check(mask & UInt32(IN_Q_OVERFLOW) == 0, "inotify queue overflow")
                let name = String(decoding: buffer[(at + 16)..<(at + 16 + len)].prefix { $0 != 0 }, as: UTF8.self)
                at += 16 + len
                // An open of a child is reported on its folder's watch, with its name.
                guard !name.isEmpty, let dir = dirs[wd] else { continue }
                let path = dir.isEmpty ? name : dir + "/" + name
                out.append(mask & UInt32(IN_ISDIR) != 0 ? path + "/" : path)
            }
        }
        return out
    }
}
