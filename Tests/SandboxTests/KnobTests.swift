import Foundation
import Sandbox
import Testing
import TestSupport

@Suite("Misbehaviour knobs: rate limits, latency, faults, request log")
struct KnobTests {
    @Test("every Nth request (logins not counted) answers 429 without Retry-After by default")
    func rateLimitWithoutRetryAfter() async throws {
        try await Harness.run({ $0.rateLimitEvery = 3 }) { h in
            try await h.login()
            var statuses: [Int] = []
            var retryAfter: [String] = []
            for _ in 0..<6 {
                let reply = try await h.get("/user", "fields=id")
                statuses.append(reply.status)
                retryAfter += reply.headers["Retry-After"]
                if reply.status == 429 {
                    #expect(try reply.json()["message"] == .string("Too Many Requests"))
                    #expect(try reply.json()["documentation_url"] == .string("https://cloud.google.com/looker/docs/r/err/4.0/429/get/user"))
                }
            }
            #expect(statuses == [200, 200, 429, 200, 200, 429])
            #expect(retryAfter.isEmpty)
            try await h.login()
            #expect(try await h.get("/user").status == 200)
        }
    }

    @Test("with retryAfterSeconds set, 429 answers carry Retry-After")
    func rateLimitWithRetryAfter() async throws {
        try await Harness.run({ $0.rateLimitEvery = 2; $0.retryAfterSeconds = 7 }) { h in
            try await h.login()
            let first = try await h.get("/user")
            let second = try await h.get("/user")
            #expect(first.status == 200)
            #expect(first.headers["Retry-After"].isEmpty)
            #expect(second.status == 429)
            #expect(second.headers["Retry-After"] == ["7"])
        }
    }

    @Test("latencyMs delays every answer by at least that much")
    func latency() async throws {
        try await Harness.run({ $0.latencyMs = 250 }) { h in
            let clock = ContinuousClock()
            let start = clock.now
            try await h.login()
            let afterLogin = clock.now
            _ = try await h.get("/user")
            let end = clock.now
            #expect(afterLogin - start >= .milliseconds(250))
            #expect(end - afterLogin >= .milliseconds(250))
        }
    }

    @Test("a fault answers its status, HTML body and content type for `remaining` matching requests")
    func htmlFault() async throws {
        try await Harness.run { h in
            try await h.login()
            let html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
            await h.sandbox.inject(Fault(method: "GET", pathPattern: "/api/4.0/users/*", status: 502, body: html, remaining: 2))
            let first = try await h.get("/users/3")
            #expect(first.status == 502)
            #expect(first.text == html)
            #expect(first.headers["Content-Type"] == ["text/html; charset=utf-8"])
            #expect(try await h.get("/users/4").status == 502)
            #expect(try await h.get("/users/4").status == 200)
            // `*` matches exactly one segment.
            await h.sandbox.inject(Fault(pathPattern: "users/*", status: 503, body: "down", contentType: "text/plain", remaining: 1))
            #expect(try await h.get("/users/4/credentials_email").status != 503)
            let relative = try await h.send("PATCH", "/users/4", body: "{}")
            #expect(relative.status == 503)
            #expect(relative.text == "down")
        }
    }

    @Test("the request log, in memory and in the file, has one entry per request and never the secret or token")
    func requestLog() async throws {
        let log = try TemporaryDirectory("sandbox-log")
        defer { log.remove() }
        let path = log.file("requests.jsonl")
        try await Harness.run({ $0.requestLogPath = path }) { h in
            let token = try await h.login()
            _ = try await h.get("/users", "limit=2&fields=id")
            _ = try await h.send("PATCH", "/users/2/credentials_email", body: #"{"email":"bad"}"#)
            let logged = await h.sandbox.requests()
            #expect(logged.map(\.method) == ["POST", "GET", "PATCH"])
            #expect(logged.map(\.path) == ["/api/4.0/login", "/api/4.0/users", "/api/4.0/users/2/credentials_email"])
            #expect(logged.map(\.status) == [200, 200, 422])
            #expect(logged[0].body == "client_id=roster-sandbox&client_secret=***")
            #expect(logged[1].query == "limit=2&fields=id")
            #expect(logged[1].body == nil)
            #expect(logged[2].body == #"{"email":"bad"}"#)

            let text = try String(contentsOfFile: path, encoding: .utf8)
            let lines = text.split(separator: "\n")
            let fromFile = try lines.map { try JSONDecoder().decode(LoggedRequest.self, from: Data($0.utf8)) }
            #expect(fromFile == logged)
            #expect(!text.contains(h.sandbox.clientSecret))
            #expect(!text.contains(Harness.formEncode(h.sandbox.clientSecret)))
            #expect(!text.contains(token))

            await h.sandbox.clearRequests()
            #expect(await h.sandbox.requests().isEmpty)
        }
    }
}
