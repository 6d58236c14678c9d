/// One entry of a layer tarball, as BuildKit's content checksum sees it: mtime, uid and gid are
/// not kept.
public struct TarEntry: Sendable, Hashable {
    public enum Kind: String, Sendable { case file, dir, symlink, hardlink, other }
    /// The name as written in the tar (pax `path` and GNU long names applied), a leading `./`
    /// and a trailing `/` removed. Untrusted: `../x` and `/etc/x` are kept as names, never opened.
    public let path: String
    public let kind: Kind
    /// Permission bits, setuid/setgid and sticky (`mode & 0o7777`).
    public let mode: UInt32
    public let size: Int
    /// Symlink or hard-link target; nil for other kinds.
    public let linkTarget: String?
    /// sha256 of the content of a regular file; nil for other kinds.
    public let sha256: String?

    public init(path: String, kind: Kind, mode: UInt32, size: Int, linkTarget: String? = nil, sha256: String? = nil) {
        self.path = path; self.kind = kind; self.mode = mode; self.size = size
        self.linkTarget = linkTarget; self.sha256 = sha256
    }
}

/// Caps applied while reading one layer (the byte budget is shared by the whole diff).
public struct LayerLimits: Sendable, Equatable {
    /// Compressed plus uncompressed bytes this read may consume.
    public var bytes: Int
    public var maxEntries: Int
    public var maxPaxHeaderBytes: Int
    public var maxNameBytes: Int

    public static let defaultBytes = 256 * 1024 * 1024

    public init(
        bytes: Int = LayerLimits.defaultBytes, maxEntries: Int = 1_000_000,
        maxPaxHeaderBytes: Int = 1024 * 1024, maxNameBytes: Int = 64 * 1024
    ) {
        self.bytes = bytes; self.maxEntries = maxEntries
        self.maxPaxHeaderBytes = maxPaxHeaderBytes; self.maxNameBytes = maxNameBytes
    }
}

/// Why a layer could not be read. Each is one clear message; no partial listing is trusted.
public enum LayerError: UserFacingError, Equatable {
    case overLimit(limit: Int)
    case truncated(String)
    case badHeader(offset: Int, why: String)
    case paxTooLarge(size: Int, limit: Int)
    case nameTooLong(size: Int, limit: Int)
    case tooManyEntries(limit: Int)
    case decompression(format: String, why: String)
    case digestMismatch(expected: Digest, actual: Digest)

    public var exitCode: Int32 { 2 }
    public var description: String {
        switch self {
        case let .overLimit(limit):
            return
                "reading it would pass --max-layer-bytes (\(limit) bytes, compressed and uncompressed, for the whole diff); raise it to read this layer"
        case let .truncated(what):
            return "the layer is truncated: \(what)"
        case let .badHeader(offset, why):
            return "not a tar stream: bad header at byte \(offset) of the uncompressed layer (\(why))"
        case let .paxTooLarge(size, limit):
            return "a pax header of \(size) bytes is over the limit of \(limit) bytes"
        case let .nameTooLong(size, limit):
            return "a long name of \(size) bytes is over the limit of \(limit) bytes"
        case let .tooManyEntries(limit):
            return "the layer holds more than \(limit) entries"
        case let .decompression(format, why):
            return "the \(format) stream cannot be decompressed: \(Sanitize.inline(why))"
        case let .digestMismatch(expected, actual):
            return "the layer blob's digest lies: expected \(expected), its bytes hash to \(actual)"
        }
    }
}

/// A streaming tar reader: feed it the uncompressed stream in chunks of any size; it keeps one
/// header block, the current pax or long-name record (capped) and a running hash, never the
/// content. Understands ustar, pax `path`/`linkpath`/`size` records and GNU long names (`L`, `K`);
/// GNU and pax sparse entries are listed as `other` with a note.
public struct TarReader {
    public private(set) var entries: [TarEntry] = []
    /// Facts worth telling the user that do not stop the read (sparse entries, pax globals).
    public private(set) var notes: [String] = []
    let limits: LayerLimits
    /// Uncompressed bytes consumed so far.
    public private(set) var offset = 0

    private enum Pending { case pax, gnuName, gnuLink, global }
    private enum State {
        case header
        case content(remaining: Int, padding: Int)
        case record(Pending, remaining: Int, padding: Int)
        case skip(remaining: Int)
        case end
    }
    private var state: State = .header
    private var block: [UInt8] = []
    private var record: [UInt8] = []
    private var hasher = SHA256()
    private var current: (path: String, kind: TarEntry.Kind, mode: UInt32, size: Int, link: String?)?
    private var paxPath: String?
    private var paxLink: String?
    private var paxSize: Int?
    private var paxSparse = false
    private var gnuName: String?
    private var gnuLink: String?
    private var zeroBlocks = 0

    public init(limits: LayerLimits = LayerLimits()) {
        self.limits = limits
        block.reserveCapacity(512)
    }

    public var finished: Bool { if case .end = state { return true } else { return false } }

    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) throws(LayerError) {
        var i = 0
        let n = bytes.count
        while i < n {
            switch state {
            case .end:
                // Bytes after the end-of-archive blocks (padding to a record size) are ignored.
                offset += n - i
                return
            case .header:
                let take = min(512 - block.count, n - i)
                block.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<(i + take)]))
                i += take; offset += take
                if block.count == 512 {
                    try header()
                    block.removeAll(keepingCapacity: true)
                }
            case let .content(remaining, padding):
                let take = min(remaining, n - i)
                if take > 0 { hasher.update(UnsafeBufferPointer(rebasing: bytes[i..<(i + take)])) }
                i += take; offset += take
                if remaining - take == 0 {
                    try finishContent()
                    state = padding > 0 ? .skip(remaining: padding) : .header
                } else {
                    state = .content(remaining: remaining - take, padding: padding)
                }
            case let .record(kind, remaining, padding):
                let take = min(remaining, n - i)
                record.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<(i + take)]))
                i += take; offset += take
                if remaining - take == 0 {
                    try finishRecord(kind)
                    state = padding > 0 ? .skip(remaining: padding) : .header
                } else {
                    state = .record(kind, remaining: remaining - take, padding: padding)
                }
            case let .skip(remaining):
                let take = min(remaining, n - i)
                i += take; offset += take
                state = remaining - take == 0 ? .header : .skip(remaining: remaining - take)
            }
        }
    }

    public mutating func feed(_ bytes: [UInt8]) throws(LayerError) {
        try bytes.withUnsafeBufferPointer { (p: UnsafeBufferPointer<UInt8>) throws(LayerError) in try feed(p) }
    }

    /// Ends the stream: a tar that stops mid-entry is truncated; one that stops on a header
    /// boundary without the end-of-archive blocks is accepted (BuildKit's own reader does too).
    public mutating func finish() throws(LayerError) {
        switch state {
        case .end: return
        case .header:
            if !block.isEmpty { throw .truncated("it ends inside a tar header at byte \(offset)") }
            state = .end
        case .content, .record:
            throw .truncated("it ends inside the content of \(current.map { Sanitize.quoted($0.path) } ?? "an entry") at byte \(offset)")
        case .skip:
            state = .end  // only the padding of the last entry is missing
        }
    }

    private mutating func header() throws(LayerError) {
        let start = offset - 512
        if block.allSatisfy({ $0 == 0 }) {
            zeroBlocks += 1
            if zeroBlocks >= 2 { state = .end }
            return
        }
        zeroBlocks = 0
        // Checksum: the sum of the header bytes with the checksum field read as spaces.
        var sum = 0
        for (k, b) in block.enumerated() { sum += (148..<156).contains(k) ? 32 : Int(b) }
        guard let stored = Self.octal(block[148..<156]), stored == sum else {
            throw .badHeader(offset: start, why: "checksum does not match")
        }
        let flag = block[156]
        guard var size = Self.number(block[124..<136]) else { throw .badHeader(offset: start, why: "unreadable size field") }
        let mode = UInt32(truncatingIfNeeded: (Self.number(block[100..<108]) ?? 0) & 0o7777)
        let padding = { (s: Int) in (512 - s % 512) % 512 }
        switch flag {
        case UInt8(ascii: "x"), UInt8(ascii: "g"), UInt8(ascii: "L"), UInt8(ascii: "K"):
            let isPax = flag == UInt8(ascii: "x") || flag == UInt8(ascii: "g")
            let limit = isPax ? limits.maxPaxHeaderBytes : limits.maxNameBytes
            guard size <= limit else {
                throw isPax ? .paxTooLarge(size: size, limit: limit) : .nameTooLong(size: size, limit: limit)
            }
            let kind: Pending =
                flag == UInt8(ascii: "x") ? .pax : flag == UInt8(ascii: "g") ? .global : flag == UInt8(ascii: "L") ? .gnuName : .gnuLink
            record.removeAll(keepingCapacity: true)
            state = size == 0 ? .header : .record(kind, remaining: size, padding: padding(size))
            if size == 0 { try finishRecord(kind) }
            return
        default: break
        }
        if let s = paxSize { size = s }
        var name: String
        if let p = paxPath ?? gnuName {
            name = p
        } else {
            let base = Self.cString(block[0..<100])
            let magic = Array(block[257..<263])
            let prefix = magic.starts(with: Array("ustar".utf8)) && magic[5] == 0 ? Self.cString(block[345..<500]) : ""
            name = prefix.isEmpty ? base : prefix + "/" + base
        }
        let link = paxLink ?? gnuLink ?? Self.cString(block[157..<257])
        let sparse = paxSparse || flag == UInt8(ascii: "S")
        paxPath = nil; paxLink = nil; paxSize = nil; paxSparse = false; gnuName = nil; gnuLink = nil
        guard entries.count < limits.maxEntries else { throw .tooManyEntries(limit: limits.maxEntries) }
        let kind: TarEntry.Kind
        switch flag {
        case UInt8(ascii: "0"), 0, UInt8(ascii: "7"): kind = sparse ? .other : .file
        case UInt8(ascii: "1"): kind = .hardlink
        case UInt8(ascii: "2"): kind = .symlink
        case UInt8(ascii: "5"): kind = .dir
        default: kind = .other
        }
        name = Self.normalize(name)
        if sparse { notes.append("\(Sanitize.quoted(name)) is a sparse file: listed as `other`, its content not compared") }
        // Only regular files carry content in the stream; other kinds with a size are skipped.
        let dataSize = (kind == .dir || kind == .symlink || kind == .hardlink) ? 0 : size
        current = (name, kind, mode, size, (kind == .symlink || kind == .hardlink) ? link : nil)
        if kind == .file {
            hasher = SHA256()
            if dataSize == 0 {
                try finishContent(); state = .header
            } else {
                state = .content(remaining: dataSize, padding: padding(dataSize))
            }
        } else {
            entries.append(TarEntry(path: name, kind: kind, mode: mode, size: kind == .other ? size : 0, linkTarget: current?.link))
            current = nil
            state = dataSize > 0 ? .skip(remaining: dataSize + padding(dataSize)) : .header
        }
    }

    private mutating func finishContent() throws(LayerError) {
        guard let c = current else { return }
        let digest = hexString(hasher.finalize())
        entries.append(TarEntry(path: c.path, kind: .file, mode: c.mode, size: c.size, sha256: digest))
        current = nil
    }

    private mutating func finishRecord(_ kind: Pending) throws(LayerError) {
        let bytes = record
        record.removeAll(keepingCapacity: true)
        switch kind {
        case .gnuName: gnuName = Self.cString(bytes[...])
        case .gnuLink: gnuLink = Self.cString(bytes[...])
        case .global:
            if !bytes.isEmpty { notes.append("the layer has a pax global header; its records are ignored") }
        case .pax:
            guard let recs = Self.paxRecords(bytes) else { throw .badHeader(offset: offset, why: "malformed pax record") }
            for (k, v) in recs {
                switch k {
                case "path": paxPath = v
                case "linkpath": paxLink = v
                case "size":
                    guard let s = Int(v), s >= 0 else { throw .badHeader(offset: offset, why: "pax size \(Sanitize.quoted(v))") }
                    paxSize = s
                default:
                    if k.hasPrefix("GNU.sparse.") { paxSparse = true }
                }
            }
        }
    }

    /// `"%d %s=%s\n"` records; nil when malformed.
    static func paxRecords(_ b: [UInt8]) -> [(String, String)]? {
        var out: [(String, String)] = []
        var i = 0
        while i < b.count {
            if b[i] == 0 { break }  // NUL padding
            var j = i, len = 0
            while j < b.count, b[j] >= 48, b[j] <= 57 {
                len = len * 10 + Int(b[j] - 48); j += 1
                if len > b.count { return nil }
            }
            guard j < b.count, b[j] == 32, len > j - i + 1, i + len <= b.count, b[i + len - 1] == 10 else { return nil }
            let body = b[(j + 1)..<(i + len - 1)]
            guard let eq = body.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            out.append(
                (
                    String(decoding: body[body.startIndex..<eq], as: UTF8.self),
                    String(decoding: body[(eq + 1)...], as: UTF8.self)
                ))
            i += len
        }
        return out
    }

    static func cString(_ b: ArraySlice<UInt8>) -> String {
        let end = b.firstIndex(of: 0) ?? b.endIndex
        return String(decoding: b[b.startIndex..<end], as: UTF8.self)
    }

    static func octal(_ b: ArraySlice<UInt8>) -> Int? {
        var v = 0, seen = false
        for c in b {
            if c == 0 || c == 32 { if seen { break } else { continue } }
            guard c >= 48, c <= 55 else { return nil }
            v = v * 8 + Int(c - 48); seen = true
            if v > Int(Int32.max) * 1024 { return nil }
        }
        return seen ? v : 0
    }

    /// Octal, or GNU base-256 (high bit of the first byte set), capped at 2^53.
    static func number(_ b: ArraySlice<UInt8>) -> Int? {
        guard let first = b.first else { return nil }
        if first & 0x80 != 0 {
            if first & 0x40 != 0 { return nil }  // negative
            var v = Int(first & 0x3f)
            for c in b.dropFirst() {
                guard v < (1 << 45) else { return nil }
                v = v << 8 | Int(c)
            }
            return v
        }
        return octal(b)
    }

    static func normalize(_ name: String) -> String {
        var n = Substring(name)
        while n.hasPrefix("./") { n = n.dropFirst(2) }
        while n.count > 1, n.hasSuffix("/") { n = n.dropLast() }
        return String(n)
    }
}

/// What a layer holds, keyed by path: whiteouts (`.wh.<name>`) are removals, `.wh..wh..opq`
/// marks a directory whose lower contents are hidden.
public struct LayerListing: Sendable, Equatable {
    public var entries: [String: TarEntry] = [:]
    public var whiteouts: Set<String> = []
    public var opaqueDirs: Set<String> = []
    public var notes: [String] = []
    /// Compressed and uncompressed bytes read.
    public var compressedBytes = 0
    public var uncompressedBytes = 0

    public init(entries: [TarEntry], notes: [String] = []) {
        self.notes = notes
        for e in entries {
            let slash = e.path.lastIndex(of: "/")
            let dir = slash.map { String(e.path[..<$0]) }
            let base = slash.map { String(e.path[e.path.index(after: $0)...]) } ?? e.path
            if base == ".wh..wh..opq" { opaqueDirs.insert(dir ?? ""); continue }
            if base.hasPrefix(".wh.") {
                let target = String(base.dropFirst(4))
                whiteouts.insert(dir.map { $0 + "/" + target } ?? target)
                continue
            }
            entries_insert(e)
        }
    }

    private mutating func entries_insert(_ e: TarEntry) {
        // A later entry of the same path replaces an earlier one, as extraction does.
        entries[e.path] = e
    }
}
