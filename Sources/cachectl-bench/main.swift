// Benchmark: decode a synthetic inline cache and diff two synthetic images.
// usage: cachectl-bench decode|diff|diff-upstream|diamond|phases|sha256|base64 N [ROUNDS]
//        cachectl-bench layers|layers-whole LAYOUT OLD-DIGEST NEW-DIGEST   (the changed-files diff of two layer blobs)
// Prints one line: operation, records, median milliseconds, peak RSS in MiB.
import CacheAnalysis
import CacheModel
import CacheRegistry
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
}

func peakRSSMiB() -> Double {
    guard let f = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(f) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, 256, f) != nil {
        let s = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if s.hasPrefix("VmHWM:") {
            let kb = Double(s.split(separator: " ").dropFirst().first.map(String.init) ?? "0") ?? 0
            return kb / 1024
        }
    }
    return 0
}

func hexDigest(_ i: Int, salt: String) -> String { "sha256:" + SHA256.hexHash(Array("\(salt)\(i)".utf8)) }

/// A final stage of `n` steps on one base (two roots), each step's slot 0 offering two
/// alternatives (the previous step and a content key), plus a COPY-like second slot on every
/// tenth step linking to a checksum root; every step carries a result (layer = step index + 1).
func syntheticPayload(records n: Int, changedFrom: Int? = nil, onlyOne: Bool = false) -> (base64: String, layers: Int) {
    var out = "["
    out += "{\"digest\":\"\(hexDigest(0, salt: "root-a"))\"},{\"digest\":\"\(hexDigest(0, salt: "root-b"))\"}"
    // Record indexes: 0,1 roots; then for step k: content root at 2+2k, step at 3+2k.
    for k in 0..<n {
        let changed = changedFrom.map { onlyOne ? k == $0 : k >= $0 } ?? false
        let salt = changed ? "step-new" : "step"
        let contentSalt = (onlyOne && changedFrom != nil) ? "content-new" : "content"
        out += ",{\"digest\":\"\(hexDigest(k, salt: contentSalt))\"}"
        let prev =
            k == 0
            ? "{\"link\":0},{\"link\":1}"
            : "{\"link\":\(3 + 2 * (k - 1))},{\"selector\":\"sha256:8a5edab282632443219e051e4ade2d1d5bbc671c781051bf1437897cbdfea0f1\",\"link\":\(2 + 2 * k)}"
        var inputs = "[[\(prev)]"
        if k % 10 == 9 { inputs += ",[{\"link\":\(2 + 2 * k)}]" }
        inputs += "]"
        out +=
            ",{\"layers\":[{\"layer\":\(k + 1),\"createdAt\":\"2026-11-29T00:00:00.123456789Z\"}],\"digest\":\"\(hexDigest(k, salt: salt))\",\"inputs\":\(inputs)}"
    }
    out += "]"
    return (Base64.encode(Array(out.utf8)), n + 1)
}

func image(payload: String, layers: Int, name: String) throws -> LoadedImage {
    let d = hexDigest(0, salt: name)
    var manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":1,\"digest\":\"\(d)\"},\"layers\":["
    manifest += (0..<layers).map {
        "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"size\":1,\"digest\":\"\(hexDigest($0, salt: "blob"))\"}"
    }.joined(separator: ",")
    manifest += "]}"
    var config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
    config += (0..<layers).map { "\"\(hexDigest($0, salt: "diff"))\"" }.joined(separator: ",")
    config += "]},\"moby.buildkit.cache.v0\":\"\(payload)\"}"
    guard case let .image(m) = try ManifestDocument.decode(Array(manifest.utf8), declaredMediaType: nil) else { fatalError() }
    let c = try ImageConfig.decode(Array(config.utf8))
    return LoadedImage(
        reference: name, manifestDigest: Digest.sha256(of: Array(manifest.utf8)), indexDigest: nil,
        manifest: m, config: c, configSize: config.utf8.count, manifestSize: manifest.utf8.count)
}

func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }

/// Diffs `rounds` times; "hits=… misses=… medianMs=… peakRSSMiB=…".
func timedDiff(old: ImageCache, new: ImageCache, rounds: Int) throws -> String {
    var times: [Double] = []
    var hits = 0, misses = 0
    for _ in 0..<rounds {
        let t0 = now()
        let report = try DiffReport.analyze(old: ImportedCache(image: old), new: new)
        hits = report.hits; misses = report.misses
        times.append(now() - t0)
    }
    return "hits=\(hits) misses=\(misses) medianMs=\(format2(median(times))) peakRSSMiB=\(format2(peakRSSMiB()))"
}

let args = CommandLine.arguments
if args.count == 5 && (args[1] == "layers" || args[1] == "layers-whole") {
    // layers: streams both blobs from the layout DIR (blobs/sha256/<hex>) through the reader, as
    // `diff` does; layers-whole: reads each whole into memory first, then lists it.
    let src = OCILayoutSource(LayoutReference(path: args[2]))
    let limit = Int.max / 2
    func listing(_ digest: Digest) async throws -> (LayerListing, Int) {
        if args[1] == "layers" {
            let budget = LayerBudget(limit: limit)
            let l = try await LayerFetcher.listing(digest, size: nil, from: src, budget: budget)
            return (l, l.compressedBytes)
        }
        let blob = try src.readBlob(digest, maxBytes: limit)
        return (try LayerFetcher.list(blob, digest: nil, limits: LayerLimits(bytes: limit)), blob.count)
    }
    do {
        let t0 = now()
        let (o, oc) = try await listing(try Digest(parsing: args[3]))
        let (n, nc) = try await listing(try Digest(parsing: args[4]))
        let changes = FileDiff.changes(old: o, new: n)
        let ms = now() - t0
        let compressed = oc + nc, uncompressed = o.uncompressedBytes + n.uncompressedBytes
        print(
            "\(args[1]) compressedBytes=\(compressed) uncompressedBytes=\(uncompressed) entries=\(o.entries.count + n.entries.count) changes=\(changes.count) ms=\(format2(ms)) MiBps(uncompressed)=\(format2(Double(uncompressed) / 1048576 / (ms / 1000))) MiBps(all)=\(format2(Double(compressed + uncompressed) / 1048576 / (ms / 1000))) peakRSSMiB=\(format2(peakRSSMiB()))"
        )
        exit(0)
    } catch {
        print("cachectl-bench: \(error)")
        exit(2)
    }
}
guard args.count >= 3, let n = Int(args[2]) else {
    print("usage: cachectl-bench decode|diff|diff-upstream|diamond|phases|sha256|base64 N [ROUNDS]")
    exit(64)
}
let rounds = args.count > 3 ? Int(args[3]) ?? 5 : 5
do {
    switch args[1] {
    case "decode":
        let (payload, layers) = syntheticPayload(records: n)
        let img = try image(payload: payload, layers: layers, name: "bench")
        var times: [Double] = []
        var records = 0
        for _ in 0..<rounds {
            let t0 = now()
            let cache = ImageCache(image: img)
            records = cache.graph?.records.count ?? -1
            precondition(cache.status == .present, "synthetic cache must decode")
            times.append(now() - t0)
        }
        print(
            "decode records=\(records) payloadBytes=\(payload.utf8.count) medianMs=\(format2(median(times))) peakRSSMiB=\(format2(peakRSSMiB()))"
        )
    case "diff", "diff-upstream":
        // diff: the upper half of the chain changed; diff-upstream: only the first step changed,
        // so every later step misses as upstream-changed (the longest cause walks).
        let (oldPayload, layers) = syntheticPayload(records: n)
        let (newPayload, _) =
            args[1] == "diff"
            ? syntheticPayload(records: n, changedFrom: n / 2)
            : syntheticPayload(records: n, changedFrom: 0, onlyOne: true)
        let old = ImageCache(image: try image(payload: oldPayload, layers: layers, name: "old"))
        let new = ImageCache(image: try image(payload: newPayload, layers: layers, name: "new"))
        print(
            "\(args[1]) records=\(old.graph!.records.count)+\(new.graph!.records.count) "
                + (try timedDiff(old: old, new: new, rounds: rounds)))
    case "diamond":
        try diamond(depth: n, rounds: rounds)
    case "phases":
        try phases(n)
    case "sha256":
        // The in-tree SHA-256 over N MiB: medianMs and MB/s (compare `openssl speed -evp sha256`,
        // the BoringSSL family swift-crypto wraps on Linux).
        let data = [UInt8](repeating: 0x5a, count: n << 20)
        var times: [Double] = []
        for _ in 0..<rounds {
            let t0 = now()
            _ = SHA256.hash(data)
            times.append(now() - t0)
        }
        print("sha256 MiB=\(n) medianMs=\(format2(median(times))) MBps=\(format2(Double(n << 20) / 1e3 / median(times)))")
    case "base64":
        // Base64 decode of an N MiB payload: medianMs and MB/s.
        let text = Base64.encode([UInt8](repeating: 0x5a, count: n << 20))
        var times: [Double] = []
        for _ in 0..<rounds {
            let t0 = now()
            _ = Base64.decode(text.utf8)
            times.append(now() - t0)
        }
        print("base64 MiB=\(n) medianMs=\(format2(median(times))) MBps=\(format2(Double(text.utf8.count) / 1e3 / median(times)))")
    default:
        print("usage: cachectl-bench decode|diff|diff-upstream|diamond|phases|sha256|base64 N [ROUNDS]")
        exit(64)
    }
} catch {
    print("error: \(error)")
    exit(2)
}

func format2(_ x: Double) -> String {
    let r = (x * 100).rounded() / 100
    return String(r)
}

/// Time of each decoding phase, for `cachectl-bench phases N`.
func phases(_ n: Int) throws {
    let (payload, layers) = syntheticPayload(records: n)
    var t = now()
    func lap(_ name: String) { let t1 = now(); print("  \(name): \(format2(t1 - t)) ms"); t = t1 }
    let bytes = Base64.decode(payload.utf8)!
    lap("base64")
    let doc = try JSONDocument(parsing: bytes, what: "x")
    lap("jansson parse")
    _ = doc
    let records = try CacheRecords.decodeInline(base64: payload)
    lap("decodeInline (base64+parse+records)")
    let g = try CacheGraph.inline(records: records, layerCount: layers)
    lap("graph")
    _ = FinalStage(graph: g)
    lap("final stage")
}

/// A "diamond" graph `depth` levels deep: two records per level, the single slot of each
/// offering both records of the level below. Unmemoised matching would take 2^depth steps.
func diamondPayload(depth: Int, tag: String) -> (base64: String, layers: Int) {
    var out =
        "[{\"digest\":\"\(hexDigest(0, salt: "root-a"))\",\"layers\":[{\"layer\":0}]},{\"digest\":\"\(hexDigest(0, salt: "root-b"))\"}"
    for level in 1..<depth {
        for side in 0..<2 {
            let below = 2 * (level - 1)
            let layer = side == 0 && level % 1000 == 0 ? ",\"layers\":[{\"layer\":\(level / 1000)}]" : ""
            out +=
                ",{\"digest\":\"\(hexDigest(level * 2 + side, salt: tag))\",\"inputs\":[[{\"link\":\(below)},{\"link\":\(below + 1)}]]\(layer)}"
        }
    }
    out += "]"
    return (Base64.encode(Array(out.utf8)), max(1, depth / 1000))
}

/// Time of the diff alone (images decoded beforehand) on two diamonds with different keys
/// above the roots (every layer misses) and on a diamond against itself (every layer hits).
func diamond(depth: Int, rounds: Int) throws {
    let (a, layers) = diamondPayload(depth: depth, tag: "d")
    let (b, _) = diamondPayload(depth: depth, tag: "e")
    let old = ImageCache(image: try image(payload: a, layers: layers, name: "old"))
    let other = ImageCache(image: try image(payload: b, layers: layers, name: "new"))
    precondition(old.status == .present && other.status == .present, "diamond cache must decode")
    for (label, new) in [("diamond-miss", other), ("diamond-same", old)] {
        print("\(label) depth=\(depth) records=\(old.graph!.records.count) " + (try timedDiff(old: old, new: new, rounds: rounds)))
    }
}
