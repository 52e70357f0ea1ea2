import Foundation

// The rest of a user beside the email login: roles, groups, user attributes, sessions and API keys.
// Each call is one request; writes are never retried by the client (see `RetryPolicy`).

extension LookerClient {
    // MARK: - Roles

    /// Every role of the instance (`GET /roles`).
    public func roles(fields: String? = nil) async throws(LookerError) -> [Role] {
        try decode([Role].self, try await send(.GET, "/roles", query: [("fields", fields)]), noun: "role")
    }

    /// A user's roles (`GET /users/{id}/roles`): the direct ones only, or with `directOnly == false`
    /// those reached through the user's groups as well.
    public func userRoles(userID: String, directOnly: Bool, fields: String? = nil) async throws(LookerError) -> [Role] {
        try decode([Role].self, try await send(.GET, userPath(userID) + "/roles",
                                               query: [("direct_association_only", String(directOnly)), ("fields", fields)]),
                   noun: "role")
    }

    /// `PUT /users/{id}/roles`: the **whole** set of direct roles, replacing what the user had. Read,
    /// change and compare before calling: a role left out is taken away.
    public func setUserRoles(userID: String, roleIDs: [String]) async throws(LookerError) -> [Role] {
        try decode([Role].self, try await send(.PUT, userPath(userID) + "/roles", json: encode(roleIDs)), noun: "role")
    }

    // MARK: - Groups

    /// Every group of the instance (`GET /groups`).
    public func groups(fields: String? = nil) async throws(LookerError) -> [Group] {
        try decode([Group].self, try await send(.GET, "/groups", query: [("fields", fields)]), noun: "group")
    }

    /// Every group with the groups it sits in and the roles it gives (`GET /groups/search/with_hierarchy`):
    /// one request for the whole nesting, which `GET /groups/{id}/groups` would need one per group for.
    public func groupsWithHierarchy(fields: String? = nil) async throws(LookerError) -> [GroupHierarchy] {
        try decode([GroupHierarchy].self, try await send(.GET, "/groups/search/with_hierarchy", query: [("fields", fields)]),
                   noun: "group")
    }

    /// The groups directly inside a group (`GET /groups/{id}/groups`).
    public func groupsInGroup(groupID: String, fields: String? = nil) async throws(LookerError) -> [Group] {
        try decode([Group].self, try await send(.GET, groupPath(groupID) + "/groups", query: [("fields", fields)]),
                   noun: "group")
    }

    /// `POST /groups/{id}/users`: adds the user; answers the user.
    public func addUserToGroup(groupID: String, userID: String) async throws(LookerError) -> User {
        struct Body: Encodable { var user_id: String }
        return try decode(User.self, try await send(.POST, groupPath(groupID) + "/users", json: encode(Body(user_id: userID))))
    }

    /// `DELETE /groups/{id}/users/{user_id}`.
    public func removeUserFromGroup(groupID: String, userID: String) async throws(LookerError) {
        _ = try await send(.DELETE, groupPath(groupID) + "/users/\(Self.pathComponent(userID))")
    }

    // MARK: - User attributes

    /// Every user attribute of the instance (`GET /user_attributes`).
    public func userAttributes(fields: String? = nil) async throws(LookerError) -> [UserAttribute] {
        try decode([UserAttribute].self, try await send(.GET, "/user_attributes", query: [("fields", fields)]),
                   noun: "user attribute")
    }

    /// A user's attribute values with their source (`GET /users/{id}/attribute_values`), every value
    /// and the unset ones too. A hidden value comes back blank.
    public func userAttributeValues(userID: String, fields: String? = nil) async throws(LookerError) -> [UserAttributeWithValue] {
        try decode([UserAttributeWithValue].self,
                   try await send(.GET, userPath(userID) + "/attribute_values",
                                  query: [("all_values", "true"), ("include_unset", "true"), ("fields", fields)]),
                   noun: "attribute value")
    }

    /// `PATCH /users/{id}/attribute_values/{attribute_id}`: sets the user's own value (a value of the
    /// wrong type is a 422 naming the field).
    public func setUserAttributeValue(userID: String, attributeID: String, value: String) async throws(LookerError) -> UserAttributeWithValue {
        try decode(UserAttributeWithValue.self,
                   try await send(.PATCH, attributeValuePath(userID, attributeID), json: encode(WriteUserAttributeValue(value: value))))
    }

    /// `DELETE /users/{id}/attribute_values/{attribute_id}`: the value falls back to a group's or the default.
    public func deleteUserAttributeValue(userID: String, attributeID: String) async throws(LookerError) {
        _ = try await send(.DELETE, attributeValuePath(userID, attributeID))
    }

    // MARK: - Sessions and API keys

    /// A user's web sessions (`GET /users/{id}/sessions`).
    public func sessions(userID: String) async throws(LookerError) -> [Session] {
        try decode([Session].self, try await send(.GET, userPath(userID) + "/sessions"), noun: "session")
    }

    /// `DELETE /users/{id}/sessions/{session_id}`: logs that session out.
    public func deleteSession(userID: String, sessionID: String) async throws(LookerError) {
        _ = try await send(.DELETE, userPath(userID) + "/sessions/\(Self.pathComponent(sessionID))")
    }

    /// A user's API keys (`GET /users/{id}/credentials_api3`): client ids only, never a secret.
    public func apiKeys(userID: String) async throws(LookerError) -> [CredentialsApi3] {
        try decode([CredentialsApi3].self, try await send(.GET, userPath(userID) + "/credentials_api3"), noun: "API key")
    }

    /// `DELETE /users/{id}/credentials_api3/{key_id}`: cannot be undone.
    public func deleteAPIKey(userID: String, keyID: String) async throws(LookerError) {
        _ = try await send(.DELETE, userPath(userID) + "/credentials_api3/\(Self.pathComponent(keyID))")
    }

    private func userPath(_ userID: String) -> String { "/users/\(Self.pathComponent(userID))" }
    private func groupPath(_ groupID: String) -> String { "/groups/\(Self.pathComponent(groupID))" }
    private func attributeValuePath(_ userID: String, _ attributeID: String) -> String {
        userPath(userID) + "/attribute_values/\(Self.pathComponent(attributeID))"
    }
}
