import Foundation
import Sandbox
import Testing
import TestSupport

@Suite("Per-endpoint rate limits")
struct EndpointLimitTests {
    /// Sends `request` until it answers something other than 429, or fails after `seconds`.
    private func untilAdmitted(seconds: Double, _ request: () async throws -> Reply) async throws -> Reply {
        var reply: Reply?
        try await Wait.until(within: .milliseconds(Int(seconds * 1_000)), interval: .milliseconds(50)) {
            reply = try await request()
            return reply?.status != 429
        }
        return try #require(reply)
    }

    @Test("spellings: ENDPOINT=N/SECONDS with known names only")
    func parsing() throws {
        let limit = try EndpointLimit(parsing: "send_password_reset=3/10")
        #expect(limit == EndpointLimit(.sendPasswordReset, requests: 3, windowSeconds: 10))
        #expect(limit.description == "send_password_reset=3/10")
        #expect(try EndpointLimit(parsing: "users=1/0.5").windowSeconds == 0.5)
        #expect(Set(EndpointLimit.Target.allCases.map(\.rawValue)) == ["send_password_reset", "password_reset", "credentials_email", "users", "login", "roles", "groups", "sessions", "credentials_api3", "user_attributes", "attribute_values", "scheduled_plans", "alerts", "folders", "dashboards", "looks"])
        for bad in ["send_password_reset", "nope=3/10", "users=0/10", "users=-1/10", "users=3/0", "users=3/x", "users=3", "=3/10", "users=3/1e9"] {
            #expect(throws: EndpointLimit.ParseError.self, "\(bad)") { try EndpointLimit(parsing: bad) }
        }
    }

    @Test("after N in the window the endpoint answers 429 with Retry-After, changes nothing, and admits again once the window frees a slot")
    func limitAndRecovery() async throws {
        try await Harness.run({ $0.endpointLimits = [EndpointLimit(.sendPasswordReset, requests: 2, windowSeconds: 1)] }) { h in
            try await h.login()
            let first = try await CredentialTests.userWithEmailLogin(h)
            let second = try await CredentialTests.userWithEmailLogin(h, skipping: [first])
            let third = try await CredentialTests.userWithEmailLogin(h, skipping: [first, second])
            let send = { (id: String) in try await h.send("POST", "/users/\(id)/credentials_email/send_password_reset") }
            #expect(try await send(first).status == 200)
            #expect(try await send(second).status == 200)
            let before = await h.sandbox.user(id: third)
            let refused = try await send(third)
            #expect(refused.status == 429)
            #expect(refused.headers["Retry-After"] == ["1"], "rounded up to a whole second, never 0")
            #expect(try refused.json()["message"] == .string("Too Many Requests"))
            #expect(try refused.json()["documentation_url"] == .string(
                "https://cloud.google.com/looker/docs/r/err/4.0/429/post/users/:user_id/credentials_email/send_password_reset"))
            #expect(await h.sandbox.user(id: third) == before, "a refused request changes nothing")
            // Other endpoints are not limited meanwhile.
            #expect(try await h.get("/users/\(third)/credentials_email").status == 200)
            #expect(try await h.get("/users/\(third)").status == 200)

            let admitted = try await untilAdmitted(seconds: 10) { try await send(third) }
            #expect(admitted.status == 200)
            #expect(admitted.headers["Retry-After"].isEmpty)
            #expect(await h.sandbox.user(id: third)?.emailCredential?.passwordResetToken != nil, "the admitted one did its work")
        }
    }

    @Test("Retry-After counts the seconds until the oldest admitted request leaves the window")
    func retryAfterValue() async throws {
        try await Harness.run({ $0.endpointLimits = [EndpointLimit(.credentialsEmail, requests: 1, windowSeconds: 30)] }) { h in
            try await h.login()
            let id = try await CredentialTests.userWithEmailLogin(h)
            #expect(try await h.get("/users/\(id)/credentials_email").status == 200)
            // Every method on the credential counts; refused ones take no slot, so the wait does not grow.
            var waits: [Int] = []
            for method in ["GET", "PATCH", "DELETE"] {
                let reply = try await h.send(method, "/users/\(id)/credentials_email", body: method == "PATCH" ? #"{"email":"moved@acme.com"}"# : nil)
                #expect(reply.status == 429, "\(method)")
                waits += reply.headers["Retry-After"].compactMap(Int.init)
            }
            #expect(waits.count == 3)
            #expect(waits.allSatisfy { (29...30).contains($0) }, "\(waits)")
            #expect(waits == waits.sorted(by: >))
            #expect(await h.sandbox.user(id: id)?.emailCredential != nil, "the refused DELETE deleted nothing")
            #expect(await h.sandbox.user(id: id)?.emailCredential?.email != "moved@acme.com")
        }
    }

    @Test("users limits PATCH /users/{id} only; login limits POST /login; both apart from rateLimitEvery")
    func usersAndLogin() async throws {
        try await Harness.run({
            $0.endpointLimits = [EndpointLimit(.users, requests: 1, windowSeconds: 60), EndpointLimit(.login, requests: 2, windowSeconds: 60)]
        }) { h in
            try await h.login()
            #expect(try await h.send("PATCH", "/users/3", body: #"{"first_name":"One"}"#).status == 200)
            let before = await h.sandbox.user(id: "4")
            let refused = try await h.send("PATCH", "/users/4", body: #"{"first_name":"Four","is_disabled":true}"#)
            #expect(refused.status == 429)
            #expect(refused.headers["Retry-After"].compactMap(Int.init).first.map { (59...60).contains($0) } == true)
            #expect(await h.sandbox.user(id: "4") == before, "a refused PATCH changes nothing")
            #expect(try await h.get("/users/4").status == 200, "reading is not limited")
            #expect(try await h.get("/users", "ids=3,4&fields=id").status == 200)

            try await h.login()
            await #expect(throws: HarnessError.self) { try await h.login() }
            let statuses = await h.sandbox.requests().filter { $0.path == "/api/4.0/login" }.map(\.status)
            #expect(statuses == [200, 200, 429])
        }
    }

    @Test("both limits at once: the every-Nth 429 takes no endpoint slot")
    func withEveryNth() async throws {
        try await Harness.run({
            $0.rateLimitEvery = 2
            $0.endpointLimits = [EndpointLimit(.passwordReset, requests: 1, windowSeconds: 60)]
        }) { h in
            try await h.login()
            let id = try await CredentialTests.userWithEmailLogin(h) // counted request 1
            let path = "/users/\(id)/credentials_email/password_reset"
            let first = try await h.send("POST", path) // counted request 2: the every-Nth 429
            #expect(first.status == 429)
            #expect(first.headers["Retry-After"].isEmpty, "the every-Nth limit sends none unless asked")
            #expect(try await h.send("POST", path).status == 200, "the slot was still free")
            let second = try await h.send("POST", path)
            #expect(second.status == 429)
            #expect(!second.headers["Retry-After"].isEmpty, "the endpoint limit always sends it")
        }
    }

    @Test("roles covers every method on /roles and /users/{id}/roles; groups covers /groups and below; each apart from the other")
    func rolesAndGroups() async throws {
        try await Harness.run({
            $0.endpointLimits = [EndpointLimit(.roles, requests: 2, windowSeconds: 60), EndpointLimit(.groups, requests: 3, windowSeconds: 60)]
        }) { h in
            try await h.login()
            #expect(try await h.get("/roles").status == 200)
            #expect(try await h.get("/users/2/roles").status == 200)
            let before = await h.sandbox.user(id: "2")
            let refused = try await h.send("PUT", "/users/2/roles", body: #"["5"]"#)
            #expect(refused.status == 429)
            #expect(!refused.headers["Retry-After"].isEmpty)
            #expect(await h.sandbox.user(id: "2") == before, "a refused PUT changes nothing")

            #expect(try await h.get("/groups").status == 200)
            #expect(try await h.get("/groups/search", "name=Sales").status == 200)
            #expect(try await h.get("/groups/2/groups").status == 200)
            #expect(try await h.get("/groups/1/users", "limit=1").status == 429)
            #expect(try await h.send("DELETE", "/groups/1/users/2").status == 429)
            #expect(await h.sandbox.user(id: "2")?.groupIDs.contains("1") == true)
            #expect(try await h.get("/users/2").status == 200, "users are not limited meanwhile")
        }
    }

    @Test("sessions, credentials_api3, user_attributes and attribute_values each cover their path and the paths below it")
    func sessionsAndKeys() async throws {
        try await Harness.run({
            $0.endpointLimits = [
                EndpointLimit(.sessions, requests: 1, windowSeconds: 60), EndpointLimit(.credentialsAPI3, requests: 1, windowSeconds: 60),
                EndpointLimit(.userAttributes, requests: 1, windowSeconds: 60), EndpointLimit(.attributeValues, requests: 1, windowSeconds: 60),
            ]
        }) { h in
            try await h.login()
            #expect(try await h.get("/users/2/sessions").status == 200)
            #expect(try await h.send("DELETE", "/users/2/sessions/8").status == 429)
            #expect(try await h.get("/users/1/credentials_api3").status == 200)
            #expect(try await h.send("DELETE", "/users/1/credentials_api3/1").status == 429)
            #expect(await h.sandbox.user(id: "1")?.apiKeys.count == 1, "a refused DELETE deletes nothing")
            #expect(try await h.get("/user_attributes").status == 200)
            #expect(try await h.get("/user_attributes/1/group_values").status == 429)
            #expect(try await h.get("/users/2/attribute_values").status == 200)
            #expect(try await h.send("PATCH", "/users/2/attribute_values/1", body: #"{"value":"x"}"#).status == 429)
            #expect(await h.sandbox.user(id: "2")?.attributeValues["1"] == nil)
            #expect(try await h.get("/users/1").status == 200)
        }
    }
}
