/// `GET /user_attributes`, `GET /user_attributes/{id}/group_values`, and a user's values:
/// `GET /users/{id}/attribute_values`, `PATCH` and `DELETE /users/{id}/attribute_values/{user_attribute_id}`.
extension LookerEmulator {
    func listUserAttributes(_ request: APIRequest, _ route: RouteName) -> APIResponse {
        var writer = JSONWriter(capacity: 4_096)
        AttributeJSON(baseURL: baseURL).writeAttributes(UserAttributes.all, selection(request), into: &writer)
        return .json(200, writer)
    }

    func showGroupValues(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let attribute = UserAttributes.attribute(id) else { return .notFound(route) }
        var writer = JSONWriter(capacity: 1_024)
        AttributeJSON(baseURL: baseURL).writeGroupValues(attribute, selection(request), into: &writer)
        return .json(200, writer)
    }

    /// The winning value of each attribute, or with `all_values=true` the whole search path; with
    /// `include_unset=true` an empty record for an attribute that has no value anywhere.
    func showAttributeValues(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id) else { return .notFound(route) }
        let q = request.query
        var flags: [String: Bool] = [:]
        for name in ["all_values", "include_unset"] {
            guard let value = q[name] else { continue }
            guard value == "true" || value == "false" else { return .badRequest("\(name) must be true or false", route) }
            flags[name] = value == "true"
        }
        var attributes = UserAttributes.all
        if let ids = q["user_attribute_ids"] {
            let wanted = Set(ids.split(separator: ",").map { String($0).trimmingSpaces() })
            attributes = attributes.filter { wanted.contains($0.id) }
        }
        let user = store.user(at: position)
        var rows: [ResolvedAttributeValue] = []
        for attribute in attributes {
            let path = UserAttributes.searchPath(attribute, of: user)
            if path.isEmpty {
                if flags["include_unset"] == true { rows.append(ResolvedAttributeValue(attribute: attribute, value: nil, source: nil, rank: nil)) }
            } else {
                rows += flags["all_values"] == true ? path : [path[0]]
            }
        }
        let selection = self.selection(request)
        var writer = JSONWriter(capacity: 320 * max(1, rows.count))
        writer.beginArray()
        for row in rows { AttributeJSON(baseURL: baseURL).writeValue(row, userID: id, selection, into: &writer) }
        writer.endArray()
        return .json(200, writer)
    }

    /// Sets the user's own value; a value that doesn't fit the attribute's type answers 422 on `value`.
    func setAttributeValue(_ id: String, attributeID: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id), let attribute = UserAttributes.attribute(attributeID) else { return .notFound(route) }
        guard let body = JSONValue.object(from: request.body) else {
            return .badRequest("Request body must be a JSON object", route)
        }
        guard case .string(let value)? = body["value"] else {
            let got = body["value"]?.typeName ?? "nothing"
            return .validationFailed([FieldProblem(field: "value", code: "invalid", message: "value must be a string, not \(got)")], route: route)
        }
        guard attribute.accepts(value) else {
            return .validationFailed([FieldProblem(field: "value", code: "invalid", message: "'\(value)' is not a valid \(attribute.type) value")], route: route)
        }
        store.update(at: position) { $0.attributeValues[attributeID] = value }
        let row = ResolvedAttributeValue(attribute: attribute, value: value, source: "user", rank: nil)
        var writer = JSONWriter(capacity: 512)
        AttributeJSON(baseURL: baseURL).writeValue(row, userID: id, selection(request), into: &writer)
        return .json(200, writer)
    }

    /// Drops the user's own value, so the group's or the default applies again.
    func deleteAttributeValue(_ id: String, attributeID: String, _ route: RouteName) -> APIResponse {
        guard let position = store.position(ofID: id), UserAttributes.attribute(attributeID) != nil else { return .notFound(route) }
        if store.user(at: position).attributeValues[attributeID] != nil {
            store.update(at: position) { $0.attributeValues[attributeID] = nil }
        }
        return .noContent
    }
}
