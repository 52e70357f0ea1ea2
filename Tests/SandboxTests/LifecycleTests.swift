import Foundation
import Sandbox
import Testing
import TestSupport

@Suite("Starting and stopping")
struct LifecycleTests {
    @Test("start reports a loopback base URL without /api/4.0, and a busy port makes a second start throw")
    func startAndBusyPort() async throws {
        let first = try await Sandbox.start(SandboxOptions())
        let url = first.baseURL
        #expect(url.hasPrefix("http://127.0.0.1:"))
        let port = try #require(Int(url.dropFirst("http://127.0.0.1:".count)))
        #expect(port > 0)
        var options = SandboxOptions()
        options.port = port
        await #expect(throws: (any Error).self) {
            let second = try await Sandbox.start(options)
            await second.stop()
        }
        await first.stop()
    }

    @Test("stop ends waitUntilStopped")
    func stopEndsWaiting() async throws {
        let sandbox = try await Sandbox.start(SandboxOptions())
        let waiter = Task { await sandbox.waitUntilStopped(); return true }
        await sandbox.stop()
        #expect(await waiter.value)
    }

    @Test("tokens stop working once tokenTTL has passed")
    func tokenLifetime() async throws {
        try await Harness.run({ $0.tokenTTL = 1 }) { h in
            try await h.login()
            #expect(try await h.get("/user", "fields=id").status == 200)
            var status = 200
            try await Wait.until(within: .seconds(10), interval: .milliseconds(100)) {
                status = try await h.get("/user", "fields=id").status
                return status != 200
            }
            #expect(status == 401)
        }
    }
}
