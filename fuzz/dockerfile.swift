import CacheKeys
import CacheModel

/// The Dockerfile parser on arbitrary text: it throws or parses (never traps), and what it parses
/// prints to a canonical text that parses back to the same instructions.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let parsed = try? ParsedDockerfile(parsing: text) else { return 0 }
    let printed = parsed.printed()
    guard let again = try? ParsedDockerfile(parsing: printed) else {
        fatalError("the canonical print does not parse: \(Sanitize.quoted(text)) -> \(Sanitize.quoted(printed))")
    }
    guard again.sameSyntax(as: parsed) else {
        fatalError("the canonical print parses differently: \(Sanitize.quoted(text)) -> \(Sanitize.quoted(printed))")
    }
    _ = parsed.stages
    _ = parsed.globalArgs
    return 0
}
