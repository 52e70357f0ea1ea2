/// A user as the sandbox stores it; ``Sandbox/user(id:)`` hands out copies for assertions.
///
/// Only the sandbox changes it, and only through the API, so a copy shows exactly what a client has done.
public struct SandboxUser: Sendable, Equatable {
    public internal(set) var id: Int
    public internal(set) var firstName: String?
    public internal(set) var lastName: String?
    public internal(set) var isDisabled: Bool
    public internal(set) var locale: String?
    public internal(set) var homeFolderID: String?
    public internal(set) var modelsDirValidated: Bool?
    public internal(set) var uiState: [String: String]?
    public internal(set) var canManageAPI3Creds: Bool
    public internal(set) var roleIDs: [String]
    public internal(set) var groupIDs: [String]
    public internal(set) var emailCredential: SandboxEmailCredential?
    public internal(set) var ssoCredential: SandboxSSOCredential?
    public internal(set) var totpCredential: SandboxTOTPCredential?
    public internal(set) var apiKeys: [SandboxAPIKey]
    /// `roles_externally_managed`: an identity provider owns the roles, so `PUT /users/{id}/roles` is refused.
    public internal(set) var rolesExternallyManaged: Bool = false
    /// `allow_direct_roles`: false refuses `PUT /users/{id}/roles`.
    public internal(set) var allowDirectRoles: Bool = true
    /// `allow_normal_group_membership`: false refuses adding to and removing from groups.
    public internal(set) var allowNormalGroupMembership: Bool = true
    /// Web sessions still open, oldest first.
    public internal(set) var sessions: [SandboxSession] = []
    /// Values set on the user itself, by user attribute id; the rest come from groups or defaults.
    public internal(set) var attributeValues: [String: String] = [:]
    /// Seconds since 1970 at which the account was created; the `created_at` sort uses it.
    public internal(set) var createdEpoch: Int64
    /// How this user's timestamps are written, so one user's dates look alike while users differ.
    var timestampStyle: TimestampStyle

    /// The id as the API spells it.
    public var idString: String { String(id) }

    /// `User.email`: the email login's address, else the single sign-on one.
    public var email: String? { emailCredential?.email ?? ssoCredential?.email }

    /// `User.display_name`: present only when both names are.
    public var displayName: String? {
        guard let firstName, let lastName else { return nil }
        return firstName + " " + lastName
    }
}

/// An email/password login. Reset and setup tokens are stored bare; the API builds URLs around them.
public struct SandboxEmailCredential: Sendable, Equatable {
    public internal(set) var email: String
    public internal(set) var forcedPasswordResetAtNextLogin: Bool
    public internal(set) var createdAt: String
    public internal(set) var loggedInAt: String?
    public internal(set) var passwordResetToken: String?
    /// Seconds since 1970 after which the reset token no longer works; nil means it never expires.
    public internal(set) var passwordResetExpiresAt: Double?
    public internal(set) var accountSetupToken: String?
    /// Seconds since 1970 after which the setup token no longer works; nil means it never expires.
    public internal(set) var accountSetupExpiresAt: Double?
}

/// A single sign-on login (SAML, Google, OpenID Connect or LDAP); the API treats all of them as read-only.
public struct SandboxSSOCredential: Sendable, Equatable {
    /// The kind of single sign-on, named as in `credentials_<kind>`.
    public enum Kind: String, Sendable, CaseIterable {
        case saml, google, oidc, ldap
    }

    public internal(set) var kind: Kind
    public internal(set) var email: String
    /// The identity provider's id for the user (SAML name id, Google id, OIDC subject, LDAP id).
    public internal(set) var externalID: String
    public internal(set) var createdAt: String
    public internal(set) var loggedInAt: String?
}

/// Two-factor authentication enrolment.
public struct SandboxTOTPCredential: Sendable, Equatable {
    public internal(set) var createdAt: String
    public internal(set) var verified: Bool
}

/// An API key (`credentials_api3`); the secret half is never stored.
public struct SandboxAPIKey: Sendable, Equatable {
    public internal(set) var id: String
    public internal(set) var clientID: String
    public internal(set) var createdAt: String
    public internal(set) var purpose: String?
}

/// A web session (`Session`): where and how the user is signed in.
///
/// Stored as numbers and table indexes, written out as text only when asked for, so seeding
/// a hundred thousand users stays cheap.
public struct SandboxSession: Sendable, Equatable {
    static let places = [
        ("Berlin", "Berlin", "Germany"), ("Austin", "Texas", "United States"), ("Osaka", "Osaka", "Japan"),
        ("São Paulo", "São Paulo", "Brazil"), ("Lyon", "Auvergne-Rhône-Alpes", "France"), ("Pune", "Maharashtra", "India"),
    ]
    static let browsers = ["Chrome", "Firefox", "Safari", "Edge"]
    static let systems = ["Mac OS X", "Windows", "Linux", "iOS", "Android"]

    public internal(set) var id: String
    /// The login used: `email`, or a single sign-on kind.
    public internal(set) var credentialsType: String
    public internal(set) var extendedCount: Int
    /// The admin who is acting as this user, if any.
    public internal(set) var sudoUserID: String?
    var ipBits: UInt32
    var place: Int
    var browserIndex: Int
    var systemIndex: Int
    var createdEpoch: Int64
    var style: TimestampStyle

    public var ipAddress: String { "10.\((ipBits >> 16) & 0xFF).\((ipBits >> 8) & 0xFF).\(ipBits & 0xFF)" }
    public var browser: String { Self.browsers[browserIndex] }
    public var operatingSystem: String { Self.systems[systemIndex] }
    public var city: String { Self.places[place].0 }
    public var state: String { Self.places[place].1 }
    public var country: String { Self.places[place].2 }
    public var createdAt: String { style.format(createdEpoch) }
    /// Each extension added an hour.
    public var extendedAt: String? { extendedCount > 0 ? style.format(createdEpoch + Int64(extendedCount) * 3_600) : nil }
    public var expiresAt: String { style.format(createdEpoch + 30 * 86_400) }
}
