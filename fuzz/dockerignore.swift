import CacheKeys
import CacheModel

/// `.dockerignore` matching on arbitrary rules and paths (rules, a NUL byte, then paths one a line):
/// it never traps; an excluded directory's children stay excluded unless a `!` exception exists; and
/// a directory the walk may skip unread only has excluded children (pruning loses nothing).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let cut = bytes.firstIndex(of: 0) ?? bytes.count
    guard let ignore = try? DockerIgnore(fileBytes: Array(bytes[..<cut])) else { return 0 }
    let rest = cut < bytes.count ? Array(bytes[(cut + 1)...]) : []
    let paths = String(decoding: rest, as: UTF8.self).split(separator: "\n").prefix(64).map { String($0.prefix(256)) }
        .filter { !$0.isEmpty && !$0.hasPrefix("/") && !$0.hasSuffix("/") && !$0.contains("//") }
    let names = Set(paths.compactMap { $0.split(separator: "/").last.map(String.init) }).prefix(8)
    for p in paths {
        let excluded = ignore.excludes(p)
        _ = ignore.matchesOrParentMatches(p)
        guard excluded else { continue }
        let skippable = ignore.canSkipExcludedDirectory(p)
        for n in names {
            let child = p + "/" + n
            guard !ignore.excludes(child) else { continue }
            if !ignore.hasExceptions {
                fatalError("\(Sanitize.quoted(child)) is kept under the excluded \(Sanitize.quoted(p)) with no exception rule")
            }
            if skippable {
                fatalError("\(Sanitize.quoted(p)) may be skipped unread, but its child \(Sanitize.quoted(child)) is kept")
            }
        }
    }
    return 0
}
