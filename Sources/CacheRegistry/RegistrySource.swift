import CacheModel

/// One repository of one registry, as a `ContentSource`.
struct RegistrySource: ContentSource {
    let client: RegistryClient
    /// As named in the reference (`docker.io`, `127.0.0.1:5000`): the credential key.
    let registry: String
    /// Where HTTP goes (`registry-1.docker.io` for Docker Hub).
    let apiHost: String
    let repository: String
    let isLoopback: Bool

    var repoKey: String { "\(apiHost)/\(repository)" }

    // MARK: ContentSource

    func manifest(_ reference: String) async throws -> FetchedManifest {
        let byDigest = reference.contains(":") ? try? Digest(parsing: reference) : nil
        let what = byDigest != nil ? "manifest \(reference)" : "manifest \(Sanitize.quoted(reference))"
        let response = try await get(
            path: "/v2/\(repository)/manifests/\(reference)",
            accept: RegistryClient.manifestAccept,
            bodyLimit: Limits.manifestBytes, what: what,
            kind: "manifest", reference: reference)
        let bytes = response.body
        let actual = Digest.sha256(of: bytes)
        if let expected = byDigest {
            guard expected.verify(bytes) else {
                throw ModelError.digestMismatch(
                    what: what, expected: expected,
                    actual: expected.algorithm == "sha256" ? actual.description : "a \(expected.algorithm) digest we cannot verify")
            }
        } else if let header = response.header("Docker-Content-Digest"), let declared = try? Digest(parsing: header.trimmingSpaces),
            declared.algorithm == "sha256", declared != actual
        {
            throw ModelError.digestMismatch(what: "\(what) (Docker-Content-Digest header)", expected: declared, actual: actual.description)
        }
        let mediaType = response.header("Content-Type").map { ct -> String in
            let main = ct.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ct
            return main.trimmingSpaces
        }.flatMap { $0.isEmpty ? nil : $0 }
        return FetchedManifest(bytes: bytes, mediaType: mediaType, digest: actual)
    }

    func blob(_ digest: Digest, maxBytes: Int) async throws -> [UInt8] {
        let what = "blob \(digest)"
        let response = try await get(
            path: "/v2/\(repository)/blobs/\(digest)", accept: nil,
            bodyLimit: maxBytes, what: what, kind: "blob", reference: digest.description)
        guard digest.verify(response.body) else {
            throw ModelError.digestMismatch(
                what: what, expected: digest,
                actual: digest.algorithm == "sha256"
                    ? Digest.sha256(of: response.body).description : "a \(digest.algorithm) digest we cannot verify")
        }
        return response.body
    }

    func streamBlob(_ digest: Digest, maxBytes: Int, into consumer: any BlobConsumer) async throws {
        let what = "blob \(digest)"
        let verifying = VerifyingConsumer(digest, what: what, next: consumer)
        _ = try await get(
            path: "/v2/\(repository)/blobs/\(digest)", accept: nil, bodyLimit: maxBytes, what: what,
            kind: "blob", reference: digest.description, consumer: verifying)
        try verifying.verify()
    }

    // MARK: Request pipeline: auth → retries → scheme fallback → transport

    /// GETs a registry path, authenticating on 401, and maps failure statuses to `RegistryError`.
    func get(
        path: String, accept: String?, bodyLimit: Int, what: String, kind: String, reference: String,
        consumer: (any BlobConsumer)? = nil
    ) async throws -> HTTPResponse {
        var authenticated = false
        while true {
            var headers: [(String, String)] = []
            if let accept { headers.append(("Accept", accept)) }
            let sentAuth = try await authorizationHeader()
            if let sentAuth { headers.append(("Authorization", sentAuth)) }
            let response = try await sendToRegistry(path: path, headers: headers, bodyLimit: bodyLimit, what: what, consumer: consumer)
            if response.status == 401 && !authenticated {
                authenticated = true
                try await authenticate(
                    challenges: AuthChallenge.parse(response.headers("WWW-Authenticate")), response: response,
                    refusedToken: sentAuth?.hasPrefix("Bearer ") == true)
                continue
            }
            if response.isSuccess { return response }
            throw try await failure(response, kind: kind, reference: reference, method: "GET", path: path)
        }
    }

    /// Sends to the registry host: picks https/http (loopback falls back to http when TLS fails).
    /// While a loopback host's scheme is unknown, its first request goes alone and the others
    /// wait until it has found out (so concurrent loads make one failed TLS attempt, not one each).
    func sendToRegistry(
        path: String, headers: [(String, String)], bodyLimit: Int, what: String,
        consumer: (any BlobConsumer)? = nil
    ) async throws -> HTTPResponse {
        let state = client.state
        var known = await state.schemes[apiHost]
        let gate = "scheme|\(apiHost)"
        var first = false
        if !client.options.plainHTTP && isLoopback && known == nil {
            first = await state.goFirst(gate)
            if !first { known = await state.schemes[apiHost] }
        }
        let scheme = client.options.plainHTTP ? "http" : (known ?? "https")
        let request = HTTPRequest(url: "\(scheme)://\(apiHost)\(path)", headers: headers)
        let fallback = (scheme == "https" && isLoopback && known == nil) ? apiHost : nil
        guard first else {
            return try await client.send(request, bodyLimit: bodyLimit, what: what, fallbackHost: fallback, consumer: consumer)
        }
        do {
            let response = try await client.send(
                request, bodyLimit: bodyLimit, what: what, fallbackHost: fallback,
                schemeKnown: { await state.settle(gate) }, consumer: consumer)
            await state.settle(gate)
            return response
        } catch {
            await state.settle(gate)
            throw error
        }
    }
}
