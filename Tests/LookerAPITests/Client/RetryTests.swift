import Testing
import LookerAPI
import Sandbox
import TestSupport

/// Retries: 429 for every method, 503 and transport failures for GET only. The retry policy's sleep
/// records the delay and returns at once, so nothing here waits.
@Suite struct RetryTests {
    static let tooMany = Fault(method: "GET", pathPattern: "user", status: 429,
                               body: #"{"message":"Too Many Requests"}"#, contentType: "application/json")

    @Test func rateLimitHonoursRetryAfter() async throws {
        try await Harness.run(users: 5, configure: { $0.rateLimitEvery = 2; $0.retryAfterSeconds = 2 }) { h in
            _ = try await h.client.me()
            let me = try await h.client.me()
            #expect(me.id == "1")
            #expect(h.sleeps.values == [.seconds(2)])
            #expect(h.events.values == [.loggedIn, .rateLimited(retryIn: .seconds(2), attempt: 1, of: 3)])
            #expect(await h.trace() == [
                "POST /api/4.0/login 200",
                "GET /api/4.0/user 200",
                "GET /api/4.0/user 429",
                "GET /api/4.0/user 200",
            ])
        }
    }

    @Test func rateLimitWithoutRetryAfterBacksOffExponentially() async throws {
        try await Harness.run(users: 5) { h in
            var fault = Self.tooMany
            fault.remaining = 2
            await h.sandbox.inject(fault)
            let me = try await h.client.me()
            #expect(me.id == "1")
            let delays = h.sleeps.values.map(\.seconds)
            #expect(delays.count == 2)
            #expect((0.8...1.2).contains(delays.first ?? 0), "first delay \(delays)")
            #expect((1.6...2.4).contains(delays.last ?? 0), "second delay \(delays)")
            let attempts = h.events.values.compactMap { event -> Int? in
                if case .rateLimited(_, let attempt, let of) = event, of == 3 { return attempt }
                return nil
            }
            #expect(attempts == [1, 2])
        }
    }

    @Test func rateLimitGivesUpAfterThreeRetries() async throws {
        try await Harness.run(users: 5) { h in
            _ = try await h.client.me()
            var fault = Self.tooMany
            fault.remaining = 10
            await h.sandbox.inject(fault)
            await h.sandbox.clearRequests()
            let error = await failure { try await h.client.me() }
            #expect(error == .rateLimited(ServerMessage(message: "Too Many Requests")))
            #expect(await h.trace() == Array(repeating: "GET /api/4.0/user 429", count: 4))
            #expect(h.sleeps.values.count == 3)
        }
    }

    @Test func aPacedClientPassesA429OnAtOnceWithItsRetryAfter() async throws {
        try await Harness.run(users: 5, configure: { $0.rateLimitEvery = 2; $0.retryAfterSeconds = 7 }) { h in
            let sleeps = Recorder<Duration>()
            var policy = RetryPolicy.paced
            policy.sleep = { sleeps.append($0) }
            let config = LookerConfig(baseURL: h.sandbox.baseURL, clientID: h.sandbox.clientID, clientSecret: h.sandbox.clientSecret)
            let paced = LookerClient(config: config, readOnly: false, retry: policy)
            _ = try await paced.me()
            await h.sandbox.clearRequests()
            let error = await failure { try await paced.me() }
            guard case .rateLimited(let message) = error else {
                Issue.record("expected a 429, got \(String(describing: error))")
                await paced.shutdown()
                return
            }
            #expect(message.retryAfterSeconds == 7)
            #expect(await h.trace() == ["GET /api/4.0/user 429"], "not retried")
            #expect(sleeps.values.isEmpty)
            await paced.shutdown()
        }
    }

    @Test func rateLimitIsRetriedForWritesToo() async throws {
        try await Harness.run(users: 5) { h in
            await h.sandbox.inject(Fault(method: "PATCH", pathPattern: "users/*/credentials_email", status: 429,
                                         body: #"{"message":"Too Many Requests"}"#, contentType: "application/json"))
            let updated = try await h.client.updateCredentialsEmail(
                userID: "1", WriteCredentialsEmail(forcedPasswordResetAtNextLogin: true))
            #expect(updated.forcedPasswordResetAtNextLogin == true)
            let patches = await h.sandbox.requests().filter { $0.method == "PATCH" }.map(\.status)
            #expect(patches == [429, 200])
        }
    }

    @Test func serviceUnavailableIsRetriedForGet() async throws {
        try await Harness.run(users: 5) { h in
            await h.sandbox.inject(Fault(method: "GET", pathPattern: "users/*", status: 503, body: "busy", remaining: 2))
            let user = try await h.client.user(id: "3", fields: "id")
            #expect(user.id == "3")
            let statuses = await h.sandbox.requests().filter { $0.path == "/api/4.0/users/3" }.map(\.status)
            #expect(statuses == [503, 503, 200])
            #expect(h.sleeps.values.count == 2)
            let retries = h.events.values.filter { if case .retrying = $0 { true } else { false } }
            #expect(retries.count == 2)
        }
    }

    @Test func serviceUnavailableIsNotRetriedForPatch() async throws {
        try await Harness.run(users: 5) { h in
            await h.sandbox.inject(Fault(method: "PATCH", pathPattern: "users/*/credentials_email", status: 503,
                                         body: "Service Unavailable", contentType: "text/plain", remaining: 1))
            let error = await failure { try await h.client.updateCredentialsEmail(userID: "1", WriteCredentialsEmail(email: "moved@acme.com")) }
            #expect(error == .server(status: 503, ServerMessage(message: "Service Unavailable")))
            let patches = await h.sandbox.requests().filter { $0.method == "PATCH" }.map(\.status)
            #expect(patches == [503])
            #expect(h.sleeps.values == [])
            #expect(await h.sandbox.user(id: "1")?.emailCredential?.email == "api-admin@acme.com")
        }
    }

    @Test func getGivesUpAfterThreeServiceUnavailableRetries() async throws {
        try await Harness.run(users: 5) { h in
            await h.sandbox.inject(Fault(method: "GET", pathPattern: "user", status: 503, body: "busy", remaining: 10))
            let error = await failure { try await h.client.me() }
            #expect(error == .server(status: 503, ServerMessage(message: "busy")))
            let gets = await h.sandbox.requests().filter { $0.path == "/api/4.0/user" }.map(\.status)
            #expect(gets == [503, 503, 503, 503])
        }
    }

    @Test func closedPortIsATransportErrorAfterRetries() async throws {
        var options = SandboxOptions()
        options.users = 5
        let sandbox = try await Sandbox.start(options)
        let sleeps = Recorder<Duration>()
        let events = Recorder<ClientEvent>()
        let client = Harness.makeClient(for: sandbox, timeoutSeconds: 1, sleeps: sleeps, events: events)
        let loggedIn = (try? await client.me()) != nil
        // The token stays valid on the client's side; the server is gone.
        await sandbox.stop()
        let error = await failure { try await client.me() }
        await client.shutdown()
        #expect(loggedIn)
        guard case .transport(let what)? = error else {
            Issue.record("expected .transport, got \(String(describing: error))")
            return
        }
        #expect(!what.isEmpty)
        #expect(sleeps.values.count == 3)
        let retries = events.values.filter { if case .retrying = $0 { true } else { false } }
        #expect(retries.count == 3)
    }

    @Test func closedPortBeforeLoginIsATransportError() async throws {
        var options = SandboxOptions()
        options.users = 2
        let sandbox = try await Sandbox.start(options)
        let baseURL = sandbox.baseURL
        await sandbox.stop()
        let client = Harness.makeClient(baseURL: baseURL, clientID: "id", clientSecret: "secret-value", readOnly: false,
                                        timeoutSeconds: 1, sleeps: Recorder(), events: Recorder())
        let error = await failure { try await client.me() }
        await client.shutdown()
        guard case .transport(let what)? = error else {
            Issue.record("expected .transport, got \(String(describing: error))")
            return
        }
        #expect(!what.contains("secret-value"))
    }

    @Test func retryPolicyDelays() {
        let policy = RetryPolicy(maxRetries: 3, baseDelay: .seconds(1), maxDelay: .seconds(30), jitter: 0)
        #expect(policy.delay(attempt: 0, retryAfterSeconds: nil) == .seconds(1))
        #expect(policy.delay(attempt: 1, retryAfterSeconds: nil) == .seconds(2))
        #expect(policy.delay(attempt: 2, retryAfterSeconds: nil) == .seconds(4))
        #expect(policy.delay(attempt: 10, retryAfterSeconds: nil) == .seconds(30))
        #expect(policy.delay(attempt: 0, retryAfterSeconds: 2.5) == .milliseconds(2_500))
        #expect(policy.delay(attempt: 0, retryAfterSeconds: 600) == .seconds(30))
        #expect(RetryPolicy.parseRetryAfter(" 7 ") == 7)
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
        #expect(RetryPolicy.parseRetryAfter("-1") == nil)
        #expect(RetryPolicy.parseRetryAfter(nil) == nil)
    }
}
