import Sandbox
import Testing

@Suite("Conformance with the Looker 4.0 schemas")
struct SchemaTests {
    @Test("every key of every full user, credentials included, is a schema property of the right type")
    func usersConform() async throws {
        let book = try SchemaBook.load()
        try await Harness.run({ $0.users = 400; $0.hostileNames = true }) { h in
            try await h.login()
            let users = try #require(try await h.get("/users").json().array)
            #expect(users.count == 400 + 14)
            for user in users {
                #expect(book.problems(user, against: "User") == [])
            }
            // The recursion must have met every credential kind at least once.
            for key in ["credentials_email", "credentials_saml", "credentials_google", "credentials_oidc", "credentials_ldap", "credentials_totp"] {
                #expect(users.contains { $0[key]?.object != nil }, "no user with \(key)")
            }
            #expect(users.contains { ($0["credentials_api3"]?.array?.count ?? 0) > 0 })
        }
    }

    @Test("a full credential has exactly the 14 CredentialsEmail properties, all well typed")
    func credentialConforms() async throws {
        let book = try SchemaBook.load()
        try await Harness.run { h in
            try await h.login()
            let credential = try await h.get("/users/1/credentials_email").json()
            #expect(credential.keys == Set(book.properties("CredentialsEmail").keys))
            #expect(credential.keys.count == 14)
            #expect(book.problems(credential, against: "CredentialsEmail") == [])
        }
    }

    @Test("single sign-on and two-factor credentials conform to their schemas")
    func otherCredentialsConform() async throws {
        let book = try SchemaBook.load()
        let schemaNames = ["saml": "CredentialsSaml", "google": "CredentialsGoogle", "oidc": "CredentialsOIDC", "ldap": "CredentialsLDAP", "totp": "CredentialsTotp"]
        try await Harness.run({ $0.users = 400 }) { h in
            try await h.login()
            let users = try await h.allUsers(fields: "id,credentials_saml(type),credentials_google(type),credentials_oidc(type),credentials_ldap(type),credentials_totp(type)")
            for (kind, schema) in schemaNames {
                let id = try #require(users.first { $0["credentials_\(kind)"]?.object != nil }?["id"]?.string)
                let reply = try await h.get("/users/\(id)/credentials_\(kind)")
                #expect(reply.status == 200)
                let json = try reply.json()
                #expect(json.keys == Set(book.properties(schema).keys), "\(schema)")
                #expect(book.problems(json, against: schema) == [])
            }
        }
    }

    @Test("AccessToken, Error and ValidationError bodies conform")
    func errorBodiesConform() async throws {
        let book = try SchemaBook.load()
        try await Harness.run { h in
            let unauthorized = try await h.get("/user").json()
            #expect(book.problems(unauthorized, against: "Error") == [])
            #expect(unauthorized.keys == ["message", "documentation_url"])
            let body = "client_id=\(Harness.formEncode(h.sandbox.clientID))&client_secret=\(Harness.formEncode(h.sandbox.clientSecret))"
            let token = try await h.send("POST", "/login", body: body, contentType: "application/x-www-form-urlencoded").json()
            #expect(book.problems(token, against: "AccessToken") == [])
            try await h.login()
            let conflict = try await h.send("POST", "/users/1/credentials_email", body: #"{"email":"a@acme.com"}"#).json()
            #expect(book.problems(conflict, against: "Error") == [])
            let invalid = try await h.send("PATCH", "/users/1/credentials_email", body: #"{"email":"bad"}"#).json()
            #expect(book.problems(invalid, against: "ValidationError") == [])
            #expect(invalid["errors"]?.array?.count == 1)
            for detail in invalid["errors"]?.array ?? [] {
                #expect(detail.keys == Set(book.properties("ValidationErrorDetail").keys))
            }
        }
    }

    @Test("PATCH credentials_email changes exactly the writable properties the schema names")
    func credentialPatchChangesOnlyWritable() async throws {
        let book = try SchemaBook.load()
        let properties = book.properties("CredentialsEmail")
        let writable = Set(properties.filter { $0.value["readOnly"] != .bool(true) }.keys)
        #expect(writable == ["email", "forced_password_reset_at_next_login"])
        try await Harness.run { h in
            try await h.login()
            let id = try await CredentialTests.userWithEmailLogin(h)
            let path = "/users/\(id)/credentials_email"
            let before = try await h.get(path).json()
            var body: [String: JSON] = [:]
            for (key, fact) in properties {
                body[key] = Self.differentValue(than: before[key], type: fact["type"]?.string)
            }
            body["email"] = .string("schema.checked@acme.com")
            let reply = try await h.send("PATCH", path, body: JSON.object(body).text)
            #expect(reply.status == 200)
            let after = try await h.get(path).json()
            for key in properties.keys {
                if writable.contains(key) {
                    #expect(after[key] == body[key], "\(key) should take the sent value")
                } else {
                    #expect(after[key] == before[key], "\(key) is read-only")
                }
            }
        }
    }

    @Test("PATCH /users changes exactly the writable User properties; read-only ones and credentials stay")
    func userPatchChangesOnlyWritable() async throws {
        let book = try SchemaBook.load()
        let properties = book.properties("User")
        // Credentials are `$ref`s whose readOnly flag the OAS conversion lost; they are read-only on User.
        let writable = Set(properties.filter { $0.value["readOnly"] != .bool(true) && $0.value["ref"] == nil }.keys)
        #expect(writable == ["first_name", "last_name", "home_folder_id", "is_disabled", "locale", "models_dir_validated", "ui_state", "can_manage_api3_creds"])
        try await Harness.run { h in
            try await h.login()
            let id = try await CredentialTests.userWithEmailLogin(h)
            let before = try await h.get("/users/\(id)").json()
            var body: [String: JSON] = [:]
            for (key, fact) in properties {
                body[key] = Self.differentValue(than: before[key], type: fact["type"]?.string)
            }
            body["first_name"] = .string("Schema")
            body["last_name"] = .string("Checked")
            body["locale"] = .string("fr")
            body["home_folder_id"] = .string("42")
            body["ui_state"] = .object(["panel": .string("left")])
            let reply = try await h.send("PATCH", "/users/\(id)", body: JSON.object(body).text)
            #expect(reply.status == 200)
            let after = try await h.get("/users/\(id)").json()
            for key in properties.keys where before[key] != nil {
                if writable.contains(key) {
                    #expect(after[key] == body[key], "\(key) should take the sent value")
                } else if key == "display_name" {
                    #expect(after[key] == .string("Schema Checked"), "display_name follows the names")
                } else if properties[key]?["ref"] != nil, let credential = before[key]?.object {
                    // A credential mirrors the user's disabled flag, which did change; nothing else may.
                    var expected = credential
                    expected["is_disabled"] = after[key]?["is_disabled"]
                    #expect(after[key] == .object(expected), "\(key) is read-only")
                } else {
                    #expect(after[key] == before[key], "\(key) is read-only")
                }
            }
        }
    }

    /// A value of the property's JSON type that differs from `current`.
    private static func differentValue(than current: JSON?, type: String?) -> JSON {
        switch type {
        case "boolean": .bool(!(current?.bool ?? false))
        case "integer": .number(424_242)
        case "array": .array([.string("999")])
        case "object": .object(["changed": .bool(true)])
        default: .string("changed-by-test")
        }
    }

    @Test("roles (with their permission and model sets) and groups conform to Role and Group")
    func rolesAndGroupsConform() async throws {
        let book = try SchemaBook.load()
        try await Harness.run { h in
            try await h.login()
            let roles = try #require(try await h.get("/roles").json().array)
            #expect(!roles.isEmpty)
            for role in roles {
                #expect(role.keys == Set(book.properties("Role").keys).subtracting(["permission_set_id", "model_set_id"]),
                        "the *_set_id properties are write-only")
                #expect(book.problems(role, against: "Role") == [])
                #expect(role["permission_set"]?.keys == Set(book.properties("PermissionSet").keys))
                #expect(role["model_set"]?.keys == Set(book.properties("ModelSet").keys))
            }
            let userRoles = try #require(try await h.get("/users/2/roles").json().array)
            #expect(userRoles.allSatisfy { book.problems($0, against: "Role") == [] })
            for path in ["/groups", "/groups/search", "/groups/2/groups"] {
                let groups = try #require(try await h.get(path).json().array)
                #expect(!groups.isEmpty)
                for group in groups {
                    #expect(group.keys == Set(book.properties("Group").keys))
                    #expect(book.problems(group, against: "Group") == [])
                }
            }
        }
    }
}
