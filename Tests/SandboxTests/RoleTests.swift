@testable import Sandbox
import Testing

@Suite("Roles")
struct RoleTests {
    /// An ordinary user whose direct roles may be replaced, and who sits in a group that brings a role.
    static func userWithGroupRole(_ h: Harness, skipping: Set<String> = []) async throws -> String {
        let users = try await h.allUsers(fields: "id,group_ids,roles_externally_managed,allow_direct_roles")
        let user = users.first {
            let id = $0["id"]?.string ?? ""
            let groups = $0["group_ids"]?.array?.compactMap(\.string) ?? []
            return id != "1" && !skipping.contains(id) && $0["roles_externally_managed"] == .bool(false)
                && $0["allow_direct_roles"] == .bool(true) && groups.contains("3")
        }
        return try #require(user?["id"]?.string)
    }

    static func ids(_ reply: Reply) throws -> [String] {
        try #require(try reply.json().array).compactMap { $0["id"]?.string }
    }

    @Test("GET /roles lists the built-ins and the custom roles with their permission and model sets; fields and ids are honoured")
    func listRoles() async throws {
        try await Harness.run { h in
            try await h.login()
            let reply = try await h.get("/roles")
            #expect(reply.status == 200)
            let roles = try #require(try reply.json().array)
            #expect(roles.compactMap { $0["name"]?.string } == ["Admin", "Developer", "User", "Viewer", "Support Analyst", "Sales Explorer", "Finance Viewer"])
            let admin = try #require(roles.first)
            #expect(admin["permission_set"]?["all_access"] == .bool(true))
            #expect(admin["permission_set"]?["built_in"] == .bool(true))
            #expect(admin["model_set"]?["all_access"] == .bool(true))
            let support = try #require(roles.first { $0["name"] == .string("Support Analyst") })
            #expect(support["permission_set"]?["built_in"] == .bool(false))
            #expect(support["model_set"]?["models"] == .array([.string("support"), .string("thelook")]))
            #expect(support["permission_set"]?["permissions"]?.array?.contains(.string("explore")) == true)
            #expect(support["url"]?.string?.hasSuffix("/api/4.0/roles/6") == true)

            let narrow = try await h.get("/roles", "fields=id,model_set(name)&ids=2,7").json()
            #expect(narrow == .array([
                .object(["id": .string("2"), "model_set": .object(["name": .string("All")])]),
                .object(["id": .string("7"), "model_set": .object(["name": .string("Sales")])]),
            ]))
        }
    }

    @Test("GET /users/{id}/roles: direct roles only, or with the roles of the user's groups and the groups those sit in")
    func directAndGroupRoles() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await Self.userWithGroupRole(h)
            let user = try #require(await h.sandbox.user(id: id))
            let direct = try Self.ids(try await h.get("/users/\(id)/roles", "direct_association_only=true"))
            #expect(direct == user.roleIDs)
            // Group 3 (Data Platform) brings role 6 and sits in group 2 (Engineering), which brings role 3.
            let all = try Self.ids(try await h.get("/users/\(id)/roles", "direct_association_only=false"))
            #expect(Set(all) == Set(direct).union(["3", "6"]))
            #expect(try Self.ids(try await h.get("/users/\(id)/roles")) == all, "group roles are included by default")
            #expect(try await h.get("/users/\(id)/roles", "direct_association_only=maybe").status == 400)
            let missing = try await h.get("/users/999999/roles")
            #expect(missing.status == 404)
            #expect(try missing.json()["documentation_url"] == .string("https://cloud.google.com/looker/docs/r/err/4.0/404/get/users/:user_id/roles"))
        }
    }

    @Test("PUT /users/{id}/roles replaces the whole direct set, keeps role_ids in step, and leaves group roles alone")
    func replaceRoles() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await Self.userWithGroupRole(h)
            let put = try await h.send("PUT", "/users/\(id)/roles", body: #"["8","5","8"]"#)
            #expect(put.status == 200)
            #expect(try Self.ids(put) == ["5", "8"])
            #expect(try await h.get("/users/\(id)", "fields=role_ids").json()["role_ids"] == .array([.string("5"), .string("8")]))
            #expect(await h.sandbox.user(id: id)?.roleIDs == ["5", "8"])
            #expect(try Self.ids(try await h.get("/users/\(id)/roles", "direct_association_only=true")) == ["5", "8"])
            #expect(try Set(Self.ids(try await h.get("/users/\(id)/roles"))) == ["3", "5", "6", "8"])

            let emptied = try await h.send("PUT", "/users/\(id)/roles", body: "[]")
            #expect(emptied.status == 200)
            #expect(try emptied.json() == .array([]))
            #expect(await h.sandbox.user(id: id)?.roleIDs == [])
            let logged = await h.sandbox.requests().filter { $0.method == "PUT" }
            #expect(logged.map(\.path) == ["/api/4.0/users/\(id)/roles", "/api/4.0/users/\(id)/roles"])
            #expect(logged.map(\.status) == [200, 200])
            #expect(logged.first?.body == #"["8","5","8"]"#)
        }
    }

    @Test("PUT /users/{id}/roles: unknown role → 422 on role_ids changing nothing; bad body → 400; unknown user → 404")
    func replaceRolesProblems() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await Self.userWithGroupRole(h)
            let before = await h.sandbox.user(id: id)
            let unknown = try await h.send("PUT", "/users/\(id)/roles", body: #"["4","99"]"#)
            #expect(unknown.status == 422)
            let json = try unknown.json()
            #expect(json["message"] == .string("Validation Failed"))
            #expect(json["errors"]?[0]?["field"] == .string("role_ids"))
            #expect(json["errors"]?[0]?["message"]?.string?.contains("99") == true)
            #expect(try await h.send("PUT", "/users/\(id)/roles", body: "[4]").status == 422)
            #expect(try await h.send("PUT", "/users/\(id)/roles", body: #"{"role_ids":["4"]}"#).status == 400)
            #expect(await h.sandbox.user(id: id) == before)
            #expect(try await h.send("PUT", "/users/999999/roles", body: #"["4"]"#).status == 404)
        }
    }

    @Test("PUT /users/{id}/roles is refused with 403 when roles are externally managed or direct roles are not allowed")
    func refusals() async throws {
        try await Harness.run({ $0.users = 400 }) { h in
            try await h.login()
            let users = try await h.allUsers(fields: "id,roles_externally_managed,allow_direct_roles")
            let external = try #require(users.first { $0["roles_externally_managed"] == .bool(true) }?["id"]?.string)
            let locked = try #require(users.first {
                $0["roles_externally_managed"] == .bool(false) && $0["allow_direct_roles"] == .bool(false)
            }?["id"]?.string)
            for id in [external, locked] {
                let before = await h.sandbox.user(id: id)
                let reply = try await h.send("PUT", "/users/\(id)/roles", body: #"["4"]"#)
                #expect(reply.status == 403)
                #expect(try reply.json()["message"]?.string?.isEmpty == false)
                #expect(await h.sandbox.user(id: id) == before)
            }
        }
    }

    @Test("role routes need a token")
    func authentication() async throws {
        try await Harness.run { (h: Harness) async throws in
            #expect(try await h.get("/roles").status == 401)
            #expect(try await h.get("/users/1/roles").status == 401)
            #expect(try await h.send("PUT", "/users/1/roles", body: #"["2"]"#).status == 401)
            #expect(await h.sandbox.user(id: "1")?.roleIDs == ["2"])
        }
    }
}
