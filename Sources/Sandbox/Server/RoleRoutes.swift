/// `GET /roles`, `GET /users/{id}/roles` and `PUT /users/{id}/roles`.
extension LookerEmulator {
    func listRoles(_ request: APIRequest, _ route: RouteName) -> APIResponse {
        var roles = Directory.roles
        if let ids = request.query["ids"] {
            let wanted = Set(ids.split(separator: ",").map { String($0).trimmingSpaces() })
            roles = roles.filter { wanted.contains($0.id) }
        }
        return writeRoles(roles, request)
    }

    /// The user's direct roles, plus (unless `direct_association_only=true`) those reached through groups.
    func showUserRoles(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id) else { return .notFound(route) }
        var directOnly = false
        if let text = request.query["direct_association_only"] {
            guard text == "true" || text == "false" else {
                return .badRequest("direct_association_only must be true or false", route)
            }
            directOnly = text == "true"
        }
        return writeRoles(Directory.roles(of: store.user(at: position), directOnly: directOnly), request)
    }

    /// Replaces the user's direct roles with the body's array of role ids; answers the direct roles.
    func replaceUserRoles(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id) else { return .notFound(route) }
        let user = store.user(at: position)
        if user.rolesExternallyManaged {
            return .error(403, "Roles of this user are managed by an external identity provider", route: route)
        }
        if !user.allowDirectRoles {
            return .error(403, "This user may not have roles assigned directly", route: route)
        }
        guard case .array(let items)? = JSONValue.value(from: request.body) else {
            return .badRequest("Request body must be a JSON array of role ids", route)
        }
        var ids: [String] = []
        var problems: [FieldProblem] = []
        for item in items {
            guard case .string(let roleID) = item else {
                problems.append(FieldProblem(field: "role_ids", code: "invalid", message: "role_ids must hold strings, not \(item.typeName)"))
                continue
            }
            if Directory.role(roleID) == nil {
                problems.append(FieldProblem(field: "role_ids", code: "invalid", message: "Role '\(roleID)' does not exist"))
            } else if !ids.contains(roleID) {
                ids.append(roleID)
            }
        }
        guard problems.isEmpty else { return .validationFailed(problems, route: route) }
        let ordered = Directory.roles.map(\.id).filter(ids.contains)
        store.update(at: position) { $0.roleIDs = ordered }
        return writeRoles(Directory.roles(of: store.user(at: position), directOnly: true), request)
    }

    private func writeRoles(_ roles: [SandboxRole], _ request: APIRequest) -> APIResponse {
        var writer = JSONWriter(capacity: 1_024 * max(1, roles.count))
        DirectoryJSON(baseURL: baseURL).writeRoles(roles, selection(request), into: &writer)
        return .json(200, writer)
    }
}
