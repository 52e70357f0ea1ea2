import Foundation
import Sandbox
import Testing
import TestSupport

@Suite("Request log under concurrency")
struct RequestLogTests {
    /// Sends `count` requests at once: PATCHes of users 2... and reads in between.
    private func burst(_ h: Harness, count: Int) async throws -> [Int] {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<count {
                group.addTask {
                    let id = 2 + index % 150
                    let reply = index % 3 == 0
                        ? try await h.get("/users/\(id)", "fields=id")
                        : try await h.send("PATCH", "/users/\(id)", body: #"{"locale":"fr"}"#)
                    return reply.status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test("two sandboxes appending to one file with many requests in flight: every line whole, none lost")
    func concurrentWriters() async throws {
        let log = try TemporaryDirectory("sandbox-log")
        defer { log.remove() }
        let path = log.file("requests.jsonl")
        // A line longer than a pipe buffer's atomic size, so a split write would show.
        let longName = String(repeating: "Zoë-", count: 2_000)
        var logged: [LoggedRequest] = []
        try await Harness.run({ $0.requestLogPath = path }) { a in
            try await Harness.run({ $0.requestLogPath = path }) { b in
                try await a.login()
                try await b.login()
                async let first = try burst(a, count: 150)
                async let second = try burst(b, count: 150)
                async let long = try a.send("PATCH", "/users/3", body: #"{"first_name":"\#(longName)"}"#)
                let statuses = try await first + second
                #expect(statuses.count == 300 && statuses.allSatisfy { $0 == 200 }, "\(Set(statuses))")
                #expect(try await long.status == 200)
                logged = await a.sandbox.requests() + b.sandbox.requests()
            }
        }
        #expect(logged.count == 2 + 300 + 1)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let decoded = lines.compactMap { try? JSONDecoder().decode(LoggedRequest.self, from: Data($0.utf8)) }
        #expect(decoded.count == lines.count, "every line is one whole JSON object")
        #expect(lines.count == logged.count)
        let key = { (r: LoggedRequest) in "\(r.method) \(r.path) \(r.query) \(r.status) \(r.body ?? "-")" }
        #expect(decoded.map(key).sorted() == logged.map(key).sorted(), "the file holds exactly what was answered")
        // Enough for "exactly one PATCH per user" checks: method, path and status of each.
        let patches = decoded.filter { $0.method == "PATCH" && $0.body == #"{"locale":"fr"}"# }
        #expect(patches.count == 200 && patches.allSatisfy { $0.status == 200 && $0.path.hasPrefix("/api/4.0/users/") })
        #expect(decoded.contains { $0.body?.contains(longName) == true })
    }
}

@Suite("The request log's marker")
struct RequestLogMarkerTests {
    @Test("a marker is answered 200 and logged in its place, past the rate limit, counting toward none")
    func markerIsLoggedInOrder() async throws {
        let log = try TemporaryDirectory("sandbox-marker")
        defer { log.remove() }
        let path = log.file("requests.jsonl")
        try await Harness.run({ $0.requestLogPath = path; $0.rateLimitEvery = 2 }) { h in
            try await h.login()
            #expect(try await h.get("/users/2", "fields=id").status == 200)   // the first counted request
            let marker = try RequestLog.sendMarker(to: h.sandbox.baseURL)
            #expect(marker.hasPrefix(Sandbox.markerPathPrefix))
            #expect(try await h.get("/users/2", "fields=id").status == 429, "the marker was not counted: this is the second")
            let logged = await h.sandbox.requests()
            #expect(logged.map(\.path) == ["/api/4.0/login", "/api/4.0/users/2", marker, "/api/4.0/users/2"])
            #expect(logged.map(\.status) == [200, 200, 200, 429])
            #expect(RequestLog.read(path) == logged, "the file holds the same, in the same order")
            let before = try #require(try await h.sandbox.requestsBeforeMarker())
            #expect(before == logged.filter { !$0.isMarker }, "every request before a new marker, earlier markers left out")
            #expect(RequestLog.read(path).last?.isMarker == true)
        }
    }
}
