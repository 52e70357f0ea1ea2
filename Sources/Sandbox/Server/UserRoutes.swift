/// `GET /users`, `GET /users/search`, `GET /user`, `GET /users/{id}` and `PATCH /users/{id}`.
extension LookerEmulator {
    func listUsers(_ request: APIRequest, _ route: RouteName) -> APIResponse {
        let ids = request.query["ids"].map { Set($0.split(separator: ",").map { String($0).trimmingSpaces() }) }
        return page(request, route, filter: nil, ids: ids)
    }

    func searchUsers(_ request: APIRequest, _ route: RouteName) -> APIResponse {
        var filter = SearchFilter()
        let q = request.query
        if let ids = q["id"] {
            filter.conditions.append(.ids(Set(ids.split(separator: ",").map { String($0).trimmingSpaces() })))
        }
        let texts: [(String, SearchFilter.TextField)] = [
            ("first_name", .firstName), ("last_name", .lastName), ("full_name", .fullName), ("email", .email),
        ]
        for (name, field) in texts {
            if let value = q[name] { filter.conditions.append(.text(field, .init(value))) }
        }
        let flags = ["is_disabled", "filter_or", "verified_looker_employee", "embed_user", "can_manage_api3_creds", "is_service_account"]
        var parsed: [String: Bool] = [:]
        for name in flags {
            guard let value = q[name] else { continue }
            guard value == "true" || value == "false" else {
                return .badRequest("\(name) must be true or false", route)
            }
            parsed[name] = value == "true"
        }
        if let disabled = parsed["is_disabled"] { filter.conditions.append(.disabled(disabled)) }
        if let manages = parsed["can_manage_api3_creds"] { filter.conditions.append(.managesAPIKeys(manages)) }
        // Nobody in the sandbox is a Looker employee, an embed user or a service account.
        for name in ["verified_looker_employee", "embed_user", "is_service_account"] {
            if let wanted = parsed[name] { filter.conditions.append(.constant(wanted == false)) }
        }
        filter.anyOf = parsed["filter_or"] ?? false
        return page(request, route, filter: filter, ids: nil)
    }

    func showUser(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id) else { return .notFound(route) }
        return writeUser(position, request, route)
    }

    /// Changes the writable `User` fields; read-only and unknown keys are ignored, wrong types answer 422.
    func updateUser(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id) else { return .notFound(route) }
        guard let body = JSONValue.object(from: request.body) else {
            return .badRequest("Request body must be a JSON object", route)
        }
        var problems: [FieldProblem] = []
        for (name, value) in body.sorted(by: { $0.key < $1.key }) {
            let problem: FieldProblem? = switch name {
            case "first_name", "last_name", "locale", "home_folder_id": Validation.optionalString(name, value)
            case "is_disabled", "can_manage_api3_creds": Validation.boolean(name, value)
            case "models_dir_validated": Validation.optionalBoolean(name, value)
            case "ui_state": Validation.optionalStringMap(name, value)
            default: nil
            }
            if let problem { problems.append(problem) }
        }
        guard problems.isEmpty else { return .validationFailed(problems, route: route) }
        store.update(at: position) { user in
            for (name, value) in body {
                switch (name, value) {
                case ("first_name", _): user.firstName = value.stringValue
                case ("last_name", _): user.lastName = value.stringValue
                case ("locale", _): user.locale = value.stringValue
                case ("home_folder_id", _): user.homeFolderID = value.stringValue
                case ("is_disabled", .bool(let flag)): user.isDisabled = flag
                case ("can_manage_api3_creds", .bool(let flag)): user.canManageAPI3Creds = flag
                case ("models_dir_validated", .bool(let flag)): user.modelsDirValidated = flag
                case ("models_dir_validated", .null): user.modelsDirValidated = nil
                case ("ui_state", .object(let entries)): user.uiState = entries.compactMapValues(\.stringValue)
                case ("ui_state", .null): user.uiState = nil
                default: break
                }
            }
        }
        return writeUser(position, request, route)
    }

    func writeUser(_ position: Int, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        let selection = self.selection(request)
        var writer = JSONWriter(capacity: 4_096)
        encoder().writeUser(store.user(at: position), selection, into: &writer)
        return .json(200, writer)
    }

    func page(_ request: APIRequest, _ route: RouteName, filter: SearchFilter?, ids: Set<String>?) -> APIResponse {
        let selection = self.selection(request)
        let sort: SortSpec
        do {
            sort = try SortSpec.parse(request.query["sorts"])
        } catch {
            return .badRequest("Invalid sorts: \(error.message)", route)
        }
        let q = request.query
        var numbers: [String: Int] = [:]
        for name in ["limit", "offset", "page", "per_page"] {
            guard let text = q[name] else { continue }
            guard let value = Int(text.trimmingSpaces()), value >= 0 else {
                return .badRequest("\(name) must be a non-negative integer", route)
            }
            numbers[name] = value
        }
        var limit = numbers["limit"]
        var offset = numbers["offset"] ?? 0
        // The deprecated page/per_page pair applies only when limit/offset are absent.
        if limit == nil, numbers["offset"] == nil, let perPage = numbers["per_page"] {
            limit = perPage
            offset = max(0, (numbers["page"] ?? 1) - 1) * perPage
        }
        let users = store.page(sort: sort, filter: filter, ids: ids, offset: offset, limit: limit)
        var writer = JSONWriter(capacity: users.count * (selection.includesAll ? 2_400 : 200) + 16)
        encoder().writeUsers(users, selection, into: &writer)
        return .json(200, writer)
    }
}

extension JSONValue {
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
