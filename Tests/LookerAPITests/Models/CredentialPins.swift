import LookerAPI

// The other logins of a user, pinned key by key (see `ModelKeyTests`).

extension ModelPins {
    static var credentialsSaml: Pins<CredentialsSaml> {
        Pins(empty: CredentialsSaml(), full: CredentialsSaml(
            can: ["show": true],
            createdAt: "c2",
            email: "e3",
            isDisabled: true,
            loggedInAt: "l5",
            samlUserID: "s6",
            type: "t7",
            url: "u8"
        ), pins: [
            Pin(\.can, [String: Bool].self, "can", #"{"show":true}"#),
            Pin(\.createdAt, String.self, "created_at", #""c2""#),
            Pin(\.email, String.self, "email", #""e3""#),
            Pin(\.isDisabled, Bool.self, "is_disabled", #"true"#),
            Pin(\.loggedInAt, String.self, "logged_in_at", #""l5""#),
            Pin(\.samlUserID, String.self, "saml_user_id", #""s6""#),
            Pin(\.type, String.self, "type", #""t7""#),
            Pin(\.url, String.self, "url", #""u8""#),
        ])
    }

    static var credentialsGoogle: Pins<CredentialsGoogle> {
        Pins(empty: CredentialsGoogle(), full: CredentialsGoogle(
            can: ["show": true],
            createdAt: "c10",
            domain: "d11",
            email: "e12",
            googleUserID: "g13",
            isDisabled: true,
            loggedInAt: "l15",
            type: "t16",
            url: "u17"
        ), pins: [
            Pin(\.can, [String: Bool].self, "can", #"{"show":true}"#),
            Pin(\.createdAt, String.self, "created_at", #""c10""#),
            Pin(\.domain, String.self, "domain", #""d11""#),
            Pin(\.email, String.self, "email", #""e12""#),
            Pin(\.googleUserID, String.self, "google_user_id", #""g13""#),
            Pin(\.isDisabled, Bool.self, "is_disabled", #"true"#),
            Pin(\.loggedInAt, String.self, "logged_in_at", #""l15""#),
            Pin(\.type, String.self, "type", #""t16""#),
            Pin(\.url, String.self, "url", #""u17""#),
        ])
    }

    static var credentialsOIDC: Pins<CredentialsOIDC> {
        Pins(empty: CredentialsOIDC(), full: CredentialsOIDC(
            can: ["show": true],
            createdAt: "c19",
            email: "e20",
            isDisabled: false,
            loggedInAt: "l22",
            oidcUserID: "o23",
            type: "t24",
            url: "u25"
        ), pins: [
            Pin(\.can, [String: Bool].self, "can", #"{"show":true}"#),
            Pin(\.createdAt, String.self, "created_at", #""c19""#),
            Pin(\.email, String.self, "email", #""e20""#),
            Pin(\.isDisabled, Bool.self, "is_disabled", #"false"#),
            Pin(\.loggedInAt, String.self, "logged_in_at", #""l22""#),
            Pin(\.oidcUserID, String.self, "oidc_user_id", #""o23""#),
            Pin(\.type, String.self, "type", #""t24""#),
            Pin(\.url, String.self, "url", #""u25""#),
        ])
    }

    static var credentialsLDAP: Pins<CredentialsLDAP> {
        Pins(empty: CredentialsLDAP(), full: CredentialsLDAP(
            can: ["show": true],
            createdAt: "c27",
            email: "e28",
            isDisabled: true,
            ldapDn: "l30",
            ldapID: "l31",
            loggedInAt: "l32",
            type: "t33",
            url: "u34"
        ), pins: [
            Pin(\.can, [String: Bool].self, "can", #"{"show":true}"#),
            Pin(\.createdAt, String.self, "created_at", #""c27""#),
            Pin(\.email, String.self, "email", #""e28""#),
            Pin(\.isDisabled, Bool.self, "is_disabled", #"true"#),
            Pin(\.ldapDn, String.self, "ldap_dn", #""l30""#),
            Pin(\.ldapID, String.self, "ldap_id", #""l31""#),
            Pin(\.loggedInAt, String.self, "logged_in_at", #""l32""#),
            Pin(\.type, String.self, "type", #""t33""#),
            Pin(\.url, String.self, "url", #""u34""#),
        ])
    }

    static var credentialsTotp: Pins<CredentialsTotp> {
        Pins(empty: CredentialsTotp(), full: CredentialsTotp(
            can: ["show": true],
            createdAt: "c36",
            isDisabled: true,
            type: "t38",
            verified: false,
            url: "u40"
        ), pins: [
            Pin(\.can, [String: Bool].self, "can", #"{"show":true}"#),
            Pin(\.createdAt, String.self, "created_at", #""c36""#),
            Pin(\.isDisabled, Bool.self, "is_disabled", #"true"#),
            Pin(\.type, String.self, "type", #""t38""#),
            Pin(\.verified, Bool.self, "verified", #"false"#),
            Pin(\.url, String.self, "url", #""u40""#),
        ])
    }

    static var credentialsLookerOpenid: Pins<CredentialsLookerOpenid> {
        Pins(empty: CredentialsLookerOpenid(), full: CredentialsLookerOpenid(
            can: ["show": true],
            createdAt: "c42",
            email: "e43",
            isDisabled: true,
            loggedInAt: "l45",
            loggedInIp: "l46",
            type: "t47",
            url: "u48",
            userURL: "u49"
        ), pins: [
            Pin(\.can, [String: Bool].self, "can", #"{"show":true}"#),
            Pin(\.createdAt, String.self, "created_at", #""c42""#),
            Pin(\.email, String.self, "email", #""e43""#),
            Pin(\.isDisabled, Bool.self, "is_disabled", #"true"#),
            Pin(\.loggedInAt, String.self, "logged_in_at", #""l45""#),
            Pin(\.loggedInIp, String.self, "logged_in_ip", #""l46""#),
            Pin(\.type, String.self, "type", #""t47""#),
            Pin(\.url, String.self, "url", #""u48""#),
            Pin(\.userURL, String.self, "user_url", #""u49""#),
        ])
    }

    static var credentialsWorkforce: Pins<CredentialsWorkforce> {
        Pins(empty: CredentialsWorkforce(), full: CredentialsWorkforce(
            can: ["show": true],
            createdAt: "c51",
            email: "e52",
            isDisabled: true,
            loggedInAt: "l54",
            workforceUserID: "w55",
            type: "t56",
            url: "u57"
        ), pins: [
            Pin(\.can, [String: Bool].self, "can", #"{"show":true}"#),
            Pin(\.createdAt, String.self, "created_at", #""c51""#),
            Pin(\.email, String.self, "email", #""e52""#),
            Pin(\.isDisabled, Bool.self, "is_disabled", #"true"#),
            Pin(\.loggedInAt, String.self, "logged_in_at", #""l54""#),
            Pin(\.workforceUserID, String.self, "workforce_user_id", #""w55""#),
            Pin(\.type, String.self, "type", #""t56""#),
            Pin(\.url, String.self, "url", #""u57""#),
        ])
    }

    static var credentialsApi3: Pins<CredentialsApi3> {
        Pins(empty: CredentialsApi3(), full: CredentialsApi3(
            can: ["show": true],
            id: "59",
            clientID: "c60",
            createdAt: "c61",
            isDisabled: true,
            type: "t63",
            purpose: "p64",
            url: "u65"
        ), pins: [
            Pin(\.can, [String: Bool].self, "can", #"{"show":true}"#),
            Pin(\.id, LookerID.self, "id", #""59""#, numbers: "59"),
            Pin(\.clientID, String.self, "client_id", #""c60""#),
            Pin(\.createdAt, String.self, "created_at", #""c61""#),
            Pin(\.isDisabled, Bool.self, "is_disabled", #"true"#),
            Pin(\.type, String.self, "type", #""t63""#),
            Pin(\.purpose, String.self, "purpose", #""p64""#),
            Pin(\.url, String.self, "url", #""u65""#),
        ])
    }

    static var credentialsEmbed: Pins<CredentialsEmbed> {
        Pins(empty: CredentialsEmbed(), full: CredentialsEmbed(
            can: ["show": true],
            createdAt: "c67",
            externalGroupID: "e68",
            externalUserID: "e69",
            id: "70",
            isDisabled: true,
            loggedInAt: "l72",
            type: "t73",
            url: "u74"
        ), pins: [
            Pin(\.can, [String: Bool].self, "can", #"{"show":true}"#),
            Pin(\.createdAt, String.self, "created_at", #""c67""#),
            Pin(\.externalGroupID, String.self, "external_group_id", #""e68""#),
            Pin(\.externalUserID, String.self, "external_user_id", #""e69""#),
            Pin(\.id, LookerID.self, "id", #""70""#, numbers: "70"),
            Pin(\.isDisabled, Bool.self, "is_disabled", #"true"#),
            Pin(\.loggedInAt, String.self, "logged_in_at", #""l72""#),
            Pin(\.type, String.self, "type", #""t73""#),
            Pin(\.url, String.self, "url", #""u74""#),
        ])
    }
}
