import Testing
@testable import RosterCore

/// The matcher: each qualifier on rows built for it, unknown fields, never-logged-in, duplicates,
/// and `UserList` (compact per-row data) agreeing with `Query.matches` (the reference) everywhere.
@Suite struct QueryMatchTests {
    /// 2026-11-30T12:00:00Z, day 20,787.
    static let now: Int64 = 1_796_040_000
    static let today: Int32 = 20_787

    static func row(_ id: String, email: String = "", logins: [String] = ["email"], enabled: Bool? = true,
                    emailLogin: String? = nil, forced: Bool? = false, lastLogin: Int32? = nil, sso: String? = nil,
                    totp: Bool = false) -> UserRow {
        let address = email.isEmpty ? "user\(id)@acme.com" : email
        return UserRow(id: id, name: "User \(id)", email: address, logins: logins, enabled: enabled,
                       emailLogin: logins.contains("email") ? (emailLogin ?? address) : emailLogin,
                       forcedReset: forced, lastLoginDay: lastLogin, ssoEmail: sso, hasTOTP: totp)
    }

    /// A row for every case, including unknown enabled state and unknown forced reset.
    static let rows: [UserRow] = [
        row("1", lastLogin: today - 10),                                                    // recent
        row("2", enabled: false, lastLogin: today - 200),                                   // stale, disabled
        row("3", logins: ["saml"], lastLogin: today - 89, sso: "user3@acme.com"),           // SSO only
        row("4", email: "Ann@Other.org", forced: true),                                     // never logged in
        row("5", email: "ann@other.org", enabled: nil, forced: nil, lastLogin: today - 90), // unknown enabled, dup of 4
        row("6", email: "x@eu.acme.com", logins: ["email", "google"], lastLogin: today - 91, totp: true),
        row("7", email: "", logins: [], enabled: false),                                    // no logins at all
        row("8", email: "shown@acme.com", logins: ["email", "ldap"], emailLogin: "login@ACME.com", lastLogin: today),
    ]

    static func ids(_ text: String, rows: [UserRow] = rows) throws -> [String] {
        let query = try Query.parse(text).get()
        let dups = DuplicateEmails(rows)
        return rows.filter { query.matches($0, now: now, duplicates: dups) }.map(\.id)
    }

    @Test func eachQualifierOnRowsBuiltForIt() throws {
        #expect(try Self.ids("is:disabled") == ["2", "7"])
        // Unknown enabled state (row 5) is neither enabled nor disabled.
        #expect(try Self.ids("is:enabled") == ["1", "3", "4", "6", "8"])
        #expect(try Self.ids("-is:enabled") == ["2", "5", "7"])
        #expect(try Self.ids("has:email") == ["1", "2", "4", "5", "6", "8"])
        #expect(try Self.ids("no:email") == ["3", "7"])
        #expect(try Self.ids("login:saml") == ["3"])
        #expect(try Self.ids("login:google") == ["6"])
        #expect(try Self.ids("login:totp") == ["6"])
        #expect(try Self.ids("login:embed") == [])
        // The domain of the email LOGIN (row 8's login is at ACME.com, its shown email too), exact:
        // eu.acme.com is another domain; SSO-only row 3 has no email login.
        #expect(try Self.ids("domain:acme.com") == ["1", "2", "8"])
        #expect(try Self.ids("domain:eu.acme.com") == ["6"])
        #expect(try Self.ids("domain:other.org") == ["4", "5"])
        #expect(try Self.ids("never-logged-in") == ["4", "7"])
        #expect(try Self.ids("forced-reset") == ["4"])   // row 5's unknown does not match
        #expect(try Self.ids("dup:email") == ["4", "5"]) // Ann@Other.org and ann@other.org
    }

    @Test func lastLoginCountsWholeDaysAndNeverMatchesNeither() throws {
        #expect(try Self.ids("last-login:<90d") == ["1", "3", "8"])    // 10, 89, 0 days ago
        #expect(try Self.ids("last-login:>90d") == ["2", "6"])         // 200, 91 (90 exactly is neither)
        // Never-logged-in users (4, 7) match neither side, so the negation finds them with the stale.
        #expect(try Self.ids("-last-login:<90d") == ["2", "4", "5", "6", "7"])
        #expect(try Self.ids("last-login:<13w") == ["1", "3", "5", "8"])    // 91 days
        #expect(try Self.ids("last-login:>6m") == ["2"])               // 180 days
        let date = { (d: Int32) -> String in
            // today - d as YYYY-MM-DD, via the parser's own inverse check below
            let stamp = Self.civil(Self.today - d)
            #expect(LoginTime.epochDay(ofDate: Substring(stamp)) == Self.today - d)
            return stamp
        }
        #expect(try Self.ids("last-login:<\(date(90))") == ["2", "6"])    // strictly before that day
        #expect(try Self.ids("last-login:>\(date(90))") == ["1", "3", "8"]) // strictly after it
    }

    @Test func termsAreAndedAndTextIsCaseFolded() throws {
        #expect(try Self.ids("is:enabled has:email -last-login:<90d") == ["4", "6"])
        #expect(try Self.ids("ANN") == ["4", "5"])
        #expect(try Self.ids("ann -is:enabled") == ["5"])
        #expect(try Self.ids("\"user 1\"") == ["1"])
        #expect(try Self.ids("login:saml no:email is:enabled") == ["3"])
    }

    @Test func duplicatesFollowAnAddressChange() {
        var list = UserList()
        list.add(Self.rows)
        list.setFilter("dup:email")
        #expect(list.visible.map { list.rows[Int($0)].id } == ["4", "5"])
        // Row 5's login moves to another address: no duplicate left.
        list.update(Self.row("5", email: "ann5@other.org", enabled: nil, forced: nil, lastLogin: Self.today - 90))
        #expect(list.visible.isEmpty)
        // Row 1 takes row 8's login address, in other letters: both are duplicates now.
        list.update(Self.row("1", email: "Login@acme.com", lastLogin: Self.today - 10))
        #expect(list.visible.map { list.rows[Int($0)].id } == ["1", "8"])
        // A new page bringing a third holder of that address.
        list.add([Self.row("9", email: "login@acme.com")])
        #expect(list.visible.map { list.rows[Int($0)].id } == ["1", "8", "9"])
        // A row read again with the same address is not its own duplicate.
        list.update(Self.rows[5])
        list.update(Self.rows[5])
        #expect(list.visible.map { list.rows[Int($0)].id } == ["1", "8", "9"])
        // One of three leaves: the other two still share it.
        list.update(Self.row("9", email: "nine@acme.com"))
        #expect(list.visible.map { list.rows[Int($0)].id } == ["1", "8"])
    }

    @Test func theListAgreesWithTheReferenceMatcher() throws {
        var list = UserList()
        // In pages out of order, the duplicate pair (4, 5) split across two of them.
        let r = Self.rows
        list.add([r[0], r[3]])
        list.add([r[1], r[2], r[4]])
        list.add([r[5], r[6], r[7]])
        list.setClock(epochSeconds: Self.now)
        let queries = ["is:disabled", "-is:enabled", "has:email", "no:email", "login:saml", "login:totp", "domain:acme.com",
                       "-domain:acme.com", "domain:nowhere.com", "-domain:nowhere.com", "never-logged-in", "forced-reset",
                       "-forced-reset", "dup:email", "-dup:email", "last-login:<90d", "-last-login:<90d", "last-login:>1w",
                       "last-login:<2026-01-01", "ann is:enabled", "user -1", "\"user 1\" -is:disabled has:email"]
        for text in queries {
            list.setFilter(text)
            #expect(list.filterError == nil)
            #expect(list.visible.map { list.rows[Int($0)].id } == (try Self.ids(text)), "\(text)")
        }
    }

    @Test func aNewDayReevaluatesRelativeTerms() {
        var list = UserList()
        list.add(Self.rows)
        list.setClock(epochSeconds: Self.now)
        list.setFilter("last-login:<90d")
        #expect(list.visible.map { list.rows[Int($0)].id } == ["1", "3", "8"])
        list.setClock(epochSeconds: Self.now + 86_400)   // row 3 is 90 days ago now
        #expect(list.visible.map { list.rows[Int($0)].id } == ["1", "8"])
    }

    @Test func addressesEqualToTheEmailShareItsStorage() {
        var row = Self.row("1", sso: "user1@acme.com")
        #expect(row.emailLogin == "user1@acme.com")
        #expect(row.ssoEmail == "user1@acme.com")
        row.ssoEmail = "sso@corp.com"
        #expect(row.emailLogin == "user1@acme.com")
        #expect(row.ssoEmail == "sso@corp.com")
        // Changing the shown email leaves the login's address as it was.
        row.email = "new@acme.com"
        #expect(row.emailLogin == "user1@acme.com")
        #expect(row.ssoEmail == "sso@corp.com")
        row.emailLogin = nil
        #expect(row.emailLogin == nil)
        #expect(row.ssoEmail == "sso@corp.com")
        row.forcedReset = true
        row.lastLoginDay = 5
        #expect(row.forcedReset == true)
        #expect(row.lastLoginDay == 5)
        row.forcedReset = nil
        row.lastLoginDay = nil
        #expect(row.forcedReset == nil)
        #expect(row.lastLoginDay == nil)
    }

    /// `YYYY-MM-DD` of an epoch day (civil-from-days).
    static func civil(_ day: Int32) -> String {
        let z = Int(day) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))"
    }
}
