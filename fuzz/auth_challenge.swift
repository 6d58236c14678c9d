/// WWW-Authenticate parser: total on any bytes; also as several header values (split at newlines).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let one = AuthChallenge.parse(text)
    for c in one {
        precondition(c.scheme == c.scheme.lowercased())
        _ = c.realm; _ = c.service; _ = c.scope; _ = c.token68
    }
    _ = AuthChallenge.parse(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    return 0
}
