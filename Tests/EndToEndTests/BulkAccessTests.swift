import Foundation
import Sandbox
import Testing
import TestSupport

/// `roster bulk plan` with the access actions, the real binary against a sandbox process: a role
/// named in any case is resolved, the plan applied once per user, and an unknown name is a usage
/// error that lists the candidates and plans nothing.
@Suite(.serialized) struct BulkAccessTests {
    static func rows(_ data: Data) throws -> [[String: Any]] {
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return json["rows"] as? [[String: Any]] ?? []
    }

    static func puts(_ requests: [LoggedRequest]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for r in requests where r.method == "PUT" && (200..<300).contains(r.status) {
            let parts = r.path.split(separator: "/")
            // /api/4.0/users/{id}/roles
            if parts.count == 5, parts[2] == "users", parts[4] == "roles" { counts[String(parts[3]), default: 0] += 1 }
        }
        return counts
    }

    @Test func addRoleByItsNameInAnyCaseOverAFilterIsPlannedAppliedOnceAndThenAlreadySo() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "120"])
        let path = bench.dir + "/admin.json"
        let planned = try bench.roster(["bulk", "plan", "--where", "domain:acme.com", "--add-role", "admin", "--out", path,
                                        "--format", "json"])
        #expect(planned.status == 0, "\(planned.stderrText)")
        let rows = try Self.rows(planned.stdout)
        #expect(rows.count > 20)
        #expect(rows.allSatisfy { $0["op"] as? String == "addRole" && ($0["target"] as? [String: Any])?["id"] as? String == "2" })
        let writes = Set(rows.filter { $0["skip"] == nil }.compactMap { $0["user_id"] as? String })
        let skipped = rows.compactMap { $0["skipped"] as? String }
        #expect(writes.count > 10)
        // The seed's flags show in the preview, each naming what blocks the row.
        #expect(skipped.allSatisfy {
            $0 == "already has the role directly" || $0.contains("(roles_externally_managed)") || $0.contains("(allow_direct_roles is false)")
        }, "\(skipped)")
        #expect(skipped.contains { $0.contains("roles_externally_managed") || $0.contains("allow_direct_roles") })

        let table = try bench.roster(["bulk", "plan", "--where", "domain:acme.com", "--add-role", "ADMIN"])
        #expect(table.status == 0)
        #expect(table.stdoutText.contains("add role Admin"), "\(table.stdoutText.prefix(400))")

        let applied = try bench.roster(["bulk", "apply", path, "--yes"])
        #expect(applied.status == 0, "\(applied.stderrText)")
        let lines = RunLines(applied.stdoutText)
        #expect(Set(lines.users("applied")) == writes)
        let puts = Self.puts(bench.loggedRequests())
        #expect(Set(puts.keys) == writes, "a PUT for each written row and no other")
        #expect(puts.values.allSatisfy { $0 == 1 }, "each once")

        // Planned again, nobody is left to change.
        let again = try bench.roster(["bulk", "plan", "--where", "domain:acme.com", "--add-role", "2", "--format", "json"])
        #expect(again.status == 0)
        let now = try Self.rows(again.stdout)
        #expect(now.allSatisfy { $0["skip"] != nil })
        #expect(now.filter { writes.contains($0["user_id"] as? String ?? "") }.allSatisfy { $0["skipped"] as? String == "already has the role directly" })

        // The run's undo takes the role back from exactly those users.
        let runID = try #require(lines.runID)
        let undone = try bench.roster(["bulk", "undo", runID, "--yes"])
        #expect(undone.status == 0, "\(undone.stderrText)")
        #expect(Set(RunLines(undone.stdoutText).users("applied")) == writes)
    }

    @Test func anUnknownRoleIsAUsageErrorListingTheRolesAndPlansNothing() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "20"])
        let path = bench.dir + "/none.json"
        let run = try bench.roster(["bulk", "plan", "--all-users", "--add-role", "Superuser", "--out", path])
        #expect(run.status == 2, "\(run.stderrText)")
        #expect(run.stderrText.contains("no role is named Superuser"), "\(run.stderrText)")
        #expect(run.stderrText.contains("Admin (id 2)") && run.stderrText.contains("Finance Viewer (id 8)"), "\(run.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: path))
        // A part of a name narrows the candidates to the names holding it.
        let near = try bench.roster(["bulk", "plan", "--all-users", "--add-group", "okta"])
        #expect(near.status == 2)
        #expect(near.stderrText.contains("Okta Analysts (id 8)") && !near.stderrText.contains("(id 1)"), "\(near.stderrText)")
        let attribute = try bench.roster(["bulk", "plan", "--all-users", "--set-attribute", "no_such=1"])
        #expect(attribute.status == 2 && attribute.stderrText.contains("max_rows (id 2)"), "\(attribute.stderrText)")
        let writes = bench.loggedRequests().filter(\.mayChange)
        #expect(writes.isEmpty)
    }

    @Test func whereRoleAndGroupMeanWhatTheyMeanInTheFilterAndAnUnknownNameIsAUsageError() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "120"])
        // Every holder of Developer (directly, or through Engineering or a group inside it).
        let developers = try bench.roster(["bulk", "plan", "--where", "role:developer", "--disable", "--format", "json"])
        #expect(developers.status == 0, "\(developers.stderrText)")
        let ids = Set(try Self.rows(developers.stdout).compactMap { $0["user_id"] as? String })
        #expect(!ids.isEmpty, "the seed gives Developer to some users")
        for id in ids.prefix(5) {
            let access = try bench.roster(["users", "access", id, "--format", "json"])
            #expect(access.stdoutText.contains("\"Developer\""), "user \(id) holds Developer")
        }
        // Negated: nobody in both.
        let others = try bench.roster(["bulk", "plan", "--where", "-role:3", "--disable", "--format", "json"])
        #expect(others.status == 0)
        #expect(Set(try Self.rows(others.stdout).compactMap { $0["user_id"] as? String }).isDisjoint(with: ids))
        let unknown = try bench.roster(["bulk", "plan", "--where", "group:nosuchgroup", "--disable"])
        #expect(unknown.status == 2)
        #expect(unknown.stderrText.contains("nosuchgroup") && unknown.stderrText.contains("Engineering"), "\(unknown.stderrText)")
    }

    @Test func aHiddenAttributesValueIsKeptInThePlanFileButNeverPrinted() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "10"])
        let path = bench.dir + "/secret.json"
        let run = try bench.roster(["bulk", "plan", "--all-users", "--set-attribute", "WAREHOUSE_PASSWORD=hunter2-xyz", "--out", path,
                                    "--format", "json"])
        #expect(run.status == 0, "\(run.stderrText)")
        #expect(!run.stdoutText.contains("hunter2-xyz") && run.stdoutText.contains("(hidden)"))
        let file = try String(contentsOfFile: path, encoding: .utf8)
        #expect(file.contains("hunter2-xyz"), "apply needs the value")
        let table = try bench.roster(["bulk", "plan", "--all-users", "--set-attribute", "8=hunter2-xyz"])
        #expect(table.status == 0 && !table.stdoutText.contains("hunter2-xyz"), "\(table.stdoutText)")
        let applied = try bench.roster(["bulk", "apply", path, "--yes"])
        #expect(applied.status == 0, "\(applied.stderrText)")
        #expect(!applied.stdoutText.contains("hunter2-xyz") && !applied.stderrText.contains("hunter2-xyz"))
        let journal = try bench.roster(["journal"])
        #expect(!journal.stdoutText.contains("hunter2-xyz"))
        #expect(journal.stdoutText.contains("attribute.warehouse_password"), "\(journal.stdoutText)")
    }
}
