import CacheAnalysis
import CacheModel
import Testing

@testable import CacheReports

/// Why a copy's files are not listed: each reason said once, for every reference it applies to.
@Suite struct FilesWordingTests {
    @Test func eachReasonOnceForItsReferences() {
        let blob = Digest.sha256(of: Array("layer".utf8))
        let gap = FilesGap.unavailable([
            .imageKeepsNoOtherStages(side: .new, reference: "r/app:new"),
            .exportHoldsNoLayer(side: .old, reference: "r/cache:a"),
            .imageKeepsNoOtherStages(side: .old, reference: "r/app:old"),
            .blobNotHeld(reference: "r/cache:b", blob: blob),
            .imageKeepsNoOtherStages(side: .old, reference: "r/app:older"),
        ])
        #expect(
            FilesWording.text(gap)
                == "not listed: NEW (r/app:new), r/app:old and r/app:older are images: an image's inline cache keeps no layers of "
                + "other stages (mode=min); r/cache:a holds no layer for this step (a mode=min export keeps none for other stages); "
                + "r/cache:b names the step's layer \(blob.short) but does not hold its blob")
        #expect(
            FilesWording.text(.unavailable([.noLayerAtPosition(reference: "a"), .noLayerAtPosition(reference: "b")]))
                == "not listed: a and b have no layer at this step's position")
    }
}
