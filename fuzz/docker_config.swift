import CacheModel

#if canImport(Glibc)
    import Glibc
#endif

// Compiled into one module with Sources/CacheRegistry/Credentials.swift and the files it needs,
// so the internal readers (fromDockerConfig, fromAuthFile, entry) are reachable without @testable.
// PATH points nowhere: no credential helper is ever run.
private let dir: String = {
    let d = "/tmp/cachectl-fuzz-creds-\(getpid())"
    mkdir(d, 0o700)
    return d
}()
private let file = dir + "/config.json"
private let lookup = CredentialLookup(
    options: RegistryOptions(
        dockerConfigDir: dir,
        environment: ["PATH": "/nonexistent", "REGISTRY_AUTH_FILE": file, "HOME": dir]))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    // In memory: every auths entry and key, as fromDockerConfig reads them.
    if let doc = try? JSONDocument(parsing: bytes, what: "config.json"), let auths = doc.value["auths"] {
        for (key, entry) in auths.members {
            _ = CredentialLookup.normalizeKey(key)
            _ = try? CredentialLookup.entry(entry, source: "fuzz")
        }
    }
    // Through the file readers.
    let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { fatalError("cannot write \(file)") }
    _ = write(fd, data, size)
    close(fd)
    for registry in ["docker.io", "ghcr.io", "127.0.0.1:5000", "[::1]:5000"] {
        _ = try? lookup.fromDockerConfig(path: file, registry: registry)
        _ = try? lookup.fromAuthFile(path: file, registry: registry, repository: "org/app/sub")
        _ = try? lookup.credential(registry: registry, repository: "org/app")
    }
    return 0
}
