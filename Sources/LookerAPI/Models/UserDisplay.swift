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
