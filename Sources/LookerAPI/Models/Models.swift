// Models of the Looker API 4.0, one property per schema property. Every property is optional: a
// `fields` filter drops keys, and servers leave fields out. Unknown keys are ignored. Ids are strings
// (numbers are accepted too, see `LookerID`). Timestamps stay strings: their format varies.

/// A Looker user as `GET /users`, `/users/{id}` and `/user` return it.
public struct User: Codable, Sendable, Equatable {
    public var can: [String: Bool]?
    public var avatarURL: String?
    public var avatarURLWithoutSizing: String?
    public var credentialsApi3: [CredentialsApi3]?
    public var credentialsEmail: CredentialsEmail?
    public var credentialsEmbed: [CredentialsEmbed]?
    public var credentialsGoogle: CredentialsGoogle?
    public var credentialsLdap: CredentialsLDAP?
    public var credentialsLookerOpenid: CredentialsLookerOpenid?
    public var credentialsOidc: CredentialsOIDC?
    public var credentialsSaml: CredentialsSaml?
    public var credentialsTotp: CredentialsTotp?
    public var credentialsWorkforce: CredentialsWorkforce?
    public var displayName: String?
    public var email: String?
    public var embedGroupSpaceID: LookerID?
    public var firstName: String?
    public var groupIDs: [LookerID]?
    public var homeFolderID: LookerID?
    public var id: LookerID?
    public var isDisabled: Bool?
    public var lastName: String?
    public var locale: String?
    public var lookerVersions: [String]?
    public var modelsDirValidated: Bool?
    public var personalFolderID: LookerID?
    public var presumedLookerEmployee: Bool?
    public var roleIDs: [LookerID]?
    public var sessions: [Session]?
    public var uiState: [String: String]?
    public var verifiedLookerEmployee: Bool?
    public var rolesExternallyManaged: Bool?
    public var allowDirectRoles: Bool?
    public var allowNormalGroupMembership: Bool?
    public var allowRolesFromNormalGroups: Bool?
    public var embedGroupFolderID: LookerID?
    public var isIamAdmin: Bool?
    public var canManageApi3Creds: Bool?
    public var isServiceAccount: Bool?
    public var serviceAccountName: String?
    public var url: String?

    public init(can: [String: Bool]? = nil, avatarURL: String? = nil, avatarURLWithoutSizing: String? = nil, credentialsApi3: [CredentialsApi3]? = nil, credentialsEmail: CredentialsEmail? = nil, credentialsEmbed: [CredentialsEmbed]? = nil, credentialsGoogle: CredentialsGoogle? = nil, credentialsLdap: CredentialsLDAP? = nil, credentialsLookerOpenid: CredentialsLookerOpenid? = nil, credentialsOidc: CredentialsOIDC? = nil, credentialsSaml: CredentialsSaml? = nil, credentialsTotp: CredentialsTotp? = nil, credentialsWorkforce: CredentialsWorkforce? = nil, displayName: String? = nil, email: String? = nil, embedGroupSpaceID: LookerID? = nil, firstName: String? = nil, groupIDs: [LookerID]? = nil, homeFolderID: LookerID? = nil, id: LookerID? = nil, isDisabled: Bool? = nil, lastName: String? = nil, locale: String? = nil, lookerVersions: [String]? = nil, modelsDirValidated: Bool? = nil, personalFolderID: LookerID? = nil, presumedLookerEmployee: Bool? = nil, roleIDs: [LookerID]? = nil, sessions: [Session]? = nil, uiState: [String: String]? = nil, verifiedLookerEmployee: Bool? = nil, rolesExternallyManaged: Bool? = nil, allowDirectRoles: Bool? = nil, allowNormalGroupMembership: Bool? = nil, allowRolesFromNormalGroups: Bool? = nil, embedGroupFolderID: LookerID? = nil, isIamAdmin: Bool? = nil, canManageApi3Creds: Bool? = nil, isServiceAccount: Bool? = nil, serviceAccountName: String? = nil, url: String? = nil) {
        self.can = can
        self.avatarURL = avatarURL
        self.avatarURLWithoutSizing = avatarURLWithoutSizing
        self.credentialsApi3 = credentialsApi3
        self.credentialsEmail = credentialsEmail
        self.credentialsEmbed = credentialsEmbed
        self.credentialsGoogle = credentialsGoogle
        self.credentialsLdap = credentialsLdap
        self.credentialsLookerOpenid = credentialsLookerOpenid
        self.credentialsOidc = credentialsOidc
        self.credentialsSaml = credentialsSaml
        self.credentialsTotp = credentialsTotp
        self.credentialsWorkforce = credentialsWorkforce
        self.displayName = displayName
        self.email = email
        self.embedGroupSpaceID = embedGroupSpaceID
        self.firstName = firstName
        self.groupIDs = groupIDs
        self.homeFolderID = homeFolderID
        self.id = id
        self.isDisabled = isDisabled
        self.lastName = lastName
        self.locale = locale
        self.lookerVersions = lookerVersions
        self.modelsDirValidated = modelsDirValidated
        self.personalFolderID = personalFolderID
        self.presumedLookerEmployee = presumedLookerEmployee
        self.roleIDs = roleIDs
        self.sessions = sessions
        self.uiState = uiState
        self.verifiedLookerEmployee = verifiedLookerEmployee
        self.rolesExternallyManaged = rolesExternallyManaged
        self.allowDirectRoles = allowDirectRoles
        self.allowNormalGroupMembership = allowNormalGroupMembership
        self.allowRolesFromNormalGroups = allowRolesFromNormalGroups
        self.embedGroupFolderID = embedGroupFolderID
        self.isIamAdmin = isIamAdmin
        self.canManageApi3Creds = canManageApi3Creds
        self.isServiceAccount = isServiceAccount
        self.serviceAccountName = serviceAccountName
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case can
        case avatarURL = "avatar_url"
        case avatarURLWithoutSizing = "avatar_url_without_sizing"
        case credentialsApi3 = "credentials_api3"
        case credentialsEmail = "credentials_email"
        case credentialsEmbed = "credentials_embed"
        case credentialsGoogle = "credentials_google"
        case credentialsLdap = "credentials_ldap"
        case credentialsLookerOpenid = "credentials_looker_openid"
        case credentialsOidc = "credentials_oidc"
        case credentialsSaml = "credentials_saml"
        case credentialsTotp = "credentials_totp"
        case credentialsWorkforce = "credentials_workforce"
        case displayName = "display_name"
        case email
        case embedGroupSpaceID = "embed_group_space_id"
        case firstName = "first_name"
        case groupIDs = "group_ids"
        case homeFolderID = "home_folder_id"
        case id
        case isDisabled = "is_disabled"
        case lastName = "last_name"
        case locale
        case lookerVersions = "looker_versions"
        case modelsDirValidated = "models_dir_validated"
        case personalFolderID = "personal_folder_id"
        case presumedLookerEmployee = "presumed_looker_employee"
        case roleIDs = "role_ids"
        case sessions
        case uiState = "ui_state"
        case verifiedLookerEmployee = "verified_looker_employee"
        case rolesExternallyManaged = "roles_externally_managed"
        case allowDirectRoles = "allow_direct_roles"
        case allowNormalGroupMembership = "allow_normal_group_membership"
        case allowRolesFromNormalGroups = "allow_roles_from_normal_groups"
        case embedGroupFolderID = "embed_group_folder_id"
        case isIamAdmin = "is_iam_admin"
        case canManageApi3Creds = "can_manage_api3_creds"
        case isServiceAccount = "is_service_account"
        case serviceAccountName = "service_account_name"
        case url
    }
}

/// The email/password credential of a user (`/users/{id}/credentials_email`). Only `email` and `forcedPasswordResetAtNextLogin` are writable; see `WriteCredentialsEmail`. `passwordResetURL` and `accountSetupURL` are secrets.
public struct CredentialsEmail: Codable, Sendable, Equatable {
    public var can: [String: Bool]?
    public var createdAt: String?
    public var email: String?
    public var forcedPasswordResetAtNextLogin: Bool?
    public var userID: LookerID?
    public var isDisabled: Bool?
    public var loggedInAt: String?
    public var passwordResetURL: String?
    public var accountSetupURL: String?
    public var passwordResetURLExpired: Bool?
    public var accountSetupURLExpired: Bool?
    public var type: String?
    public var url: String?
    public var userURL: String?

    public init(can: [String: Bool]? = nil, createdAt: String? = nil, email: String? = nil, forcedPasswordResetAtNextLogin: Bool? = nil, userID: LookerID? = nil, isDisabled: Bool? = nil, loggedInAt: String? = nil, passwordResetURL: String? = nil, accountSetupURL: String? = nil, passwordResetURLExpired: Bool? = nil, accountSetupURLExpired: Bool? = nil, type: String? = nil, url: String? = nil, userURL: String? = nil) {
        self.can = can
        self.createdAt = createdAt
        self.email = email
        self.forcedPasswordResetAtNextLogin = forcedPasswordResetAtNextLogin
        self.userID = userID
        self.isDisabled = isDisabled
        self.loggedInAt = loggedInAt
        self.passwordResetURL = passwordResetURL
        self.accountSetupURL = accountSetupURL
        self.passwordResetURLExpired = passwordResetURLExpired
        self.accountSetupURLExpired = accountSetupURLExpired
        self.type = type
        self.url = url
        self.userURL = userURL
    }

    enum CodingKeys: String, CodingKey {
        case can
        case createdAt = "created_at"
        case email
        case forcedPasswordResetAtNextLogin = "forced_password_reset_at_next_login"
        case userID = "user_id"
        case isDisabled = "is_disabled"
        case loggedInAt = "logged_in_at"
        case passwordResetURL = "password_reset_url"
        case accountSetupURL = "account_setup_url"
        case passwordResetURLExpired = "password_reset_url_expired"
        case accountSetupURLExpired = "account_setup_url_expired"
        case type
        case url
        case userURL = "user_url"
    }
}

/// A SAML login of a user.
public struct CredentialsSaml: Codable, Sendable, Equatable {
    public var can: [String: Bool]?
    public var createdAt: String?
    public var email: String?
    public var isDisabled: Bool?
    public var loggedInAt: String?
    public var samlUserID: String?
    public var type: String?
    public var url: String?

    public init(can: [String: Bool]? = nil, createdAt: String? = nil, email: String? = nil, isDisabled: Bool? = nil, loggedInAt: String? = nil, samlUserID: String? = nil, type: String? = nil, url: String? = nil) {
        self.can = can
        self.createdAt = createdAt
        self.email = email
        self.isDisabled = isDisabled
        self.loggedInAt = loggedInAt
        self.samlUserID = samlUserID
        self.type = type
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case can
        case createdAt = "created_at"
        case email
        case isDisabled = "is_disabled"
        case loggedInAt = "logged_in_at"
        case samlUserID = "saml_user_id"
        case type
        case url
    }
}

/// A Google login of a user.
public struct CredentialsGoogle: Codable, Sendable, Equatable {
    public var can: [String: Bool]?
    public var createdAt: String?
    public var domain: String?
    public var email: String?
    public var googleUserID: String?
    public var isDisabled: Bool?
    public var loggedInAt: String?
    public var type: String?
    public var url: String?

    public init(can: [String: Bool]? = nil, createdAt: String? = nil, domain: String? = nil, email: String? = nil, googleUserID: String? = nil, isDisabled: Bool? = nil, loggedInAt: String? = nil, type: String? = nil, url: String? = nil) {
        self.can = can
        self.createdAt = createdAt
        self.domain = domain
        self.email = email
        self.googleUserID = googleUserID
        self.isDisabled = isDisabled
        self.loggedInAt = loggedInAt
        self.type = type
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case can
        case createdAt = "created_at"
        case domain
        case email
        case googleUserID = "google_user_id"
        case isDisabled = "is_disabled"
        case loggedInAt = "logged_in_at"
        case type
        case url
    }
}

/// An OpenID Connect login of a user.
public struct CredentialsOIDC: Codable, Sendable, Equatable {
    public var can: [String: Bool]?
    public var createdAt: String?
    public var email: String?
    public var isDisabled: Bool?
    public var loggedInAt: String?
    public var oidcUserID: String?
    public var type: String?
    public var url: String?

    public init(can: [String: Bool]? = nil, createdAt: String? = nil, email: String? = nil, isDisabled: Bool? = nil, loggedInAt: String? = nil, oidcUserID: String? = nil, type: String? = nil, url: String? = nil) {
        self.can = can
        self.createdAt = createdAt
        self.email = email
        self.isDisabled = isDisabled
        self.loggedInAt = loggedInAt
        self.oidcUserID = oidcUserID
        self.type = type
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case can
        case createdAt = "created_at"
        case email
        case isDisabled = "is_disabled"
        case loggedInAt = "logged_in_at"
        case oidcUserID = "oidc_user_id"
        case type
        case url
    }
}

/// An LDAP login of a user.
public struct CredentialsLDAP: Codable, Sendable, Equatable {
    public var can: [String: Bool]?
    public var createdAt: String?
    public var email: String?
    public var isDisabled: Bool?
    public var ldapDn: String?
    public var ldapID: String?
    public var loggedInAt: String?
    public var type: String?
    public var url: String?

    public init(can: [String: Bool]? = nil, createdAt: String? = nil, email: String? = nil, isDisabled: Bool? = nil, ldapDn: String? = nil, ldapID: String? = nil, loggedInAt: String? = nil, type: String? = nil, url: String? = nil) {
        self.can = can
        self.createdAt = createdAt
        self.email = email
        self.isDisabled = isDisabled
        self.ldapDn = ldapDn
        self.ldapID = ldapID
        self.loggedInAt = loggedInAt
        self.type = type
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case can
        case createdAt = "created_at"
        case email
        case isDisabled = "is_disabled"
        case ldapDn = "ldap_dn"
        case ldapID = "ldap_id"
        case loggedInAt = "logged_in_at"
        case type
        case url
    }
}

/// The two-factor (TOTP) credential of a user.
public struct CredentialsTotp: Codable, Sendable, Equatable {
    public var can: [String: Bool]?
    public var createdAt: String?
    public var isDisabled: Bool?
    public var type: String?
    public var verified: Bool?
    public var url: String?

    public init(can: [String: Bool]? = nil, createdAt: String? = nil, isDisabled: Bool? = nil, type: String? = nil, verified: Bool? = nil, url: String? = nil) {
        self.can = can
        self.createdAt = createdAt
        self.isDisabled = isDisabled
        self.type = type
        self.verified = verified
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case can
        case createdAt = "created_at"
        case isDisabled = "is_disabled"
        case type
        case verified
        case url
    }
}

/// A Looker OpenID login of a user.
public struct CredentialsLookerOpenid: Codable, Sendable, Equatable {
    public var can: [String: Bool]?
    public var createdAt: String?
    public var email: String?
    public var isDisabled: Bool?
    public var loggedInAt: String?
    public var loggedInIp: String?
    public var type: String?
    public var url: String?
    public var userURL: String?

    public init(can: [String: Bool]? = nil, createdAt: String? = nil, email: String? = nil, isDisabled: Bool? = nil, loggedInAt: String? = nil, loggedInIp: String? = nil, type: String? = nil, url: String? = nil, userURL: String? = nil) {
        self.can = can
        self.createdAt = createdAt
        self.email = email
        self.isDisabled = isDisabled
        self.loggedInAt = loggedInAt
        self.loggedInIp = loggedInIp
        self.type = type
        self.url = url
        self.userURL = userURL
    }

    enum CodingKeys: String, CodingKey {
        case can
        case createdAt = "created_at"
        case email
        case isDisabled = "is_disabled"
        case loggedInAt = "logged_in_at"
        case loggedInIp = "logged_in_ip"
        case type
        case url
        case userURL = "user_url"
    }
}

/// A Workforce Identity login of a user.
public struct CredentialsWorkforce: Codable, Sendable, Equatable {
    public var can: [String: Bool]?
    public var createdAt: String?
    public var email: String?
    public var isDisabled: Bool?
    public var loggedInAt: String?
    public var workforceUserID: String?
    public var type: String?
    public var url: String?

    public init(can: [String: Bool]? = nil, createdAt: String? = nil, email: String? = nil, isDisabled: Bool? = nil, loggedInAt: String? = nil, workforceUserID: String? = nil, type: String? = nil, url: String? = nil) {
        self.can = can
        self.createdAt = createdAt
        self.email = email
        self.isDisabled = isDisabled
        self.loggedInAt = loggedInAt
        self.workforceUserID = workforceUserID
        self.type = type
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case can
        case createdAt = "created_at"
        case email
        case isDisabled = "is_disabled"
        case loggedInAt = "logged_in_at"
        case workforceUserID = "workforce_user_id"
        case type
        case url
    }
}

/// An API key of a user (the secret is never part of it).
public struct CredentialsApi3: Codable, Sendable, Equatable {
    public var can: [String: Bool]?
    public var id: LookerID?
    public var clientID: String?
    public var createdAt: String?
    public var isDisabled: Bool?
    public var type: String?
    public var purpose: String?
    public var url: String?

    public init(can: [String: Bool]? = nil, id: LookerID? = nil, clientID: String? = nil, createdAt: String? = nil, isDisabled: Bool? = nil, type: String? = nil, purpose: String? = nil, url: String? = nil) {
        self.can = can
        self.id = id
        self.clientID = clientID
        self.createdAt = createdAt
        self.isDisabled = isDisabled
        self.type = type
        self.purpose = purpose
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case can
        case id
        case clientID = "client_id"
        case createdAt = "created_at"
        case isDisabled = "is_disabled"
        case type
        case purpose
        case url
    }
}

/// An embed login of a user.
public struct CredentialsEmbed: Codable, Sendable, Equatable {
    public var can: [String: Bool]?
    public var createdAt: String?
    public var externalGroupID: String?
    public var externalUserID: String?
    public var id: LookerID?
    public var isDisabled: Bool?
    public var loggedInAt: String?
    public var type: String?
    public var url: String?

    public init(can: [String: Bool]? = nil, createdAt: String? = nil, externalGroupID: String? = nil, externalUserID: String? = nil, id: LookerID? = nil, isDisabled: Bool? = nil, loggedInAt: String? = nil, type: String? = nil, url: String? = nil) {
        self.can = can
        self.createdAt = createdAt
        self.externalGroupID = externalGroupID
        self.externalUserID = externalUserID
        self.id = id
        self.isDisabled = isDisabled
        self.loggedInAt = loggedInAt
        self.type = type
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case can
        case createdAt = "created_at"
        case externalGroupID = "external_group_id"
        case externalUserID = "external_user_id"
        case id
        case isDisabled = "is_disabled"
        case loggedInAt = "logged_in_at"
        case type
        case url
    }
}

/// A web session of a user.
public struct Session: Codable, Sendable, Equatable {
    public var can: [String: Bool]?
    public var id: LookerID?
    public var ipAddress: String?
    public var browser: String?
    public var operatingSystem: String?
    public var city: String?
    public var state: String?
    public var country: String?
    public var credentialsType: String?
    public var extendedAt: String?
    public var extendedCount: Int64?
    public var sudoUserID: LookerID?
    public var createdAt: String?
    public var expiresAt: String?
    public var url: String?

    public init(can: [String: Bool]? = nil, id: LookerID? = nil, ipAddress: String? = nil, browser: String? = nil, operatingSystem: String? = nil, city: String? = nil, state: String? = nil, country: String? = nil, credentialsType: String? = nil, extendedAt: String? = nil, extendedCount: Int64? = nil, sudoUserID: LookerID? = nil, createdAt: String? = nil, expiresAt: String? = nil, url: String? = nil) {
        self.can = can
        self.id = id
        self.ipAddress = ipAddress
        self.browser = browser
        self.operatingSystem = operatingSystem
        self.city = city
        self.state = state
        self.country = country
        self.credentialsType = credentialsType
        self.extendedAt = extendedAt
        self.extendedCount = extendedCount
        self.sudoUserID = sudoUserID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case can
        case id
        case ipAddress = "ip_address"
        case browser
        case operatingSystem = "operating_system"
        case city
        case state
        case country
        case credentialsType = "credentials_type"
        case extendedAt = "extended_at"
        case extendedCount = "extended_count"
        case sudoUserID = "sudo_user_id"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case url
    }
}

/// The answer to `POST /login`. `accessToken` is a secret.
public struct AccessToken: Codable, Sendable, Equatable {
    public var accessToken: String?
    public var tokenType: String?
    public var expiresIn: Int64?
    public var refreshToken: String?

    public init(accessToken: String? = nil, tokenType: String? = nil, expiresIn: Int64? = nil, refreshToken: String? = nil) {
        self.accessToken = accessToken
        self.tokenType = tokenType
        self.expiresIn = expiresIn
        self.refreshToken = refreshToken
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case refreshToken = "refresh_token"
    }
}

/// One field's complaint inside a 422 answer.
public struct ValidationErrorDetail: Codable, Sendable, Equatable {
    public var field: String?
    public var code: String?
    public var message: String?
    public var documentationURL: String?

    public init(field: String? = nil, code: String? = nil, message: String? = nil, documentationURL: String? = nil) {
        self.field = field
        self.code = code
        self.message = message
        self.documentationURL = documentationURL
    }

    enum CodingKeys: String, CodingKey {
        case field
        case code
        case message
        case documentationURL = "documentation_url"
    }
}

/// The body of a 422 answer: a generic message plus one entry per field.
public struct ValidationError: Codable, Sendable, Equatable {
    public var message: String?
    public var errors: [ValidationErrorDetail]?
    public var documentationURL: String?

    public init(message: String? = nil, errors: [ValidationErrorDetail]? = nil, documentationURL: String? = nil) {
        self.message = message
        self.errors = errors
        self.documentationURL = documentationURL
    }

    enum CodingKeys: String, CodingKey {
        case message
        case errors
        case documentationURL = "documentation_url"
    }
}
