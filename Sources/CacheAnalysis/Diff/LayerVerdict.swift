import CacheModel

/// Why a layer of the new build could not be served by the old cache.
public enum MissReason: String, Sendable, CaseIterable {
    case noCache = "no-cache"
    case baseChanged = "base-changed"
    case changed
    case upstreamChanged = "upstream-changed"
    case notExported = "not-exported"
    /// Its step ran only so that a copy could checksum its output (the step's reason).
    case neededForChecksum = "needed-for-checksum"
}

/// The structured cause of a layer's miss: where the change starts and through which input it
/// reaches this layer. `detail` says the same in a sentence.
public struct MissCause: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The base image's keys are not in the old cache.
        case base
        /// A step's own key is new (its text, a build-arg, an environment value changed).
        case key
        /// A copy's content checksum changed (files it copies changed).
        case content
        /// The key matched, but the old cache holds no result for it.
        case matchedWithoutResult = "matched-without-result"
        /// No key of the new build stands for the layer, or the old side has no cache.
        case unknown
    }

    public let kind: Kind
    /// The new build's record where the change starts (nil for `base` and `unknown`).
    public let record: Int?
    /// That record's final-stage layer, when it has one (else it is a step of another stage).
    public let layer: Int?
    /// The input slot of this layer's record through which the change arrives (0: the previous
    /// step; 1 and up: a stage or files it copies from); nil when the change is the layer's own.
    public let input: Int?
    /// The step texts, old and new, when the layer's own step changed.
    public let oldStep: String?
    public let newStep: String?

    public init(kind: Kind, record: Int? = nil, layer: Int? = nil, input: Int? = nil, oldStep: String? = nil, newStep: String? = nil) {
        self.kind = kind; self.record = record; self.layer = layer; self.input = input; self.oldStep = oldStep; self.newStep = newStep
    }
}

public struct LayerVerdict: Sendable, Equatable {
    public enum Status: String, Sendable { case base, hit, miss }
    public let index: Int
    public let createdBy: String?
    public let status: Status
    public let reason: MissReason?
    /// NEW's record of the step that made the layer (nil for base layers and layers no step makes).
    public let record: Int?
    /// For a miss: its cause as a value.
    public var cause: MissCause? = nil
    /// The files that differ from OLD's layer of the same step (a copy that missed); nil when
    /// not compared, with `filesGap` saying why when it should have been.
    public var files: [FileChange]? = nil
    public var filesGap: FilesGap? = nil
}
