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

    @Test("an email another user's login already has answers code 'duplicate', ignoring case, and changes nothing")
    func takenEmail() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await CredentialTests.userWithEmailLogin(h)
            let before = await h.sandbox.user(id: id)
            let error = try await rejected(h, #"{"email":"API-Admin@ACME.com"}"#, id: id)
            #expect(error["field"] == .string("email"))
            #expect(error["code"] == .string("duplicate"))
            #expect(error["message"] == .string("'API-Admin@ACME.com' is already in use by another user"))
            #expect(error["documentation_url"] == .string(Self.documentation))
            #expect(await h.sandbox.user(id: id) == before)
            // Keeping or re-casing one's own address is not a conflict.
            let own = try #require(before?.emailCredential?.email)
            #expect(try await h.send("PATCH", "/users/\(id)/credentials_email", body: #"{"email":"\#(own)"}"#).status == 200)
            #expect(try await h.send("PATCH", "/users/\(id)/credentials_email", body: #"{"email":"\#(own.uppercased())"}"#).status == 200)
            #expect(await h.sandbox.user(id: id)?.emailCredential?.email == own.uppercased())
            // The address the user left is free again for someone else.
            let other = try await CredentialTests.userWithEmailLogin(h, skipping: [id])
            #expect(try await h.send("PATCH", "/users/\(id)/credentials_email", body: #"{"email":"left.behind@acme.com"}"#).status == 200)
            #expect(try await h.send("PATCH", "/users/\(other)/credentials_email", body: #"{"email":"\#(own)"}"#).status == 200)
        }
    }

    @Test("POST of an address another user's email login has answers 422 duplicate; the user stays without one")
    func takenOnCreate() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await CredentialTests.userWithoutEmailLogin(h)
            let reply = try await h.send("POST", "/users/\(id)/credentials_email", body: #"{"email":"api-admin@acme.COM"}"#)
            #expect(reply.status == 422)
            let json = try reply.json()
            #expect(json["message"] == .string("Validation Failed"))
            #expect(json["errors"]?[0]?["field"] == .string("email"))
            #expect(json["errors"]?[0]?["code"] == .string("duplicate"))
            #expect(json["documentation_url"] == .string("https://cloud.google.com/looker/docs/r/err/4.0/422/post/users/:user_id/credentials_email"))
            #expect(await h.sandbox.user(id: id)?.emailCredential == nil)
        }
    }

    @Test("seeded duplicates (same address, other case) stay editable: each may keep or re-case it, or move away")
    func seededDuplicates() async throws {
        try await Harness.run { h in
            try await h.login()
            let users = try await h.allUsers(fields: "id,credentials_email(email)")
            let byAddress = Dictionary(grouping: users.filter { $0["credentials_email"]?.isNull == false }) {
                $0["credentials_email"]?["email"]?.string?.lowercased() ?? ""
            }
            let pair = try #require(byAddress.values.first { $0.count == 2 })
            let (a, b) = (try #require(pair[0]["id"]?.string), try #require(pair[1]["id"]?.string))
            let (emailA, emailB) = (try #require(pair[0]["credentials_email"]?["email"]?.string), try #require(pair[1]["credentials_email"]?["email"]?.string))
            #expect(emailA != emailB && emailA.lowercased() == emailB.lowercased())
            let patch = { (id: String, body: String) in try await h.send("PATCH", "/users/\(id)/credentials_email", body: body) }
            #expect(try await patch(a, #"{"forced_password_reset_at_next_login":true}"#).status == 200)
            #expect(try await patch(a, #"{"email":"\#(emailA)"}"#).status == 200, "keeping its own address")
            #expect(try await patch(b, #"{"email":"\#(emailB.uppercased())"}"#).status == 200, "re-casing its own address")
            #expect(try await patch(a, #"{"email":"\#(emailA.lowercased().replacingOccurrences(of: "@", with: ".moved@"))"}"#).status == 200)
            // Now b alone has the address: a may not take it back, in any case.
            let back = try await patch(a, #"{"email":"\#(emailA)"}"#)
            #expect(back.status == 422)
            #expect(try back.json()["errors"]?[0]?["code"] == .string("duplicate"))
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
