import CacheKeys
import CacheModel

#if canImport(Glibc)
    import Glibc
#endif

/// The files a context copy reads, as a layer would hold them: each regular file's size and
/// sha256, each symbolic link's target, keyed by the path below its source (a file source by its
/// name, `.` by its path in the context); each entry's `path` is its path in the context. Files are read in fixed chunks, so memory does not grow
/// with their size; the bytes read in all are bounded by `maxBytes`.
public enum ContextFiles {
    public enum Failure: Error, Sendable, Equatable {
        /// Reading would pass `maxBytes`.
        case overLimit(Int)
        case unreadable(path: String, errno: Int32)
    }

    public static func listing(context: String, tree: ContextTree, sources: [String], maxBytes: Int) throws(Failure) -> [String: TarEntry] {
        var out: [String: TarEntry] = [:]
        var budget = maxBytes
        var buffer = [UInt8](unsafeUninitializedCapacity: 64 << 10) { _, count in count = 64 << 10 }
        let root = context.hasSuffix("/") ? context : context + "/"
        for given in sources {
            var trimmed = Substring(given)
            while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
            let source = String(trimmed)
            // A file source is keyed by its name; a folder's entries (not the folder) by their path below it,
            // found through the tree's folders rather than a scan of every entry.
            var below: [(path: String, key: String)] = []
            if source.isEmpty || tree.entry(source).map({ if case .directory = $0.kind { true } else { false } }) == true {
                var stack = [(source, "")]
                while let (dir, key) = stack.popLast() {
                    for name in tree.children(of: dir) {
                        let path = dir.isEmpty ? name : dir + "/" + name, k = key.isEmpty ? name : key + "/" + name
                        below.append((path, k))
                        if case .directory? = tree.entry(path)?.kind { stack.append((path, k)) }
                    }
                }
            } else if tree.entry(source) != nil {
                below.append((source, GoPath.base(source)))
            }
            for (path, key) in below {
                guard let e = tree.entry(path) else { continue }
                switch e.kind {
                case let .file(size, _):
                    budget -= Int(size)
                    guard budget >= 0 else { throw .overLimit(maxBytes) }
                    let digest = try sha256(root + e.path, buffer: &buffer)
                    out[key] = TarEntry(path: e.path, kind: .file, mode: e.mode, size: Int(size), sha256: digest)
                case let .symlink(target):
                    out[key] = TarEntry(path: e.path, kind: .symlink, mode: e.mode, size: 0, linkTarget: target)
                case .directory:
                    out[key] = TarEntry(path: e.path, kind: .dir, mode: e.mode, size: 0)
                case .special:
                    out[key] = TarEntry(path: e.path, kind: .other, mode: e.mode, size: 0)
                }
            }
        }
        return out
    }

    static func sha256(_ path: String, buffer: inout [UInt8]) throws(Failure) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { throw .unreadable(path: path, errno: errno) }
        defer { close(fd) }
        var hasher = SHA256()
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, errno: errno)
            }
            if n == 0 { break }
            hasher.update(buffer[0..<n])
        }
        return hexString(hasher.finalize())
    }
}
