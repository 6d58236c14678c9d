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
        let root = context.hasSuffix("/") ? context : context + "/"
        for source in sources {
            let prefix = source.isEmpty ? "" : source + "/"
            let single = tree.entry(source).map { if case .directory = $0.kind { false } else { true } } ?? false
            for e in tree.entries where single ? e.path == source : (source.isEmpty || e.path.hasPrefix(prefix)) {
                let key = single ? String(e.path.split(separator: "/").last ?? Substring(e.path)) : String(e.path.dropFirst(prefix.count))
                switch e.kind {
                case let .file(size, _):
                    budget -= Int(size)
                    guard budget >= 0 else { throw .overLimit(maxBytes) }
                    let digest = try sha256(root + e.path)
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

    static func sha256(_ path: String) throws(Failure) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { throw .unreadable(path: path, errno: errno) }
        defer { close(fd) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
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
