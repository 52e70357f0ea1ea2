import Foundation
import Sandbox
import Testing

@Suite("Login, tokens and logout")
struct AuthTests {
    @Test("login with the form-encoded keys returns a Bearer token with the configured lifetime")
    func loginSucceeds() async throws {
        try await Harness.run({ $0.tokenTTL = 1_234 }) { h in
            let body = "client_id=" + Harness.formEncode(h.sandbox.clientID)
                + "&client_secret=" + Harness.formEncode(h.sandbox.clientSecret)
            let reply = try await h.send("POST", "/login", body: body, contentType: "application/x-www-form-urlencoded", authorized: false)
            #expect(reply.status == 200)
            let json = try reply.json()
            #expect(json["token_type"] == .string("Bearer"))
            #expect(json["expires_in"] == .number(1_234))
            #expect((json["access_token"]?.string?.count ?? 0) >= 32)
        }
    }

    @Test("the default secret holds '#', ';', '=' and a space, and survives form encoding")
    func defaultSecretIsAwkward() async throws {
        let secret = SandboxOptions().clientSecret
        for character in ["#", ";", "=", " "] {
            #expect(secret.contains(character))
        }
        try await Harness.run { h in
            try await h.login()
            #expect(try await h.get("/user").status == 200)
        }
    }

    @Test("login also accepts the keys as query parameters")
    func loginWithQueryParameters() async throws {
        try await Harness.run { h in
            let query = "client_id=\(Harness.formEncode(h.sandbox.clientID))&client_secret=\(Harness.formEncode(h.sandbox.clientSecret))"
            let reply = try await h.send("POST", "/login", query: query, authorized: false)
            #expect(reply.status == 200)
        }
    }

    @Test("bad keys answer 404 Not found with a documentation URL, as Looker does")
    func loginWithBadKeys() async throws {
        try await Harness.run { h in
            let wrongSecret = "client_id=\(Harness.formEncode(h.sandbox.clientID))&client_secret=nope"
            let reply = try await h.send("POST", "/login", body: wrongSecret, contentType: "application/x-www-form-urlencoded", authorized: false)
            #expect(reply.status == 404)
            let json = try reply.json()
            #expect(json["message"] == .string("Not found"))
            #expect(json["documentation_url"] == .string("https://cloud.google.com/looker/docs/r/err/4.0/404/post/login"))
            let noKeys = try await h.send("POST", "/login", authorized: false)
            #expect(noKeys.status == 404)
        }
    }

    @Test("requests without a valid token answer 401; both 'Bearer' and 'token' schemes work")
    func tokenRequired() async throws {
        try await Harness.run { h in
            let anonymous = try await h.get("/users", "limit=1")
            #expect(anonymous.status == 401)
            #expect(try anonymous.json()["message"] == .string("Requires authentication."))
            let bogus = try await h.send("GET", "/user", authorization: "Bearer not-a-token")
            #expect(bogus.status == 401)
            let token = try await h.login()
            #expect(try await h.send("GET", "/user", authorization: "Bearer " + token).status == 200)
            #expect(try await h.send("GET", "/user", authorization: "token " + token).status == 200)
            #expect(try await h.send("GET", "/user", authorization: "Basic " + token).status == 401)
        }
    }

    @Test("after expireAllTokens the next request answers 401 and a new login works again")
    func expiredTokens() async throws {
        try await Harness.run { h in
            try await h.login()
            #expect(try await h.get("/user").status == 200)
            await h.sandbox.expireAllTokens()
            #expect(try await h.get("/user").status == 401)
            try await h.login()
            #expect(try await h.get("/user").status == 200)
        }
    }

    @Test("logout answers 204 and invalidates the token")
    func logout() async throws {
        try await Harness.run { h in
            try await h.login()
            let reply = try await h.send("DELETE", "/logout")
            #expect(reply.status == 204)
            #expect(reply.bytes.isEmpty)
            #expect(try await h.get("/user").status == 401)
        }
    }

    @Test("GET /user is the API admin, id 1")
    func me() async throws {
        try await Harness.run { h in
            try await h.login()
            let json = try await h.get("/user", "fields=id,first_name,last_name,email").json()
            #expect(json == .object([
                "id": .string("1"), "first_name": .string("API"), "last_name": .string("Admin"),
                "email": .string("api-admin@acme.com"),
            ]))
        }
    }

    @Test("unknown paths and methods answer 404")
    func unknownRoutes() async throws {
        try await Harness.run { h in
            try await h.login()
            #expect(try await h.get("/nope").status == 404)
            #expect(try await h.send("PUT", "/users/2").status == 404)
            #expect(try await h.get("/users/999999").status == 404)
        }
    }
}
