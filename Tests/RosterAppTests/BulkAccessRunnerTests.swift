import Foundation
import LookerAPI
import RosterApp
import RosterServices
import RosterCore
import Sandbox
import Testing
import TestSupport

/// Bulk access runs (roles, groups, attributes, logout) through the real client against the
/// sandbox over loopback: each row's flags read first and a blocked row never sent, each change
/// made once and journaled, the server's 422 per row, and the undo of a run from its file.
@Suite struct BulkAccessRunnerTests {
    static let supportAnalyst = BulkAction.addRole(id: "6", name: "Support Analyst")

    @Test func addingARoleChangesEachUserOnceSkipsWhomTheFlagsBlockAndUndoTakesItBack() async throws {
        try await BulkHarness.run(users: 80) { h in
            let ids = 2...80
            var before: [String: SandboxUser] = [:]
            for id in ids { before[String(id)] = await h.sandbox.user(id: String(id)) }
            // Planned without reading anyone's access: the runner reads each user's flags itself.
            let plan = BulkPlanner.plan(Self.supportAnalyst, scope: "filter", subjects: await h.subjects(ids))
            #expect(plan.writeCount == ids.count)
            let summary = try await h.runner().start(plan: plan, concurrency: 4, events: { _ in })
            #expect(summary.phase == .finished)

            let run = try h.store.load(id: summary.id)
            let puts = await h.requests("PUT") { $0.hasSuffix("/roles") }
            var changed: Set<String> = []
            for (id, user) in before {
                let outcome = run.outcomes[id]
                if user.rolesExternallyManaged {
                    #expect(outcome == .skipped(.blocked("roles are managed by SAML/LDAP/OIDC (roles_externally_managed)")), "user \(id)")
                } else if !user.allowDirectRoles {
                    #expect(outcome == .skipped(.blocked("direct roles are off for this user (allow_direct_roles is false)")), "user \(id)")
                } else if user.roleIDs.contains("6") {
                    #expect(outcome == .skipped(.nothingToDo("already has the role directly")), "user \(id)")
                } else {
                    #expect(outcome == .applied, "user \(id)")
                    changed.insert(id)
                }
                let now = try #require(await h.sandbox.user(id: id))
                #expect(now.roleIDs.contains("6") == (changed.contains(id) || user.roleIDs.contains("6")), "user \(id)")
            }
            #expect(before.values.contains { !$0.allowDirectRoles }, "the seed has users with direct roles off")
            #expect(before.values.contains { $0.rolesExternallyManaged }, "and users whose roles SAML manages")
            #expect(changed.count > 20)
            // One PUT for each changed user, none for a blocked or unchanged one.
            #expect(puts.count == changed.count)
            #expect(Set(puts.map { BulkHarness.userID(in: $0.path) }) == changed)
            #expect(summary.applied == changed.count)

            let journal = try h.journal.read()
            #expect(journal.count == changed.count)
            #expect(journal.allSatisfy { $0.action == JournalAction(.addRole) && $0.field == "role_ids" && $0.after?.split(separator: ",").contains("6") == true })
            #expect(Set(journal.map(\.userID)) == changed)
            #expect(run.seen.count == changed.count, "what each write found is in the run file")

            // The undo removes the role from exactly the users the run gave it to.
            let undo = try h.store.undoPlan(of: summary.id)
            #expect(undo.writeCount == changed.count)
            #expect(undo.rows.allSatisfy { $0.op == .removeRole && $0.target?.id == "6" })
            let undone = try await h.runner().start(plan: undo, concurrency: 4, events: { _ in })
            #expect(undone.applied == changed.count)
            for (id, user) in before {
                #expect(await h.sandbox.user(id: id)?.roleIDs == user.roleIDs, "user \(id) has the roles it had")
            }
        }
    }

    @Test func aManagedGroupIsSkippedForEveryoneAndNothingIsSent() async throws {
        try await BulkHarness.run(users: 20) { h in
            // The plan does not know the group is managed (no catalog): the runner reads it once.
            let plan = BulkPlanner.plan(.addToGroup(id: "8", name: "Okta Analysts"), scope: "", subjects: await h.subjects(2...20))
            #expect(plan.writeCount == 19)
            let summary = try await h.runner().start(plan: plan, concurrency: 4, events: { _ in })
            #expect(summary.skipped == 19 && summary.applied == 0)
            let run = try h.store.load(id: summary.id)
            #expect(run.outcomes.values.allSatisfy { $0 == .skipped(.blocked("Okta Analysts is managed by SAML/LDAP/OIDC (externally_managed)")) })
            #expect(await h.requests("POST") { $0.contains("/groups/") }.isEmpty)
            #expect(try h.journal.read().isEmpty)
        }
    }

    @Test func addingToAPlainGroupSkipsWhomMembershipIsOffFor() async throws {
        try await BulkHarness.run(users: 60) { h in
            let plan = BulkPlanner.plan(.addToGroup(id: "5", name: "Group"), scope: "", subjects: await h.subjects(2...60))
            var before: [String: SandboxUser] = [:]
            for id in 2...60 { before[String(id)] = await h.sandbox.user(id: String(id)) }
            let summary = try await h.runner().start(plan: plan, concurrency: 4, events: { _ in })
            let run = try h.store.load(id: summary.id)
            let posts = await h.requests("POST") { $0.hasSuffix("/groups/5/users") }.filter { $0.status == 200 }
            for (id, user) in before {
                if !user.allowNormalGroupMembership {
                    #expect(run.outcomes[id] == .skipped(.blocked("group membership is off for this user (allow_normal_group_membership is false)")))
                } else if user.groupIDs.contains("5") {
                    #expect(run.outcomes[id] == .skipped(.nothingToDo("already in the group")))
                } else {
                    #expect(run.outcomes[id] == .applied, "user \(id)")
                    #expect(await h.sandbox.user(id: id)?.groupIDs.contains("5") == true)
                }
            }
            #expect(before.values.contains { !$0.allowNormalGroupMembership })
            #expect(posts.count == summary.applied)
            #expect(try h.journal.read().allSatisfy { $0.action == JournalAction(.addToGroup) && $0.field == "group_ids" })
        }
    }

    @Test func aValueTheServerRefusesFailsTheRowWithItsField() async throws {
        try await BulkHarness.run(users: 10) { h in
            let plan = BulkPlanner.plan(.setAttribute(id: "2", name: "max_rows", value: "lots", hidden: false), scope: "",
                                        subjects: await h.subjects(2...10))
            let summary = try await h.runner().start(plan: plan, concurrency: 2, events: { _ in })
            #expect(summary.failed == 9)
            let run = try h.store.load(id: summary.id)
            for outcome in run.outcomes.values {
                guard case .failed(let status, _, let field) = outcome else {
                    Issue.record("not failed: \(outcome)")
                    continue
                }
                #expect(status == 422 && field == "value")
            }
            #expect(try h.journal.read().isEmpty)
        }
    }

    @Test func settingAnAttributeIsUndoneToEachUsersOwnValueOrCleared() async throws {
        try await BulkHarness.run(users: 60) { h in
            var before: [String: String?] = [:]
            for id in 2...60 { before[String(id)] = await h.sandbox.user(id: String(id))?.attributeValues["2"] }
            #expect(before.values.contains { $0 != nil }, "the seed gives some users a max_rows of their own")
            let plan = BulkPlanner.plan(.setAttribute(id: "2", name: "max_rows", value: "777", hidden: false), scope: "",
                                        subjects: await h.subjects(2...60))
            let summary = try await h.runner().start(plan: plan, concurrency: 4, events: { _ in })
            #expect(summary.applied == 59)
            for id in 2...60 { #expect(await h.sandbox.user(id: String(id))?.attributeValues["2"] == "777") }
            let journal = try h.journal.read()
            #expect(journal.count == 59)
            #expect(journal.allSatisfy { $0.action == JournalAction(.setAttribute) && $0.field == "attribute.max_rows" && $0.after == "777" })
            #expect(journal.contains { $0.before == "(unset)" })

            // Someone changes one user's value meanwhile: the undo leaves that user alone.
            let other = BulkHarness.makeClient(h.sandbox)
            _ = try await other.setUserAttributeValue(userID: "7", attributeID: "2", value: "12")
            await other.shutdown()
            let undo = try h.store.undoPlan(of: summary.id)
            let undone = try await h.runner().start(plan: undo, concurrency: 4, events: { _ in })
            #expect(undone.applied == 58)
            #expect(try h.store.load(id: undone.id).outcomes["7"] == .skipped(.changedElsewhere))
            for id in 2...60 where id != 7 {
                #expect(await h.sandbox.user(id: String(id))?.attributeValues["2"] == before[String(id)] ?? nil, "user \(id)")
            }
            #expect(await h.sandbox.user(id: "7")?.attributeValues["2"] == "12")
        }
    }

    @Test func logoutEndsEverySessionAndCannotBeUndone() async throws {
        try await BulkHarness.run(users: 40) { h in
            var sessions: [String: Int] = [:]
            for id in 2...40 { sessions[String(id)] = await h.sandbox.user(id: String(id))?.sessions.count ?? 0 }
            let withSessions = Set(sessions.filter { $0.value > 0 }.keys)
            #expect(!withSessions.isEmpty)
            let plan = BulkPlanner.plan(.logout, scope: "", subjects: await h.subjects(2...40))
            let summary = try await h.runner().start(plan: plan, concurrency: 4, events: { _ in })
            let run = try h.store.load(id: summary.id)
            for (id, count) in sessions {
                #expect(run.outcomes[id] == (count > 0 ? .applied : .skipped(.nothingToDo("has no session"))), "user \(id)")
                #expect(await h.sandbox.user(id: id)?.sessions.isEmpty == true)
            }
            let deletes = await h.requests("DELETE") { $0.contains("/sessions/") }
            #expect(deletes.count == sessions.values.reduce(0, +))
            let journal = try h.journal.read()
            #expect(Set(journal.map(\.userID)) == withSessions)
            #expect(journal.allSatisfy { $0.action == JournalAction(.logout) && $0.field == "session" && $0.before?.hasPrefix("all (") == true })
            let undo = try h.store.undoPlan(of: summary.id)
            #expect(undo.writeCount == 0)
            #expect(undo.rows.allSatisfy { $0.skip == .noInverse("a session cannot be restored; the user logs in again") })
        }
    }

    @Test func afterACrashAnAccessRowInDoubtIsNotWrittenAgainWhenItHolds() async throws {
        try await BulkHarness.run(users: 40) { h in
            // Three users whose direct roles can be changed and who lack the role.
            var open: [Int] = []
            for id in 2...40 {
                guard let u = await h.sandbox.user(id: String(id)) else { continue }
                if u.allowDirectRoles && !u.rolesExternallyManaged && !u.roleIDs.contains("6") { open.append(id) }
            }
            let chosen = try #require(open.count >= 3 ? Array(open.prefix(3)) : nil)
            let plan = BulkPlanner.plan(Self.supportAnalyst, scope: "", subjects: await h.subjects(chosen[0]...chosen[0])
                                        + h.subjects(chosen[1]...chosen[1]) + h.subjects(chosen[2]...chosen[2]))
            let (applied, notApplied) = (plan.rows[0].userID, plan.rows[1].userID)
            // The process that ran it wrote two intents; one request reached Looker, then kill -9.
            let file = try h.store.create(plan: plan, instance: h.client.instance, instanceURL: h.client.instanceURL)
            try file.intent(key: applied)
            try file.intent(key: notApplied)
            let other = BulkHarness.makeClient(h.sandbox)
            _ = try await other.perform(.addRole(roleID: "6", expected: nil), userID: applied)
            await other.shutdown()
            file.close()
            let before = await h.requests("PUT") { $0.hasSuffix("/roles") }.count
            let summary = try await h.runner().resume(id: file.id, concurrency: 2, events: { _ in })
            #expect(summary.phase == .finished)
            #expect(summary.applied == 3)
            let puts = await h.requests("PUT") { $0.hasSuffix("/roles") }.dropFirst(before)
            #expect(Set(puts.map { BulkHarness.userID(in: $0.path) }) == [notApplied, plan.rows[2].userID], "the applied one is not sent again")
            for row in plan.rows { #expect(await h.sandbox.user(id: row.userID)?.roleIDs.contains("6") == true) }
        }
    }

    @Test func theUndoPreviewWaitsOutA429InsteadOfFailing() async throws {
        try await BulkHarness.run(users: 20) { h in
            let plan = BulkPlanner.plan(Self.supportAnalyst, scope: "", subjects: await h.subjects(2...20))
            let summary = try await h.runner().start(plan: plan, concurrency: 4, events: { _ in })
            let undo = try h.store.undoPlan(of: summary.id)
            await h.sandbox.inject(Fault(method: "GET", pathPattern: "users/search", status: 429,
                                         body: #"{"message":"Too Many Requests"}"#, contentType: "application/json", remaining: 2))
            let waits = Recorder<Double>()
            let previewed = try await UndoPreview.reread(undo, service: h.client, sleep: { waits.append($0) })
            #expect(previewed.writeCount == summary.applied)
            #expect(waits.values == [1, 2], "1 s, then 2 s without a Retry-After")
        }
    }
}
