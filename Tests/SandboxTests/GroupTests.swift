@testable import Sandbox
import Testing

@Suite("Groups")
struct GroupTests {
    /// An ordinary user whose group membership may change, outside `group`.
    static func movableUser(_ h: Harness, outside group: String) async throws -> String {
        let users = try await h.allUsers(fields: "id,group_ids,allow_normal_group_membership")
        let user = users.first {
            $0["id"] != .string("1") && $0["allow_normal_group_membership"] == .bool(true)
                && !($0["group_ids"]?.array?.contains(.string(group)) ?? true)
        }
        return try #require(user?["id"]?.string)
    }

    @Test("GET /groups lists every group with member counts that match the users' group_ids; fields, ids, limit and offset are honoured")
    func listGroups() async throws {
        try await Harness.run { h in
            try await h.login()
            let reply = try await h.get("/groups")
            #expect(reply.status == 200)
            let groups = try #require(try reply.json().array)
            #expect(groups.count == 9)
            #expect(groups.first?["name"] == .string("All Users"))
            #expect(groups.first?["include_by_default"] == .bool(true))
            #expect(groups.first?["contains_current_user"] == .bool(true))
            #expect(groups.first?["user_count"] == .number(200))
            let external = groups.filter { $0["externally_managed"] == .bool(true) }
            #expect(external.count == 2)
            #expect(external.allSatisfy { $0["external_group_id"]?.string != nil })

            let users = try await h.allUsers(fields: "id,group_ids")
            for group in groups {
                let id = try #require(group["id"]?.string)
                let members = users.filter { $0["group_ids"]?.array?.contains(.string(id)) == true }.count
                #expect(group["user_count"] == .number(Double(members)), "group \(id)")
            }
            #expect(try await h.get("/groups", "fields=id&ids=2,5").json() == .array([.object(["id": .string("2")]), .object(["id": .string("5")])]))
            #expect(try await h.get("/groups", "fields=id&limit=2&offset=3").json() == .array([.object(["id": .string("4")]), .object(["id": .string("5")])]))
            #expect(try await h.get("/groups", "limit=-1").status == 400)
        }
    }

    @Test("GET /groups/search filters by name (LIKE, case-insensitive), id and externally_managed")
    func searchGroups() async throws {
        try await Harness.run { h in
            try await h.login()
            let names = { (query: String) in
                try #require(try await h.get("/groups/search", query).json().array).compactMap { $0["name"]?.string }
            }
            #expect(try await names("name=sales%25") == ["Sales", "Sales EMEA"])
            #expect(try await names("name=Finance") == ["Finance"])
            #expect(try await names("externally_managed=true") == ["Okta Analysts", "Okta Contractors"])
            #expect(try await names("id=1&name=Finance&filter_or=true") == ["All Users", "Finance"])
            #expect(try await names("id=1&name=Finance") == [])
            #expect(try await h.get("/groups/search", "externally_managed=yes").status == 400)
        }
    }

    @Test("GET /groups/{id}/groups answers the nested groups; 404 for an unknown group")
    func nestedGroups() async throws {
        try await Harness.run { h in
            try await h.login()
            let nested = try await h.get("/groups/2/groups", "fields=id,name")
            #expect(nested.status == 200)
            #expect(try nested.json() == .array([.object(["id": .string("3"), "name": .string("Data Platform")])]))
            #expect(try await h.get("/groups/7/groups").json() == .array([]))
            let missing = try await h.get("/groups/99/groups")
            #expect(missing.status == 404)
            #expect(try missing.json()["documentation_url"] == .string("https://cloud.google.com/looker/docs/r/err/4.0/404/get/groups/:group_id/groups"))
        }
    }

    @Test("GET /groups/{id}/users answers exactly the direct members, paged like /users; 404 for an unknown group")
    func members() async throws {
        try await Harness.run { h in
            try await h.login()
            let users = try await h.allUsers(fields: "id,group_ids")
            let expected = users.filter { $0["group_ids"]?.array?.contains(.string("2")) == true }.compactMap { $0["id"]?.string }
            #expect(!expected.isEmpty)
            let reply = try await h.get("/groups/2/users", "fields=id&sorts=id")
            #expect(reply.status == 200)
            #expect(try #require(try reply.json().array).compactMap { $0["id"]?.string } == expected)
            let page = try #require(try await h.get("/groups/1/users", "fields=id&sorts=id&limit=3&offset=1").json().array)
            #expect(page.compactMap { $0["id"]?.string } == ["2", "3", "4"])
            #expect(try await h.get("/groups/99/users").status == 404)
        }
    }

    @Test("POST /groups/{id}/users adds the user and answers it; DELETE removes it with 204; group_ids follow")
    func addAndRemove() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await Self.movableUser(h, outside: "7")
            let added = try await h.send("POST", "/groups/7/users", body: #"{"user_id":"\#(id)"}"#)
            #expect(added.status == 200)
            #expect(try added.json()["id"] == .string(id))
            #expect(try added.json()["group_ids"]?.array?.contains(.string("7")) == true)
            #expect(await h.sandbox.user(id: id)?.groupIDs.contains("7") == true)
            #expect(try #require(try await h.get("/groups/7/users", "fields=id").json().array).contains(.object(["id": .string(id)])))
            // Group 7 (Finance) brings role 8.
            #expect(try RoleTests.ids(try await h.get("/users/\(id)/roles")).contains("8"))
            #expect(try await h.send("POST", "/groups/7/users", body: #"{"user_id":"\#(id)"}"#).status == 200, "adding twice is harmless")
            #expect(await h.sandbox.user(id: id)?.groupIDs.filter { $0 == "7" }.count == 1)

            let removed = try await h.send("DELETE", "/groups/7/users/\(id)")
            #expect(removed.status == 204)
            #expect(removed.bytes.isEmpty)
            #expect(await h.sandbox.user(id: id)?.groupIDs.contains("7") == false)
            #expect(try await h.get("/users/\(id)", "fields=group_ids").json()["group_ids"]?.array?.contains(.string("7")) == false)
            #expect(try await h.send("DELETE", "/groups/7/users/\(id)").status == 404, "no longer a member")
        }
    }

    @Test("membership changes: 404 for an unknown group or user, 400 for a bad body")
    func membershipProblems() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await Self.movableUser(h, outside: "7")
            #expect(try await h.send("POST", "/groups/99/users", body: #"{"user_id":"\#(id)"}"#).status == 404)
            #expect(try await h.send("POST", "/groups/7/users", body: #"{"user_id":"999999"}"#).status == 404)
            #expect(try await h.send("POST", "/groups/7/users", body: #"{"user_id":5}"#).status == 400)
            #expect(try await h.send("DELETE", "/groups/99/users/\(id)").status == 404)
            #expect(try await h.send("DELETE", "/groups/1/users/999999").status == 404)
            #expect(await h.sandbox.user(id: id)?.groupIDs.contains("7") == false)
        }
    }

    @Test("membership of an externally managed group, or of a user without normal group membership, is refused with 403")
    func refusals() async throws {
        try await Harness.run({ $0.users = 400 }) { h in
            try await h.login()
            let users = try await h.allUsers(fields: "id,group_ids,allow_normal_group_membership")
            let movable = try await Self.movableUser(h, outside: "8")
            let external = try await h.send("POST", "/groups/8/users", body: #"{"user_id":"\#(movable)"}"#)
            #expect(external.status == 403)
            #expect(try external.json()["message"]?.string?.contains("externally managed") == true)
            let member = try #require(users.first { $0["group_ids"]?.array?.contains(.string("9")) == true }?["id"]?.string)
            #expect(try await h.send("DELETE", "/groups/9/users/\(member)").status == 403)
            #expect(await h.sandbox.user(id: member)?.groupIDs.contains("9") == true)

            let locked = try #require(users.first {
                $0["allow_normal_group_membership"] == .bool(false) && $0["group_ids"]?.array?.contains(.string("7")) == false
            }?["id"]?.string)
            let before = await h.sandbox.user(id: locked)
            #expect(try await h.send("POST", "/groups/7/users", body: #"{"user_id":"\#(locked)"}"#).status == 403)
            #expect(try await h.send("DELETE", "/groups/1/users/\(locked)").status == 403)
            #expect(await h.sandbox.user(id: locked) == before)
        }
    }

    @Test("group routes need a token")
    func authentication() async throws {
        try await Harness.run { (h: Harness) async throws in
            #expect(try await h.get("/groups").status == 401)
            #expect(try await h.get("/groups/search").status == 401)
            #expect(try await h.get("/groups/1/groups").status == 401)
            #expect(try await h.get("/groups/1/users").status == 401)
            #expect(try await h.send("POST", "/groups/2/users", body: #"{"user_id":"1"}"#).status == 401)
            #expect(try await h.send("DELETE", "/groups/1/users/1").status == 401)
        }
    }
}
