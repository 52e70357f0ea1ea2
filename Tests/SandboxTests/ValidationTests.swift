import Sandbox
import Testing

@Suite("422 ValidationError bodies")
struct ValidationTests {
    private static let documentation = "https://cloud.google.com/looker/docs/r/err/4.0/422/patch/users/:user_id/credentials_email"

    /// PATCHes the credential of an ordinary user and returns the 422 body's single error.
    private func rejected(_ h: Harness, _ body: String, id: String) async throws -> JSON {
        let reply = try await h.send("PATCH", "/users/\(id)/credentials_email", body: body)
        #expect(reply.status == 422)
        let json = try reply.json()
        #expect(json["message"] == .string("Validation Failed"))
        #expect(json["documentation_url"] == .string(Self.documentation))
        let errors = try #require(json["errors"]?.array)
        #expect(errors.count == 1)
        return try #require(errors.first)
    }

    @Test("an invalid email names the field, code 'invalid' and the rejected value")
    func invalidEmail() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await CredentialTests.userWithEmailLogin(h)
            let before = await h.sandbox.user(id: id)
            for bad in ["not-an-email", "a@b", "two@@acme.com", "sp ace@acme.com", "a@acme.c0m"] {
                let error = try await rejected(h, #"{"email":"\#(bad)"}"#, id: id)
                #expect(error["field"] == .string("email"))
                #expect(error["code"] == .string("invalid"))
                #expect(error["message"] == .string("'\(bad)' is not a valid email address"))
                #expect(error["documentation_url"] == .string(Self.documentation))
            }
            #expect(await h.sandbox.user(id: id) == before)
        }
    }

    @Test("a blank or null email answers code 'blank'")
    func blankEmail() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await CredentialTests.userWithEmailLogin(h)
            for body in [#"{"email":""}"#, #"{"email":"   "}"#, #"{"email":null}"#] {
                let error = try await rejected(h, body, id: id)
                #expect(error["field"] == .string("email"))
                #expect(error["code"] == .string("blank"))
                #expect(error["message"] == .string("Email can't be blank"))
            }
        }
    }

    @Test("an email another user's login already has answers code 'taken', ignoring case")
    func takenEmail() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await CredentialTests.userWithEmailLogin(h)
            let error = try await rejected(h, #"{"email":"API-Admin@ACME.com"}"#, id: id)
            #expect(error["field"] == .string("email"))
            #expect(error["code"] == .string("taken"))
            #expect(error["message"] == .string("'API-Admin@ACME.com' is already in use by another user"))
            // Keeping one's own address is not a conflict.
            let own = try #require(await h.sandbox.user(id: id)?.emailCredential?.email)
            #expect(try await h.send("PATCH", "/users/\(id)/credentials_email", body: #"{"email":"\#(own.uppercased())"}"#).status == 200)
        }
    }

    @Test("a non-boolean forced_password_reset_at_next_login answers code 'invalid' on that field")
    func nonBooleanFlag() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await CredentialTests.userWithEmailLogin(h)
            for value in [#""true""#, "1", "null", "[]"] {
                let error = try await rejected(h, #"{"forced_password_reset_at_next_login":\#(value)}"#, id: id)
                #expect(error["field"] == .string("forced_password_reset_at_next_login"))
                #expect(error["code"] == .string("invalid"))
                #expect(error["message"]?.string?.hasPrefix("forced_password_reset_at_next_login must be true or false") == true)
            }
        }
    }

    @Test("several problems come back together, one entry per field")
    func severalProblems() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await CredentialTests.userWithEmailLogin(h)
            let reply = try await h.send("PATCH", "/users/\(id)/credentials_email", body: #"{"email":"nope","forced_password_reset_at_next_login":"x"}"#)
            #expect(reply.status == 422)
            let errors = try reply.json()["errors"]?.array ?? []
            #expect(errors.map { $0["field"] } == [.string("email"), .string("forced_password_reset_at_next_login")])
            #expect(errors.map { $0["code"] } == [.string("invalid"), .string("invalid")])
        }
    }

    @Test("POST validates too: a missing email is blank")
    func postWithoutEmail() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await CredentialTests.userWithoutEmailLogin(h)
            let reply = try await h.send("POST", "/users/\(id)/credentials_email", body: "{}")
            #expect(reply.status == 422)
            let error = try reply.json()["errors"]?[0]
            #expect(error?["field"] == .string("email"))
            #expect(error?["code"] == .string("blank"))
            #expect(error?["documentation_url"] == .string("https://cloud.google.com/looker/docs/r/err/4.0/422/post/users/:user_id/credentials_email"))
        }
    }
}
