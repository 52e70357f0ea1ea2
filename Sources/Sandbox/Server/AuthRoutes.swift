/// `POST /login` and `DELETE /logout`, plus reading the `Authorization` header.
extension LookerEmulator {
    /// Form body (or, deprecated, query) `client_id`/`client_secret` → an `AccessToken`; bad keys answer 404.
    func login(_ request: APIRequest, _ route: RouteName) -> APIResponse {
        var parameters = request.query
        if let body = request.bodyText {
            parameters.merge(FormEncoding.dictionary(body)) { _, fromBody in fromBody }
        }
        guard parameters["client_id"] == options.clientID, parameters["client_secret"] == options.clientSecret else {
            return .notFound(route)
        }
        let token = Self.randomToken()
        tokens[token] = ContinuousClock.now + .seconds(options.tokenTTL)
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        writer.key("access_token")
        writer.string(token)
        writer.key("token_type")
        writer.string("Bearer")
        writer.key("expires_in")
        writer.int(options.tokenTTL)
        writer.endObject()
        return .json(200, writer)
    }

    func logout(_ token: String) -> APIResponse {
        tokens[token] = nil
        return .noContent
    }

    /// The live token named by `Authorization: Bearer <token>` (or Looker's documented `token <token>`).
    func authenticatedToken(_ request: APIRequest) -> String? {
        guard let header = request.authorization?.trimmingSpaces(),
              let space = header.firstIndex(of: " ") else { return nil }
        let scheme = header[..<space].lowercased()
        let token = String(header[space...]).trimmingSpaces()
        guard scheme == "bearer" || scheme == "token",
              let deadline = tokens[token], deadline > ContinuousClock.now else { return nil }
        return token
    }
}
