import CacheAnalysis
import CacheModel
import CacheRegistry
import CacheReports
import Foundation
import XCTest

/// Changed files of real BuildKit v0.25 / v0.13 pairs. The expected lists come from the build
/// contexts (fixtures/make/v025/projects/goapp vs goapp-src2, …), not from cachectl.
final class ChangedFilesTests: XCTestCase {
    static let v025 = Fixtures.root + "/v025/images"

    /// The diff as `cachectl diff` makes it, files filled from the layout's blobs.
    func report(
        _ sources: [String], _ new: String, layout: String = v025, maxBytes: Int = LayerLimits.defaultBytes,
        dockerfile: Dockerfile? = nil
    ) async throws -> DiffReport {
        var imported: [ImportedCache] = []
        for s in sources { imported.append(try await Fixtures.importedIn(s, layout: layout)) }
        let newBuild: NewBuild
        switch try await Fixtures.load(new, layout: layout) {
        case let .images(images, _): newBuild = try NewBuild(image: ImageCache(image: images[0]))
        case let .cacheExport(e): newBuild = try NewBuild(export: try CacheExport(e))
        }
        var r = try DiffReport.analyze(sources: imported, new: newBuild, dockerfile: dockerfile)
        let budget = LayerBudget(limit: maxBytes)
        for c in r.fileComparisons {
            let src = OCILayoutSource(LayoutReference(path: layout))
            do {
                let o = try await LayerFetcher.listing(c.old.digest, size: c.old.size, from: src, budget: budget)
                let n = try await LayerFetcher.listing(c.new.digest, size: c.new.size, from: src, budget: budget)
                r.fillFiles(c, files: FileDiff.changes(old: o, new: n))
            } catch {
                let over: Bool
                if case LayerError.overLimit = error { over = true } else { over = false }
                r.noteFiles(
                    c,
                    over
                        ? .overLimit(side: .old, blob: c.old.digest, maxBytes: maxBytes)
                        : .unreadable(side: .old, blob: c.old.digest, detail: "\(error)"))
            }
        }
        return r
    }

    func filesByStep(_ r: DiffReport) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for st in r.stages {
            for v in st.steps where v.files != nil {
                out[v.createdBy ?? "record \(v.record)"] = v.files!.map { "\($0.change.rawValue) \($0.path)" }
            }
        }
        return out
    }

    func testGoappSourceChange() async throws {
        let r = try await report(["goapp-old"], "goapp-src2")
        // src/util.go changed; the final stage copies /out/app, built from it.
        let copy = r.stages.flatMap(\.steps).first { $0.createdBy?.contains("COPY /out/app /app/app") == true }
        XCTAssertEqual(
            copy?.files,
            [FileChange(path: "app/app", change: .modified, oldSize: copy?.files?.first?.oldSize, newSize: copy?.files?.first?.newSize)])
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
        let checked = try await checkContextChanges(root: Self.v025Root) { $0.hasPrefix("files-") && !$0.hasPrefix("files-zstd-") }
        XCTAssertEqual(checked.pairs.count, 8, "\(checked.pairs)")  // with group P's files-emptydir and files-dirlink
        XCTAssertEqual(checked.kinds, ["added", "removed", "mode", "type", "symlink"])
    }

    /// The same with zstd layers: OLD and NEW both pushed with compression=zstd,force-compression=true,
    /// oci-mediatypes=true (group FZ); NEW's context has app/main.txt modified and app/dir/added.txt added.
    func testZstdLayersNameExactlyTheContextChanges() async throws {
        let checked = try await checkContextChanges(root: Self.v025Root) { $0.hasPrefix("files-zstd-") }
        XCTAssertEqual(checked.pairs, ["files-zstd-change"])
        XCTAssertEqual(checked.kinds, ["added", "modified"])
        for (pair, (sources, new, report)) in checked.reports {
            // Every layer of both images really is zstd, and so are the two blobs the copy's list came from.
            for name in sources + [new] {
                guard case let .images(images, _) = try await Fixtures.load(name, layout: Self.v025) else { XCTFail(name); continue }
                let types = images[0].manifest.layers.map(\.mediaType)
                XCTAssertFalse(types.isEmpty, name)
                XCTAssertEqual(Set(types), ["application/vnd.oci.image.layer.v1.tar+zstd"], "\(pair): \(name)")
            }
            XCTAssertEqual(report.fileComparisons.count, 1, pair)
            for c in report.fileComparisons {
                XCTAssertEqual(c.old.mediaType, "application/vnd.oci.image.layer.v1.tar+zstd", pair)
                XCTAssertEqual(c.new.mediaType, "application/vnd.oci.image.layer.v1.tar+zstd", pair)
            }
        }
    }

    /// The same kinds built on BuildKit v0.13 (fixtures/v013-files), plus a content change.
    func testV013EveryKindOfChangeNamesExactlyTheContextChanges() async throws {
        let checked = try await checkContextChanges(root: Fixtures.root + "/v013-files") { _ in true }
        XCTAssertEqual(checked.pairs.count, 7, "\(checked.pairs)")
        XCTAssertEqual(checked.kinds, Set(FileChange.Change.allCases.map(\.rawValue)))
        XCTAssertTrue(checked.pairs.contains("files-touch-change"))
    }

    static let v025Root = String(v025.dropLast("/images".count))

    /// Every pair of ROOT/pairs whose file name passes `include`: the `COPY app/ /app/` step's status
    /// is BuildKit's (rawjson), so is every other step's, and the copy's file list is exactly the pair's
    /// `contextChanges` (none when BuildKit did not run the copy). Returns the pairs checked, the kinds
    /// of change listed, and each pair's sources, NEW and report.
    func checkContextChanges(root: String, include: (String) -> Bool) async throws
        -> (pairs: [String], kinds: Set<String>, reports: [String: ([String], String, DiffReport)])
    {
        let dir = root + "/pairs"
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") && include($0) }.sorted()
        var kinds = Set<String>(), pairs: [String] = [], reports: [String: ([String], String, DiffReport)] = [:]
        for file in names {
            let v = try JSONDocument(parsing: [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + file))), what: file).value
            let pair = v["pair"]!.string!, new = v["new"]!.string!, sources = v["sources"]!.elements.map { $0.string! }
            let expected = try XCTUnwrap(v["contextChanges"], pair).elements.map { "\($0["change"]!.string!) \($0["path"]!.string!)" }
            let steps = v["steps"]!.elements.map(Fixtures.Step.init(json:))
            let copyTruth = try XCTUnwrap(steps.first { $0.name.hasSuffix("] COPY app/ /app/") }?.status, pair)
            let copyRan = copyTruth == "run"
            let (dockerfile, _) = try Fixtures.buildDockerfile(new, logs: root + "/logs")
            let r = try await report(sources, new, layout: root + "/images", dockerfile: dockerfile)
            let copy = try XCTUnwrap(r.stages.flatMap(\.steps).first { $0.createdBy?.hasPrefix("COPY app/ /app/") == true }, pair)
            // A change BuildKit's checksum ignores (mtime) leaves the copy cached: nothing to list.
            XCTAssertEqual(
                copy.status.rawValue, copyTruth, "\(pair): COPY app/ /app/: BuildKit \(copyTruth), cachectl \(copy.status) \(copy.cause)")
            XCTAssertEqual(copyRan, !expected.isEmpty, "\(pair): BuildKit ran the copy: \(copyRan), context changes \(expected)")
            if copyRan {
                XCTAssertEqual(copy.files?.map { "\($0.change.rawValue) \($0.path)" }, expected, pair)
                kinds.formUnion(copy.files?.map(\.change.rawValue) ?? [])
            } else {
                XCTAssertNil(copy.files, pair)
            }
            // No other step lists files.
            XCTAssertEqual(filesByStep(r).count, copyRan ? 1 : 0, pair)
            // Every step's status is BuildKit's.
            let truth = StageTruthTests.truth(
                Fixtures.Pair(name: pair, old: sources[0], new: new, steps: steps.filter { $0.kind != "from" }))
            var predicted: [String: StepVerdict] = [:]
            for st in r.stages { for s in st.steps { if let k = StageTruthTests.key(s.name, final: st.final) { predicted[k] = s } } }
            XCTAssertEqual(Set(predicted.keys), Set(truth.keys), pair)
            for (k, want) in truth.sorted(by: { $0.key < $1.key }) {
                XCTAssertEqual(
                    predicted[k]?.status.rawValue, want,
                    "\(pair): \(k): BuildKit \(want), cachectl \(predicted[k].map { "\($0.status) \($0.cause)" } ?? "missing")")
            }
            pairs.append(pair); reports[pair] = (sources, new, r)
        }
        return (pairs, kinds, reports)
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
        // The answer's first lines name the same change, its files and its time.
        let start = try XCTUnwrap(r.answer.changeStart)
        XCTAssertEqual(start.step.record, copy.record)
        XCTAssertEqual(start.ran, 2)
        XCTAssertEqual(start.seconds, c.seconds)
        let lines = DiffHeadline.lines(r)
        XCTAssertTrue(lines[1].contains("COPY app/ /app/"), lines[1])
        XCTAssertTrue(lines[1].contains("app/conf.txt mode"), lines[1])
        // Touch only: nothing runs, no costliest miss.
        let touch = try await report(["files-old"], "files-touch", dockerfile: dockerfile)
        XCTAssertNil(touch.costliestMiss)
        XCTAssertNil(touch.answer.changeStart)
        XCTAssertTrue(DiffHeadline.lines(touch)[0].hasPrefix("Nothing ran"))
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
        let budget = LayerBudget(limit: LayerLimits.defaultBytes)
        let zstd = images[0].manifest.layers.filter { $0.mediaType.contains("zstd") }
        XCTAssertFalse(zstd.isEmpty)
        var paths = Set<String>()
        for l in zstd {
            let listing = try await LayerFetcher.listing(l.digest, size: l.size, from: src, budget: budget)
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
