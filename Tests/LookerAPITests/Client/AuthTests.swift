import Testing
import LookerAPI
import Sandbox
import TestSupport

/// Logging in, renewing the token, and logging out.
@Suite struct AuthTests {
    @Test func firstCallLogsInAndTheTokenIsReused() async throws {
        try await Harness.run(users: 5) { h in
            _ = try await h.client.me()
            _ = try await h.client.user(id: "2")
            #expect(await h.trace() == [
                "POST /api/4.0/login 200",
                "GET /api/4.0/user 200",
                "GET /api/4.0/users/2 200",
            ])
            #expect(h.events.values == [.loggedIn])
            let login = await h.sandbox.requests().first
            #expect(login?.body?.contains("client_secret=***") == true)
            #expect(login?.body?.contains("client_id=roster-sandbox") == true)
        }
    }

    @Test func expiredTokenAnswers401AndTheClientLogsInAgain() async throws {
        try await Harness.run(users: 5) { h in
            _ = try await h.client.me()
            await h.sandbox.expireAllTokens()
            let me = try await h.client.me()
            #expect(me.id == "1")
            #expect(await h.trace() == [
                "POST /api/4.0/login 200",
                "GET /api/4.0/user 200",
                "GET /api/4.0/user 401",
                "POST /api/4.0/login 200",
                "GET /api/4.0/user 200",
            ])
            #expect(h.events.values == [.loggedIn, .loggedIn])
        }
    }

    @Test func a401AfterAFreshLoginIsReportedNotLooped() async throws {
        try await Harness.run(users: 5) { h in
            _ = try await h.client.me()
            await h.sandbox.inject(Fault(method: "GET", pathPattern: "user", status: 401,
                                         body: #"{"message":"Requires authentication."}"#,
                                         contentType: "application/json", remaining: 5))
            await h.sandbox.clearRequests()
            let error = await failure { try await h.client.me() }
            #expect(error == .unauthorized(ServerMessage(message: "Requires authentication.")))
            #expect(await h.trace() == [
                "GET /api/4.0/user 401",
                "POST /api/4.0/login 200",
                "GET /api/4.0/user 401",
            ])
        }
    }

    @Test func shortLivedTokensAreRenewedBeforeEveryCall() async throws {
        // With 10 s left a token counts as expired (the SDKs' 10-second lag), so each call logs in first.
        try await Harness.run(users: 5, configure: { $0.tokenTTL = 10 }) { h in
            for _ in 0..<3 { _ = try await h.client.me() }
            #expect(await h.trace() == [
                "POST /api/4.0/login 200", "GET /api/4.0/user 200",
                "POST /api/4.0/login 200", "GET /api/4.0/user 200",
                "POST /api/4.0/login 200", "GET /api/4.0/user 200",
            ])
        }
    }

    @Test func longerLivedTokensAreKept() async throws {
        try await Harness.run(users: 5, configure: { $0.tokenTTL = 120 }) { h in
            for _ in 0..<3 { _ = try await h.client.me() }
            let logins = await h.sandbox.requests().filter { $0.path == "/api/4.0/login" }
            #expect(logins.count == 1)
        }
    }

    @Test func concurrentCallsShareOneLogin() async throws {
        try await Harness.run(users: 20) { h in
            let client = h.client
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for id in 1...8 {
                    group.addTask { try await client.user(id: String(id), fields: "id").id?.rawValue ?? "" }
                }
                var ids: [String] = []
                for try await id in group { ids.append(id) }
                return ids
            }
            #expect(ids.sorted() == (1...8).map(String.init).sorted())
            let logins = await h.sandbox.requests().filter { $0.path == "/api/4.0/login" }
            #expect(logins.count == 1)
        }
    }

    @Test func shutdownLogsOut() async throws {
        var options = SandboxOptions()
        options.users = 5
        let sandbox = try await Sandbox.start(options)
        let client = Harness.makeClient(for: sandbox, sleeps: Recorder(), events: Recorder())
        _ = try? await client.me()
        await client.shutdown()
        let trace = await sandbox.requests().map { "\($0.method) \($0.path) \($0.status)" }
        await sandbox.stop()
        #expect(trace == ["POST /api/4.0/login 200", "GET /api/4.0/user 200", "DELETE /api/4.0/logout 204"])
    }
}
