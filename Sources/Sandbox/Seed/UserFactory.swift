/// Builds the seeded population: the API admin (id 1), hostile users when asked, then ordinary users.
///
/// Everything comes from ``SplitMix64`` in a fixed order, so the same options give the same users on every run
/// and platform. Ids are consecutive from 1.
struct UserFactory {
    /// 2016-01-01T00:00:00Z; accounts are created between this and ``latestCreation``.
    static let earliestCreation: Int64 = 1_451_606_400
    /// 2026-01-01T00:00:00Z.
    static let latestCreation: Int64 = 1_767_225_600
    /// 2026-06-01T00:00:00Z; the seeded "now" that last logins stay before.
    static let seededNow: Int64 = 1_780_272_000

    private var rng: SplitMix64
    private var usedEmails: Set<String> = []
    private let clientID: String

    init(seed: UInt64, clientID: String) {
        self.rng = SplitMix64(seed: seed)
        self.clientID = clientID
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
        let created: Int64 = 1_451_865_600
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
            createdAt: style.format(created), loggedInAt: style.format(Self.seededNow - 3_600),
            passwordResetToken: nil, passwordResetExpiresAt: nil, accountSetupToken: nil, accountSetupExpiresAt: nil
        )
        user.apiKeys = [SandboxAPIKey(id: "1", clientID: clientID, createdAt: style.format(created), purpose: "roster")]
        return user
    }

    private mutating func makeHostile(id: Int, index: Int, name: (first: String?, last: String?)) -> SandboxUser {
        let created = Self.earliestCreation + Int64(rng.below(Int(Self.latestCreation - Self.earliestCreation)))
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
        return user
    }

    private mutating func makeOrdinary(id: Int) -> SandboxUser {
        let created = Self.earliestCreation + Int64(rng.below(Int(Self.latestCreation - Self.earliestCreation)))
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

        let email = uniqueEmail(first: first, last: last)
        let loginRoll = rng.below(100)
        let hasSSO = (3..<25).contains(loginRoll)
        let hasEmail = loginRoll >= 15
        if hasEmail {
            user.emailCredential = makeEmailCredential(email: email, created: created, style: style)
        }
        if hasSSO {
            user.ssoCredential = makeSSOCredential(email: email, created: created, style: style)
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
        return user
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
        } else if stateRoll < 20 {
            credential.loggedInAt = nil
        } else {
            credential.loggedInAt = style.format(lastLogin(after: created))
            if stateRoll < 23 {
                credential.passwordResetToken = rng.hex(32)
                // Half of the pending resets have run out, as links sent long ago do.
                credential.passwordResetExpiresAt = rng.chance(50) ? Double(Self.earliestCreation) : nil
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
        let loggedIn: String? = rng.chance(90) ? style.format(lastLogin(after: created)) : nil
        return SandboxSSOCredential(
            kind: kind, email: email, externalID: externalID, createdAt: style.format(created), loggedInAt: loggedIn
        )
    }

    private mutating func lastLogin(after created: Int64) -> Int64 {
        created + Int64(rng.below(Int(Self.seededNow - created)))
    }

    private mutating func uniqueEmail(first: PooledName?, last: PooledName?) -> String {
        let domain = rng.pick(NamePool.domains)
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
