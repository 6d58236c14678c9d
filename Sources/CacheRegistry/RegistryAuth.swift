import CacheModel

/// The auth handshake: a 401's challenges, credentials, and bearer tokens shared per scope.
extension RegistrySource {
    /// The Authorization value we already know for this repository, if any.
    func authorizationHeader() async throws -> String? {
        let state = client.state
        if let challenge = await state.challenges[repoKey] {
            if challenge.scheme == "bearer" {
                let key = tokenKey(challenge)
                if let token = await state.token(for: key) { return "Bearer \(token)" }
                // Expired: fetch a new one proactively.
                let token = try await fetchToken(challenge)
                return "Bearer \(token)"
            }
            if challenge.scheme == "basic" { return await state.basicAuth[apiHost] }
        }
        return nil
    }

    func credential() async throws -> RegistryCredential? {
        let state = client.state
        if let cached = await state.cachedCredential(registry) { return cached }
        let found = try CredentialLookup(options: client.options).credential(registry: registry, repository: repository)
        await state.storeCredential(found, for: registry)
        if let found { await client.log("using credentials from \(found.source) for \(registry)") }
        return found
    }

    /// Handles a 401: Bearer token handshake or Basic credentials. Throws `.unauthorized` when we cannot answer it.
    /// `refusedToken`: the request carried a Bearer token that the registry refused (expired or
    /// revoked), so the cached token for the new challenge is dropped before asking again.
    func authenticate(challenges: [AuthChallenge], response: HTTPResponse, refusedToken: Bool = false) async throws {
        let state = client.state
        let detail = await client.scrubbed(RegistryErrorDetail.summary(RegistryErrorDetail.parse(response.body)))
        if let bearer = challenges.first(where: { $0.scheme == "bearer" }), let realm = bearer.realm, !realm.isEmpty {
            await state.setChallenge(bearer, for: repoKey)
            if refusedToken { await state.dropToken(tokenKey(bearer)) }
            _ = try await fetchToken(bearer)
            return
        }
        if let basic = challenges.first(where: { $0.scheme == "basic" }) {
            let cred = try await credential()
            guard let cred, case let .basic(user, password) = cred.secret else {
                throw RegistryError.unauthorized(host: registry, repository: repository, credentialSource: cred?.source, detail: detail)
            }
            let header = "Basic " + Base64.encode(Array("\(user):\(password)".utf8))
            await state.addSecrets([header, String(header.dropFirst(6))])
            await state.setBasic(header, for: apiHost)
            await state.setChallenge(basic, for: repoKey)
            return
        }
        let cred = try? await credential()
        throw RegistryError.unauthorized(
            host: registry, repository: repository, credentialSource: cred?.source,
            detail: detail ?? (challenges.isEmpty ? "no WWW-Authenticate challenge" : nil))
    }

    func tokenKey(_ c: AuthChallenge) -> String {
        "\(c.realm ?? "")|\(c.service ?? "")|\(scope(c))"
    }

    func scope(_ c: AuthChallenge) -> String {
        if let s = c.scope, !s.isEmpty { return s }
        return "repository:\(repository):pull"
    }

    /// The token handshake: `GET realm?service=…&scope=…` (Basic credentials if we have them),
    /// or `POST realm` with `grant_type=refresh_token` for an identity token. Cached per realm/service/scope.
    func fetchToken(_ challenge: AuthChallenge) async throws -> String {
        let key = tokenKey(challenge)
        if let cached = await client.state.token(for: key) { return cached }
        return try await client.state.sharedTokenFetch(key) { try await requestToken(challenge, key: key) }
    }

    private func requestToken(_ challenge: AuthChallenge, key: String) async throws -> String {
        let state = client.state
        if let cached = await state.token(for: key) { return cached }
        guard let realm = challenge.realm, realm.lowercased().hasPrefix("https://") || realm.lowercased().hasPrefix("http://") else {
            throw RegistryError.tokenExchange(realm: challenge.realm ?? "(none)", detail: "the realm is not an http(s) URL")
        }
        let cred = try await credential()
        var query: [(String, String)] = []
        if let service = challenge.service { query.append(("service", service)) }
        query.append(("scope", scope(challenge)))
        var request: HTTPRequest
        switch cred?.secret {
        case let .identityToken(refresh)?:
            var form = query
            form.append(("grant_type", "refresh_token"))
            form.append(("refresh_token", refresh))
            form.append(("client_id", "cachectl"))
            request = HTTPRequest(
                method: "POST", url: realm,
                headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: Array(URLEncoding.form(form).utf8))
        case let .basic(user, password)?:
            request = HTTPRequest(url: URLEncoding.append(query, to: realm))
            let header = "Basic " + Base64.encode(Array("\(user):\(password)".utf8))
            await state.addSecrets([header, String(header.dropFirst(6))])
            request.headers.append(("Authorization", header))
        case nil:
            request = HTTPRequest(url: URLEncoding.append(query, to: realm))
        }
        await state.countTokenRequest()
        let response = try await client.send(
            request, bodyLimit: 1 << 20, what: "token from \(Redaction.url(realm))",
            fallbackHost: nil)
        if response.status == 401 || response.status == 403 {
            let detail = await client.scrubbed(RegistryErrorDetail.summary(RegistryErrorDetail.parse(response.body)))
            throw RegistryError.unauthorized(
                host: registry, repository: repository, credentialSource: cred?.source,
                detail: detail ?? "the token server answered \(response.status)")
        }
        guard response.isSuccess else {
            let detail = await client.scrubbed(RegistryErrorDetail.summary(RegistryErrorDetail.parse(response.body)))
            throw RegistryError.tokenExchange(
                realm: Redaction.url(realm), detail: "HTTP \(response.status)" + (detail.map { ": \($0)" } ?? ""))
        }
        guard let doc = try? JSONDocument(parsing: response.body, what: "token response"),
            let token = doc.value["token"]?.string.flatMap({ $0.isEmpty ? nil : $0 })
                ?? doc.value["access_token"]?.string.flatMap({ $0.isEmpty ? nil : $0 })
        else {
            throw RegistryError.tokenExchange(realm: Redaction.url(realm), detail: "the answer has no \"token\" or \"access_token\"")
        }
        // A token is sent as a header value: CR, LF or any other control character would let the
        // server forge headers (and the HTTP client's refusal quotes the token). Refused here.
        guard !token.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            await state.addSecrets([token])
            throw RegistryError.tokenExchange(
                realm: Redaction.url(realm),
                detail: "the token in the answer contains control characters (CR, LF…), which cannot be sent in a header; refusing it")
        }
        let expiresIn = doc.value["expires_in"]?.int ?? 60
        await state.storeToken(token, expiresIn: expiresIn, for: key)
        return token
    }
}
