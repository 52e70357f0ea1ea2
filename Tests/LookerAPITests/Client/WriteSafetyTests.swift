import Foundation
import Testing
import LookerAPI
import Sandbox
import TestSupport

/// Read-only mode refuses before sending, and write bodies carry only writable keys.
@Suite struct WriteSafetyTests {
    /// A logged JSON body as a dictionary, for comparisons that do not depend on key order.
    static func json(_ body: String?) -> NSDictionary? {
        guard let data = body?.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? NSDictionary
    }

    @Test func readOnlyClientRefusesEveryMutationBeforeSending() async throws {
        try await Harness.run(users: 5, readOnly: true) { h in
            let c = h.client
            #expect(c.readOnly)
            _ = try await c.me()
            var pages = c.users(pageSize: 10, fields: "id").makeAsyncIterator()
            #expect(try await pages.next()?.count == 5)

            let calls: [(String, () async throws -> Void)] = [
                ("PATCH /users/2", { _ = try await c.updateUser(id: "2", WriteUser(isDisabled: true)) }),
                ("PATCH /users/2/credentials_email",
                 { _ = try await c.updateCredentialsEmail(userID: "2", WriteCredentialsEmail(email: "x@acme.com")) }),
                ("POST /users/2/credentials_email",
                 { _ = try await c.createCredentialsEmail(userID: "2", WriteCredentialsEmail(email: "x@acme.com")) }),
                ("DELETE /users/2/credentials_email", { try await c.deleteCredentialsEmail(userID: "2") }),
                ("POST /users/2/credentials_email/password_reset",
                 { _ = try await c.createPasswordReset(userID: "2", expires: true) }),
                ("POST /users/2/credentials_email/send_password_reset",
                 { _ = try await c.sendPasswordReset(userID: "2") }),
            ]
            var refused: [String] = []
            for (name, call) in calls {
                let error = await failure(of: call)
                if case .readOnly(let method, let path)? = error {
                    refused.append("\(method) \(path)")
                } else {
                    Issue.record("\(name) failed with \(String(describing: error)) instead of .readOnly")
                }
            }
            #expect(refused == calls.map(\.0))
            await c.shutdown()

            // Every call was answered or refused, the client is shut down: a marker completes the log.
            let seen = try #require(try await h.sandbox.requestsBeforeMarker())
            #expect(seen.filter(\.mayChange) == [])
            #expect(seen.map(\.method) == ["POST", "GET", "GET", "DELETE"])
            #expect(await h.sandbox.user(id: "2")?.isDisabled == false)
        }
    }

    @Test func readOnlyRefusalSummaryNamesTheCall() {
        let error = LookerError.readOnly(method: "PATCH", path: "/users/7/credentials_email")
        #expect(error.summary == "refused in read-only mode: PATCH /users/7/credentials_email")
        #expect(error.status == nil)
    }

    @Test func credentialPatchCarriesOnlyTheEmail() async throws {
        try await Harness.run(users: 5) { h in
            let updated = try await h.client.updateCredentialsEmail(userID: "1", WriteCredentialsEmail(email: "admin@new.example"))
            #expect(updated.email == "admin@new.example")
            let patch = try #require(await h.sandbox.requests().first { $0.method == "PATCH" })
            #expect(patch.path == "/api/4.0/users/1/credentials_email")
            #expect(patch.body == #"{"email":"admin@new.example"}"#)
            #expect(await h.sandbox.user(id: "1")?.emailCredential?.email == "admin@new.example")
        }
    }

    @Test func credentialPatchCarriesOnlyTheFlag() async throws {
        try await Harness.run(users: 5) { h in
            _ = try await h.client.updateCredentialsEmail(userID: "1", WriteCredentialsEmail(forcedPasswordResetAtNextLogin: true))
            let patch = try #require(await h.sandbox.requests().first { $0.method == "PATCH" })
            #expect(patch.body == #"{"forced_password_reset_at_next_login":true}"#)
            #expect(await h.sandbox.user(id: "1")?.emailCredential?.forcedPasswordResetAtNextLogin == true)
        }
    }

    @Test func credentialPatchWithBothKeysCarriesExactlyThose() async throws {
        try await Harness.run(users: 5) { h in
            _ = try await h.client.updateCredentialsEmail(
                userID: "1", WriteCredentialsEmail(email: "both@acme.com", forcedPasswordResetAtNextLogin: false))
            let patch = try #require(await h.sandbox.requests().first { $0.method == "PATCH" })
            #expect(Self.json(patch.body) == ["email": "both@acme.com", "forced_password_reset_at_next_login": false] as NSDictionary)
        }
    }

    @Test func userPatchCarriesOnlyWhatWasSet() async throws {
        try await Harness.run(users: 5) { h in
            let user = try await h.client.updateUser(id: "2", WriteUser(isDisabled: true))
            #expect(user.isDisabled == true)
            let patch = try #require(await h.sandbox.requests().first { $0.method == "PATCH" })
            #expect(patch.path == "/api/4.0/users/2")
            #expect(patch.body == #"{"is_disabled":true}"#)
            #expect(await h.sandbox.user(id: "2")?.isDisabled == true)
        }
    }

    @Test func passwordResetSendsExpiresAndNoBody() async throws {
        try await Harness.run(users: 5) { h in
            let credential = try await h.client.createPasswordReset(userID: "1", expires: true)
            #expect(credential.passwordResetURL?.isEmpty == false)
            let post = try #require(await h.sandbox.requests().first { $0.path.hasSuffix("/password_reset") })
            #expect(post.method == "POST")
            #expect(post.query == "expires=true")
            #expect(post.body == nil || post.body == "")
        }
    }

    @Test func deletingTheCredentialRemovesIt() async throws {
        try await Harness.run(users: 5) { h in
            try await h.client.deleteCredentialsEmail(userID: "1")
            #expect(await h.sandbox.user(id: "1")?.emailCredential == nil)
            #expect(await h.trace().last == "DELETE /api/4.0/users/1/credentials_email 204")
        }
    }
}
