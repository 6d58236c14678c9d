import CacheModel

/// Error mapping: a final non-2xx response as a `RegistryError`, with the registry's own message.
extension RegistrySource {
    /// Maps a final non-2xx response to an error.
    func failure(_ response: HTTPResponse, kind: String, reference: String, method: String, path: String) async throws -> RegistryError {
        let details = RegistryErrorDetail.parse(response.body)
        let detail = await client.scrubbed(RegistryErrorDetail.summary(details))
        let codes = Set(details.map(\.code))
        switch response.status {
        case 401:
            // A token that authenticates but does not cover the repository (Docker Hub answers
            // this way for repositories that do not exist, too).
            if AuthChallenge.parse(response.headers("WWW-Authenticate")).contains(where: { $0.parameters["error"] == "insufficient_scope" })
            {
                return .denied(host: registry, repository: repository, detail: detail ?? "insufficient_scope")
            }
            let cred = try? await credential()
            return .unauthorized(host: registry, repository: repository, credentialSource: cred?.source, detail: detail)
        case 403:
            return .denied(host: registry, repository: repository, detail: detail)
        case 404:
            let what = codes.contains("NAME_UNKNOWN") ? "repository of \(kind)" : kind
            return .notFound(what: what, reference: reference, repository: repository, host: registry, detail: detail)
        case 429:
            return .tooManyRequests(host: registry, detail: detail)
        default:
            if codes.contains("DENIED") { return .denied(host: registry, repository: repository, detail: detail) }
            if codes.contains("UNAUTHORIZED") {
                return .unauthorized(host: registry, repository: repository, credentialSource: nil, detail: detail)
            }
            let known = await client.state.schemes[apiHost]
            let url = (client.options.plainHTTP ? "http" : (known ?? "https")) + "://\(apiHost)\(path)"
            return .httpStatus(status: response.status, method: method, url: Redaction.url(url), detail: detail)
        }
    }
}
