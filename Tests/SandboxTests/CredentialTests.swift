@testable import Sandbox
import Testing

@Suite("Email/password credential")
struct CredentialTests {
    /// Id of a user without an email login.
    static func userWithoutEmailLogin(_ h: Harness) async throws -> String {
        let users = try await h.allUsers(fields: "id,credentials_email(email)")
        let user = users.first { $0["credentials_email"]?.isNull == true && $0["id"] != .string("1") }
        return try #require(user?["id"]?.string)
    }

    /// Id of an ordinary user with an email login, never the admin.
    static func userWithEmailLogin(_ h: Harness, skipping: Set<String> = []) async throws -> String {
        let users = try await h.allUsers(fields: "id,credentials_email(email)")
        let user = users.first {
            $0["credentials_email"]?.isNull == false && $0["id"] != .string("1") && !skipping.contains($0["id"]?.string ?? "")
        }
        return try #require(user?["id"]?.string)
    }

    @Test("a user without an email login answers 404 on GET, PATCH, DELETE and password reset")
    func missingCredential() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await Self.userWithoutEmailLogin(h)
            let path = "/users/\(id)/credentials_email"
            let get = try await h.get(path)
            #expect(get.status == 404)
            #expect(try get.json()["message"] == .string("Not found"))
            #expect(try get.json()["documentation_url"] == .string("https://cloud.google.com/looker/docs/r/err/4.0/404/get/users/:user_id/credentials_email"))
            #expect(try await h.send("PATCH", path, body: #"{"email":"x@acme.com"}"#).status == 404)
            #expect(try await h.send("DELETE", path).status == 404)
            #expect(try await h.send("POST", path + "/password_reset").status == 404)
            #expect(try await h.send("POST", path + "/send_password_reset").status == 404)
            #expect(try await h.get("/users/999999/credentials_email").status == 404)
        }
    }

    @Test("POST creates a missing credential and answers 409 when one exists")
    func createAndConflict() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await Self.userWithoutEmailLogin(h)
            let path = "/users/\(id)/credentials_email"
            let created = try await h.send("POST", path, body: #"{"email":"new.person@acme.com","forced_password_reset_at_next_login":true}"#)
            #expect(created.status == 200)
            let json = try created.json()
            #expect(json["email"] == .string("new.person@acme.com"))
            #expect(json["forced_password_reset_at_next_login"] == .bool(true))
            #expect(json["user_id"] == .string(id))
            #expect(json["type"] == .string("email"))
            #expect(json["logged_in_at"] == .null)
            #expect(try await h.get(path).status == 200)
            #expect(try await h.get("/users/\(id)", "fields=email").json()["email"] == .string("new.person@acme.com"))

            let again = try await h.send("POST", path, body: #"{"email":"other@acme.com"}"#)
            #expect(again.status == 409)
            #expect(try again.json()["message"] == .string("Resource Already Exists"))
        }
    }

    @Test("PATCH changes only email and the forced-reset flag; read-only keys are ignored")
    func patchIgnoresReadOnlyKeys() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await Self.userWithEmailLogin(h)
            let before = try #require(await h.sandbox.user(id: id))
            let path = "/users/\(id)/credentials_email"
            let body = """
            {"email":"Renamed.Person@acme.com","forced_password_reset_at_next_login":true,
             "user_id":"999","is_disabled":true,"created_at":"1999-01-01","type":"saml",
             "password_reset_url":"http://evil/","logged_in_at":"2000-01-01","url":"x","can":{"x":true}}
            """
            let reply = try await h.send("PATCH", path, body: body)
            #expect(reply.status == 200)
            let json = try reply.json()
            #expect(json["email"] == .string("Renamed.Person@acme.com"))
            #expect(json["forced_password_reset_at_next_login"] == .bool(true))
            #expect(json["user_id"] == .string(id))
            #expect(json["type"] == .string("email"))
            #expect(json["is_disabled"] == .bool(before.isDisabled))

            let after = try #require(await h.sandbox.user(id: id))
            var expected = before
            expected.emailCredential?.email = "Renamed.Person@acme.com"
            expected.emailCredential?.forcedPasswordResetAtNextLogin = true
            #expect(after == expected)
        }
    }

    @Test("DELETE answers 204, then the credential is gone")
    func delete() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await Self.userWithEmailLogin(h)
            let reply = try await h.send("DELETE", "/users/\(id)/credentials_email")
            #expect(reply.status == 204)
            #expect(try await h.get("/users/\(id)/credentials_email").status == 404)
            #expect(await h.sandbox.user(id: id)?.emailCredential == nil)
        }
    }

    @Test("password_reset makes a new URL each time and invalidates the old one")
    func passwordReset() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await Self.userWithEmailLogin(h)
            let path = "/users/\(id)/credentials_email/password_reset"
            let first = try await h.send("POST", path, query: "expires=true").json()
            let firstURL = try #require(first["password_reset_url"]?.string)
            #expect(first["password_reset_url_expired"] == .bool(false))
            #expect(firstURL.hasPrefix(h.sandbox.baseURL + "/password/reset/"))
            let second = try await h.send("POST", path, query: "expires=false").json()
            let secondURL = try #require(second["password_reset_url"]?.string)
            #expect(secondURL != firstURL)
            let stored = await h.sandbox.user(id: id)?.emailCredential
            #expect(stored?.passwordResetToken.map { h.sandbox.baseURL + "/password/reset/" + $0 } == secondURL)
            #expect(stored?.passwordResetExpiresAt == nil)
            #expect(try await h.send("POST", path, query: "expires=soon").status == 400)
        }
    }

    @Test("send_password_reset answers the credential with a live reset URL")
    func sendPasswordReset() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await Self.userWithEmailLogin(h)
            let reply = try await h.send("POST", "/users/\(id)/credentials_email/send_password_reset")
            #expect(reply.status == 200)
            let json = try reply.json()
            #expect(json["password_reset_url"]?.string?.hasPrefix(h.sandbox.baseURL + "/password/reset/") == true)
            #expect(json["password_reset_url_expired"] == .bool(false))
        }
    }

    @Test("PATCH /users/{id} changes writable fields, ignores read-only ones and rejects wrong types with 422")
    func patchUser() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await Self.userWithEmailLogin(h)
            let before = try #require(await h.sandbox.user(id: id))
            let body = #"{"first_name":"Zoë","is_disabled":true,"id":"77","email":"x@y.zz","credentials_email":{"email":"z@y.zz"},"role_ids":["1"]}"#
            let reply = try await h.send("PATCH", "/users/\(id)", body: body)
            #expect(reply.status == 200)
            let json = try reply.json()
            #expect(json["id"] == .string(id))
            #expect(json["first_name"] == .string("Zoë"))
            #expect(json["is_disabled"] == .bool(true))
            let after = try #require(await h.sandbox.user(id: id))
            #expect(after.email == before.email)
            #expect(after.roleIDs == before.roleIDs)
            #expect(after.emailCredential == before.emailCredential)

            let wrong = try await h.send("PATCH", "/users/\(id)", body: #"{"is_disabled":"yes","first_name":5}"#)
            #expect(wrong.status == 422)
            let fields = try wrong.json()["errors"]?.array?.compactMap { $0["field"]?.string }
            #expect(fields == ["first_name", "is_disabled"])
            #expect(await h.sandbox.user(id: id) == after)
            #expect(try await h.send("PATCH", "/users/\(id)", body: "not json").status == 400)
        }
    }
}
