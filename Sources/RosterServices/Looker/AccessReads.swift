import LookerAPI
import RosterCore
import ScreenKit

// The reads behind the Access, Attributes and Sessions & keys tabs, the list's qualifiers and the
// commands' `--role NAME`: turned into the core's values here, so the core never sees HTTP.

extension LookerService {
    /// The instance's roles, groups (with nesting and the roles each gives) and user attributes:
    /// three requests, whatever the number of groups.
    public func accessCatalog() async throws(LookerError) -> AccessCatalog {
        let roles = try await roles(fields: "id,name,permission_set(name),model_set(name)")
        let groups = try await groupsWithHierarchy(fields: "id,name,externally_managed,parent_group_ids,role_ids")
        let attributes = try await userAttributes(fields: "id,name,label,type,value_is_hidden,user_can_edit")
        return Mapping.catalog(roles: roles, groups: groups, attributes: attributes)
    }

    /// A user's direct roles, groups and the flags that decide whether they can be changed.
    public func access(userID: String) async throws(LookerError) -> UserAccess {
        Mapping.access(try await user(id: userID, fields: UserAccess.fields), userID: userID)
    }

    /// Every attribute's value for the user, unset ones included, in the catalog's order.
    public func attributeValues(userID: String) async throws(LookerError) -> [AttributeValue] {
        try await userAttributeValues(userID: userID, fields: nil).map(Mapping.attributeValue)
    }

    /// The user's sessions and API keys.
    public func sessionsAndKeys(userID: String) async throws(LookerError) -> ([SessionInfo], [APIKeyInfo]) {
        let sessions = try await sessions(userID: userID)
        let keys = try await apiKeys(userID: userID)
        return (sessions.map(Mapping.session), keys.map(Mapping.apiKey))
    }
}

extension Mapping {
    public static func catalog(roles: [LookerAPI.Role], groups: [GroupHierarchy], attributes: [UserAttribute]) -> AccessCatalog {
        AccessCatalog(
            roles: roles.compactMap { r in
                r.id.map { AccessCatalog.Role(id: $0.rawValue, name: r.name ?? "", permissionSet: r.permissionSet?.name ?? "",
                                              modelSet: r.modelSet?.name ?? "") }
            },
            groups: groups.compactMap { g in
                g.id.map { AccessCatalog.Group(id: $0.rawValue, name: g.name ?? "", parentIDs: (g.parentGroupIDs ?? []).map(\.rawValue),
                                               roleIDs: (g.roleIDs ?? []).map(\.rawValue), externallyManaged: g.externallyManaged ?? false) }
            },
            attributes: attributes.compactMap { a in
                a.id.map { AccessCatalog.Attribute(id: $0.rawValue, name: a.name ?? "", label: a.label ?? "", type: a.type ?? "string",
                                                   hidden: a.valueIsHidden ?? false, userCanEdit: a.userCanEdit ?? false) }
            })
    }

    public static func access(_ user: User, userID: String) -> UserAccess {
        UserAccess(userID: user.id?.rawValue ?? userID, directRoleIDs: (user.roleIDs ?? []).map(\.rawValue),
                   groupIDs: (user.groupIDs ?? []).map(\.rawValue), rolesExternallyManaged: user.rolesExternallyManaged ?? false,
                   allowDirectRoles: user.allowDirectRoles, allowNormalGroupMembership: user.allowNormalGroupMembership)
    }

    public static func attributeValue(_ v: UserAttributeWithValue) -> AttributeValue {
        let hidden = v.valueIsHidden ?? false
        return AttributeValue(attributeID: v.userAttributeID?.rawValue ?? "", name: v.name ?? "", label: v.label ?? "",
                              type: "", value: hidden ? nil : v.value, source: v.source ?? "", hidden: hidden,
                              userCanEdit: v.userCanEdit ?? false)
    }

    public static func session(_ s: Session) -> SessionInfo {
        SessionInfo(id: s.id?.rawValue ?? "", createdAt: s.createdAt ?? "", expiresAt: s.expiresAt ?? "",
                    ipAddress: s.ipAddress ?? "", browser: s.browser ?? "", operatingSystem: s.operatingSystem ?? "",
                    place: [s.city, s.state, s.country].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
                    sudoUserID: s.sudoUserID?.rawValue ?? "")
    }

    public static func apiKey(_ k: CredentialsApi3) -> APIKeyInfo {
        APIKeyInfo(id: k.id?.rawValue ?? "", clientID: k.clientID ?? "", createdAt: k.createdAt ?? "", disabled: k.isDisabled ?? false)
    }
}
