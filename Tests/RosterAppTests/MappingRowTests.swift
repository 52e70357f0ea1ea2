import Foundation
import LookerAPI
import RosterApp
import RosterServices
import RosterCore
import Sandbox
import Testing

/// `Mapping.row` over real pages from the sandbox: the list's own request (`listFields`) carries
/// everything the filter's qualifiers need, so its rows equal rows built from every field.
@Suite struct MappingRowTests {
    @Test func theListRequestGivesTheSameRowsAsEveryField() async throws {
        // The bulk tests' harness: a sandbox and a read-only client, torn down together.
        try await BulkHarness.run(users: 200, readOnly: true) { h in
            let client = h.client
            let listed = try await client.usersPage(search: nil, limit: 200, offset: 0, fields: LookerClient.listFields, sorts: "id")
            let full = try await client.usersPage(search: nil, limit: 200, offset: 0, fields: nil, sorts: "id")
            #expect(listed.count == 200)
            #expect(listed.map(Mapping.row) == full.map(Mapping.row))

            let rows = listed.map(Mapping.row)
            // The access fields come with the list: role and group ids, sessions, API keys.
            for (user, row) in zip(full, rows) {
                #expect(row.roleIDs == (user.roleIDs ?? []).map(\.rawValue))
                #expect(row.groupIDs == (user.groupIDs ?? []).map(\.rawValue))
                #expect(row.hasSession == !(user.sessions ?? []).isEmpty)
                #expect(row.hasAPIKey == !(user.credentialsApi3 ?? []).isEmpty)
            }
            #expect(rows.contains { !$0.roleIDs.isEmpty } && rows.contains { $0.groupIDs.count > 1 })
            #expect(rows.contains { $0.hasSession == true } && rows.contains { $0.hasSession == false })
            #expect(rows.contains { $0.hasAPIKey == true } && rows.contains { $0.hasAPIKey == false })
            // Not vacuous: the seeded users have each kind of value.
            #expect(rows.contains { $0.lastLoginDay != nil })
            #expect(rows.contains { $0.lastLoginDay == nil })
            #expect(rows.contains { $0.forcedReset == true })
            #expect(rows.contains { $0.emailLogin == nil && $0.ssoEmail != nil })
            for (user, row) in zip(full, rows) {
                #expect(row.emailLogin == user.credentialsEmail?.email)
                #expect(row.forcedReset == user.credentialsEmail?.forcedPasswordResetAtNextLogin)
                // Every timestamp spelling the sandbox sends parses.
                let stamps = [user.credentialsEmail?.loggedInAt, user.credentialsSaml?.loggedInAt, user.credentialsGoogle?.loggedInAt,
                              user.credentialsOidc?.loggedInAt, user.credentialsLdap?.loggedInAt].compactMap { $0 }
                for stamp in stamps { #expect(LoginTime.epochDay(from: stamp) != nil, "\(stamp)") }
                #expect((row.lastLoginDay != nil) == !stamps.isEmpty)
            }
        }
    }

    @Test func aTimestampFromEachCredentialCountsAndTheLatestWins() {
        let user = User(credentialsEmail: CredentialsEmail(email: "a@acme.com", loggedInAt: "2024-03-02T10:11:12Z"),
                        credentialsSaml: CredentialsSaml(email: "a@corp.com", loggedInAt: "2025-01-01 23:30:00 -0800"),
                        email: "a@acme.com", id: LookerID("7"))
        let row = Mapping.row(user)
        #expect(row.lastLoginDay == LoginTime.epochDay(from: "2025-01-02"))   // 23:30 in California is the 2nd in UTC
        #expect(row.emailLogin == "a@acme.com")
        #expect(row.ssoEmail == "a@corp.com")
        #expect(row.logins == ["email", "saml"])
        // Fields that were not asked for are not known, and say so.
        #expect(row.roleIDs.isEmpty && row.groupIDs.isEmpty && row.hasSession == nil && row.hasAPIKey == nil)
    }

    @Test func theAccessFieldsFillTheRow() {
        let user = User(credentialsApi3: [CredentialsApi3(id: LookerID("9"))], email: "a@acme.com",
                        groupIDs: [LookerID("1"), LookerID("g-7")], id: LookerID("7"),
                        roleIDs: [LookerID("2"), LookerID("30")], sessions: [])
        let row = Mapping.row(user)
        #expect(row.roleIDs == ["2", "30"])
        #expect(row.groupIDs == ["1", "g-7"])
        #expect(row.hasSession == false)
        #expect(row.hasAPIKey == true)
        #expect(LookerClient.listFields.hasSuffix(",credentials_api3(id),credentials_totp(verified),role_ids,group_ids,sessions(id)"))
    }
}
