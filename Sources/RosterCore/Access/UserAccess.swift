import ScreenKit

/// One user's access as the server has it: direct roles, groups, and the three flags that decide
/// whether either can be changed by hand. Read with `GET /users/{id}` (`UserAccess.fields`); with the
/// catalog it says every role's source.
public struct UserAccess: Sendable, Equatable {
    public var userID: String
    /// Direct role ids (`User.role_ids`), as the server ordered them.
    public var directRoleIDs: [String]
    /// The groups the user is a member of directly (`User.group_ids`).
    public var groupIDs: [String]
    public var rolesExternallyManaged: Bool
    /// nil: the server did not say (taken as allowed; the server refuses if not).
    public var allowDirectRoles: Bool?
    public var allowNormalGroupMembership: Bool?

    public init(userID: String, directRoleIDs: [String], groupIDs: [String], rolesExternallyManaged: Bool = false,
                allowDirectRoles: Bool? = nil, allowNormalGroupMembership: Bool? = nil) {
        self.userID = userID
        self.directRoleIDs = directRoleIDs
        self.groupIDs = groupIDs
        self.rolesExternallyManaged = rolesExternallyManaged
        self.allowDirectRoles = allowDirectRoles
        self.allowNormalGroupMembership = allowNormalGroupMembership
    }

    /// What `GET /users/{id}` is asked for to read this.
    public static let fields = "id,role_ids,group_ids,roles_externally_managed,allow_direct_roles,allow_normal_group_membership"

    /// Why the direct roles cannot be changed, naming the flag; nil when they can.
    public var rolesRefusal: String? {
        if rolesExternallyManaged { return "roles are managed by SAML/LDAP/OIDC (roles_externally_managed)" }
        if allowDirectRoles == false { return "direct roles are off for this user (allow_direct_roles is false)" }
        return nil
    }

    /// Why membership of `group` cannot be changed by hand, naming the flag or the group's management; nil when it can.
    public func membershipRefusal(_ group: AccessCatalog.Group?) -> String? {
        if let group, group.externallyManaged {
            return "\(DisplayText.fit(group.name, width: 60)) is managed by SAML/LDAP/OIDC (externally_managed)"
        }
        if allowNormalGroupMembership == false {
            return "group membership is off for this user (allow_normal_group_membership is false)"
        }
        return nil
    }
}

/// One user attribute's value for a user, and where it comes from.
public struct AttributeValue: Sendable, Equatable {
    public var attributeID: String
    public var name: String
    public var label: String
    public var type: String
    /// The value; nil when unset. A hidden value is never known (the server sends it blank).
    public var value: String?
    /// "User", "Default", a group's name…, as the server says it.
    public var source: String
    public var hidden: Bool
    public var userCanEdit: Bool

    public init(attributeID: String, name: String, label: String = "", type: String = "string", value: String?,
                source: String, hidden: Bool, userCanEdit: Bool = false) {
        self.attributeID = attributeID
        self.name = name
        self.label = label
        self.type = type
        self.value = value
        self.source = source
        self.hidden = hidden
        self.userCanEdit = userCanEdit
    }

    /// The user has a value of their own (clearing it falls back to a group's value or the default).
    public var setOnUser: Bool { source.lowercased() == "user" }

    /// The value as shown: "(hidden)" for a hidden one, never blank pretending to be empty.
    public var shown: String {
        if hidden { return AttributeValue.hiddenMark }
        return value ?? ""
    }

    public static let hiddenMark = "(hidden)"
}

/// One web session, as the Sessions & keys tab shows it.
public struct SessionInfo: Sendable, Equatable {
    public var id: String
    public var createdAt: String
    public var expiresAt: String
    public var ipAddress: String
    public var browser: String
    public var operatingSystem: String
    public var place: String
    /// The admin who sudoed as the user for this session; empty when none.
    public var sudoUserID: String

    public init(id: String, createdAt: String = "", expiresAt: String = "", ipAddress: String = "", browser: String = "",
                operatingSystem: String = "", place: String = "", sudoUserID: String = "") {
        self.id = id
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.ipAddress = ipAddress
        self.browser = browser
        self.operatingSystem = operatingSystem
        self.place = place
        self.sudoUserID = sudoUserID
    }
}

/// One API key (only its client id: Looker never returns the secret).
public struct APIKeyInfo: Sendable, Equatable {
    public var id: String
    public var clientID: String
    public var createdAt: String
    public var disabled: Bool

    public init(id: String, clientID: String, createdAt: String = "", disabled: Bool = false) {
        self.id = id
        self.clientID = clientID
        self.createdAt = createdAt
        self.disabled = disabled
    }

    /// The last four characters of the client id: what must be typed to delete the key.
    public var lastFour: String { String(clientID.suffix(4)) }
}

extension SessionInfo {
    /// The session with its dates only (no IP address, place, browser or sudoer): what a served viewer gets.
    public var withoutWhere: SessionInfo {
        SessionInfo(id: id, createdAt: createdAt, expiresAt: expiresAt)
    }
}

extension APIKeyInfo {
    /// The key without its client id: what a served viewer gets.
    public var withoutClientID: APIKeyInfo {
        var copy = self
        copy.clientID = ""
        return copy
    }
}
