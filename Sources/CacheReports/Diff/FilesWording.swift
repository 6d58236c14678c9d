import CacheAnalysis
import CacheModel

#if canImport(Glibc)
    import Glibc
#endif

/// Why a copy's changed files are not listed, worded.
public enum FilesWording {
    public static func text(_ g: FilesGap) -> String {
        switch g {
        case let .unavailable(missing): return "not listed: " + text(missing)
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

    /// The missing layers, each reason said once for the references it applies to.
    static func text(_ missing: [FilesGap.Missing]) -> String {
        func name(_ side: FilesGap.Side, _ ref: String) -> String { side == .new ? "NEW (\(Sanitize.inline(ref)))" : Sanitize.inline(ref) }
        func list(_ names: [String]) -> String {
            names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
        }
        var images: [String] = [], exports: [String] = [], shorter: [String] = [], rest: [String] = []
        for m in missing {
            switch m {
            case let .imageKeepsNoOtherStages(side, ref): images.append(name(side, ref))
            case let .exportHoldsNoLayer(side, ref): exports.append(name(side, ref))
            case let .noLayerAtPosition(ref): shorter.append(Sanitize.inline(ref))
            case let .blobNotHeld(ref, blob):
                rest.append("\(Sanitize.inline(ref)) names the step's layer \(blob.short) but does not hold its blob")
            case .noImportedLayer: rest.append("no imported cache holds OLD's layer for this step")
            }
        }
        var parts: [String] = []
        if !images.isEmpty {
            parts.append(
                list(images) + (images.count == 1 ? " is an image" : " are images")
                    + ": an image's inline cache keeps no layers of other stages (mode=min)")
        }
        if !exports.isEmpty {
            parts.append(
                list(exports) + (exports.count == 1 ? " holds" : " hold")
                    + " no layer for this step (a mode=min export keeps none for other stages)")
        }
        if !shorter.isEmpty { parts.append(list(shorter) + (shorter.count == 1 ? " has" : " have") + " no layer at this step's position") }
        return (parts + rest).joined(separator: "; ")
    }
}

extension StepVerdict {
    /// Why its files are not listed, worded.
    public var filesNote: String? { filesGap.map(FilesWording.text) }
}

extension LayerVerdict {
    public var filesNote: String? { filesGap.map(FilesWording.text) }
}
