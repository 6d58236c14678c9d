import CacheModel

extension NewBuild {
    /// The build a plan says will happen, before it runs: its planned key graph as NEW, laid over
    /// the image it will make (base layers, then one layer per final-chain step).
    /// - Parameters:
    ///   - reference: how reports name it (e.g. `plan:Dockerfile`).
    ///   - sourceDateEpoch: the `SOURCE_DATE_EPOCH` the build will be given, if any.
    public init(planned p: PlannedGraph, reference: String, sourceDateEpoch: Int64? = nil) {
        self.reference = reference
        // No image exists yet: the digest of the planned graph's record digests stands for it.
        manifestDigest = Digest.sha256(of: Array(p.graph.records.map(\.digest.description).joined(separator: "\n").utf8))
        kind = .inline
        // Slots of unknown content carry a stand-in root here (`PlannedGraph.modelGraph`).
        let view = p.modelGraph().graph
        graph = view
        stage = FinalStage(graph: view, top: p.top)
        layerSteps = p.layerSteps
        self.sourceDateEpoch = sourceDateEpoch
    }
}
