import AsyncHTTPClient
import Foundation
import NIOCore
import Sandbox
import Testing
import TestSupport

/// The timing faults: a body that trickles one byte a second, a request never answered, a slow logout.
/// Each must also end at once when the sandbox stops, or stopping a faulty sandbox would hang.
@Suite("Timing faults: trickle, hang, slow logout")
struct TimingFaultTests {
    /// A request to `/api/4.0` + `path` with the harness's token, not yet sent.
    static func request(_ h: Harness, _ path: String, method: String = "GET") -> HTTPClientRequest {
        var request = HTTPClientRequest(url: h.sandbox.baseURL + "/api/4.0" + path)
        request.method = .init(rawValue: method)
        if let token = h.token { request.headers.add(name: "Authorization", value: "Bearer " + token) }
        return request
    }

    @Test("a trickled body announces its length, then comes one byte a second; other paths answer at once")
    func trickle() async throws {
        try await Harness.run({ $0.tricklePaths = ["users"] }) { h in
            try await h.login()
            let clock = ContinuousClock()
            let quick = clock.now
            #expect(try await h.get("/users/2", "fields=id").status == 200)
            #expect(clock.now - quick < .milliseconds(900), "users/* is not the listing")

            let response = try await h.client.execute(Self.request(h, "/users?fields=id&limit=3"), timeout: .seconds(30))
            #expect(response.status.code == 200)
            let length = Int(response.headers.first(name: "Content-Length") ?? "") ?? 0
            #expect(length > 10, "the whole length is announced")
            var arrivals: [ContinuousClock.Instant] = []
            var bytes: [UInt8] = []
            for try await chunk in response.body {
                bytes += chunk.readableBytesView
                for _ in 0..<chunk.readableBytes { arrivals.append(clock.now) }
                if bytes.count >= 3 { break }
            }
            #expect(bytes.prefix(3) == Array("[{\"".utf8)[...])
            let spread = arrivals[2] - arrivals[0]
            print("trickle: 3 bytes over \(spread)")
            #expect(spread >= .milliseconds(1_500) && spread < .seconds(5), "two gaps of about a second: \(spread)")
        }
    }

    @Test("a hung request is logged with status 0 and never answered; other paths still answer")
    func hang() async throws {
        try await Harness.run({ $0.hangPaths = ["user"] }) { h in
            try await h.login()
            let clock = ContinuousClock()
            let start = clock.now
            do {
                _ = try await h.client.execute(Self.request(h, "/user"), timeout: .seconds(1))
                Issue.record("a hung request was answered")
            } catch {
                #expect(error as? HTTPClientError == .deadlineExceeded, "\(error)")
            }
            #expect(clock.now - start >= .milliseconds(900))
            #expect(try await h.get("/users/1", "fields=id").status == 200)
            let logged = await h.sandbox.requests().map { "\($0.method) \($0.path) \($0.status)" }
            #expect(logged == ["POST /api/4.0/login 200", "GET /api/4.0/user 0", "GET /api/4.0/users/1 200"])
        }
    }

    @Test("DELETE /logout is answered after logoutDelayMs; other requests are not delayed")
    func slowLogout() async throws {
        try await Harness.run({ $0.logoutDelayMs = 800 }) { h in
            try await h.login()
            let clock = ContinuousClock()
            let quick = clock.now
            #expect(try await h.get("/user", "fields=id").status == 200)
            #expect(clock.now - quick < .milliseconds(700))
            let start = clock.now
            let reply = try await h.send("DELETE", "/logout")
            let took = clock.now - start
            #expect(reply.status == 204)
            #expect(took >= .milliseconds(800) && took < .seconds(5), "logout took \(took)")
            #expect(try await h.get("/user").status == 401, "the token is gone once logout answered")
        }
    }

    @Test("stopping ends trickled and hung answers at once")
    func stopDoesNotWaitForFaults() async throws {
        var options = SandboxOptions()
        options.users = 50
        options.tricklePaths = ["users"]
        options.hangPaths = ["user"]
        let sandbox = try await Sandbox.start(options)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let h = Harness(sandbox: sandbox, client: client)
        try await h.login()
        let hung = Task { try await client.execute(Self.request(h, "/user"), timeout: .seconds(60)) }
        let trickled = try await client.execute(Self.request(h, "/users"), timeout: .seconds(60))
        #expect(trickled.status.code == 200)
        // Wait (bounded) until the hung request has reached the sandbox.
        let clock = ContinuousClock()
        try await Wait.until(within: .seconds(10)) { await sandbox.requests().contains { $0.status == 0 } }
        #expect(await sandbox.requests().contains { $0.path == "/api/4.0/user" && $0.status == 0 })
        let start = clock.now
        await sandbox.stop()
        let took = clock.now - start
        print("stop with a trickle and a hang in flight: \(took)")
        #expect(took < .seconds(3), "stop took \(took)")
        var received = 0
        do {
            for try await chunk in trickled.body { received += chunk.readableBytes }
        } catch {}
        let length = Int(trickled.headers.first(name: "Content-Length") ?? "") ?? 0
        #expect(received < length, "the trickled body was cut short")
        hung.cancel()
        _ = await hung.result
        try await client.shutdown()
    }
}
