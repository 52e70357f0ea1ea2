/// The body of `PATCH`/`POST /users/{id}/credentials_email`: only the two writable fields, and only
/// those that are set. Nothing read-only ever goes on the wire.
public struct WriteCredentialsEmail: Codable, Sendable, Equatable {
    public var email: String?
    public var forcedPasswordResetAtNextLogin: Bool?

    public init(email: String? = nil, forcedPasswordResetAtNextLogin: Bool? = nil) {
        self.email = email
        self.forcedPasswordResetAtNextLogin = forcedPasswordResetAtNextLogin
    }

    enum CodingKeys: String, CodingKey {
        case email
        case forcedPasswordResetAtNextLogin = "forced_password_reset_at_next_login"
    }
}

/// The body of `PATCH /users/{id}` as Roster uses it: names and the disabled flag. Credentials are
/// never sent through a user PATCH (they are read-only there).
public struct WriteUser: Codable, Sendable, Equatable {
    public var firstName: String?
    public var lastName: String?
    public var isDisabled: Bool?
    public var locale: String?

    public init(firstName: String? = nil, lastName: String? = nil, isDisabled: Bool? = nil, locale: String? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.isDisabled = isDisabled
        self.locale = locale
    }

    enum CodingKeys: String, CodingKey {
        case firstName = "first_name"
        case lastName = "last_name"
        case isDisabled = "is_disabled"
        case locale
    }
}

/// The body of most error answers (`Error` in the spec).
public struct LookerErrorBody: Codable, Sendable, Equatable {
    public var message: String?
    public var documentationURL: String?

    public init(message: String? = nil, documentationURL: String? = nil) {
        self.message = message
        self.documentationURL = documentationURL
    }

    enum CodingKeys: String, CodingKey {
        case message
        case documentationURL = "documentation_url"
    }
}

extension User {
    /// The kinds of login this user has, in a stable order ("email", "saml", "google", …).
    public var loginTypes: [String] {
        var types: [String] = []
        if credentialsEmail != nil { types.append("email") }
        if credentialsSaml != nil { types.append("saml") }
        if credentialsGoogle != nil { types.append("google") }
        if credentialsOidc != nil { types.append("oidc") }
        if credentialsLdap != nil { types.append("ldap") }
        if credentialsLookerOpenid != nil { types.append("looker_openid") }
        if credentialsWorkforce != nil { types.append("workforce") }
        if let embed = credentialsEmbed, !embed.isEmpty { types.append("embed") }
        if let api = credentialsApi3, !api.isEmpty { types.append("api") }
        return types
    }

    /// The name to show: display_name, else first and last name; empty when the user has neither.
    public var shownName: String {
        if let d = displayName, !d.isEmpty { return d }
        let full = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        return full
    }
}
