@testable import Sandbox
import Testing

@Suite("Sessions and API keys")
struct SessionTests {
    static func userWith(_ key: String, _ h: Harness) async throws -> String {
        let users = try await h.allUsers(fields: "id,\(key)(id)")
        return try #require(users.first { ($0[key]?.array?.count ?? 0) > 0 }?["id"]?.string)
    }

    @Test("GET /users/{id}/sessions answers the seeded sessions; fields honoured; the user's sessions field agrees")
    func listSessions() async throws {
        try await Harness.run { h in
            try await h.login()
            let users = try await h.allUsers(fields: "id,sessions(id)")
            let withSessions = users.filter { ($0["sessions"]?.array?.count ?? 0) > 0 }
            #expect((20...90).contains(withSessions.count), "about a quarter of 200")
            let id = try #require(withSessions.first?["id"]?.string)
            let reply = try await h.get("/users/\(id)/sessions")
            #expect(reply.status == 200)
            let sessions = try #require(try reply.json().array)
            #expect(sessions.map { $0["id"] } == withSessions.first?["sessions"]?.array?.map { $0["id"] })
            let first = try #require(sessions.first)
            for key in ["ip_address", "browser", "operating_system", "city", "state", "country", "credentials_type", "created_at", "expires_at", "url"] {
                #expect(first[key]?.string?.isEmpty == false, "\(key)")
            }
            #expect(first["extended_count"]?.number != nil)
            #expect(try await h.get("/users/\(id)/sessions", "fields=id,city").json().array?.allSatisfy { $0.keys == ["id", "city"] } == true)
            #expect(try await h.get("/users/999999/sessions").status == 404)
        }
    }

    @Test("DELETE /users/{id}/sessions/{session_id} ends the session with 204; unknown user or session → 404")
    func deleteSession() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await Self.userWith("sessions", h)
            let before = try #require(await h.sandbox.user(id: id)?.sessions)
            let target = try #require(before.first?.id)
            let reply = try await h.send("DELETE", "/users/\(id)/sessions/\(target)")
            #expect(reply.status == 204)
            #expect(reply.bytes.isEmpty)
            #expect(await h.sandbox.user(id: id)?.sessions == Array(before.dropFirst()))
            #expect(try await h.get("/users/\(id)/sessions").json().array?.count == before.count - 1)
            #expect(try await h.send("DELETE", "/users/\(id)/sessions/\(target)").status == 404)
            #expect(try await h.send("DELETE", "/users/999999/sessions/\(target)").status == 404)
        }
    }

    @Test("GET /users/{id}/credentials_api3 shows client ids, never a secret; DELETE removes a key with 204")
    func apiKeys() async throws {
        try await Harness.run({ $0.users = 400 }) { h in
            try await h.login()
            let id = try await Self.userWith("credentials_api3", h)
            let reply = try await h.get("/users/\(id)/credentials_api3")
            #expect(reply.status == 200)
            let keys = try #require(try reply.json().array)
            let key = try #require(keys.first)
            #expect(key.keys == ["can", "id", "client_id", "created_at", "is_disabled", "type", "purpose", "url"])
            #expect(key["type"] == .string("api3"))
            #expect(!reply.text.contains("secret"))
            let keyID = try #require(key["id"]?.string)
            #expect(try await h.send("DELETE", "/users/\(id)/credentials_api3/\(keyID)").status == 204)
            #expect(await h.sandbox.user(id: id)?.apiKeys.contains { $0.id == keyID } == false)
            #expect(try await h.get("/users/\(id)/credentials_api3").json().array?.count == keys.count - 1)
            #expect(try await h.send("DELETE", "/users/\(id)/credentials_api3/\(keyID)").status == 404)
            #expect(try await h.get("/users/999999/credentials_api3").status == 404)
            #expect(try await h.send("DELETE", "/users/999999/credentials_api3/1").status == 404)
        }
    }

    @Test("sessions and API keys conform to Session and CredentialsApi3, and need a token")
    func conformAndAuthenticate() async throws {
        let book = try SchemaBook.load()
        try await Harness.run { h in
            #expect(try await h.get("/users/1/sessions").status == 401)
            #expect(try await h.get("/users/1/credentials_api3").status == 401)
            #expect(try await h.send("DELETE", "/users/1/credentials_api3/1").status == 401)
            #expect(await h.sandbox.user(id: "1")?.apiKeys.count == 1)
            try await h.login()
            let id = try await Self.userWith("sessions", h)
            for session in try #require(try await h.get("/users/\(id)/sessions").json().array) {
                #expect(session.keys == Set(book.properties("Session").keys))
                #expect(book.problems(session, against: "Session") == [])
            }
            for key in try #require(try await h.get("/users/1/credentials_api3").json().array) {
                #expect(key.keys == Set(book.properties("CredentialsApi3").keys))
                #expect(book.problems(key, against: "CredentialsApi3") == [])
            }
        }
    }
}
