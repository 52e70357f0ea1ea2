/// Writes users and their credentials in the shapes of the Looker 4.0 schemas (`User`, `CredentialsEmail`,
/// `CredentialsSaml`, ...), honouring a `fields` selection. Absent credentials are written as `null`.
struct UserJSON {
    /// `http://host:port`, used to build `url`, `user_url` and the reset/setup links.
    let baseURL: String
    /// Wall-clock seconds since 1970, to tell expired links from live ones.
    let now: Double

    private var apiURL: String { baseURL + "/api/4.0" }

    func writeUsers(_ users: some Sequence<SandboxUser>, _ selection: FieldSelection, into writer: inout JSONWriter) {
        writer.beginArray()
        for user in users { writeUser(user, selection, into: &writer) }
        writer.endArray()
    }

    func writeUser(_ user: SandboxUser, _ selection: FieldSelection, into w: inout JSONWriter) {
        let userURL = apiURL + "/users/" + user.idString
        w.beginObject()
        w.field("can", flags: ["show": true, "index": true, "show_details": true, "index_details": true, "sudo": user.id != 1], selection)
        w.field("avatar_url", baseURL + "/avatar/" + user.idString + "?s=156&d=blank", selection)
        w.field("avatar_url_without_sizing", baseURL + "/avatar/" + user.idString + "?d=blank", selection)
        if selection.includes("credentials_api3") {
            w.key("credentials_api3")
            w.beginArray()
            for key in user.apiKeys { writeAPIKey(key, user: user, selection.nested("credentials_api3"), into: &w) }
            w.endArray()
        }
        if selection.includes("credentials_email") {
            w.key("credentials_email")
            if let credential = user.emailCredential {
                writeEmailCredential(credential, of: user, selection.nested("credentials_email"), into: &w)
            } else {
                w.null()
            }
        }
        if selection.includes("credentials_embed") {
            w.key("credentials_embed")
            w.beginArray()
            w.endArray()
        }
        for kind in [SandboxSSOCredential.Kind.google, .ldap] {
            writeSSOSlot(kind, of: user, selection, into: &w)
        }
        w.field("credentials_looker_openid", nil as String?, selection)
        for kind in [SandboxSSOCredential.Kind.oidc, .saml] {
            writeSSOSlot(kind, of: user, selection, into: &w)
        }
        if selection.includes("credentials_totp") {
            w.key("credentials_totp")
            if let totp = user.totpCredential {
                writeTOTP(totp, of: user, selection.nested("credentials_totp"), into: &w)
            } else {
                w.null()
            }
        }
        w.field("credentials_workforce", nil as String?, selection)
        w.field("display_name", user.displayName, selection)
        w.field("email", user.email, selection)
        w.field("embed_group_space_id", nil as String?, selection)
        w.field("first_name", user.firstName, selection)
        w.field("group_ids", user.groupIDs, selection)
        w.field("home_folder_id", user.homeFolderID, selection)
        w.field("id", user.idString, selection)
        w.field("is_disabled", user.isDisabled, selection)
        w.field("last_name", user.lastName, selection)
        w.field("locale", user.locale, selection)
        w.field("looker_versions", ["26.12.3"], selection)
        w.field("models_dir_validated", user.modelsDirValidated, selection)
        w.field("personal_folder_id", String(1_000 + user.id), selection)
        w.field("presumed_looker_employee", false, selection)
        w.field("role_ids", user.roleIDs, selection)
        if selection.includes("sessions") {
            w.key("sessions")
            w.beginArray()
            for session in user.sessions { writeSession(session, of: user, selection.nested("sessions"), into: &w) }
            w.endArray()
        }
        if selection.includes("ui_state") {
            w.key("ui_state")
            w.stringMap(user.uiState)
        }
        w.field("verified_looker_employee", false, selection)
        w.field("roles_externally_managed", user.rolesExternallyManaged, selection)
        w.field("allow_direct_roles", user.allowDirectRoles, selection)
        w.field("allow_normal_group_membership", user.allowNormalGroupMembership, selection)
        w.field("allow_roles_from_normal_groups", true, selection)
        w.field("embed_group_folder_id", nil as String?, selection)
        // Looker computes this one only on request, because it is slow.
        if selection.names("is_iam_admin") {
            w.key("is_iam_admin")
            w.bool(user.roleIDs.contains("2"))
        }
        w.field("can_manage_api3_creds", user.canManageAPI3Creds, selection)
        w.field("is_service_account", false, selection)
        w.field("url", userURL, selection)
        w.endObject()
    }

    func writeEmailCredential(_ c: SandboxEmailCredential, of user: SandboxUser, _ selection: FieldSelection, into w: inout JSONWriter) {
        let userURL = apiURL + "/users/" + user.idString
        let resetLive = c.passwordResetToken != nil && !expired(c.passwordResetExpiresAt)
        let setupLive = c.accountSetupToken != nil && !expired(c.accountSetupExpiresAt)
        w.beginObject()
        w.field("can", flags: ["show_password_reset_url": true], selection)
        w.field("created_at", c.createdAt, selection)
        w.field("email", c.email, selection)
        w.field("forced_password_reset_at_next_login", c.forcedPasswordResetAtNextLogin, selection)
        w.field("user_id", user.idString, selection)
        w.field("is_disabled", user.isDisabled, selection)
        w.field("logged_in_at", c.loggedInAt, selection)
        w.field("password_reset_url", c.passwordResetToken.map { baseURL + "/password/reset/" + $0 }, selection)
        w.field("account_setup_url", c.accountSetupToken.map { baseURL + "/account/setup/" + $0 }, selection)
        w.field("password_reset_url_expired", !resetLive, selection)
        w.field("account_setup_url_expired", !setupLive, selection)
        w.field("type", "email", selection)
        w.field("url", userURL + "/credentials_email", selection)
        w.field("user_url", userURL, selection)
        w.endObject()
    }

    func writeSSOCredential(_ c: SandboxSSOCredential, of user: SandboxUser, _ selection: FieldSelection, into w: inout JSONWriter) {
        w.beginObject()
        w.field("can", flags: [:], selection)
        w.field("created_at", c.createdAt, selection)
        if c.kind == .google {
            w.field("domain", String(c.email.drop { $0 != "@" }.dropFirst()), selection)
        }
        w.field("email", c.email, selection)
        switch c.kind {
        case .google: w.field("google_user_id", c.externalID, selection)
        case .ldap:
            w.field("ldap_dn", "uid=" + c.externalID + ",ou=people,dc=acme,dc=com", selection)
            w.field("ldap_id", c.externalID, selection)
        case .oidc: w.field("oidc_user_id", c.externalID, selection)
        case .saml: w.field("saml_user_id", c.externalID, selection)
        }
        w.field("is_disabled", user.isDisabled, selection)
        w.field("logged_in_at", c.loggedInAt, selection)
        w.field("type", c.kind.rawValue, selection)
        w.field("url", apiURL + "/users/" + user.idString + "/credentials_" + c.kind.rawValue, selection)
        w.endObject()
    }

    func writeTOTP(_ c: SandboxTOTPCredential, of user: SandboxUser, _ selection: FieldSelection, into w: inout JSONWriter) {
        w.beginObject()
        w.field("can", flags: [:], selection)
        w.field("created_at", c.createdAt, selection)
        w.field("is_disabled", false, selection)
        w.field("type", "two_factor", selection)
        w.field("verified", c.verified, selection)
        w.field("url", apiURL + "/users/" + user.idString + "/credentials_totp", selection)
        w.endObject()
    }

    func writeAPIKey(_ key: SandboxAPIKey, user: SandboxUser, _ selection: FieldSelection, into w: inout JSONWriter) {
        w.beginObject()
        w.field("can", flags: [:], selection)
        w.field("id", key.id, selection)
        w.field("client_id", key.clientID, selection)
        w.field("created_at", key.createdAt, selection)
        w.field("is_disabled", false, selection)
        w.field("type", "api3", selection)
        w.field("purpose", key.purpose, selection)
        w.field("url", apiURL + "/users/" + user.idString + "/credentials_api3/" + key.id, selection)
        w.endObject()
    }

    private func writeSSOSlot(_ kind: SandboxSSOCredential.Kind, of user: SandboxUser, _ selection: FieldSelection, into w: inout JSONWriter) {
        let name = "credentials_" + kind.rawValue
        guard selection.includes(name) else { return }
        w.key(name)
        if let credential = user.ssoCredential, credential.kind == kind {
            writeSSOCredential(credential, of: user, selection.nested(name), into: &w)
        } else {
            w.null()
        }
    }

    private func expired(_ deadline: Double?) -> Bool {
        guard let deadline else { return false }
        return now >= deadline
    }

    func writeSession(_ s: SandboxSession, of user: SandboxUser, _ selection: FieldSelection, into w: inout JSONWriter) {
        w.beginObject()
        w.field("can", flags: ["show": true, "destroy": true], selection)
        w.field("id", s.id, selection)
        w.field("ip_address", s.ipAddress, selection)
        w.field("browser", s.browser, selection)
        w.field("operating_system", s.operatingSystem, selection)
        w.field("city", s.city, selection)
        w.field("state", s.state, selection)
        w.field("country", s.country, selection)
        w.field("credentials_type", s.credentialsType, selection)
        w.field("extended_at", s.extendedAt, selection)
        if selection.includes("extended_count") {
            w.key("extended_count")
            w.int(s.extendedCount)
        }
        w.field("sudo_user_id", s.sudoUserID, selection)
        w.field("created_at", s.createdAt, selection)
        w.field("expires_at", s.expiresAt, selection)
        w.field("url", apiURL + "/users/" + user.idString + "/sessions/" + s.id, selection)
        w.endObject()
    }
}
