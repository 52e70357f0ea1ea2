import AsyncHTTPClient
import Foundation
import Testing
@testable import LookerAPI
import Sandbox
import TestSupport

/// Bounded waits against the sandbox's timing faults, on the real clock: a body that trickles, a
/// request never answered, a body that stalls, retries sharing one budget, and `shutdown()` against
/// a slow logout. Each test prints what it measured.
@Suite(.serialized) struct BoundsTests {
    /// Real sleeps, short delays, no jitter: a budget of `timeout` + 0.3 + 0.6 + 1.2 s.
    static let quickRetry = RetryPolicy(maxRetries: 3, baseDelay: .milliseconds(300), jitter: 0)

    static func client(_ sandbox: Sandbox, timeout: Int, retry: RetryPolicy = quickRetry,
                       events: Recorder<ClientEvent> = Recorder()) -> LookerClient {
        let config = LookerConfig(baseURL: sandbox.baseURL, clientID: sandbox.clientID, clientSecret: sandbox.clientSecret,
                                  timeoutSeconds: timeout)
        return LookerClient(config: config, readOnly: true, retry: retry, onEvent: { events.append($0) })
    }

    /// Runs `body` with a sandbox configured by `configure`, stopping it afterwards.
    static func withSandbox(_ configure: (inout SandboxOptions) -> Void, _ body: (Sandbox) async throws -> Void) async throws {
        var options = SandboxOptions()
        options.users = 30
        configure(&options)
        let sandbox = try await Sandbox.start(options)
        do { try await body(sandbox) } catch { await sandbox.stop(); throw error }
        await sandbox.stop()
    }

    /// The port part of a base URL, for expected messages.
    static func server(_ sandbox: Sandbox) -> String { String(sandbox.baseURL.dropFirst("http://".count)) }

    /// One listing call that is expected to fail: its error and how long it took (the client is shut down).
    static func timedListing(_ client: LookerClient) async -> (LookerError?, Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        let error = await failure { try await client.usersPage(search: nil, limit: 10, offset: 0, fields: nil, sorts: "id") }
        let took = clock.now - start
        await client.shutdown()
        return (error, took)
    }

    @Test func aTricklingBodyTimesOutWithinTheTimeout() async throws {
        try await Self.withSandbox({ $0.tricklePaths = ["users"] }) { sandbox in
            let client = Self.client(sandbox, timeout: 2)
            try await client.login()
            let (error, took) = await Self.timedListing(client)
            print("trickle, timeout 2 s: failed after \(took)")
            #expect(error == .transport("\(Self.server(sandbox)): timed out after 2 s"))
            #expect(took >= .milliseconds(1_900) && took <= .seconds(2) + Self.quickRetry.backoffBudget + .seconds(1), "\(took)")
        }
    }

    @Test func aRequestNeverAnsweredTimesOutAndRetriesShareOneBudget() async throws {
        try await Self.withSandbox({ $0.hangPaths = ["users"] }) { sandbox in
            let events = Recorder<ClientEvent>()
            let client = Self.client(sandbox, timeout: 1, events: events)
            try await client.login()
            let (error, took) = await Self.timedListing(client)
            print("hang, timeout 1 s, budget 1 s + 2.1 s backoff: failed after \(took)")
            #expect(error == .transport("\(Self.server(sandbox)): timed out after 1 s"))
            // 1 s, wait 0.3 s, 1 s: a third attempt (after 0.6 s) would end past the budget of 3.1 s.
            let retries = events.values.filter { if case .retrying = $0 { true } else { false } }
            #expect(retries.count == 1)
            let hung = await sandbox.requests().filter { $0.path == "/api/4.0/users" }.map(\.status)
            #expect(hung == [0, 0])
            #expect(took >= .milliseconds(2_200) && took <= .seconds(1) + Self.quickRetry.backoffBudget + .seconds(1), "\(took)")
        }
    }

    @Test func aBodyThatStallsFailsTheAttemptBeforeTheDeadline() async throws {
        try await Self.withSandbox({ $0.tricklePaths = ["users"]; $0.trickleIntervalMs = 30_000 }) { sandbox in
            let client = Self.client(sandbox, timeout: 30)
            try await client.login()
            var request = HTTPClientRequest(url: sandbox.baseURL + "/api/4.0/users?fields=id")
            request.headers.add(name: "Authorization", value: "Bearer " + (await client.auth.currentToken() ?? ""))
            let clock = ContinuousClock()
            let start = clock.now
            let exchange = Exchange(deadline: start + .seconds(30), timeout: .seconds(30), stall: .seconds(1), limit: 1 << 20)
            var caught: (any Error)?
            do { _ = try await exchange.run(client.http, request) } catch { caught = error }
            let took = clock.now - start
            await client.shutdown()
            print("stall limit 1 s: failed after \(took)")
            #expect(caught as? Exchange.Expired == .stalled(.seconds(1)))
            #expect(client.transport.describe(caught ?? CancellationError()) == "\(Self.server(sandbox)): the answer stalled (no data for 1 s)")
            #expect(took >= .milliseconds(950) && took < .seconds(3), "\(took)")
            #expect(Exchange.stallLimit(timeout: .seconds(120)) == .seconds(10))
            #expect(Exchange.stallLimit(timeout: .seconds(5)) == .seconds(5))
        }
    }

    @Test func theDefaultBudgetIsTheTimeoutPlusEightPointFourSeconds() {
        #expect(RetryPolicy.standard.backoffBudget == .milliseconds(8_400))
        #expect(Self.quickRetry.backoffBudget == .milliseconds(2_100))
    }

    @Test func shutdownDoesNotWaitForASlowLogout() async throws {
        try await Self.withSandbox({ $0.logoutDelayMs = 3_000 }) { sandbox in
            let client = Self.client(sandbox, timeout: 10)
            try await client.login()
            let clock = ContinuousClock()
            let start = clock.now
            await client.shutdown()
            let took = clock.now - start
            print("shutdown against a 3 s logout: \(took)")
            #expect(took < .milliseconds(500), "\(took)")
            #expect(took >= .milliseconds(250), "the logout was given its budget: \(took)")
            // The logout did go out: the sandbox answers it once its delay is over.
            try await Wait.until(within: .seconds(10)) { await sandbox.requests().contains { $0.method == "DELETE" } }
            #expect(await sandbox.requests().map { "\($0.method) \($0.path) \($0.status)" }.last == "DELETE /api/4.0/logout 204")
        }
    }

    @Test func shutdownReleasesRequestsInFlightAtOnce() async throws {
        try await Self.withSandbox({ $0.hangPaths = ["users", "logout"] }) { sandbox in
            let client = Self.client(sandbox, timeout: 60)
            try await client.login()
            let call = Task { try await client.usersPage(search: nil, limit: 10, offset: 0, fields: nil, sorts: "id") }
            let clock = ContinuousClock()
            try await Wait.until(within: .seconds(10)) { await sandbox.requests().contains { $0.path == "/api/4.0/users" } }
            let start = clock.now
            await client.shutdown()
            let took = clock.now - start
            print("shutdown with a hung call and a hung logout: \(took)")
            #expect(took < .milliseconds(500), "\(took)")
            let outcome = await Task { () -> Bool in (try? await call.value) == nil }.value
            #expect(outcome, "the call in flight failed instead of hanging")
            #expect(clock.now - start < .seconds(3))
        }
    }

    @Test func shutdownWithoutLogoutIsImmediate() async throws {
        try await Self.withSandbox({ $0.logoutDelayMs = 3_000 }) { sandbox in
            let client = Self.client(sandbox, timeout: 10)
            try await client.login()
            let clock = ContinuousClock()
            let start = clock.now
            await client.shutdown(logoutBudget: .zero)
            let took = clock.now - start
            print("shutdown without logout: \(took)")
            #expect(took < .milliseconds(200), "\(took)")
            #expect(await !sandbox.requests().contains { $0.method == "DELETE" })
        }
    }
}
