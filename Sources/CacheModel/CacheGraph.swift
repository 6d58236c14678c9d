#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A result resolved against a layer table: the layers it stands for, ending at `top`.
public struct ResolvedResult: Sendable, Hashable {
    /// The last layer of the result.
    public let top: Int
    /// For `chains` results, the explicit layer list; nil for a `layer` result (top and its parents).
    public let explicit: [Int]?
    public let createdAt: String?
}

/// A validated cache-key graph: records whose links, layer indexes and parents are in range
/// and free of loops, with a topological order (inputs before the records that use them).
public struct CacheGraph: Sendable {
    public let records: [CacheRecord]
    /// Parent of each layer (-1 for none). Inline cache: layer i's parent is i-1.
    public let layerParents: [Int]
    /// Per record, its results resolved.
    public let results: [[ResolvedResult]]
    /// Record indexes, every record after the records it links to.
    public let topologicalOrder: [Int]
    /// Record indexes by digest (duplicates are legal). Made on first use: a large graph's
    /// table costs more than the rest of its checks, and inspect never asks for it.
    public var byDigest: [Digest: [Int]] { digestIndex.table(of: records) }
    private let digestIndex = DigestIndex()

    public var layerCount: Int { layerParents.count }

    /// The inline form: layers are the image's layers, each the parent of the next.
    public static func inline(records: [CacheRecord], layerCount: Int) throws(ModelError) -> CacheGraph {
        try CacheGraph(records: records, layerParents: (0..<max(layerCount, 0)).map { $0 - 1 })
    }

    public init(records: [CacheRecord], layerParents: [Int]) throws(ModelError) {
        let n = records.count
        let layers = layerParents.count
        // Layer parents: in range and loop-free.
        for (i, p) in layerParents.enumerated() where p < -1 || p >= layers || p == i {
            throw ModelError.invalidCache("layer \(i) has parent \(p), outside 0..<\(layers) or itself")
        }
        var depth = [Int](repeating: -1, count: layers)
        for start in 0..<layers where depth[start] < 0 {
            var path: [Int] = []
            var cur = start
            var onPath = Set<Int>()
            while cur >= 0 && depth[cur] < 0 {
                if !onPath.insert(cur).inserted { throw ModelError.invalidCache("layer \(cur) is its own ancestor (a loop of parents)") }
                path.append(cur)
                cur = layerParents[cur]
            }
            var d = cur >= 0 ? depth[cur] : -1
            for l in path.reversed() { d += 1; depth[l] = d }
        }
        // Links and results.
        var resolved: [[ResolvedResult]] = []
        resolved.reserveCapacity(n)
        for (i, r) in records.enumerated() {
            for (s, slot) in r.inputs.enumerated() {
                if slot.isEmpty { throw ModelError.invalidCache("record \(i) (\(r.digest.short)) has an empty input slot \(s)") }
                for alt in slot where alt.link < 0 || alt.link >= n {
                    throw ModelError.invalidCache(
                        "record \(i) (\(r.digest.short)) input \(s) links to record \(alt.link), outside 0..<\(n)")
                }
                if slot.contains(where: { $0.link == i }) {
                    throw ModelError.invalidCache("record \(i) (\(r.digest.short)) links to itself")
                }
            }
            var rs: [ResolvedResult] = []
            for result in r.results {
                switch result {
                case let .layer(k, c):
                    guard k >= 0 && k < layers else {
                        throw ModelError.invalidCache(
                            "record \(i) (\(r.digest.short)) has a result at layer \(k), but there are \(layers) layers")
                    }
                    rs.append(ResolvedResult(top: k, explicit: nil, createdAt: c))
                case let .chain(ks, c):
                    guard let last = ks.last else {
                        throw ModelError.invalidCache("record \(i) (\(r.digest.short)) has an empty chain result")
                    }
                    for k in ks where k < 0 || k >= layers {
                        throw ModelError.invalidCache(
                            "record \(i) (\(r.digest.short)) has a chain result with layer \(k), but there are \(layers) layers")
                    }
                    rs.append(ResolvedResult(top: last, explicit: ks, createdAt: c))
                }
            }
            resolved.append(rs)
        }
        // Topological order with loop detection, iteratively (no recursion on hostile depth).
        var state = [UInt8](repeating: 0, count: n)  // 0 new, 1 on stack, 2 done
        var order: [Int] = []
        order.reserveCapacity(n)
        var stack: [(node: Int, slot: Int, alt: Int)] = []
        for start in 0..<n where state[start] == 0 {
            stack.append((start, 0, 0))
            state[start] = 1
            while !stack.isEmpty {
                let top = stack.count - 1
                let (node, slot, alt) = stack[top]
                let inputs = records[node].inputs
                if slot >= inputs.count {
                    state[node] = 2
                    order.append(node)
                    stack.removeLast()
                    continue
                }
                if alt >= inputs[slot].count {
                    stack[top] = (node, slot + 1, 0)
                    continue
                }
                stack[top] = (node, slot, alt + 1)
                let next = inputs[slot][alt].link
                switch state[next] {
                case 0: state[next] = 1; stack.append((next, 0, 0))
                case 1: throw ModelError.invalidCache("records form a loop through record \(next) (\(records[next].digest.short))")
                default: break
                }
            }
        }
        self.records = records
        self.layerParents = layerParents
        self.results = resolved
        self.topologicalOrder = order
    }

    public func hasResult(_ record: Int) -> Bool { !results[record].isEmpty }

    /// Whether `layer` is part of `result` (the explicit list, or top and its ancestors).
    public func contains(_ result: ResolvedResult, layer: Int) -> Bool {
        if let ex = result.explicit { return ex.contains(layer) }
        var cur = result.top
        var steps = 0
        while cur >= 0 && steps <= layerCount {
            if cur == layer { return true }
            cur = layerParents[cur]
            steps += 1
        }
        return false
    }

    /// The layers of a result, root first.
    public func layers(of result: ResolvedResult) -> [Int] {
        if let ex = result.explicit { return ex }
        var out: [Int] = []
        var cur = result.top
        while cur >= 0 && out.count <= layerCount { out.append(cur); cur = layerParents[cur] }
        return out.reversed()
    }
}

/// `CacheGraph.byDigest`, made once, on first use, by whichever thread asks first.
private final class DigestIndex: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var made: [Digest: [Int]]?

    init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func table(of records: [CacheRecord]) -> [Digest: [Int]] {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if let made { return made }
        var table: [Digest: [Int]] = [:]
        table.reserveCapacity(records.count)
        for (i, r) in records.enumerated() { table[r.digest, default: []].append(i) }
        made = table
        return table
    }
}
