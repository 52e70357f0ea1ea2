import Foundation
import Testing
import TestSupport

/// `roster roles list`, `groups list` and `attributes list`, run as a user would against a sandbox process.
@Suite(.serialized) struct AccessCLITests {
    @Test func rolesAndGroupsAreListedInEveryFormat() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "30"])
        for command in ["roles", "groups", "attributes"] {
            let json = try runRoster([command, "list", "--format", "json"], env: sandbox.env)
            #expect(json.status == 0, "\(json.stderrText)")
            let records = try JSONSerialization.jsonObject(with: Data(json.stdoutText.utf8)) as? [[String: Any]] ?? []
            #expect(!records.isEmpty, "\(command): the seed has some")
            let names = records.compactMap { $0["name"] as? String }
            #expect(names.count == records.count, "\(command): every record is named")

            let csv = try runRoster([command, "list", "--format", "csv"], env: sandbox.env)
            #expect(csv.status == 0)
            let lines = csv.stdoutText.split(separator: "\n")
            #expect(lines.count == records.count + 1, "\(command): a header and a line per record")
            #expect(lines.first?.hasPrefix("id,name,") == true)

            let table = try runRoster([command, "list"], env: sandbox.env)
            #expect(table.status == 0)
            let tableLines = table.stdoutText.split(separator: "\n")
            #expect(tableLines.count == records.count + 1)
            for name in names.prefix(5) { #expect(table.stdoutText.contains(name.prefix(30)), "\(command): \(name)") }
        }
        let roles = try runRoster(["roles", "list", "--format", "csv"], env: sandbox.env)
        #expect(roles.stdoutText.contains(",Admin,"), "the built-in Admin role")
        let groups = try runRoster(["groups", "list", "--format", "json"], env: sandbox.env)
        let external = (try JSONSerialization.jsonObject(with: Data(groups.stdoutText.utf8)) as? [[String: Any]] ?? [])
            .filter { $0["externally_managed"] as? Bool == true }
        #expect(!external.isEmpty, "the seed has an externally managed group, and the JSON says so")
        let attributes = try runRoster(["attributes", "list", "--format", "json"], env: sandbox.env)
        let hidden = (try JSONSerialization.jsonObject(with: Data(attributes.stdoutText.utf8)) as? [[String: Any]] ?? [])
            .filter { $0["value_is_hidden"] as? Bool == true }
        #expect(!hidden.isEmpty, "the seed has an attribute with hidden values")
        #expect(hidden.allSatisfy { ($0["default_value"] as? String).map { $0 == "••••••• (hidden)" } ?? true },
                "a hidden attribute's default is masked: \(hidden)")
        // The sandbox's hidden attribute has a default ("changeme"): no format prints it.
        for format in ["json", "csv", "table"] {
            let run = try runRoster(["attributes", "list", "--format", format], env: sandbox.env)
            #expect(run.status == 0)
            #expect(!run.stdoutText.contains("changeme"), "\(format) printed a hidden default")
        }
    }

    @Test func aUsersSessionsAndAPIKeysAreListedAsTableAndJSON() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "60"])
        let users = try runRoster(["users", "list", "--format", "json", "--fields", "id,sessions(id),credentials_api3(id,client_id)"],
                                  env: sandbox.env)
        let all = try JSONSerialization.jsonObject(with: Data(users.stdoutText.utf8)) as? [[String: Any]] ?? []
        let withSessions = try #require(all.first { ($0["sessions"] as? [Any])?.isEmpty == false }, "the seed has sessions")
        let id = try #require(withSessions["id"] as? String)
        let sessionCount = (withSessions["sessions"] as? [Any])?.count ?? 0
        let json = try runRoster(["users", "sessions", id, "--format", "json"], env: sandbox.env)
        #expect(json.status == 0, "\(json.stderrText)")
        let sessions = try JSONSerialization.jsonObject(with: Data(json.stdoutText.utf8)) as? [[String: Any]] ?? []
        #expect(sessions.count == sessionCount)
        #expect(sessions.allSatisfy { $0["ip_address"] is String })
        let table = try runRoster(["users", "sessions", id], env: sandbox.env)
        #expect(table.stdoutText.split(separator: "\n").count == sessionCount + 1)
        #expect(table.stdoutText.hasPrefix("ID"))

        let withKeys = try #require(all.first { ($0["credentials_api3"] as? [Any])?.isEmpty == false }, "the seed has API keys")
        let keyUser = try #require(withKeys["id"] as? String)
        let clientIDs = ((withKeys["credentials_api3"] as? [[String: Any]]) ?? []).compactMap { $0["client_id"] as? String }
        let keys = try runRoster(["users", "api-keys", keyUser], env: sandbox.env)
        #expect(keys.status == 0, "\(keys.stderrText)")
        for clientID in clientIDs { #expect(keys.stdoutText.contains(clientID.prefix(40))) }
        let none = try runRoster(["users", "sessions", "not/an/id"], env: sandbox.env)
        #expect(none.status == 2, "a bad id is a usage error, nothing sent")
        let csv = try runRoster(["users", "api-keys", keyUser, "--format", "csv"], env: sandbox.env)
        #expect(csv.status == 2, "these commands print table or json only")
    }
}
