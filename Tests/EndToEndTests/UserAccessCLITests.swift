import Foundation
import Sandbox
import Testing
import TestSupport

/// `roster users access|grant|revoke|attributes|set-attribute|clear-attribute|logout|delete-api-key`,
/// run as a user would against a sandbox process that logs its requests.
@Suite(.serialized) struct UserAccessCLITests {
    /// A sandbox with a journal of its own, and the seed's users as `users list` prints them.
    final class Bench {
        let sandbox: SandboxProcess
        let state: TemporaryDirectory
        let users: [[String: Any]]

        init(users count: Int = 60) throws {
            sandbox = try SandboxProcess(arguments: ["--users", "\(count)"], logRequests: true)
            state = try TemporaryDirectory("roster-access-state")
            var env = sandbox.env
            env["XDG_STATE_HOME"] = state.path
            let fields = "id,role_ids,group_ids,roles_externally_managed,allow_direct_roles,allow_normal_group_membership,"
                + "sessions(id),credentials_api3(id,client_id)"
            let list = try runRoster(["users", "list", "--format", "json", "--fields", fields], env: env)
            users = (try JSONSerialization.jsonObject(with: Data(list.stdoutText.utf8)) as? [[String: Any]]) ?? []
        }

        deinit { state.remove() }

        var env: [String: String] { sandbox.env.merging(["XDG_STATE_HOME": state.path]) { $1 } }

        func run(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIRun {
            try runRoster(args, env: env, sourceLocation: sourceLocation)
        }

        /// The first user (after the API user, 1) for whom `wanted` holds.
        func user(_ what: String, sourceLocation: SourceLocation = #_sourceLocation,
                  _ wanted: ([String: Any]) -> Bool) throws -> String {
            let found = users.first { ($0["id"] as? String) != "1" && wanted($0) }
            return try #require(found?["id"] as? String, "the seed has a user who \(what)", sourceLocation: sourceLocation)
        }

        /// A user whose roles and normal groups may be changed by hand.
        func changeableUser(_ also: ([String: Any]) -> Bool = { _ in true }) throws -> String {
            try user("may be changed by hand") {
                $0["roles_externally_managed"] as? Bool == false && $0["allow_direct_roles"] as? Bool == true
                    && $0["allow_normal_group_membership"] as? Bool == true && also($0)
            }
        }

        /// The journal's entries, oldest first.
        func journal() -> [[String: Any]] {
            let text = (try? String(contentsOfFile: state.file("roster/journal.jsonl"), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }

        /// Every request that could have changed something, up to now (complete: see `requestsBeforeMarker`).
        func writes(sourceLocation: SourceLocation = #_sourceLocation) -> [LoggedRequest] {
            (sandbox.requestsBeforeMarker(sourceLocation: sourceLocation) ?? []).filter(\.mayChange)
        }
    }

    static func object(_ run: CLIRun) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(run.stdoutText.utf8)) as? [String: Any]) ?? [:]
    }

    static func array(_ run: CLIRun) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(run.stdoutText.utf8)) as? [[String: Any]]) ?? []
    }

    static func ids(_ value: Any?) -> [String] { (value as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }

    // MARK: - Access

    @Test func accessNamesEachRolesSourceThroughNestedGroups() throws {
        let bench = try Bench()
        // Not in Engineering (2) nor Data Platform (3, inside Engineering), and without Developer (3) directly.
        let id = try bench.changeableUser {
            let groups = $0["group_ids"] as? [String] ?? []
            let roles = $0["role_ids"] as? [String] ?? []
            return !groups.contains("2") && !groups.contains("3") && !roles.contains("3") && !roles.contains("6")
        }
        let grant = try bench.run(["users", "grant", id, "--role", "DEVELOPER", "--group", "data platform"])
        #expect(grant.status == 0, "\(grant.stderrText)")
        #expect(grant.stdoutText == """
            user \(id): add role Developer (id 3): done
            user \(id): add to group Data Platform (id 3): done

            """)

        let json = try bench.run(["users", "access", id, "--format", "json"])
        #expect(json.status == 0, "\(json.stderrText)")
        let access = Self.object(json)
        #expect(access["user_id"] as? String == id)
        #expect(access["roles_externally_managed"] as? Bool == false)
        #expect(access["allow_direct_roles"] as? Bool == true)
        #expect(access["allow_normal_group_membership"] as? Bool == true)
        let roles = access["roles"] as? [[String: Any]] ?? []
        let developer = try #require(roles.first { $0["id"] as? String == "3" })
        #expect(developer["direct"] as? Bool == true)
        #expect(Self.ids(developer["groups"]) == ["2"], "Developer also comes through Engineering, which holds Data Platform")
        #expect(developer["source"] as? String == "direct, group Engineering")
        let support = try #require(roles.first { $0["id"] as? String == "6" }, "Data Platform gives Support Analyst")
        #expect(support["direct"] as? Bool == false)
        #expect(support["source"] as? String == "group Data Platform")
        let groups = access["groups"] as? [[String: Any]] ?? []
        let platform = try #require(groups.first { $0["id"] as? String == "3" })
        #expect(platform["direct"] as? Bool == true)
        #expect(platform["through"] is NSNull)
        let engineering = try #require(groups.first { $0["id"] as? String == "2" }, "the group Data Platform sits in")
        #expect(engineering["direct"] as? Bool == false)
        #expect((engineering["through"] as? [String: Any])?["name"] as? String == "Data Platform")

        let table = try bench.run(["users", "access", id])
        #expect(table.status == 0)
        let lines = table.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.contains("allow_direct_roles             yes"))
        #expect(lines.contains { $0.hasPrefix("3 ") && $0.contains("Developer") && $0.hasSuffix("direct, group Engineering") })
        #expect(lines.contains { $0.contains("Support Analyst") && $0.hasSuffix("group Data Platform") })
        #expect(lines.contains { $0.contains("Engineering") && $0.contains("through Data Platform") })

        let through = try bench.run(["users", "revoke", id, "--role", "support analyst"])
        #expect(through.status == 0)
        #expect(through.stdoutText == "user \(id): remove role Support Analyst (id 6): nothing to do, does not have the role directly "
                + "(it comes through group Data Platform)\n")

        let revoke = try bench.run(["users", "revoke", id, "--group", "3"])
        #expect(revoke.stdoutText == "user \(id): remove from group Data Platform (id 3): done\n")
        let after = Self.object(try bench.run(["users", "access", id, "--format", "json"]))
        #expect(!Self.ids(after["groups"]).contains("3") && !Self.ids(after["groups"]).contains("2"))
        #expect(!Self.ids(after["roles"]).contains("6"), "Support Analyst went with the group")
    }

    @Test func aRoleIsGrantedAndRevokedOnceAndJournaled() throws {
        let bench = try Bench()
        let id = try bench.changeableUser { !(($0["role_ids"] as? [String] ?? []).contains("8")) }
        let grant = try bench.run(["users", "grant", id, "--role", "finance viewer"])
        #expect(grant.status == 0, "\(grant.stderrText)")
        #expect(grant.stdoutText == "user \(id): add role Finance Viewer (id 8): done\n")
        let access = Self.object(try bench.run(["users", "access", id, "--format", "json"]))
        let role = (access["roles"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "8" }
        #expect(role?["direct"] as? Bool == true && role?["source"] as? String == "direct")

        let again = try bench.run(["users", "grant", id, "--role", "8"])
        #expect(again.status == 0)
        #expect(again.stdoutText == "user \(id): add role Finance Viewer (id 8): nothing to do, already has the role directly\n")

        let revoke = try bench.run(["users", "revoke", id, "--role", "Finance Viewer"])
        #expect(revoke.status == 0, "\(revoke.stderrText)")
        #expect(revoke.stdoutText == "user \(id): remove role Finance Viewer (id 8): done\n")
        let none = try bench.run(["users", "revoke", id, "--role", "Finance Viewer"])
        #expect(none.stdoutText.hasSuffix("nothing to do, does not have the role directly\n"))

        let puts = bench.writes().filter { $0.method == "PUT" && $0.path == "/api/4.0/users/\(id)/roles" }
        #expect(puts.count == 2, "one PUT for the grant, one for the revoke, none for the two with nothing to do")
        let entries = bench.journal().filter { $0["user_id"] as? String == id && $0["field"] as? String == "role_ids" }
        #expect(entries.map { $0["action"] as? String } == ["add_role", "remove_role"])
        #expect((entries.first?["after"] as? String)?.split(separator: ",").contains("8") == true)
        #expect((entries.last?["before"] as? String)?.split(separator: ",").contains("8") == true)
    }

    @Test func whatCannotBeChangedByHandIsRefusedBeforeAnythingIsSent() throws {
        let bench = try Bench()
        let noDirect = try bench.user("may not hold direct roles") {
            $0["allow_direct_roles"] as? Bool == false && $0["roles_externally_managed"] as? Bool == false
        }
        let run = try bench.run(["users", "grant", noDirect, "--role", "admin"])
        #expect(run.status == 1)
        #expect(run.stderrText.contains("allow_direct_roles is false"), "\(run.stderrText)")
        #expect(run.stdoutText.isEmpty)

        let external = try bench.user("has roles from SAML") { $0["roles_externally_managed"] as? Bool == true }
        let revoke = try bench.run(["users", "revoke", external, "--role", "admin"])
        #expect(revoke.status == 1)
        #expect(revoke.stderrText.contains("roles_externally_managed"), "\(revoke.stderrText)")

        let noGroups = try bench.user("may not join groups") { $0["allow_normal_group_membership"] as? Bool == false }
        let join = try bench.run(["users", "grant", noGroups, "--group", "Finance"])
        #expect(join.status == 1)
        #expect(join.stderrText.contains("allow_normal_group_membership is false"), "\(join.stderrText)")

        // An externally managed group refuses by hand; the role asked with it is not given either.
        let changeable = try bench.changeableUser()
        let okta = try bench.run(["users", "grant", changeable, "--role", "viewer", "--group", "okta analysts"])
        #expect(okta.status == 1)
        #expect(okta.stderrText.contains("Okta Analysts") && okta.stderrText.contains("externally_managed"), "\(okta.stderrText)")
        #expect(bench.writes().isEmpty, "nothing was sent")
    }

    @Test func anUnknownNameIsAUsageErrorListingTheCandidates() throws {
        let bench = try Bench(users: 10)
        let id = try bench.changeableUser()
        let run = try bench.run(["users", "grant", id, "--role", "viewer", "--role", "view"])
        #expect(run.status == 2)
        #expect(run.stderrText == "roster: no role 'view'; candidates:\n  Viewer (id 5)\n  Finance Viewer (id 8)\n", "\(run.stderrText)")
        let group = try bench.run(["users", "revoke", id, "--group", "Nobody"])
        #expect(group.status == 2)
        #expect(group.stderrText.contains("no group 'Nobody'") && group.stderrText.contains("  Engineering (id 2)"))
        let attribute = try bench.run(["users", "set-attribute", id, "max_row", "5"])
        #expect(attribute.status == 2)
        #expect(attribute.stderrText.contains("max_rows (id 2)"))
        let nothing = try bench.run(["users", "grant", id])
        #expect(nothing.status == 2)
        #expect(nothing.stderrText.contains("--role NAME or --group NAME"))
        #expect(bench.writes().isEmpty, "nothing was sent")
    }

    @Test func readOnlyModeRefusesEveryChangeWithExitFive() throws {
        let bench = try Bench(users: 30)
        let id = try bench.changeableUser { !(($0["role_ids"] as? [String] ?? []).contains("2")) }
        let keyUser = try #require(bench.users.first { ($0["credentials_api3"] as? [Any])?.isEmpty == false }, "the seed has API keys")
        let keyUserID = try #require(keyUser["id"] as? String)
        let keyID = try #require(Self.ids(keyUser["credentials_api3"]).first)
        for args in [["users", "grant", id, "--role", "admin"], ["users", "revoke", id, "--group", "all users"],
                     ["users", "set-attribute", id, "max_rows", "10"], ["users", "logout", id, "--session", "999"],
                     ["users", "delete-api-key", keyUserID, keyID, "--yes"]] {
            let run = try bench.run(["--read-only"] + args)
            #expect(run.status == 5, "\(args): \(run.stderrText)")
            #expect(run.stderrText.contains("read-only"), "\(args): \(run.stderrText)")
        }
        #expect(bench.writes().isEmpty, "nothing but reads was sent")
        #expect(bench.journal().isEmpty)
    }

    // MARK: - Attributes

    @Test func attributesAreSetAndClearedAndAWrongValueIsExitThree() throws {
        let bench = try Bench()
        let id = try bench.changeableUser()
        let bad = try bench.run(["users", "set-attribute", id, "max_rows", "abc"])
        #expect(bad.status == 3)
        #expect(bad.stderrText.contains("\n  value: "), "the 422 field by field: \(bad.stderrText)")

        let set = try bench.run(["users", "set-attribute", id, "MAX_ROWS", "750"])
        #expect(set.status == 0, "\(set.stderrText)")
        #expect(set.stdoutText == "user \(id): set attribute max_rows (id 2) to '750': done\n")
        var values = Self.array(try bench.run(["users", "attributes", id, "--format", "json"]))
        var maxRows = values.first { $0["name"] as? String == "max_rows" }
        #expect(maxRows?["value"] as? String == "750" && maxRows?["source"] as? String == "user")
        #expect(values.count == Set(values.compactMap { $0["id"] as? String }).count, "one line per attribute")
        let table = try bench.run(["users", "attributes", id])
        #expect(table.stdoutText.split(separator: "\n").contains { $0.hasPrefix("2 ") && $0.contains("750") && $0.hasSuffix("user") })

        let clear = try bench.run(["users", "clear-attribute", id, "2"])
        #expect(clear.status == 0, "\(clear.stderrText)")
        #expect(clear.stdoutText == "user \(id): clear attribute max_rows (id 2): done\n")
        values = Self.array(try bench.run(["users", "attributes", id, "--format", "json"]))
        maxRows = values.first { $0["name"] as? String == "max_rows" }
        #expect(maxRows?["source"] as? String != "user" && maxRows?["value"] as? String != "750")
        let again = try bench.run(["users", "clear-attribute", id, "max_rows"])
        #expect(again.stdoutText.hasSuffix("nothing to do, has no value of their own\n"))

        let entries = bench.journal().filter { $0["field"] as? String == "attribute.max_rows" }
        #expect(entries.map { $0["action"] as? String } == ["set_attribute", "clear_attribute"])
        #expect(entries.first?["after"] as? String == "750")
    }

    @Test func aHiddenValueIsShownAsHiddenAndNeverPrintedNorJournaled() throws {
        let bench = try Bench()
        let id = try bench.changeableUser()
        let set = try bench.run(["users", "set-attribute", id, "warehouse_password", "s3cret-Value"])
        #expect(set.status == 0, "\(set.stderrText)")
        #expect(set.stdoutText == "user \(id): set attribute warehouse_password (id 8): done\n")
        for format in ["table", "json"] {
            let run = try bench.run(["users", "attributes", id, "--format", format, "--all-values"])
            #expect(run.status == 0)
            #expect(!run.stdoutText.contains("s3cret-Value"), "\(format)")
            #expect(run.stdoutText.contains("(hidden)"), "\(format)")
        }
        let values = Self.array(try bench.run(["users", "attributes", id, "--format", "json"]))
        let hidden = try #require(values.first { $0["name"] as? String == "warehouse_password" })
        #expect(hidden["value"] as? String == "(hidden)" && hidden["hidden"] as? Bool == true)
        let table = try bench.run(["users", "attributes", id])
        #expect(table.stdoutText.split(separator: "\n").contains { $0.contains("warehouse_password") && $0.contains("(hidden)") })
        let journal = try String(contentsOfFile: bench.state.file("roster/journal.jsonl"), encoding: .utf8)
        #expect(journal.contains("attribute.warehouse_password") && !journal.contains("s3cret-Value"))
    }

    // MARK: - Sessions and API keys

    @Test func loggingOutEndsOneSessionOrEvery() throws {
        let bench = try Bench()
        let withSessions = bench.users.filter { ($0["sessions"] as? [Any])?.isEmpty == false }
        let user = try #require(withSessions.max { ($0["sessions"] as? [Any] ?? []).count < ($1["sessions"] as? [Any] ?? []).count },
                                "the seed gives some users sessions")
        let id = try #require(user["id"] as? String)
        var sessions = Self.ids(user["sessions"])
        if sessions.count >= 2 {
            let one = try bench.run(["users", "logout", id, "--session", sessions[0]])
            #expect(one.status == 0, "\(one.stderrText)")
            #expect(one.stdoutText == "user \(id): log out session \(sessions[0]): done\n")
            let left = Self.ids(Self.array(try bench.run(["users", "sessions", id, "--format", "json"])))
            #expect(left == Array(sessions.dropFirst()), "only that one ended")
            sessions = left
        }
        let all = try bench.run(["users", "logout", id])
        #expect(all.status == 0, "\(all.stderrText)")
        #expect(all.stdoutText == "user \(id): log out every session: done\n")
        #expect(Self.array(try bench.run(["users", "sessions", id, "--format", "json"])).isEmpty)
        let deletes = bench.writes().filter { $0.method == "DELETE" && $0.path.hasPrefix("/api/4.0/users/\(id)/sessions/") }
        #expect(deletes.count == Self.ids(user["sessions"]).count, "one DELETE per session")
        let none = try bench.run(["users", "logout", id])
        #expect(none.status == 0)
        #expect(none.stdoutText == "user \(id): log out every session: nothing to do, has no session\n")
        #expect(bench.journal().contains { $0["action"] as? String == "logout" && $0["user_id"] as? String == id })
    }

    @Test func anAPIKeyIsDeletedOnlyWithYes() throws {
        let bench = try Bench()
        let user = try #require(bench.users.first { ($0["credentials_api3"] as? [Any])?.isEmpty == false }, "the seed has API keys")
        let id = try #require(user["id"] as? String)
        let keyID = try #require(Self.ids(user["credentials_api3"]).first)
        let unsure = try bench.run(["users", "delete-api-key", id, keyID])
        #expect(unsure.status == 2)
        #expect(unsure.stderrText.contains("needs --yes"))
        #expect(bench.writes().isEmpty, "nothing was sent without --yes")

        let sure = try bench.run(["users", "delete-api-key", id, keyID, "--yes"])
        #expect(sure.status == 0, "\(sure.stderrText)")
        #expect(sure.stdoutText == "user \(id): delete API key \(keyID): done\n")
        let keys = Self.array(try bench.run(["users", "api-keys", id, "--format", "json"]))
        #expect(!Self.ids(keys).contains(keyID))
        #expect(bench.journal().contains { $0["action"] as? String == "delete_api_key" && $0["field"] as? String == "api_key" })
        let gone = try bench.run(["users", "delete-api-key", id, keyID, "--yes"])
        #expect(gone.status == 4, "no such key: \(gone.stderrText)")
    }
}
