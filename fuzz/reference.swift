import CacheModel

/// ImageReference.parse on arbitrary text; a parsed reference must print back to itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let ref = try? ImageReference.parse(text) else { return 0 }
    let printed = ref.description
    guard let again = try? ImageReference.parse(printed), again == ref else {
        fatalError("reference does not round-trip: \(Sanitize.quoted(text)) -> \(Sanitize.quoted(printed))")
    }
    if case let .registry(r) = ref {
        _ = r.apiHost; _ = r.hostname; _ = r.isLoopback; _ = r.manifestReference
    }
    return 0
}
