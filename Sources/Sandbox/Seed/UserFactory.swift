/// Builds the seeded population: the API admin (id 1), hostile users when asked, then ordinary users.
///
/// Everything comes from ``SplitMix64`` in a fixed order, so the same options give the same users on every run
/// and platform; dates are offsets from `now`, so the same seed gives the same offsets. Ids are consecutive from 1.
///
/// Two streams: `rng` draws names, addresses, logins and flags in the order they always had (so a seed keeps
/// naming the same people), `aux` draws what came later: last-login dates, the domain mix and the planted
/// duplicates (see ``SandboxOptions`` for the shares). A third, `access`, draws the role and group flags
/// of ordinary users, their open sessions and their own attribute values, so adding it moved nothing the other two draw.
struct UserFactory {
    static let day: Int64 = 86_400
    /// Accounts are between ``newestAccount`` and ``newestAccount`` + ``accountAgeSpan`` old.
    static let newestAccount: Int64 = 30 * day
    static let accountAgeSpan: Int64 = 3_652 * day
    /// Last logins fall within this long before `now`.
    static let loginHorizon: Int64 = 730 * day
    /// A deadline long past, for the seeded reset links that have run out (2016-01-01T00:00:00Z).
    static let longExpired: Double = 1_451_606_400
    /// The company domain most addresses use; a domain rename touches exactly these.
    static let companyDomain = "acme.com"

    private var rng: SplitMix64
    private var aux: SplitMix64
    private var access: SplitMix64
    private var usedEmails: Set<String> = []
    /// Email logins planted so far, for re-cased duplicates of them.
    private var emailLogins: [(email: String, first: String?, last: String?)] = []
    private var pendingEmailDuplicate = false
    private var pendingSSODuplicate = false
    private let clientID: String
    let now: Int64

    init(seed: UInt64, clientID: String, now: Int64) {
        self.rng = SplitMix64(seed: seed)
        self.aux = SplitMix64(seed: seed ^ 0x5EED_0F_1A57_1061)
        self.access = SplitMix64(seed: seed ^ 0xACCE_55_0F_0123_4567)
        self.clientID = clientID
        self.now = now
    }

    mutating func makeUsers(count: Int, hostile: Bool) -> [SandboxUser] {
        var users = [makeAdmin()]
        users.reserveCapacity(count + HostileNames.all.count)
        if hostile {
            for (offset, name) in HostileNames.all.enumerated() {
                users.append(makeHostile(id: users.count + 1, index: offset, name: name))
            }
        }
        for _ in 0..<max(0, count - 1) {
            users.append(makeOrdinary(id: users.count + 1))
        }
        return users
    }

    private mutating func makeAdmin() -> SandboxUser {
        let created = now - 3_800 * Self.day
        let style = TimestampStyle.isoMillisUTC
        usedEmails.insert("api-admin@acme.com")
        var user = blankUser(id: 1, created: created, style: style)
        user.firstName = "API"
        user.lastName = "Admin"
        user.locale = "en"
        user.roleIDs = ["2"]
        user.canManageAPI3Creds = true
        user.emailCredential = SandboxEmailCredential(
            email: "api-admin@acme.com", forcedPasswordResetAtNextLogin: false,
            createdAt: style.format(created), loggedInAt: style.format(now - 3_600),
            passwordResetToken: nil, passwordResetExpiresAt: nil, accountSetupToken: nil, accountSetupExpiresAt: nil
        )
        user.apiKeys = [SandboxAPIKey(id: "1", clientID: clientID, createdAt: style.format(created), purpose: "roster")]
        return user
    }

    private mutating func makeHostile(id: Int, index: Int, name: (first: String?, last: String?)) -> SandboxUser {
        let created = accountCreation()
        let style = TimestampStyle.allCases[index % TimestampStyle.allCases.count]
        var user = blankUser(id: id, created: created, style: style)
        user.firstName = name.first
        user.lastName = name.last
        let email = "hostile-\(index + 1)@acme.com"
        usedEmails.insert(email)
        user.emailCredential = SandboxEmailCredential(
            email: email, forcedPasswordResetAtNextLogin: index % 3 == 0, createdAt: style.format(created),
            loggedInAt: nil, passwordResetToken: nil, passwordResetExpiresAt: nil,
            accountSetupToken: nil, accountSetupExpiresAt: nil
        )
        if let login = lastLogin(created: created) { user.emailCredential?.loggedInAt = style.format(login) }
        return user
    }

    private mutating func makeOrdinary(id: Int) -> SandboxUser {
        let created = accountCreation()
        let style = TimestampStyle.allCases[rng.below(TimestampStyle.allCases.count)]
        var user = blankUser(id: id, created: created, style: style)

        let culture = NamePool.culture(&rng)
        var first: PooledName? = rng.pick(culture.firstNames)
        var last: PooledName? = rng.pick(culture.lastNames)
        let nameRoll = rng.below(100)
        if nameRoll == 0 {
            first = rng.pick(NamePool.mononyms)
            last = nil
        } else if nameRoll == 1 {
            // Provisioned by single sign-on without profile data: the address is all there is.
            user.firstName = nil
            user.lastName = nil
        }
        if nameRoll != 1 {
            user.firstName = first?.shown
            user.lastName = last?.shown
        }
        user.locale = rng.pick(culture.locales)
        user.isDisabled = rng.chance(5)
        user.roleIDs = rng.pick([["3"], ["3", "4"], ["4"], ["5"], ["3", "6"]])
        user.groupIDs = rng.chance(40) ? ["1", String(2 + rng.below(8))] : ["1"]
        user.canManageAPI3Creds = rng.chance(10)
        user.modelsDirValidated = rng.chance(20) ? rng.chance(50) : nil

        var email = uniqueEmail(first: first, last: last)
        let loginRoll = rng.below(100)
        let hasSSO = (3..<25).contains(loginRoll)
        let hasEmail = loginRoll >= 15
        if id % 100 == 50 { pendingEmailDuplicate = true }
        if id % 100 == 75 { pendingSSODuplicate = true }
        // Planted on the next user of the right kind, so the main stream (and every seeded name) stays as it was.
        let duplicates = (hasEmail && pendingEmailDuplicate) || (hasSSO && !hasEmail && pendingSSODuplicate)
        if duplicates, !emailLogins.isEmpty {
            // The same person with a second account, as double provisioning leaves behind.
            // Each address is duplicated once at most, so every pair differs in case.
            let original = emailLogins.remove(at: aux.below(emailLogins.count))
            email = Self.recased(original.email)
            user.firstName = original.first
            user.lastName = original.last
            if hasEmail { pendingEmailDuplicate = false } else { pendingSSODuplicate = false }
        } else if hasEmail {
            emailLogins.append((email, user.firstName, user.lastName))
        }
        var setupPending = false
        if hasEmail {
            user.emailCredential = makeEmailCredential(email: email, created: created, style: style)
            setupPending = user.emailCredential?.accountSetupToken != nil
        }
        if hasSSO {
            user.ssoCredential = makeSSOCredential(email: email, created: created, style: style)
        }
        if !setupPending, let login = lastLogin(created: created) {
            spread(login, created: created, style: style, over: &user)
        }
        if rng.chance(15) {
            user.totpCredential = SandboxTOTPCredential(
                createdAt: style.format(created + Int64(rng.below(86_400 * 90))), verified: rng.chance(80)
            )
        }
        if rng.chance(2) {
            user.apiKeys = [SandboxAPIKey(
                id: String(1_000 + id), clientID: rng.hex(20), createdAt: style.format(created + 86_400),
                purpose: rng.chance(50) ? "reporting" : nil
            )]
        }
        // Single sign-on by SAML brings its roles along; a few accounts are locked down by an admin.
        user.rolesExternallyManaged = user.ssoCredential?.kind == .saml
        user.allowDirectRoles = !access.chance(8)
        user.allowNormalGroupMembership = !access.chance(8)
        if access.chance(25) {
            user.sessions = (0..<(1 + access.below(3))).map { makeSession(of: user, number: $0, style: style) }
        }
        if access.chance(15) {
            user.attributeValues["2"] = String(1_000 * (1 + access.below(20)))
        }
        return user
    }

    /// An open session from the last week; ids are unique because a user has at most three.
    /// The first user (after the admin) who owns a schedule, an alert, a dashboard and a look also
    /// gets a session and an API key if the draw gave none: one user of every seeded instance that
    /// offboarding can be shown on whole.
    mutating func equipLeaver(_ user: inout SandboxUser) {
        let style = TimestampStyle.isoMillisUTC
        if user.sessions.isEmpty { user.sessions = [makeSession(of: user, number: 0, style: style)] }
        if user.apiKeys.isEmpty {
            user.apiKeys = [SandboxAPIKey(id: String(1_000 + user.id), clientID: access.hex(20),
                                          createdAt: style.format(user.createdEpoch + 86_400), purpose: "reporting")]
        }
    }

    private mutating func makeSession(of user: SandboxUser, number: Int, style: TimestampStyle) -> SandboxSession {
        let place = access.below(SandboxSession.places.count)
        let created = now - Int64(access.below(7 * 86_400))
        let extensions = access.below(4)
        let ip = UInt32(access.below(256)) << 16 | UInt32(access.below(256)) << 8 | UInt32(1 + access.below(254))
        return SandboxSession(
            id: String(user.id * 4 + number),
            credentialsType: user.emailCredential != nil ? "email" : user.ssoCredential?.kind.rawValue ?? "email",
            extendedCount: extensions,
            sudoUserID: access.chance(5) ? "1" : nil,
            ipBits: ip, place: place,
            browserIndex: access.below(SandboxSession.browsers.count), systemIndex: access.below(SandboxSession.systems.count),
            createdEpoch: created, style: style
        )
    }

    private mutating func makeEmailCredential(email: String, created: Int64, style: TimestampStyle) -> SandboxEmailCredential {
        var credential = SandboxEmailCredential(
            email: email, forcedPasswordResetAtNextLogin: rng.chance(8), createdAt: style.format(created),
            loggedInAt: nil, passwordResetToken: nil, passwordResetExpiresAt: nil,
            accountSetupToken: nil, accountSetupExpiresAt: nil
        )
        let stateRoll = rng.below(100)
        if stateRoll < 6 {
            // Invited but never set up: a setup link is waiting and there has been no login.
            credential.accountSetupToken = rng.hex(32)
        } else if stateRoll >= 20 {
            rng.skip() // where the login date was drawn before `aux` drew them
            if stateRoll < 23 {
                credential.passwordResetToken = rng.hex(32)
                // Half of the pending resets have run out, as links sent long ago do.
                credential.passwordResetExpiresAt = rng.chance(50) ? Self.longExpired : nil
            }
        }
        return credential
    }

    private mutating func makeSSOCredential(email: String, created: Int64, style: TimestampStyle) -> SandboxSSOCredential {
        let kind = SandboxSSOCredential.Kind.allCases[rng.below(SandboxSSOCredential.Kind.allCases.count)]
        let externalID: String
        switch kind {
        case .saml: externalID = email
        case .google: externalID = String(100_000_000_000_000_000 + UInt64(rng.below(899_999_999)) * 1_000_000_000)
        case .oidc: externalID = rng.hex(8) + "-" + rng.hex(4) + "-" + rng.hex(4) + "-" + rng.hex(12)
        case .ldap: externalID = String(email.prefix { $0 != "@" })
        }
        if rng.chance(90) { rng.skip() } // where the login date was drawn before `aux` drew them
        return SandboxSSOCredential(
            kind: kind, email: email, externalID: externalID, createdAt: style.format(created), loggedInAt: nil
        )
    }

    private mutating func accountCreation() -> Int64 {
        now - Self.newestAccount - Int64(rng.below(Int(Self.accountAgeSpan)))
    }

    /// When the user last logged in, within ``loginHorizon`` of `now` and after `created`; nil for the
    /// one in sixteen or so who never did. Most logins are recent, the rest spread back to the horizon,
    /// so "not seen for 90 days" is a clear minority.
    private mutating func lastLogin(created: Int64) -> Int64? {
        guard !aux.chance(6) else { return nil }
        let earliest = max(created, now - Self.loginHorizon)
        guard earliest < now else { return nil }
        var login = aux.chance(55)
            ? now - Int64(aux.below(Int(90 * Self.day)))
            : now - 90 * Self.day - Int64(aux.below(Int(Self.loginHorizon - 90 * Self.day)))
        if login < earliest { login = earliest + Int64(aux.below(Int(now - earliest))) }
        return login
    }

    /// Puts the last login on the user's credentials: on the only one, or, with both, on the one the user
    /// mostly uses (single sign-on, usually) while the other has an older login or none.
    private mutating func spread(_ login: Int64, created: Int64, style: TimestampStyle, over user: inout SandboxUser) {
        let earliest = max(created, now - Self.loginHorizon)
        let older: Int64? = aux.chance(50) ? earliest + Int64(aux.below(Int(max(1, login - earliest)))) : nil
        switch (user.emailCredential != nil, user.ssoCredential != nil) {
        case (true, false): user.emailCredential?.loggedInAt = style.format(login)
        case (false, true): user.ssoCredential?.loggedInAt = style.format(login)
        case (true, true):
            let ssoFirst = aux.chance(70)
            user.ssoCredential?.loggedInAt = (ssoFirst ? login : older).map(style.format)
            user.emailCredential?.loggedInAt = (ssoFirst ? older : login).map(style.format)
        case (false, false): break
        }
    }

    /// `dana.lee@acme.com` → `Dana.Lee@acme.com`: the same address to Looker, which compares case-insensitively.
    static func recased(_ email: String) -> String {
        guard let at = email.firstIndex(of: "@") else { return email.uppercased() }
        var result = ""
        var startOfWord = true
        for character in email[..<at] {
            result.append(startOfWord ? Character(character.uppercased()) : character)
            startOfWord = ".-_".contains(character)
        }
        if result == email[..<at] { result = result.uppercased() }
        let domain = email[at...]
        return result == email[..<at] ? result + domain.uppercased() : result + domain
    }

    private mutating func uniqueEmail(first: PooledName?, last: PooledName?) -> String {
        var domain = rng.pick(NamePool.domains)
        // Half of the other domains become the company's: about three in four addresses are at it.
        if domain != Self.companyDomain, aux.chance(50) { domain = Self.companyDomain }
        let f = first?.ascii ?? "user"
        let local: String
        if let l = last?.ascii {
            switch rng.below(10) {
            case 0..<6: local = f + "." + l
            case 6..<8: local = String(f.prefix(1)) + l
            case 8: local = f + "_" + l
            default: local = f
            }
        } else {
            local = f
        }
        var candidate = local + "@" + domain
        var suffix = 2
        while usedEmails.contains(candidate) {
            candidate = local + String(suffix) + "@" + domain
            suffix += 1
        }
        usedEmails.insert(candidate)
        return candidate
    }

    private func blankUser(id: Int, created: Int64, style: TimestampStyle) -> SandboxUser {
        SandboxUser(
            id: id, firstName: nil, lastName: nil, isDisabled: false, locale: nil, homeFolderID: "1",
            modelsDirValidated: nil, uiState: nil, canManageAPI3Creds: false, roleIDs: [], groupIDs: ["1"],
            emailCredential: nil, ssoCredential: nil, totpCredential: nil, apiKeys: [],
            createdEpoch: created, timestampStyle: style
        )
    }
}
