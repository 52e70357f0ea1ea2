import Foundation
@testable import Sandbox
import Testing

@Suite("Seeded data")
struct SeedTests {
    private static let stableFields = "id,first_name,last_name,email,is_disabled,locale,role_ids,group_ids,"
        + "roles_externally_managed,allow_direct_roles,allow_normal_group_membership,sessions(id,ip_address,city,created_at),"
        + "credentials_email(email,created_at,logged_in_at,forced_password_reset_at_next_login,password_reset_url_expired),"
        + "credentials_saml(email,saml_user_id),credentials_google(email,google_user_id),credentials_oidc(oidc_user_id),"
        + "credentials_ldap(ldap_id),credentials_totp(verified,created_at)"

    private func firstFifty(seed: UInt64) async throws -> (json: [UInt8], users: [SandboxUser]) {
        var result: ([UInt8], [SandboxUser]) = ([], [])
        try await Harness.run({ $0.seed = seed; $0.now = BulkSeedTests.pinnedNow }) { h in
            try await h.login()
            let reply = try await h.get("/users", "limit=50&sorts=id&fields=" + Harness.queryEncode(Self.stableFields))
            var users: [SandboxUser] = []
            for id in 1...50 { users.append(try #require(await h.sandbox.user(id: String(id)))) }
            result = (reply.bytes, users)
        }
        return result
    }

    @Test("the same seed gives the same first 50 users; another seed gives different ones")
    func determinism() async throws {
        let a = try await firstFifty(seed: 7)
        let b = try await firstFifty(seed: 7)
        let c = try await firstFifty(seed: 8)
        #expect(a.json.count > 5_000)
        #expect(a.json == b.json)
        #expect(a.users == b.users)
        #expect(a.json != c.json)
        #expect(a.users.dropFirst() != c.users.dropFirst())
    }

    @Test("SplitMix64 produces the reference sequence, so seeds mean the same on every platform")
    func generatorReference() {
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(rng.next() == 0x06C4_5D18_8009_454F)
    }

    @Test("timestamps are written in several real-world formats")
    func timestampFormats() {
        let epoch: Int64 = 1_709_374_272 // 2024-03-02T10:11:12Z
        #expect(TimestampStyle.isoMillisUTC.format(epoch) == "2024-03-02T10:11:12.000+00:00")
        #expect(TimestampStyle.spacedPacific.format(epoch) == "2024-03-02 02:11:12 -0800")
        #expect(TimestampStyle.isoZulu.format(epoch) == "2024-03-02T10:11:12Z")
        #expect(TimestampStyle.isoMillisIndia.format(epoch) == "2024-03-02T15:41:12.000+05:30")
    }

    @Test("the population mixes email, single sign-on, both and no login, disabled users and pending setups")
    func populationMix() async throws {
        try await Harness.run({ $0.users = 2_000 }) { h in
            try await h.login()
            let users = try await h.allUsers(fields: "id,is_disabled,credentials_email(account_setup_url,forced_password_reset_at_next_login),credentials_saml(type),credentials_google(type),credentials_oidc(type),credentials_ldap(type),credentials_totp(type)")
            let hasEmail = users.filter { $0["credentials_email"]?.isNull == false }
            let hasSSO = users.filter { u in ["saml", "google", "oidc", "ldap"].contains { u["credentials_\($0)"]?.isNull == false } }
            let ssoIDs = Set(hasSSO.compactMap { $0["id"]?.string })
            let emailIDs = Set(hasEmail.compactMap { $0["id"]?.string })
            let none = users.count - emailIDs.union(ssoIDs).count
            func percent(_ n: Int) -> Double { Double(n) * 100 / Double(users.count) }
            #expect((80...90).contains(percent(emailIDs.count)))
            #expect((9...16).contains(percent(ssoIDs.subtracting(emailIDs).count)))
            #expect((6...14).contains(percent(ssoIDs.intersection(emailIDs).count)))
            #expect((1.5...5).contains(percent(none)))
            #expect((3...7).contains(percent(users.filter { $0["is_disabled"] == .bool(true) }.count)))
            #expect(hasEmail.contains { $0["credentials_email"]?["account_setup_url"]?.string != nil })
            #expect(hasEmail.contains { $0["credentials_email"]?["forced_password_reset_at_next_login"] == .bool(true) })
            #expect(users.contains { $0["credentials_totp"]?.isNull == false })
            for kind in ["saml", "google", "oidc", "ldap"] {
                #expect(users.contains { $0["credentials_\(kind)"]?.isNull == false })
            }
        }
    }

    @Test("names come from many scripts: accented, combining marks, CJK")
    func nameVariety() async throws {
        try await Harness.run({ $0.users = 2_000 }) { h in
            try await h.login()
            let names = try await h.allUsers(fields: "first_name,last_name").flatMap { [$0["first_name"]?.string, $0["last_name"]?.string] }.compactMap { $0 }
            #expect(names.contains { $0.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } })
            #expect(names.contains { $0.unicodeScalars.contains { (0x0300...0x036F).contains($0.value) } })
            #expect(names.contains { $0.unicodeScalars.contains { (0x00C0...0x017F).contains($0.value) } })
            #expect(names.contains { $0.unicodeScalars.contains { (0xAC00...0xD7AF).contains($0.value) } })
        }
    }

    @Test("hostile names appear only when asked for, intact through JSON")
    func hostileNames() async throws {
        let markers: [String] = ["\u{1b}[2J", "\u{1b}]52;c;", "\u{7}", "\r", "\u{9b}", "\u{202E}", "\u{200B}", "👨‍👩‍👧‍👦", "🇯🇵", "山田", "\"Quoted\" \\Slash", "<script>"]
        try await Harness.run({ $0.hostileNames = true }) { h in
            try await h.login()
            let names = try await h.allUsers(fields: "first_name,last_name").flatMap { [$0["first_name"]?.string, $0["last_name"]?.string] }.compactMap { $0 }
            #expect(names.count >= 2 * 200)
            for marker in markers {
                #expect(names.contains { $0.contains(marker) }, "missing \(marker.unicodeScalars.map { String($0.value, radix: 16) })")
            }
            #expect(names.contains { $0.count == 300 })
            #expect(names.contains("Nul\u{0}Byte"))
        }
        try await Harness.run { h in
            try await h.login()
            let names = try await h.allUsers(fields: "first_name,last_name").flatMap { [$0["first_name"]?.string, $0["last_name"]?.string] }.compactMap { $0 }
            #expect(!names.contains { $0.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E || $0.value == 0x200B } })
        }
    }

    @Test("a share of users is locked down: roles managed externally (SAML), no direct roles, no normal group membership")
    func accessFlags() async throws {
        try await Harness.run({ $0.users = 2_000 }) { h in
            try await h.login()
            let users = try await h.allUsers(fields: "id,roles_externally_managed,allow_direct_roles,allow_normal_group_membership,credentials_saml(type)")
            let share = { (key: String, value: Bool) in users.filter { $0[key] == .bool(value) }.count }
            #expect((60...260).contains(share("allow_direct_roles", false)), "about 8%")
            #expect((60...260).contains(share("allow_normal_group_membership", false)), "about 8%")
            #expect(users.allSatisfy { ($0["roles_externally_managed"] == .bool(true)) == ($0["credentials_saml"]?.object != nil) })
            #expect(share("roles_externally_managed", true) > 0)
            let admin = try #require(users.first)
            #expect(admin["allow_direct_roles"] == .bool(true) && admin["allow_normal_group_membership"] == .bool(true))
        }
    }
}
