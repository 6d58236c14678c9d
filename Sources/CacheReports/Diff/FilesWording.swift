import CacheAnalysis
import CacheModel

#if canImport(Glibc)
    import Glibc
#endif

/// Why a copy's changed files are not listed, worded.
public enum FilesWording {
    public static func text(_ g: FilesGap) -> String {
        switch g {
        case let .unavailable(missing): return "layers unavailable: " + missing.map(text).joined(separator: "; ")
        case .notRead: return "not read (--no-files)"
        case let .overLimit(side, blob, maxBytes):
            return "over the limit: \(side.rawValue)'s layer \(blob.short) would pass --max-layer-bytes (\(maxBytes) bytes in all); skipped"
        case let .unreadable(side, blob, detail): return "\(side.rawValue)'s layer \(blob.short) cannot be read: \(detail)"
        case .layersNotRead: return "the layers were not read"
        case let .readerNotes(notes): return notes.joined(separator: "; ")
        case .checksumOnly:
            return "which files changed is not shown: the imported cache keeps the checksum of the files this step copied, not a list"
        case .doesNotLineUp: return "its files in the imported build's layer do not line up with the context's"
        case let .contextOverLimit(n): return "not listed: its files pass \(n) bytes"
        case let .contextUnreadable(path, code):
            return "not listed: \(Sanitize.inline(path)) cannot be read (\(String(cString: strerror(code))))"
        }
    }

    static func text(_ m: FilesGap.Missing) -> String {
        switch m {
        case let .imageKeepsNoOtherStages(side, ref):
            return (side == .new ? "NEW (\(Sanitize.inline(ref)))" : Sanitize.inline(ref))
                + " is an image: its inline cache keeps no layers of other stages (mode=min)"
        case let .exportHoldsNoLayer(side, ref):
            return (side == .new ? "NEW (\(Sanitize.inline(ref)))" : Sanitize.inline(ref))
                + " holds no layer for this step (a mode=min export keeps none for other stages)"
        case let .noLayerAtPosition(ref): return "\(Sanitize.inline(ref)) has no layer at this step's position"
        case let .blobNotHeld(ref, blob): return "\(Sanitize.inline(ref)) names the step's layer \(blob.short) but does not hold its blob"
        case .noImportedLayer: return "no imported cache holds OLD's layer for this step"
        }
    }
}

extension StepVerdict {
    /// Why its files are not listed, worded.
    public var filesNote: String? { filesGap.map(FilesWording.text) }
}

extension LayerVerdict {
    public var filesNote: String? { filesGap.map(FilesWording.text) }
}
