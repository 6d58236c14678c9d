import CacheModel

/// An image's inline cache, decoded and laid over the image's layers and history. The payload
/// is the config's `moby.buildkit.cache.v0` (exporter/containerimage/writer.go), records only;
/// an importer rebuilds the layer table from the manifest and `rootfs.diff_ids`
/// (cache/remotecache/import.go).
public struct ImageCache: Sendable {
    public enum Status: Sendable, Equatable {
        /// The config has no `moby.buildkit.cache.v0`.
        case absent
        /// The key is present but BuildKit could not use it; the detail says why.
        case invalid(String)
        case present
    }

    public let image: LoadedImage
    public let status: Status
    /// Present only when `status == .present`.
    public let graph: CacheGraph?
    public let stage: FinalStage?

    public init(image: LoadedImage) {
        self.image = image
        guard let payload = image.config.inlineCache else {
            status = .absent; graph = nil; stage = nil
            return
        }
        let layerCount = image.manifest.layers.count
        do {
            if image.config.diffIDs.count != layerCount {
                throw ModelError.invalidCache(
                    "the config lists \(image.config.diffIDs.count) diff_ids for \(layerCount) manifest layers; BuildKit skips such an image"
                )
            }
            let records = try CacheRecords.decodeInline(base64: payload)
            let g = try CacheGraph.inline(records: records, layerCount: layerCount)
            graph = g
            stage = FinalStage(graph: g)
            status = .present
        } catch let e as ModelError {
            status = .invalid(e.description); graph = nil; stage = nil
        } catch {
            status = .invalid("\(error)"); graph = nil; stage = nil
        }
    }

    /// `created_by` of each layer, from the non-empty history entries (nil when history is short).
    public var layerSteps: [String?] {
        let h = image.config.layerHistory
        return (0..<image.manifest.layers.count).map { $0 < h.count ? h[$0].createdBy : nil }
    }
}

extension ImageCache {
    /// The `SOURCE_DATE_EPOCH` the image was built with, when its dates show one: BuildKit clamps
    /// the config's `created` and every history entry to it (`exporter/containerimage`, epoch
    /// handling), while the inline cache's result times stay the real ones. nil when the dates
    /// are those of the build.
    public var sourceDateEpoch: Int64? {
        guard let created = image.config.created, let epoch = RFC3339Time.seconds(created), let g = graph else { return nil }
        let built = image.config.history.suffix(max(0, image.config.history.count - 1))
        guard !built.isEmpty, built.allSatisfy({ $0.created.flatMap(RFC3339Time.seconds) == epoch }) else { return nil }
        let resultTimes = g.results.flatMap { $0 }.compactMap { $0.createdAt.flatMap(RFC3339Time.seconds) }.filter { $0 > 0 }
        guard let earliest = resultTimes.min(), earliest > epoch + 60 else { return nil }
        return epoch
    }
}
