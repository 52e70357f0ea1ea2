import Sandbox
import Testing

@Suite("GET /users/search")
struct SearchTests {
    private static let fields = "id,first_name,last_name,email,is_disabled"

    private func search(_ h: Harness, _ query: String) async throws -> [JSON] {
        let reply = try await h.get("/users/search", "fields=\(Self.fields)&" + query)
        #expect(reply.status == 200)
        return try reply.json().array ?? []
    }

    private func idSet(_ users: [JSON]) -> Set<String> {
        Set(users.compactMap { $0["id"]?.string })
    }

    @Test("a plain value matches the whole field exactly, ignoring case")
    func exactMatch() async throws {
        try await Harness.run({ $0.users = 1_000 }) { h in
            try await h.login()
            let everyone = try await h.allUsers(fields: Self.fields)
            let expected = everyone.filter { $0["last_name"]?.string?.lowercased() == "smith" }
            let found = try await search(h, "last_name=SMITH")
            #expect(!expected.isEmpty)
            #expect(idSet(found) == idSet(expected))
            #expect(found.allSatisfy { $0["last_name"] == .string("Smith") })
        }
    }

    @Test("% matches any run and _ one character, multi-byte characters included")
    func wildcards() async throws {
        try await Harness.run({ $0.users = 1_000 }) { h in
            try await h.login()
            let everyone = try await h.allUsers(fields: Self.fields)

            let prefix = everyone.filter { $0["first_name"]?.string?.lowercased().hasPrefix("ja") == true }
            #expect(!prefix.isEmpty)
            #expect(idSet(try await search(h, "first_name=jA%25")) == idSet(prefix))

            let domain = everyone.filter { $0["email"]?.string?.hasSuffix("@globex.io") == true }
            #expect(!domain.isEmpty)
            #expect(idSet(try await search(h, "email=%25@GLOBEX.IO")) == idSet(domain))

            // One `_` is one character even when that character takes three UTF-8 bytes (王, 李, 김 ...).
            let single = everyone.filter { $0["last_name"]?.string?.unicodeScalars.count == 1 }
            #expect(!single.isEmpty)
            #expect(idSet(try await search(h, "last_name=_")) == idSet(single))

            let threeLetters = everyone.filter {
                guard let name = $0["first_name"]?.string?.lowercased() else { return false }
                return name.unicodeScalars.count == 3 && name.hasSuffix("va")
            }
            #expect(!threeLetters.isEmpty)
            #expect(idSet(try await search(h, "first_name=_VA")) == idSet(threeLetters))
        }
    }

    @Test("full_name matches 'First Last'")
    func fullName() async throws {
        try await Harness.run { h in
            try await h.login()
            let found = try await search(h, "full_name=api%20admin")
            #expect(idSet(found) == ["1"])
        }
    }

    @Test("filters combine with AND, or with OR under filter_or=true")
    func filterOr() async throws {
        try await Harness.run({ $0.users = 1_000 }) { h in
            try await h.login()
            let everyone = try await h.allUsers(fields: Self.fields)
            let isAlice = { (u: JSON) in u["first_name"]?.string?.lowercased() == "alice" }
            let isSmith = { (u: JSON) in u["last_name"]?.string?.lowercased() == "smith" }
            let both = try await search(h, "first_name=alice&last_name=smith")
            #expect(idSet(both) == idSet(everyone.filter { isAlice($0) && isSmith($0) }))
            let either = try await search(h, "first_name=alice&last_name=smith&filter_or=true")
            let expected = everyone.filter { isAlice($0) || isSmith($0) }
            #expect(expected.count > both.count)
            #expect(idSet(either) == idSet(expected))
        }
    }

    @Test("id takes a comma list read as OR")
    func idList() async throws {
        try await Harness.run { h in
            try await h.login()
            let found = try await search(h, "id=2,4,6")
            #expect(found.compactMap { $0["id"]?.string } == ["2", "4", "6"])
        }
    }

    @Test("is_disabled accepts only true and false")
    func disabledFlag() async throws {
        try await Harness.run({ $0.users = 1_000 }) { h in
            try await h.login()
            let everyone = try await h.allUsers(fields: Self.fields)
            let disabled = try await search(h, "is_disabled=true")
            #expect(!disabled.isEmpty)
            #expect(idSet(disabled) == idSet(everyone.filter { $0["is_disabled"] == .bool(true) }))
            let reply = try await h.get("/users/search", "is_disabled=yes")
            #expect(reply.status == 400)
            #expect(try await h.get("/users/search", "filter_or=1").status == 400)
        }
    }

    @Test("search pages with limit and offset in the requested order")
    func searchPaging() async throws {
        try await Harness.run({ $0.users = 1_000 }) { h in
            try await h.login()
            let all = try await search(h, "email=%25acme.com&sorts=email")
            let first = try await search(h, "email=%25acme.com&sorts=email&limit=10")
            let second = try await search(h, "email=%25acme.com&sorts=email&limit=10&offset=10")
            #expect(all.count > 20)
            #expect(first + second == Array(all.prefix(20)))
        }
    }
}
