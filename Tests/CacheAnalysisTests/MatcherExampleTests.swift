import CacheAnalysis
import CacheModel
import Testing

/// Worked examples of the matcher's rule, one per clause, each on a graph of about five records.
/// The rule (BuildKit solver/cachemanager.go `Query` over the keys cache/remotecache/v1/cachestorage.go imports): a
/// record of the new build matches an old record when the digests are equal, both have the same
/// number of input slots, and every slot has some alternative on each side with equal selectors
/// linking to records that match in turn. Roots (no inputs) match on digest alone.
@Suite struct MatcherExampleTests {
    static func d(_ s: String) -> Digest { Digest.sha256(of: Array(s.utf8)) }
    static func root(_ name: String) -> CacheRecord { CacheRecord(digest: d(name), inputs: [], results: []) }
    /// A step keyed by `name` whose input slots list (selector, link) alternatives.
    static func step(_ name: String, _ slots: [(String, Int)]...) -> CacheRecord {
        CacheRecord(digest: d(name), inputs: slots.map { $0.map { CacheInput(selector: $0.0, link: $0.1) } }, results: [])
    }
    static func graph(_ records: CacheRecord...) throws -> CacheGraph { try CacheGraph.inline(records: records, layerCount: 0) }

    /// base, then COPY of checked-in files (the selector is the content checksum), then two RUNs.
    static func build(base: String = "base:1", files: String = "sha256:files-v1", lastRun: String = "RUN test") throws -> CacheGraph {
        try graph(
            root(base),  // 0
            root("local context"),  // 1
            step("COPY . /src", [("", 0)], [(files, 1)]),  // 2: slot 0 the stage below, slot 1 what it copies
            step("RUN make", [("", 2)]),  // 3
            step(lastRun, [("", 3)]))  // 4
    }

    @Test func sameBuildMatchesEveryRecord() throws {
        let m = try Matcher(new: try Self.build(), old: try Self.build())
        #expect(m.matches == [[0], [1], [2], [3], [4]])
    }

    @Test func rootsMatchOnDigestAlone() throws {
        let m = try Matcher(new: try Self.build(base: "base:2"), old: try Self.build())
        #expect(m.matches[0] == [])  // another base image: nothing to match
        #expect(m.matches[1] == [1])  // the context root is the same digest
    }

    @Test func aMissBelowIsAMissAbove() throws {
        let new = try Self.build(base: "base:2"), old = try Self.build()
        let m = try Matcher(new: new, old: old)
        // Same digests, same text, but slot 0 links to a record that does not match.
        #expect(m.matches[2] == [] && m.matches[3] == [] && m.matches[4] == [])
        #expect(m.failingSlot(2, new: new, old: old) == 0)
        #expect(m.failingSlot(3, new: new, old: old) == 0)
    }

    @Test func selectorsMustBeEqual() throws {
        let new = try Self.build(files: "sha256:files-v2"), old = try Self.build()
        let m = try Matcher(new: new, old: old)
        // The copied files changed: slot 1's selector differs although it links to a matching root.
        #expect(m.matches == [[0], [1], [], [], []])
        #expect(m.failingSlot(2, new: new, old: old) == 1)
        #expect(m.failingSlot(4, new: new, old: old) == 0)
    }

    @Test func digestsMustBeEqual() throws {
        let new = try Self.build(lastRun: "RUN test -v"), old = try Self.build()
        let m = try Matcher(new: new, old: old)
        #expect(m.matches == [[0], [1], [2], [3], []])
        // No old record has this digest: no candidate, so no slot to blame.
        #expect(m.failingSlot(4, new: new, old: old) == nil)
    }

    @Test func slotCountsMustBeEqual() throws {
        let old = try Self.graph(Self.root("base:1"), Self.root("local context"), Self.step("COPY . /src", [("", 0)], [("sha256:f", 1)]))
        let new = try Self.graph(Self.root("base:1"), Self.root("local context"), Self.step("COPY . /src", [("", 0)]))
        let m = try Matcher(new: new, old: old)
        #expect(m.matches == [[0], [1], []])
        #expect(m.failingSlot(2, new: new, old: old) == nil)
    }

    @Test func oneAgreeingAlternativeIsEnough() throws {
        // A slot with two alternatives, of which the old cache knows only base:1.
        let old = try Self.graph(Self.root("base:1"), Self.step("RUN a", [("", 0)]))
        let new = try Self.graph(Self.root("base:2"), Self.root("base:1"), Self.step("RUN a", [("", 0), ("", 1)]))
        let m = try Matcher(new: new, old: old)
        #expect(m.matches == [[], [0], [1]])
    }

    @Test func aStepKeyedInTwoContextsMatchesTheOneWhoseInputsMatch() throws {
        // The old cache holds `RUN a` twice: on base:1 and on base:2 (two records, one digest).
        let old = try Self.graph(Self.root("base:1"), Self.root("base:2"), Self.step("RUN a", [("", 0)]), Self.step("RUN a", [("", 1)]))
        let new = try Self.graph(Self.root("base:2"), Self.step("RUN a", [("", 0)]))
        let m = try Matcher(new: new, old: old)
        #expect(m.matches == [[1], [3]])
    }

    @Test func everySlotMustAgree() throws {
        // COPY --from=builder: slot 0 is the final stage below, slot 1 the builder's output.
        func g(_ builderRun: String) throws -> CacheGraph {
            try Self.graph(
                Self.root("base:1"),
                Self.step(builderRun, [("", 0)]),
                Self.step("WORKDIR /app", [("", 0)]),
                Self.step("COPY --from=builder /out /app", [("", 2)], [("sha256:out", 1)]),
                Self.step("RUN ready", [("", 3)]))
        }
        let new = try g("RUN make V=2"), old = try g("RUN make")
        let m = try Matcher(new: new, old: old)
        #expect(m.matches == [[0], [], [2], [], []])
        #expect(m.failingSlot(3, new: new, old: old) == 1)
    }
}
