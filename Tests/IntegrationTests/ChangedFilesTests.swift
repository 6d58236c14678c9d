import CacheAnalysis
import CacheModel
import CacheRegistry
import Foundation
import XCTest

/// Changed files of real BuildKit v0.25 / v0.13 pairs. The expected lists come from the build
/// contexts (fixtures/make/v025/projects/goapp vs goapp-src2, …), not from cachectl.
final class ChangedFilesTests: XCTestCase {
    static let v025 = Fixtures.root + "/v025/images"

    /// The diff as `cachectl diff` makes it, files filled from the layout's blobs.
    func report(_ sources: [String], _ new: String, layout: String = v025, maxBytes: Int = LayerLimits.defaultBytes,
                dockerfile: Dockerfile? = nil) async throws -> DiffReport {
        var imported: [ImportedCache] = []
        for s in sources { imported.append(try await Fixtures.importedIn(s, layout: layout)) }
        let newBuild: NewBuild
        switch try await Fixtures.load(new, layout: layout) {
        case let .images(images, _): newBuild = try NewBuild(image: ImageCache(image: images[0]))
        case let .cacheExport(e): newBuild = try NewBuild(export: try CacheExport(e))
        }
        var r = try DiffReport.analyze(sources: imported, new: newBuild, dockerfile: dockerfile)
        var budget = LayerBudget(limit: maxBytes)
        for c in r.fileComparisons {
            let src = OCILayoutSource(LayoutReference(path: layout))
            do {
                let o = try await LayerFetcher.listing(c.old.digest, size: c.old.size, from: src, budget: &budget)
                let n = try await LayerFetcher.listing(c.new.digest, size: c.new.size, from: src, budget: &budget)
                r.fillFiles(c, files: FileDiff.changes(old: o, new: n))
            } catch {
                r.noteFiles(c, "\(error)")
            }
        }
        return r
    }

    func filesByStep(_ r: DiffReport) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for st in r.stages { for v in st.steps where v.files != nil {
            out[v.createdBy ?? "record \(v.record)"] = v.files!.map { "\($0.change.rawValue) \($0.path)" }
        } }
        return out
    }

    func testGoappSourceChange() async throws {
        let r = try await report(["goapp-old"], "goapp-src2")
        // src/util.go changed; the final stage copies /out/app, built from it.
        let copy = r.stages.flatMap(\.steps).first { $0.createdBy?.contains("COPY /out/app /app/app") == true }
        XCTAssertEqual(copy?.files, [FileChange(path: "app/app", change: .modified, oldSize: copy?.files?.first?.oldSize, newSize: copy?.files?.first?.newSize)])
        XCTAssertNotNil(copy?.files?.first?.oldSize)
        let layer = r.layers.first { $0.index == copy?.layer }
        XCTAssertEqual(layer?.files, copy?.files)
        // The build stage's `COPY src/`: an image's inline cache keeps no other-stage layers.
        let other = r.stages.filter { !$0.final }.flatMap(\.steps).filter { $0.filesNote != nil }
        XCTAssertFalse(other.isEmpty)
        for v in other { XCTAssertTrue(v.filesNote!.contains("mode=min"), v.filesNote!) }
    }

    func testNodeSourceChange() async throws {
        let r = try await report(["node-old"], "node-src2")
        XCTAssertEqual(Array(filesByStep(r).values), [["modified srv/dist/bundle.js"]])
    }

    func testLinkCopyChange() async throws {
        let r = try await report(["link-old"], "link-src2")
        XCTAssertEqual(Array(filesByStep(r).values), [["modified srv/data.txt"]])
    }

    /// The files-* pairs: one OLD context and one NEW per kind of change (fixtures/make/v025/
    /// files-contexts.py). The expected list is the pair's `contextChanges`, which truth.py derives
    /// from the two contexts as built (logs/<build>/context.tsv); BuildKit's rawjson says whether
    /// the copy ran.
    func testEveryKindOfChangeNamesExactlyTheContextChanges() async throws {
        let dir = Self.v025.dropLast("/images".count) + "/pairs"
        let names = try FileManager.default.contentsOfDirectory(atPath: String(dir)).filter { $0.hasPrefix("files-") }.sorted()
        XCTAssertEqual(names.count, 6, "\(names)")
        var kinds = Set<String>()
        for file in names {
            let v = try JSONDocument(parsing: [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + file))), what: file).value
            let pair = v["pair"]!.string!, new = v["new"]!.string!
            let expected = v["contextChanges"]!.elements.map { "\($0["change"]!.string!) \($0["path"]!.string!)" }
            let copyRan = v["steps"]!.elements.first { $0["name"]!.string!.hasSuffix("COPY app/ /app/") }?["status"]?.string == "run"
            let (dockerfile, _) = try Fixtures.buildDockerfile(new, logs: String(Self.v025.dropLast("/images".count)) + "/logs")
            let r = try await report(v["sources"]!.elements.map { $0.string! }, new, dockerfile: dockerfile)
            let copy = try XCTUnwrap(r.stages.flatMap(\.steps).first { $0.createdBy?.hasPrefix("COPY app/ /app/") == true }, pair)
            // A change BuildKit's checksum ignores (mtime) leaves the copy cached: nothing to list.
            XCTAssertEqual(copy.status == .run, copyRan, "\(pair): \(copy.status) \(copy.detail)")
            XCTAssertEqual(copyRan, !expected.isEmpty, "\(pair): BuildKit ran the copy: \(copyRan), context changes \(expected)")
            if copyRan {
                XCTAssertEqual(copy.files?.map { "\($0.change.rawValue) \($0.path)" }, expected, pair)
                kinds.formUnion(copy.files?.map(\.change.rawValue) ?? [])
            } else {
                XCTAssertNil(copy.files, pair)
            }
            // No other step lists files.
            XCTAssertEqual(filesByStep(r).count, copyRan ? 1 : 0, pair)
        }
        XCTAssertEqual(kinds, ["added", "removed", "mode", "type", "symlink"])
    }

    /// NEW given as its own registry export without its image: no step texts, yet the final
    /// `COPY --from=build` is recognised as a copy by its key (a content-checksummed input).
    func testExportWithoutImageStillListsTheFinalCopy() async throws {
        let r = try await report(["goapp-old"], "goapp-newexport-newcache")
        let final = r.stages.filter(\.final).flatMap(\.steps)
        XCTAssertTrue(final.allSatisfy { $0.createdBy == nil })
        let listed = final.filter { $0.files != nil }
        XCTAssertEqual(listed.count, 1)
        XCTAssertEqual(listed.first?.files?.map { "\($0.change.rawValue) \($0.path)" }, ["modified app/app"])
        // The RUN after it is not a copy: no list, no note.
        XCTAssertTrue(final.filter { $0.status == .run && $0.files == nil }.allSatisfy { $0.filesNote == nil })
    }

    /// The summary names the costliest miss: the change at `COPY app/ /app/` made the copy and the
    /// RUN after it run (BuildKit ran both); the seconds are the RUN's (the copy's start is unknown),
    /// and the sentence names the changed file.
    func testCostliestMissNamesTheCopyItsTimeAndItsFiles() async throws {
        let (dockerfile, _) = try Fixtures.buildDockerfile("files-chmod", logs: String(Self.v025.dropLast("/images".count)) + "/logs")
        let r = try await report(["files-old"], "files-chmod", dockerfile: dockerfile)
        let c = try XCTUnwrap(r.costliestMiss)
        XCTAssertEqual(c.kind, .change)
        let copy = try XCTUnwrap(r.stages.flatMap(\.steps).first { $0.name?.instruction.hasPrefix("COPY app/") == true })
        XCTAssertEqual(c.record, copy.record)
        XCTAssertEqual(c.steps.count, 2)
        XCTAssertEqual(c.unknownSteps, 1)
        let run = try XCTUnwrap(c.steps.first { $0.name?.instruction.hasPrefix("RUN sleep 2") == true })
        XCTAssertEqual(c.seconds, run.duration.seconds)
        let sentence = try XCTUnwrap(r.costliestMissSentence())
        XCTAssertTrue(sentence.contains("COPY app/ /app/"), sentence)
        XCTAssertTrue(sentence.contains("2 steps ran for at least \(DurationText.format(c.seconds!))"), sentence)
        XCTAssertTrue(sentence.hasSuffix("it copies changed files: mode app/conf.txt."), sentence)
        XCTAssertTrue(r.verdict.contains(sentence))
        // Touch only: nothing runs, no costliest miss.
        let touch = try await report(["files-old"], "files-touch", dockerfile: dockerfile)
        XCTAssertNil(touch.costliestMiss)
        XCTAssertNil(touch.costliestMissSentence())
    }

    func testDurationText() {
        XCTAssertEqual(DurationText.format(2.74), "2.7 s")
        XCTAssertEqual(DurationText.format(48.4), "48 s")
        XCTAssertEqual(DurationText.format(252), "4 min 12 s")
        XCTAssertEqual(DurationText.format(120), "2 min")
        XCTAssertEqual(DurationText.format(3780), "1 h 3 min")
    }

    func testOverTheLimitIsANote() async throws {
        let r = try await report(["goapp-old"], "goapp-src2", maxBytes: 100)
        let noted = r.stages.flatMap(\.steps).filter { $0.filesNote?.contains("max-layer-bytes") == true }
        XCTAssertFalse(noted.isEmpty)
    }

    func testZstdLayersList() async throws {
        // zstd-old was pushed with compression=zstd: its layers are zstd, read the same way.
        guard case let .images(images, _) = try await Fixtures.load("zstd-old", layout: Self.v025) else { return XCTFail() }
        let src = OCILayoutSource(LayoutReference(path: Self.v025))
        var budget = LayerBudget(limit: LayerLimits.defaultBytes)
        let zstd = images[0].manifest.layers.filter { $0.mediaType.contains("zstd") }
        XCTAssertFalse(zstd.isEmpty)
        var paths = Set<String>()
        for l in zstd {
            let listing = try await LayerFetcher.listing(l.digest, size: l.size, from: src, budget: &budget)
            XCTAssertGreaterThan(listing.uncompressedBytes, 0)
            paths.formUnion(listing.entries.keys)
        }
        XCTAssertTrue(paths.contains("app/app"), "\(paths.sorted().prefix(20))")
    }
}

extension Fixtures {
    static func importedIn(_ name: String, layout: String) async throws -> ImportedCache {
        switch try await load(name, layout: layout) {
        case let .images(images, _): return ImportedCache(image: ImageCache(image: images[0]))
        case let .cacheExport(e): return ImportedCache(export: try CacheExport(e))
        }
    }
}
