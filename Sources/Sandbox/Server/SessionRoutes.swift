/// A user's web sessions and API keys: `GET /users/{id}/sessions`, `DELETE /users/{id}/sessions/{session_id}`,
/// `GET /users/{id}/credentials_api3`, `DELETE /users/{id}/credentials_api3/{credentials_api3_id}`.
/// Keys are written with their `client_id` only; the sandbox never holds a secret to show.
extension LookerEmulator {
    func listSessions(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        listOfUser(id, request, route, \.sessions) { encoder().writeSession($0, of: $1, $2, into: &$3) }
    }

    func deleteSession(_ id: String, sessionID: String, _ route: RouteName) -> APIResponse {
        deleteFromUser(id, route, \.sessions) { $0.id == sessionID }
    }

    func listAPIKeys(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        listOfUser(id, request, route, \.apiKeys) { encoder().writeAPIKey($0, user: $1, $2, into: &$3) }
    }

    func deleteAPIKey(_ id: String, keyID: String, _ route: RouteName) -> APIResponse {
        deleteFromUser(id, route, \.apiKeys) { $0.id == keyID }
    }

    /// A list a user holds (sessions, API keys), written as a JSON array; 404 for an unknown user.
    private func listOfUser<Item>(_ id: String, _ request: APIRequest, _ route: RouteName, _ items: KeyPath<SandboxUser, [Item]>,
                                  write: (Item, SandboxUser, FieldSelection, inout JSONWriter) -> Void) -> APIResponse {
        guard let position = store.position(ofID: id) else { return .notFound(route) }
        let user = store.user(at: position)
        let selection = self.selection(request)
        var writer = JSONWriter(capacity: 512 * max(1, user[keyPath: items].count))
        writer.beginArray()
        for item in user[keyPath: items] { write(item, user, selection, &writer) }
        writer.endArray()
        return .json(200, writer)
    }

    /// Removes the item `matches` picks from a user's list; 404 when the user or the item is unknown.
    private func deleteFromUser<Item>(_ id: String, _ route: RouteName, _ items: WritableKeyPath<SandboxUser, [Item]>,
                                      matches: @escaping (Item) -> Bool) -> APIResponse {
        guard let position = store.position(ofID: id),
              store.user(at: position)[keyPath: items].contains(where: matches) else { return .notFound(route) }
        store.update(at: position) { $0[keyPath: items].removeAll(where: matches) }
        return .noContent
    }
}
