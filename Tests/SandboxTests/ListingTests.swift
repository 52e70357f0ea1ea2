import Sandbox
import Testing

@Suite("Listing users: paging, sorts, fields")
struct ListingTests {
    private func ids(_ users: [JSON]) -> [Int] {
        users.compactMap { $0["id"]?.string.flatMap(Int.init) }
    }

    @Test("paging by 1,000 over 2,345 users returns every user exactly once, then an empty page")
    func pagingCoversEveryone() async throws {
        try await Harness.run({ $0.users = 2_345 }) { h in
            try await h.login()
            var seen: [Int] = []
            var sizes: [Int] = []
            for offset in stride(from: 0, through: 3_000, by: 1_000) {
                let page = try await h.get("/users", "limit=1000&offset=\(offset)&sorts=id&fields=id").json().array ?? []
                sizes.append(page.count)
                seen += ids(page)
            }
            #expect(sizes == [1_000, 1_000, 345, 0])
            #expect(seen == Array(1...2_345))
        }
    }

    @Test("paging in a non-unique order stays stable thanks to the id tie-break")
    func pagingByNameIsStable() async throws {
        try await Harness.run({ $0.users = 1_500 }) { h in
            try await h.login()
            let pages = try await h.allUsers(fields: "id", sorts: "last_name desc", pageSize: 100)
            #expect(pages.count == 1_500)
            #expect(Set(ids(pages)) == Set(1...1_500))
        }
    }

    @Test("sorts orders by the named fields, case-insensitively, then by id")
    func sortsByNames() async throws {
        try await Harness.run { h in
            try await h.login()
            let users = try await h.allUsers(fields: "id,first_name,last_name", sorts: "last_name, first_name desc")
            #expect(users.count == 200)
            for (a, b) in zip(users, users.dropFirst()) {
                let lastA = a["last_name"]?.string?.lowercased(), lastB = b["last_name"]?.string?.lowercased()
                if lastA != lastB {
                    // Missing last names sort first, as SQL sorts NULL.
                    #expect(lastA == nil || (lastB != nil && lastA! < lastB!))
                    continue
                }
                let firstA = a["first_name"]?.string?.lowercased(), firstB = b["first_name"]?.string?.lowercased()
                if firstA != firstB {
                    #expect(firstB == nil || (firstA != nil && firstA! > firstB!))
                } else {
                    #expect(Int(a["id"]!.string!)! < Int(b["id"]!.string!)!)
                }
            }
        }
    }

    @Test("sorts=id desc reverses; is_disabled puts enabled users first; a bad sort answers 400")
    func sortsByIDAndFlag() async throws {
        try await Harness.run { h in
            try await h.login()
            let reversed = try await h.get("/users", "fields=id&sorts=id%20desc&limit=3").json().array ?? []
            #expect(ids(reversed) == [200, 199, 198])
            let byFlag = try await h.allUsers(fields: "id,is_disabled", sorts: "is_disabled")
            let flags = byFlag.compactMap { $0["is_disabled"]?.bool }
            #expect(flags == flags.sorted { !$0 && $1 })
            #expect(flags.contains(true))
            #expect(try await h.get("/users", "sorts=password").status == 400)
            #expect(try await h.get("/users", "sorts=id%20sideways").status == 400)
        }
    }

    @Test("ids restricts GET /users to a comma list, in id order")
    func idsFilter() async throws {
        try await Harness.run { h in
            try await h.login()
            let users = try await h.get("/users", "ids=9,3,5&fields=id").json().array ?? []
            #expect(ids(users) == [3, 5, 9])
        }
    }

    @Test("fields keeps only the named keys, with nested selections and spaces after commas")
    func nestedFields() async throws {
        try await Harness.run { h in
            try await h.login()
            let user = try await h.get("/users/1", "fields=id,%20email,%20credentials_email(email,logged_in_at)").json()
            #expect(user.keys == ["id", "email", "credentials_email"])
            #expect(user["credentials_email"]?.keys == ["email", "logged_in_at"])
            #expect(user["credentials_email"]?["email"] == .string("api-admin@acme.com"))

            let whole = try await h.get("/users/1", "fields=id,credentials_email").json()
            #expect(whole["credentials_email"]?.keys.count == 14)

            let star = try await h.get("/users/1", "fields=credentials_email(*)").json()
            #expect(star.keys == ["credentials_email"])
            #expect(star["credentials_email"]?.keys.count == 14)
        }
    }

    @Test("`*` selects everything; is_iam_admin appears only when named")
    func starAndOnDemandFields() async throws {
        try await Harness.run { h in
            try await h.login()
            let full = try await h.get("/users/1").json()
            let star = try await h.get("/users/1", "fields=*").json()
            #expect(full == star)
            #expect(full["is_iam_admin"] == nil)
            #expect(full.keys.isSuperset(of: ["id", "first_name", "credentials_email", "credentials_saml", "credentials_api3", "can"]))
            let named = try await h.get("/users/1", "fields=*,is_iam_admin").json()
            #expect(named["is_iam_admin"] == .bool(true))
        }
    }

    @Test("unbalanced parentheses in fields answer 400")
    func badFields() async throws {
        try await Harness.run { h in
            try await h.login()
            #expect(try await h.get("/users/1", "fields=id,credentials_email(email").status == 400)
            #expect(try await h.get("/users", "fields=id)").status == 400)
        }
    }
}
