import Testing
import LookerAPI
import Sandbox

/// Paging, `fields` and search against the sandbox.
@Suite struct PagingTests {
    /// All pages of a listing, and the offsets the client asked for.
    static func collect(_ h: Harness, _ pages: UserPages) async throws -> (sizes: [Int], ids: [String], offsets: [Int]) {
        var sizes: [Int] = []
        var ids: [String] = []
        for try await page in pages {
            sizes.append(page.count)
            ids += page.map { $0.id?.rawValue ?? "?" }
        }
        let offsets = await h.sandbox.requests()
            .filter { $0.method == "GET" && $0.path.hasPrefix("/api/4.0/users") }
            .compactMap { Harness.queryValue("offset", in: $0.query).flatMap { Int($0) } }
        return (sizes, ids, offsets)
    }

    @Test func everyUserExactlyOnceWithLargePages() async throws {
        try await Harness.run(users: 2_345) { h in
            let (sizes, ids, offsets) = try await Self.collect(h, h.client.users(pageSize: 1_000, fields: "id"))
            #expect(sizes == [1_000, 1_000, 345])
            #expect(ids == (1...2_345).map(String.init))
            #expect(Set(ids).count == 2_345)
            #expect(offsets == [0, 1_000, 2_000])
            let limits = await h.sandbox.requests().filter { $0.path == "/api/4.0/users" }
                .map { Harness.queryValue("limit", in: $0.query) }
            #expect(limits == ["1000", "1000", "1000"])
        }
    }

    @Test func everyUserExactlyOnceWithTinyPages() async throws {
        try await Harness.run(users: 50) { h in
            let (sizes, ids, offsets) = try await Self.collect(h, h.client.users(pageSize: 7, fields: "id"))
            #expect(sizes == [7, 7, 7, 7, 7, 7, 7, 1])
            #expect(ids == (1...50).map(String.init))
            #expect(offsets == [0, 7, 14, 21, 28, 35, 42, 49])
        }
    }

    @Test func exactMultipleOfThePageSizeEndsOnAnEmptyPage() async throws {
        try await Harness.run(users: 21) { h in
            let (sizes, ids, offsets) = try await Self.collect(h, h.client.users(pageSize: 7, fields: "id"))
            #expect(sizes == [7, 7, 7])
            #expect(ids == (1...21).map(String.init))
            #expect(offsets == [0, 7, 14, 21])
        }
    }

    @Test func pagesAskForAStableSort() async throws {
        try await Harness.run(users: 10) { h in
            _ = try await Self.collect(h, h.client.users(pageSize: 4, fields: "id"))
            let sorts = await h.sandbox.requests().filter { $0.path == "/api/4.0/users" }
                .map { Harness.queryValue("sorts", in: $0.query) }
            #expect(sorts == ["id", "id", "id"])
        }
    }

    @Test func fieldsNarrowTheDecodedUser() async throws {
        try await Harness.run(users: 5) { h in
            let admin = try await h.client.user(id: "1", fields: "id,email")
            #expect(admin.id == "1")
            #expect(admin.email == "api-admin@acme.com")
            #expect(admin.firstName == nil)
            #expect(admin.lastName == nil)
            #expect(admin.displayName == nil)
            #expect(admin.credentialsEmail == nil)

            let full = try await h.client.user(id: "1")
            #expect(full.firstName == "API")
            #expect(full.lastName == "Admin")
            #expect(full.credentialsEmail?.email == "api-admin@acme.com")

            let logged = await h.sandbox.requests().filter { $0.path == "/api/4.0/users/1" }
            #expect(logged.map { Harness.queryValue("fields", in: $0.query) } == ["id,email", nil])
        }
    }

    @Test func nestedFieldsOfTheListViewDecode() async throws {
        try await Harness.run(users: 5) { h in
            var pages = h.client.users(pageSize: 10, fields: LookerClient.listFields).makeAsyncIterator()
            let page = try #require(try await pages.next())
            #expect(page.count == 5)
            let admin = try #require(page.first)
            #expect(admin.id == "1")
            #expect(admin.firstName == "API")
            #expect(admin.credentialsEmail?.email == "api-admin@acme.com")
            #expect(admin.credentialsEmail?.forcedPasswordResetAtNextLogin == false)
            // Not asked for inside credentials_email(...), so left out.
            #expect(admin.credentialsEmail?.createdAt == nil)
            #expect(admin.locale == nil)
        }
    }

    @Test func textSearchFindsExactlyTheMatchingUsers() async throws {
        try await Harness.run(users: 300) { h in
            var everyone: [User] = []
            for try await page in h.client.users(fields: "id,first_name,last_name,email") { everyone += page }
            #expect(everyone.count == 300)
            // A piece of someone's last name: plain letters, so no LIKE wildcard and no Unicode subtleties.
            let probe = try #require(everyone.compactMap(\.lastName)
                .first { $0.count >= 5 && $0.allSatisfy { $0.isASCII && $0.isLetter } })
            let text = String(probe.prefix(4))
            let needle = text.lowercased()
            let expected = everyone.filter { user in
                [user.firstName, user.lastName, user.email].contains { $0?.lowercased().contains(needle) == true }
            }.compactMap(\.id?.rawValue)
            #expect(!expected.isEmpty)

            await h.sandbox.clearRequests()
            var found: [String] = []
            for try await page in h.client.users(search: .text(text), pageSize: 7, fields: "id") {
                found += page.compactMap(\.id?.rawValue)
            }
            #expect(found == expected)
            let paths = Set(await h.sandbox.requests().map(\.path))
            #expect(paths == ["/api/4.0/users/search"])
        }
    }

    @Test func nonASCIISearchTextReachesTheServerIntact() async throws {
        try await Harness.run(users: 300) { h in
            var everyone: [User] = []
            for try await page in h.client.users(fields: "id,last_name") { everyone += page }
            let target = try #require(everyone.first { $0.lastName?.unicodeScalars.contains { !$0.isASCII } == true })
            let name = try #require(target.lastName)
            var found: [LookerID] = []
            for try await page in h.client.users(search: UserSearch(lastName: name), fields: "id,last_name") {
                #expect(page.allSatisfy { $0.lastName?.lowercased() == name.lowercased() })
                found += page.compactMap(\.id)
            }
            #expect(found.contains(try #require(target.id)))
        }
    }

    @Test func searchByEmailFindsOneUser() async throws {
        try await Harness.run(users: 20) { h in
            var found: [User] = []
            for try await page in h.client.users(search: UserSearch(email: "API-ADMIN@acme.com"), fields: "id,email") {
                found += page
            }
            #expect(found.map(\.id) == ["1"])
            let search = await h.sandbox.requests().first { $0.path == "/api/4.0/users/search" }
            #expect(search.flatMap { Harness.queryValue("email", in: $0.query) } == "API-ADMIN@acme.com")
            #expect(search.flatMap { Harness.queryValue("filter_or", in: $0.query) } == nil)
        }
    }
}
