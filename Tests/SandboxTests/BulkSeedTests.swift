import Foundation
import Sandbox
import Testing

/// The seeded data bulk actions and their filters need: last logins, duplicates, domains, login kinds.
@Suite("Seeded data for bulk actions")
struct BulkSeedTests {
    /// 2026-06-01T12:00:00Z.
    static let pinnedNow = Date(timeIntervalSince1970: 1_780_315_200)
    static let twoYears: TimeInterval = 730 * 86_400
    static let fields = "id,is_disabled,credentials_email(email,logged_in_at,forced_password_reset_at_next_login,account_setup_url),"
        + "credentials_saml(email,logged_in_at),credentials_google(email,logged_in_at),credentials_oidc(email,logged_in_at),credentials_ldap(email,logged_in_at)"
    static let ssoKinds = ["saml", "google", "oidc", "ldap"]

    /// Seconds since 1970 of the four spellings the sandbox writes (see `SeedTests.timestampFormats`).
    static func epoch(_ text: String) -> TimeInterval? {
        let offsets = [("Z", 0), (".000+00:00", 0), (" -0800", -8 * 3_600), (".000+05:30", 5 * 3_600 + 1_800)]
        guard let (suffix, offset) = offsets.first(where: { text.hasSuffix($0.0) }) else { return nil }
        let civil = text.dropLast(suffix.count)
        let digits = civil.split(whereSeparator: { "-: T".contains($0) }).compactMap { Int($0) }
        guard digits.count == 6, civil.count == 19 else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (digits[0], digits[1], digits[2])
        (components.hour, components.minute, components.second) = (digits[3], digits[4], digits[5])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components).map { $0.timeIntervalSince1970 - TimeInterval(offset) }
    }

    /// Every `logged_in_at` of the user's logins, parsed; nil entries for logins that never logged in.
    static func logins(_ user: JSON) -> [String?] {
        (["email"] + ssoKinds).compactMap { kind -> String?? in
            guard let credential = user["credentials_\(kind)"], !credential.isNull else { return nil }
            return .some(credential["logged_in_at"]?.string)
        }
    }

    private func seeded(users: Int = 500, seed: UInt64 = 1, now: Date = pinnedNow) async throws -> [JSON] {
        var result: [JSON] = []
        try await Harness.run({ $0.users = users; $0.seed = seed; $0.now = now }) { h in
            try await h.login()
            result = try await h.allUsers(fields: Self.fields)
        }
        return result
    }

    @Test("last logins spread over the two years before now, in the sandbox's formats; 10–15% never logged in")
    func lastLoginSpread() async throws {
        let users = try await seeded()
        let now = Self.pinnedNow.timeIntervalSince1970
        let stamps = users.flatMap(Self.logins).compactMap { $0 }
        let epochs = stamps.compactMap(Self.epoch)
        #expect(epochs.count == stamps.count, "every logged_in_at is one of the known spellings: \(stamps.filter { Self.epoch($0) == nil })")
        let oldest = try #require(epochs.min()), newest = try #require(epochs.max())
        #expect(oldest >= now - Self.twoYears && newest <= now)
        #expect(oldest < now - Self.twoYears + 60 * 86_400, "reaches back to the two-year horizon")
        #expect(newest > now - 86_400, "someone logged in today (the API admin, an hour ago)")
        let never = users.filter { Self.logins($0).allSatisfy { $0 == nil } }
        let share = Double(never.count) / Double(users.count)
        #expect((0.10...0.15).contains(share), "\(never.count) of \(users.count) never logged in")
        let stale = users.filter { user in
            let last = Self.logins(user).compactMap { $0.flatMap(Self.epoch) }.max()
            return last.map { $0 < now - 90 * 86_400 } ?? false
        }
        #expect((0.2...0.5).contains(Double(stale.count) / Double(users.count)), "not seen for 90 days: \(stale.count)")
        let formats = Set(stamps.map { stamp in ["Z", "+00:00", "-0800", "+05:30"].first { stamp.hasSuffix($0) } ?? "?" })
        #expect(formats == ["Z", "+00:00", "-0800", "+05:30"])
        // A pending account setup means no login anywhere yet.
        #expect(users.filter { $0["credentials_email"]?["account_setup_url"]?.string != nil }.allSatisfy { Self.logins($0).allSatisfy { $0 == nil } })
    }

    @Test("the same seed gives the same offsets from now; another seed gives other ones")
    func sameOffsets() async throws {
        let a = try await seeded(users: 120, now: Self.pinnedNow)
        let b = try await seeded(users: 120, now: Self.pinnedNow.addingTimeInterval(86_400 + 17))
        let c = try await seeded(users: 120, seed: 2, now: Self.pinnedNow)
        let offsetsA = a.flatMap(Self.logins).map { $0.flatMap(Self.epoch) }
        let offsetsB = b.flatMap(Self.logins).map { $0.flatMap(Self.epoch) }
        #expect(offsetsA.count == offsetsB.count && offsetsA.compactMap { $0 }.count > 80)
        #expect(zip(offsetsA, offsetsB).allSatisfy { x, y in x.map { $0 + 86_400 + 17 } == y }, "shifted with now, nothing else")
        #expect(offsetsA != c.flatMap(Self.logins).map { $0.flatMap(Self.epoch) })
    }

    @Test("disabled, forced reset, single sign-on only with an email, both, duplicates, several domains")
    func sharesForFilters() async throws {
        let users = try await seeded()
        let email = users.filter { $0["credentials_email"]?.isNull == false }
        let sso = users.filter { u in Self.ssoKinds.contains { u["credentials_\($0)"]?.isNull == false } }
        let ssoOnly = sso.filter { $0["credentials_email"]?.isNull == true }
        #expect(users.contains { $0["is_disabled"] == .bool(true) })
        #expect(email.contains { $0["credentials_email"]?["forced_password_reset_at_next_login"] == .bool(true) })
        #expect(email.contains { $0["credentials_email"]?["forced_password_reset_at_next_login"] == .bool(false) })
        #expect(ssoOnly.count >= 40, "\(ssoOnly.count) single sign-on only")
        #expect(ssoOnly.allSatisfy { u in Self.ssoKinds.contains { u["credentials_\($0)"]?["email"]?.string?.contains("@") == true } })
        #expect(sso.count - ssoOnly.count >= 25, "both kinds")

        let addresses = email.compactMap { $0["credentials_email"]?["email"]?.string }
        let byAddress = Dictionary(grouping: addresses) { $0.lowercased() }
        let duplicated = byAddress.values.filter { $0.count > 1 }
        #expect((3...10).contains(duplicated.count), "\(duplicated)")
        #expect(duplicated.allSatisfy { Set($0).count == $0.count }, "duplicates differ in case only")
        // Some single sign-on users' addresses are already another user's email login: giving them one fails.
        let taken = ssoOnly.filter { u in
            Self.ssoKinds.contains { u["credentials_\($0)"]?["email"]?.string.map { byAddress[$0.lowercased()] != nil } == true }
        }
        #expect(!taken.isEmpty && taken.count < ssoOnly.count / 4)

        let domains = Dictionary(grouping: addresses) { String($0.split(separator: "@").last ?? "").lowercased() }.mapValues(\.count)
        let company = Double(domains["acme.com"] ?? 0) / Double(addresses.count)
        #expect((0.65...0.85).contains(company), "\(domains)")
        #expect(domains.filter { $0.key != "acme.com" && $0.value >= 10 }.count >= 3, "\(domains)")
    }

    @Test("GET /users?ids= reads a batch of users at once, skipping unknown ids")
    func idsBatch() async throws {
        try await Harness.run { h in
            try await h.login()
            let reply = try await h.get("/users", "ids=\(Harness.queryEncode("42, 7,999999,7,13"))&fields=id,credentials_email(email)")
            #expect(reply.status == 200)
            let users = try #require(reply.json().array)
            #expect(users.compactMap { $0["id"]?.string } == ["7", "13", "42"])
            #expect(users.allSatisfy { $0.keys == ["id", "credentials_email"] })
            let empty = try await h.get("/users", "ids=999998,999999").json().array
            #expect(empty?.isEmpty == true)
        }
    }
}
