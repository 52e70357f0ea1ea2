/// `GET /groups`, `GET /groups/search`, `GET /groups/{id}/groups`, and the members of a group:
/// `GET` and `POST /groups/{id}/users`, `DELETE /groups/{id}/users/{user_id}`.
extension LookerEmulator {
    /// All groups, or with `search` those passing `id`, `name`, `external_group_id` and `externally_managed`
    /// (AND, or OR with `filter_or=true`); `limit` and `offset` page the answer.
    func listGroups(_ request: APIRequest, _ route: RouteName, search: Bool, hierarchy: Bool = false) -> APIResponse {
        let q = request.query
        var groups = Directory.groups
        if !search, let ids = q["ids"] {
            let wanted = Set(ids.split(separator: ",").map { String($0).trimmingSpaces() })
            groups = groups.filter { wanted.contains($0.id) }
        }
        if search {
            var tests: [(SandboxGroup) -> Bool] = []
            if let ids = q["id"] {
                let wanted = Set(ids.split(separator: ",").map { String($0).trimmingSpaces() })
                tests.append { wanted.contains($0.id) }
            }
            if let name = q["name"] {
                let test = SearchFilter.TextTest(name)
                tests.append { test.passes($0.name.lowercased()) }
            }
            if let external = q["external_group_id"] {
                let test = SearchFilter.TextTest(external)
                tests.append { test.passes($0.externalGroupID?.lowercased()) }
            }
            var flags: [String: Bool] = [:]
            for name in ["externally_managed", "filter_or"] {
                guard let value = q[name] else { continue }
                guard value == "true" || value == "false" else { return .badRequest("\(name) must be true or false", route) }
                flags[name] = value == "true"
            }
            if let managed = flags["externally_managed"] { tests.append { $0.externallyManaged == managed } }
            if !tests.isEmpty {
                let anyOf = flags["filter_or"] ?? false
                groups = groups.filter { group in anyOf ? tests.contains { $0(group) } : tests.allSatisfy { $0(group) } }
            }
        }
        var numbers: [String: Int] = [:]
        for name in ["limit", "offset"] {
            guard let text = q[name] else { continue }
            guard let value = Int(text.trimmingSpaces()), value >= 0 else {
                return .badRequest("\(name) must be a non-negative integer", route)
            }
            numbers[name] = value
        }
        let offset = min(numbers["offset"] ?? 0, groups.count)
        let end = numbers["limit"].map { min(groups.count, offset + $0) } ?? groups.count
        return writeGroups(Array(groups[offset..<end]), request, hierarchy: hierarchy)
    }

    func showGroupGroups(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard Directory.group(id) != nil else { return .notFound(route) }
        return writeGroups(Directory.children(of: id), request)
    }

    /// The direct members, as `GET /users` writes them (with its paging and sorting).
    func showGroupUsers(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard Directory.group(id) != nil else { return .notFound(route) }
        let members = Set(store.users.lazy.filter { $0.groupIDs.contains(id) }.map(\.idString))
        return page(request, route, filter: nil, ids: members)
    }

    /// Adds the body's `user_id` to the group and answers that user.
    func addGroupUser(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let group = Directory.group(id) else { return .notFound(route) }
        guard let body = JSONValue.object(from: request.body), case .string(let userID)? = body["user_id"] else {
            return .badRequest("Request body must be a JSON object with a string user_id", route)
        }
        guard let position = store.position(ofID: userID) else { return .notFound(route) }
        if let refusal = membershipRefusal(group, store.user(at: position), route) { return refusal }
        if !store.user(at: position).groupIDs.contains(id) {
            let order = Directory.groups.map(\.id)
            store.update(at: position) { user in
                let ids = user.groupIDs + [id]
                user.groupIDs = order.filter(ids.contains)
            }
        }
        return writeUser(position, request, route)
    }

    /// Removes the user from the group; 404 when either is unknown or the user is not a direct member.
    func removeGroupUser(_ id: String, userID: String, _ route: RouteName) -> APIResponse {
        guard let group = Directory.group(id), let position = store.position(ofID: userID),
              store.user(at: position).groupIDs.contains(id) else { return .notFound(route) }
        if let refusal = membershipRefusal(group, store.user(at: position), route) { return refusal }
        store.update(at: position) { $0.groupIDs.removeAll { $0 == id } }
        return .noContent
    }

    private func membershipRefusal(_ group: SandboxGroup, _ user: SandboxUser, _ route: RouteName) -> APIResponse? {
        if group.externallyManaged {
            return .error(403, "Membership of externally managed group '\(group.name)' can't be changed", route: route)
        }
        if !user.allowNormalGroupMembership {
            return .error(403, "This user's group membership can't be changed", route: route)
        }
        return nil
    }

    private func writeGroups(_ groups: [SandboxGroup], _ request: APIRequest, hierarchy: Bool = false) -> APIResponse {
        let selection = self.selection(request)
        var counts: [String: Int] = [:]
        if selection.includes("user_count") {
            for user in store.users {
                for groupID in user.groupIDs { counts[groupID, default: 0] += 1 }
            }
        }
        let current = Set(store.position(ofID: "1").map { store.user(at: $0).groupIDs } ?? [])
        var writer = JSONWriter(capacity: 320 * max(1, groups.count))
        DirectoryJSON(baseURL: baseURL).writeGroups(groups, counts: counts, currentUserGroups: current, hierarchy: hierarchy, selection, into: &writer)
        return .json(200, writer)
    }
}
