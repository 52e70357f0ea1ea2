@testable import Sandbox
import Testing

@Suite("User attributes")
struct AttributeTests {
    /// A user directly in `group` who has no attribute values of their own.
    static func userInGroup(_ group: String, _ h: Harness) async throws -> String {
        let users = try await h.allUsers(fields: "id,group_ids")
        let ids = users.filter { $0["group_ids"]?.array?.contains(.string(group)) == true }.compactMap { $0["id"]?.string }
        for id in ids where await h.sandbox.user(id: id)?.attributeValues.isEmpty == true { return id }
        throw HarnessError.unexpected(0, "nobody in group \(group)")
    }

    static func value(_ rows: [JSON], _ attributeID: String) -> JSON? {
        rows.first { $0["user_attribute_id"] == .string(attributeID) }
    }

    @Test("GET /user_attributes: every type, hidden and not editable ones, defaults; hidden defaults not shown")
    func listAttributes() async throws {
        try await Harness.run { h in
            try await h.login()
            let reply = try await h.get("/user_attributes")
            #expect(reply.status == 200)
            let attributes = try #require(try reply.json().array)
            #expect(Set(attributes.compactMap { $0["type"]?.string })
                == ["string", "number", "datetime", "yesno", "zipcode", "advanced_filter_string", "advanced_filter_number"])
            let hidden = try #require(attributes.first { $0["value_is_hidden"] == .bool(true) })
            #expect(hidden["default_value"] == .null)
            #expect(!reply.text.contains("changeme"))
            #expect(attributes.contains { $0["user_can_edit"] == .bool(false) })
            #expect(attributes.first { $0["name"] == .string("max_rows") }?["default_value"] == .string("5000"))
            #expect(try await h.get("/user_attributes", "fields=id,name").json().array?.allSatisfy { $0.keys == ["id", "name"] } == true)
            let groupValues = try #require(try await h.get("/user_attributes/1/group_values").json().array)
            #expect(groupValues.compactMap { $0["rank"]?.number } == [1, 2, 3])
            #expect(groupValues.first?["group_id"] == .string("5"))
            #expect(try await h.get("/user_attributes/8/group_values").json().array?.allSatisfy { $0["value"] == .null } == true)
            #expect(try await h.get("/user_attributes/99/group_values").status == 404)
        }
    }

    @Test("attribute values: the winner by default, the whole search path with all_values, unset ones with include_unset; hidden values blank")
    func values() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await Self.userInGroup("5", h)
            let winners = try #require(try await h.get("/users/\(id)/attribute_values").json().array)
            #expect(Self.value(winners, "1")?["value"] == .string("emea"))
            #expect(Self.value(winners, "1")?["source"] == .string("group: Sales EMEA"))
            #expect(Self.value(winners, "1")?["rank"] == .number(1))
            #expect(Self.value(winners, "2")?["source"] == .string("default"))
            #expect(Self.value(winners, "5") == nil, "office_zip has no value anywhere")

            let all = try #require(try await h.get("/users/\(id)/attribute_values", "all_values=true&include_unset=true").json().array)
            let region = all.filter { $0["user_attribute_id"] == .string("1") }
            #expect(region.compactMap { $0["source"]?.string } == ["group: Sales EMEA", "group: Sales", "default"])
            #expect(region.compactMap { $0["value"]?.string } == ["emea", "na", "global"])
            let unset = try #require(Self.value(all, "5"))
            #expect(unset["value"] == .null && unset["source"] == .null)
            let hidden = try #require(Self.value(all, "8"))
            #expect(hidden["value_is_hidden"] == .bool(true))
            #expect(hidden["value"] == .null)
            for row in all {
                #expect(row["user_id"] == .string(id))
                for key in ["name", "label", "user_can_edit", "value_is_hidden", "user_attribute_id"] { #expect(row[key] != nil, "\(key)") }
            }
            let only = try #require(try await h.get("/users/\(id)/attribute_values", "user_attribute_ids=2,4").json().array)
            #expect(only.compactMap { $0["user_attribute_id"]?.string } == ["2", "4"])
            #expect(try await h.get("/users/999999/attribute_values").status == 404)
            #expect(try await h.get("/users/\(id)/attribute_values", "all_values=perhaps").status == 400)
        }
    }

    @Test("PATCH sets the user's own value and answers it; DELETE (204) falls back to the group's, then the default")
    func setAndFallBack() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await Self.userInGroup("5", h)
            let path = "/users/\(id)/attribute_values/1"
            let set = try await h.send("PATCH", path, body: #"{"value":"apac"}"#)
            #expect(set.status == 200)
            #expect(try set.json()["value"] == .string("apac"))
            #expect(try set.json()["source"] == .string("user"))
            #expect(await h.sandbox.user(id: id)?.attributeValues["1"] == "apac")
            #expect(Self.value(try #require(try await h.get("/users/\(id)/attribute_values").json().array), "1")?["value"] == .string("apac"))

            let deleted = try await h.send("DELETE", path)
            #expect(deleted.status == 204)
            #expect(deleted.bytes.isEmpty)
            let after = try #require(try await h.get("/users/\(id)/attribute_values").json().array)
            #expect(Self.value(after, "1")?["value"] == .string("emea"), "back to the group's value")
            #expect(Self.value(after, "1")?["source"] == .string("group: Sales EMEA"))

            #expect(try await h.send("PATCH", "/users/\(id)/attribute_values/4", body: #"{"value":"yes"}"#).status == 200)
            #expect(try await h.send("DELETE", "/users/\(id)/attribute_values/4").status == 204)
            let fallback = Self.value(try #require(try await h.get("/users/\(id)/attribute_values").json().array), "4")
            #expect(fallback?["value"] == .string("no"))
            #expect(fallback?["source"] == .string("default"))
        }
    }

    @Test("PATCH refuses a value of the wrong type with 422 naming value, and changes nothing; unknown ids → 404")
    func wrongTypes() async throws {
        try await Harness.run { h in
            try await h.login()
            let id = try await Self.userInGroup("5", h)
            let bad: [(String, String)] = [
                ("2", #"{"value":"lots"}"#), ("3", #"{"value":"next tuesday"}"#), ("4", #"{"value":"maybe"}"#),
                ("5", #"{"value":"1234"}"#), ("1", #"{"value":42}"#), ("1", "{}"),
            ]
            for (attribute, body) in bad {
                let reply = try await h.send("PATCH", "/users/\(id)/attribute_values/\(attribute)", body: body)
                #expect(reply.status == 422, "\(attribute) \(body)")
                #expect(try reply.json()["errors"]?[0]?["field"] == .string("value"))
            }
            #expect(await h.sandbox.user(id: id)?.attributeValues == [:])
            for (attribute, value) in [("2", "2500.5"), ("3", "2027-01-31 08:00:00"), ("5", "94107-1234"), ("7", ">100"), ("8", "hunter2")] {
                let reply = try await h.send("PATCH", "/users/\(id)/attribute_values/\(attribute)", body: #"{"value":"\#(value)"}"#)
                #expect(reply.status == 200, "\(attribute) \(value)")
            }
            let hidden = try #require(try await h.get("/users/\(id)/attribute_values", "user_attribute_ids=8").json().array?.first)
            #expect(hidden["value"] == .null && hidden["source"] == .string("user"), "a hidden value stays hidden after it is set")
            #expect(try await h.send("PATCH", "/users/999999/attribute_values/1", body: #"{"value":"x"}"#).status == 404)
            #expect(try await h.send("PATCH", "/users/\(id)/attribute_values/99", body: #"{"value":"x"}"#).status == 404)
            #expect(try await h.send("DELETE", "/users/\(id)/attribute_values/99").status == 404)
            #expect(try await h.send("DELETE", "/users/999999/attribute_values/1").status == 404)
        }
    }

    @Test("attribute answers conform to their schemas and need a token")
    func conformAndAuthenticate() async throws {
        let book = try SchemaBook.load()
        try await Harness.run { h in
            #expect(try await h.get("/user_attributes").status == 401)
            #expect(try await h.get("/users/2/attribute_values").status == 401)
            #expect(try await h.send("PATCH", "/users/2/attribute_values/1", body: #"{"value":"x"}"#).status == 401)
            #expect(await h.sandbox.user(id: "2")?.attributeValues["1"] == nil)
            try await h.login()
            for attribute in try #require(try await h.get("/user_attributes").json().array) {
                #expect(attribute.keys == Set(book.properties("UserAttribute").keys))
                #expect(book.problems(attribute, against: "UserAttribute") == [])
            }
            for value in try #require(try await h.get("/user_attributes/1/group_values").json().array) {
                #expect(value.keys == Set(book.properties("UserAttributeGroupValue").keys))
                #expect(book.problems(value, against: "UserAttributeGroupValue") == [])
            }
            for row in try #require(try await h.get("/users/2/attribute_values", "all_values=true&include_unset=true").json().array) {
                #expect(row.keys == Set(book.properties("UserAttributeWithValue").keys))
                #expect(book.problems(row, against: "UserAttributeWithValue") == [])
            }
        }
    }
}
