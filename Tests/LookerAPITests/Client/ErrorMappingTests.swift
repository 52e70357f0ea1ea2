import Testing
import LookerAPI
import Sandbox

/// How answers other than 2xx JSON become `LookerError`s.
@Suite struct ErrorMappingTests {
    /// The id of a seeded user without an email/password login, found through the API.
    static func userWithoutEmailLogin(_ h: Harness) async throws -> String {
        for try await page in h.client.users(pageSize: 100, fields: "id,credentials_email") {
            if let user = page.first(where: { $0.credentialsEmail == nil }), let id = user.id {
                return id.rawValue
            }
        }
        throw NoSuchUser()
    }

    struct NoSuchUser: Error {}

    @Test func invalidEmailIsDecodedFieldByField() async throws {
        try await Harness.run(users: 5) { h in
            let error = await failure {
                try await h.client.updateCredentialsEmail(userID: "1", WriteCredentialsEmail(email: "not-an-email"))
            }
            guard case .validation(let top, let fields)? = error else {
                Issue.record("expected .validation, got \(String(describing: error))")
                return
            }
            #expect(top.message == "Validation Failed")
            #expect(fields.count == 1)
            #expect(fields.first?.field == "email")
            #expect(fields.first?.code == "invalid")
            #expect(fields.first?.message == "'not-an-email' is not a valid email address")
            #expect(fields.first?.documentationURL?.hasSuffix("/422/patch/users/:user_id/credentials_email") == true)
            #expect(error?.status == 422)
            #expect(error?.summary == "422 validation failed: Validation Failed (email: 'not-an-email' is not a valid email address)")
            let admin = await h.sandbox.user(id: "1")
            #expect(admin?.emailCredential?.email == "api-admin@acme.com")
        }
    }

    @Test func userWithoutEmailLoginAnswersNotFound() async throws {
        try await Harness.run(users: 200) { h in
            let id = try await Self.userWithoutEmailLogin(h)
            #expect(await h.sandbox.user(id: id)?.emailCredential == nil)
            let error = await failure { try await h.client.credentialsEmail(userID: id) }
            #expect(error == .notFound(ServerMessage(
                message: "Not found",
                documentationURL: "https://cloud.google.com/looker/docs/r/err/4.0/404/get/users/:user_id/credentials_email")))
            #expect(error?.summary == "404 not found: Not found")
        }
    }

    @Test func creatingAnExistingCredentialIsAConflict() async throws {
        try await Harness.run(users: 5) { h in
            let error = await failure {
                try await h.client.createCredentialsEmail(userID: "1", WriteCredentialsEmail(email: "again@acme.com"))
            }
            guard case .conflict(let message)? = error else {
                Issue.record("expected .conflict, got \(String(describing: error))")
                return
            }
            #expect(message.message == "Resource Already Exists")
            #expect(error?.status == 409)
        }
    }

    @Test func creatingAMissingCredentialWorksThenConflicts() async throws {
        try await Harness.run(users: 200) { h in
            let id = try await Self.userWithoutEmailLogin(h)
            let created = try await h.client.createCredentialsEmail(
                userID: id, WriteCredentialsEmail(email: "fresh-login@acme.com", forcedPasswordResetAtNextLogin: true))
            #expect(created.email == "fresh-login@acme.com")
            #expect(created.forcedPasswordResetAtNextLogin == true)
            #expect(try await h.client.credentialsEmail(userID: id).email == "fresh-login@acme.com")
            let again = await failure {
                try await h.client.createCredentialsEmail(userID: id, WriteCredentialsEmail(email: "other@acme.com"))
            }
            #expect(again?.status == 409)
        }
    }

    @Test func htmlErrorPageBecomesAServerErrorWithItsHeading() async throws {
        try await Harness.run(users: 5) { h in
            await h.sandbox.inject(Fault(method: "GET", pathPattern: "user", status: 502,
                                         body: "<html><body><h1>Bad Gateway</h1><p>The upstream server did not answer in time.</p></body></html>"))
            let error = await failure { try await h.client.me() }
            #expect(error == .server(status: 502, ServerMessage(message: "Bad Gateway")))
            #expect(error?.summary == "502 server error: Bad Gateway")
        }
    }

    @Test func multiLineProxyPageUsesItsTitle() async throws {
        try await Harness.run(users: 5) { h in
            let page = """
                <html>
                <head><title>504 Gateway Time-out</title></head>
                <body>
                <center><h1>504 Gateway Time-out</h1></center>
                <hr><center>nginx</center>
                </body>
                </html>
                """
            await h.sandbox.inject(Fault(method: "PATCH", pathPattern: "users/*", status: 504, body: page))
            let error = await failure { try await h.client.updateUser(id: "2", WriteUser(isDisabled: true)) }
            #expect(error == .server(status: 504, ServerMessage(message: "504 Gateway Time-out")))
        }
    }

    @Test func inlineMarkupStaysInTheMessage() async throws {
        try await Harness.run(users: 5) { h in
            await h.sandbox.inject(Fault(method: "GET", pathPattern: "user", status: 403,
                                         body: "<html><body><p>Access <b>denied</b> by policy</p><p>ref 42</p></body></html>"))
            let error = await failure { try await h.client.me() }
            #expect(error == .forbidden(ServerMessage(message: "Access denied by policy")))
        }
    }

    @Test func garbageSuccessBodyIsUndecodable() async throws {
        try await Harness.run(users: 5) { h in
            await h.sandbox.inject(Fault(method: "GET", pathPattern: "user", status: 200,
                                         body: "this is not json\nsecond line", contentType: "text/plain"))
            let error = await failure { try await h.client.me() }
            #expect(error == .undecodable(status: 200, firstLine: "this is not json"))
            #expect(error?.status == 200)
        }
    }

    @Test func jsonErrorBodyKeepsMessageAndDocumentation() async throws {
        try await Harness.run(users: 5) { h in
            await h.sandbox.inject(Fault(method: "GET", pathPattern: "users/*", status: 403,
                                         body: #"{"message":"Denied by Looker (Google Cloud core)","documentation_url":"https://docs.example/403"}"#,
                                         contentType: "application/json"))
            let error = await failure { try await h.client.user(id: "2") }
            #expect(error == .forbidden(ServerMessage(message: "Denied by Looker (Google Cloud core)",
                                                      documentationURL: "https://docs.example/403")))
        }
    }

    @Test func unknownUserIsNotFound() async throws {
        try await Harness.run(users: 5) { h in
            let error = await failure { try await h.client.user(id: "999999") }
            #expect(error?.status == 404)
        }
    }

    @Test func badClientSecretIsALoginFailureWithoutTheSecret() async throws {
        let wrong = "wr0ng#;= secret"
        try await Harness.run(users: 5, clientSecret: wrong) { h in
            let error = await failure { try await h.client.me() }
            #expect(error == .loginFailed(baseURL: h.sandbox.baseURL))
            #expect(error?.summary == "login failed: check client_id/client_secret for \(h.sandbox.baseURL)")
            #expect(error?.summary.contains("wr0ng") == false)
            #expect(error?.summary.contains(h.sandbox.clientSecret) == false)
            #expect(String(describing: error).contains("wr0ng") == false)
            // One attempt: a refused key is not retried.
            #expect(await h.trace() == ["POST /api/4.0/login 404"])
            #expect(h.sleeps.values == [])
        }
    }

    @Test func explicitLoginReportsTheSameFailure() async throws {
        try await Harness.run(users: 5, clientSecret: "nope") { h in
            let error = await failure { try await h.client.login() }
            #expect(error == .loginFailed(baseURL: h.sandbox.baseURL))
        }
    }
}
