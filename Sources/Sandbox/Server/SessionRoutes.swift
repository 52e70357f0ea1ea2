/// A user's web sessions and API keys: `GET /users/{id}/sessions`, `DELETE /users/{id}/sessions/{session_id}`,
/// `GET /users/{id}/credentials_api3`, `DELETE /users/{id}/credentials_api3/{credentials_api3_id}`.
/// Keys are written with their `client_id` only; the sandbox never holds a secret to show.
extension LookerEmulator {
    func listSessions(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id) else { return .notFound(route) }
        let user = store.user(at: position)
        let selection = self.selection(request)
        var writer = JSONWriter(capacity: 512 * max(1, user.sessions.count))
        writer.beginArray()
        for session in user.sessions { encoder().writeSession(session, of: user, selection, into: &writer) }
        writer.endArray()
        return .json(200, writer)
    }

    func deleteSession(_ id: String, sessionID: String, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id),
              store.user(at: position).sessions.contains(where: { $0.id == sessionID }) else { return .notFound(route) }
        store.update(at: position) { $0.sessions.removeAll { $0.id == sessionID } }
        return .noContent
    }

    func listAPIKeys(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id) else { return .notFound(route) }
        let user = store.user(at: position)
        let selection = self.selection(request)
        var writer = JSONWriter(capacity: 512 * max(1, user.apiKeys.count))
        writer.beginArray()
        for key in user.apiKeys { encoder().writeAPIKey(key, user: user, selection, into: &writer) }
        writer.endArray()
        return .json(200, writer)
    }

    func deleteAPIKey(_ id: String, keyID: String, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id),
              store.user(at: position).apiKeys.contains(where: { $0.id == keyID }) else { return .notFound(route) }
        store.update(at: position) { $0.apiKeys.removeAll { $0.id == keyID } }
        return .noContent
    }
}
