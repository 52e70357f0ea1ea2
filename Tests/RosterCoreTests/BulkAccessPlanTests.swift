import Foundation
import Testing
@testable import RosterCore

/// Bulk access actions (roles, groups, attributes, logout): planning with and without each user's
/// access known, the skip reasons that name the flag or the management, the check of a plan file,
/// the preview's words and the undo of each.
@Suite struct BulkAccessPlanTests {
    static func subject(_ id: String) -> BulkSubject {
        BulkSubject(id: id, name: "User \(id)", loginEmail: "u\(id)@acme.com", forcedReset: false, disabled: false, ssoEmail: nil)
    }

    static let catalog = AccessCatalog(
        roles: [.init(id: "2", name: "Admin"), .init(id: "5", name: "Viewer")],
        groups: [.init(id: "3", name: "Analysts"), .init(id: "8", name: "Okta Analysts", externallyManaged: true)],
        attributes: [.init(id: "2", name: "max_rows", type: "number"), .init(id: "8", name: "warehouse_password", hidden: true)])

    static let users: [String: UserAccess] = [
        "1": UserAccess(userID: "1", directRoleIDs: ["5"], groupIDs: []),
        "2": UserAccess(userID: "2", directRoleIDs: ["5", "2"], groupIDs: ["3"]),
        "3": UserAccess(userID: "3", directRoleIDs: [], groupIDs: [], rolesExternallyManaged: true),
        "4": UserAccess(userID: "4", directRoleIDs: [], groupIDs: [], allowDirectRoles: false, allowNormalGroupMembership: false),
    ]

    /// Each row as "id: change" or "id: skipped (reason)".
    static func lines(_ plan: BulkPlan) -> [String] {
        plan.rows.map { row in row.skip.map { "\(row.userID): skipped (\($0.text))" } ?? "\(row.userID): \(row.change)" }
    }

    static var subjects: [BulkSubject] { ["1", "2", "3", "4", "5"].map(subject) }

    @Test func addRoleSkipsWhoAlreadyHasItAndWhoseFlagsBlockIt() {
        let plan = BulkPlanner.plan(.addRole(id: "2", name: "Admin"), scope: "5 marked", subjects: Self.subjects,
                                    access: Self.users, catalog: Self.catalog)
        #expect(Self.lines(plan) == [
            "1: add role Admin (5 → 5,2)",
            "2: skipped (already has the role directly)",
            "3: skipped (roles are managed by SAML/LDAP/OIDC (roles_externally_managed))",
            "4: skipped (direct roles are off for this user (allow_direct_roles is false))",
            // Not read: written, the runner reads and decides.
            "5: add role Admin",
        ])
        #expect(plan.rows.allSatisfy { $0.op == .addRole && $0.target == AccessTarget(id: "2", name: "Admin") })
        #expect(plan.rows[0].before.roles == ["5"] && plan.rows[0].after.roles == ["5", "2"])
        #expect(plan.rows[0].operation == .addRole)
        #expect(plan.rows[0].write == .addRole(roleID: "2", expected: nil))
        #expect(plan.problems().isEmpty)
        #expect(plan.action.title == "add role Admin")
    }

    @Test func removeRoleSkipsWhoDoesNotHaveItDirectly() {
        let plan = BulkPlanner.plan(.removeRole(id: "5", name: "Viewer"), scope: "", subjects: Self.subjects, access: Self.users)
        #expect(Self.lines(plan) == [
            "1: remove role Viewer (5 → (none))",
            "2: remove role Viewer (5,2 → 2)",
            "3: skipped (roles are managed by SAML/LDAP/OIDC (roles_externally_managed))",
            "4: skipped (direct roles are off for this user (allow_direct_roles is false))",
            "5: remove role Viewer",
        ])
        let none = BulkPlanner.plan(.removeRole(id: "2", name: "Admin"), scope: "", subjects: [Self.subject("1")], access: Self.users)
        #expect(none.rows[0].skip == .nothingToDo("does not have the role directly"))
    }

    @Test func groupsSkipAManagedGroupForEveryoneAndTheMembershipFlag() {
        let managed = BulkPlanner.plan(.addToGroup(id: "8", name: "Okta Analysts"), scope: "", subjects: Self.subjects,
                                       access: Self.users, catalog: Self.catalog)
        #expect(managed.rows.allSatisfy { $0.skip == .blocked("Okta Analysts is managed by SAML/LDAP/OIDC (externally_managed)") })
        let plain = BulkPlanner.plan(.addToGroup(id: "3", name: "Analysts"), scope: "", subjects: Self.subjects,
                                     access: Self.users, catalog: Self.catalog)
        #expect(Self.lines(plain) == [
            "1: add to group Analysts ((none) → 3)",
            "2: skipped (already in the group)",
            "3: add to group Analysts ((none) → 3)",
            "4: skipped (group membership is off for this user (allow_normal_group_membership is false))",
            "5: add to group Analysts",
        ])
        let out = BulkPlanner.plan(.removeFromGroup(id: "3", name: "Analysts"), scope: "", subjects: Self.subjects,
                                   access: Self.users, catalog: Self.catalog)
        #expect(out.rows.map(\.skip) == [.nothingToDo("not directly in the group"), nil, .nothingToDo("not directly in the group"),
                                        .blocked("group membership is off for this user (allow_normal_group_membership is false)"), nil])
        #expect(out.rows[1].write == .removeFromGroup(groupID: "3"))
    }

    @Test func attributesAndLogoutAreWrittenForEveryoneAndDecidedWhenRun() {
        let set = BulkPlanner.plan(.setAttribute(id: "2", name: "max_rows", value: "5000", hidden: false), scope: "",
                                   subjects: Self.subjects, access: Self.users)
        #expect(set.writeCount == 5)
        #expect(set.rows[0].change == "set max_rows to 5000")
        #expect(set.rows[0].write == .setAttribute(attributeID: "2", name: "max_rows", value: "5000", hidden: false))
        let hidden = BulkPlanner.plan(.setAttribute(id: "8", name: "warehouse_password", value: "s3cret", hidden: true), scope: "",
                                      subjects: [Self.subject("1")])
        #expect(hidden.rows[0].change == "set warehouse_password to (hidden)")
        #expect(!hidden.action.title.contains("s3cret"))
        let clear = BulkPlanner.plan(.clearAttribute(id: "2", name: "max_rows", hidden: false), scope: "", subjects: [Self.subject("1")])
        #expect(clear.rows[0].change == "clear max_rows")
        #expect(clear.rows[0].write == .clearAttribute(attributeID: "2", name: "max_rows", hidden: false))
        let logout = BulkPlanner.plan(.logout, scope: "", subjects: [Self.subject("1")])
        #expect(logout.rows[0].change == "log out every session")
        #expect(logout.rows[0].write == .logout(sessionID: nil))
        #expect(logout.rows[0].operation == .logout)
        #expect(logout.problems().isEmpty && clear.problems().isEmpty && set.problems().isEmpty)
    }

    @Test func theAPIUserNeverLosesARoleOrAGroup() {
        let plan = BulkPlanner.plan(.removeRole(id: "5", name: "Viewer"), scope: "", subjects: [Self.subject("1"), Self.subject("2")],
                                    apiUserID: "2", access: Self.users)
        #expect(plan.rows.map(\.skip) == [nil, .apiUser])
        var edited = plan
        edited.rows[1].skip = nil
        #expect(edited.problems(apiUserID: "2").map(\.row) == [2])
        let add = BulkPlanner.plan(.addRole(id: "2", name: "Admin"), scope: "", subjects: [Self.subject("1")], apiUserID: "1")
        #expect(add.rows[0].skip == nil, "giving it a role cuts nothing")
    }

    @Test func aHandEditedAccessRowIsRefused() {
        var plan = BulkPlanner.plan(.addRole(id: "2", name: "Admin"), scope: "", subjects: [Self.subject("1"), Self.subject("2")])
        plan.rows[0].target = AccessTarget(id: "7", name: "Admin")
        plan.rows[1].target = nil
        #expect(plan.problems().map(\.reason) == ["changes 7, the plan 2", "an access row that does not say what it changes"])
        var wrongOp = BulkPlanner.plan(.addRole(id: "2", name: "Admin"), scope: "", subjects: [Self.subject("1")])
        wrongOp.rows[0].op = .removeRole
        #expect(wrongOp.problems().count == 1)
        var badID = BulkPlanner.plan(.addToGroup(id: "../3", name: "x"), scope: "", subjects: [Self.subject("1")])
        #expect(badID.problems().map(\.reason) == ["not a role, group or attribute id"])
        badID.rows[0].skip = .unknownUser
        #expect(badID.problems().isEmpty, "a skipped row sends nothing")
    }

    // MARK: - Undo

    static func run(_ id: String) -> RunSummary {
        RunSummary(id: id, action: .logout, scope: "", instance: "h", started: "", phase: .finished, total: 0, applied: 0, failed: 0, skipped: 0)
    }

    @Test func undoingRolesAndGroupsTakesBackWhatWasGiven() throws {
        let add = BulkPlanner.plan(.addRole(id: "2", name: "Admin"), scope: "", subjects: [Self.subject("1"), Self.subject("5")],
                                   access: Self.users)
        let seen = ["1": RowSeen(before: .roles(["5"]), after: .roles(["5", "2"]))]
        let undo = try BulkPlan.undo(of: Self.run("r1"), plan: add, outcomes: ["1": .applied, "5": .skipped(.nothingToDo("x"))],
                                     inDoubt: [], seen: seen)
        #expect(undo.action == .undo(runID: "r1"))
        #expect(undo.rows.count == 1)
        #expect(undo.rows[0].op == .removeRole && undo.rows[0].target?.id == "2" && undo.rows[0].skip == nil)
        #expect(undo.rows[0].before.roles == ["5", "2"] && undo.rows[0].after.roles == ["5"])
        #expect(undo.problems().isEmpty)
        #expect(undo.rows[0].inverse.op == .addRole)
        let group = BulkPlanner.plan(.removeFromGroup(id: "3", name: "Analysts"), scope: "", subjects: [Self.subject("2")])
        let back = try BulkPlan.undo(of: Self.run("r2"), plan: group, outcomes: ["2": .applied], inDoubt: [])
        #expect(back.rows.map(\.op) == [.addToGroup])
        #expect(back.rows[0].write == .addToGroup(groupID: "3"))
    }

    @Test func undoingAnAttributePutsBackTheValueOrClearsIt() throws {
        let set = BulkPlanner.plan(.setAttribute(id: "2", name: "max_rows", value: "5000", hidden: false), scope: "",
                                   subjects: ["1", "2", "3", "4"].map(Self.subject))
        let own = AttributeSnapshot(id: "2", name: "max_rows", value: "100", own: true, hidden: false)
        let inherited = AttributeSnapshot(id: "2", name: "max_rows", value: "10", own: false, hidden: false)
        let after = AttributeSnapshot(id: "2", name: "max_rows", value: "5000", own: true, hidden: false)
        let seen = ["1": RowSeen(before: .attribute(own), after: .attribute(after)),
                    "2": RowSeen(before: .attribute(inherited), after: .attribute(after))]
        let undo = try BulkPlan.undo(of: Self.run("r3"), plan: set, outcomes: ["1": .applied, "2": .applied, "3": .applied],
                                     inDoubt: ["4"], seen: seen)
        // Newest first, as every undo.
        #expect(undo.rows.map(\.userID) == ["4", "3", "2", "1"])
        #expect(undo.rows[3].write == .setAttribute(attributeID: "2", name: "max_rows", value: "100", hidden: false))
        #expect(undo.rows[3].before.attribute == after, "the runner checks the user still has what the run wrote")
        #expect(undo.rows[3].change == "max_rows 5000 → 100")
        #expect(undo.rows[2].change == "max_rows 5000 → (unset)")
        #expect(undo.rows[2].write == .clearAttribute(attributeID: "2", name: "max_rows", hidden: false))
        #expect(undo.rows[1].skip == .noInverse("the value before is not known"))
        #expect(undo.rows[0].skip == .noInverse("the value before is not known"))
        #expect(undo.problems().isEmpty)

        let clear = BulkPlanner.plan(.clearAttribute(id: "2", name: "max_rows", hidden: false), scope: "", subjects: [Self.subject("1")])
        let cleared = AttributeSnapshot(id: "2", name: "max_rows", value: nil, own: false, hidden: false)
        let put = try BulkPlan.undo(of: Self.run("r4"), plan: clear, outcomes: ["1": .applied], inDoubt: [],
                                    seen: ["1": RowSeen(before: .attribute(own), after: .attribute(cleared))])
        #expect(put.rows[0].write == .setAttribute(attributeID: "2", name: "max_rows", value: "100", hidden: false))
    }

    @Test func aHiddenAttributeAndALogoutCannotBeUndoneAndSaySo() throws {
        let hidden = BulkPlanner.plan(.setAttribute(id: "8", name: "warehouse_password", value: "x", hidden: true), scope: "",
                                      subjects: [Self.subject("1")])
        let was = AttributeSnapshot(id: "8", name: "warehouse_password", value: nil, own: true, hidden: true)
        let undo = try BulkPlan.undo(of: Self.run("r5"), plan: hidden, outcomes: ["1": .applied], inDoubt: [],
                                     seen: ["1": RowSeen(before: .attribute(was), after: .attribute(was))])
        #expect(undo.rows[0].skip == .noInverse("a hidden attribute's value is never known, so it cannot be put back"))
        #expect(undo.rows[0].skip?.text.hasPrefix("cannot be undone: ") == true)
        let logout = BulkPlanner.plan(.logout, scope: "", subjects: [Self.subject("1")])
        let none = try BulkPlan.undo(of: Self.run("r6"), plan: logout, outcomes: ["1": .applied], inDoubt: [])
        #expect(none.rows[0].skip == .noInverse("a session cannot be restored; the user logs in again"))
        #expect(none.writeCount == 0)
    }

    @Test func oldPlansAndRowsDecodeWithoutTheNewFields() throws {
        let old = #"{"userID":"1","name":"A","op":"patchEmail","before":{"email":"a@x.com"},"after":{"email":"a@y.com"}}"#
        let row = try JSONDecoder().decode(PlanRow.self, from: Data(old.utf8))
        #expect(row.target == nil && row.before.roles == nil)
        // A row without a target encodes as before: no new key.
        let encoded = String(decoding: try JSONEncoder().encode(row), as: UTF8.self)
        #expect(!encoded.contains("target"))
        let action = BulkAction.setAttribute(id: "2", name: "max_rows", value: "1", hidden: false)
        #expect(try JSONDecoder().decode(BulkAction.self, from: JSONEncoder().encode(action)) == action)
        #expect(try JSONDecoder().decode(SkipReason.self, from: JSONEncoder().encode(SkipReason.blocked("b"))) == .blocked("b"))
    }

    // MARK: - The TUI's menu

    /// The bulk menu open on every loaded user, with the catalog read, drawn (so keys count).
    func menu() -> AppState {
        var state = People.loaded()
        state.catalog = Self.catalog
        _ = reduce(&state, .key(.char("b")))
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        return state
    }

    func type(_ text: String, _ state: inout AppState) {
        for c in text { _ = reduce(&state, .key(.char(c))) }
    }

    @Test func theMenuAsksForARoleByNameAndShowsTheCandidatesOfAnUnknownOne() {
        var state = menu()
        #expect(render(state).grid.lines.contains { $0.contains("r  add a role") })
        _ = reduce(&state, .key(.char("r")))
        #expect(state.keyContext == .bulk(.domain))
        #expect(state.bulk?.access == .addRole)
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        type("superuser", &state)
        _ = reduce(&state, .key(.enter))
        #expect(state.bulk?.stage == .domain)
        #expect(state.bulk?.domainError == "no role is named superuser")
        #expect(state.bulk?.candidates == ["Admin (id 2)", "Viewer (id 5)"])
        let lines = render(state).grid.lines
        #expect(lines.contains { $0.contains("! no role is named superuser") })
        #expect(lines.contains { $0.contains("Viewer (id 5)") })
        // Typing again clears the complaint; a name in any case is found.
        for _ in 0..<9 { _ = reduce(&state, .key(.backspace)) }
        #expect(state.bulk?.candidates == [])
        type("ADMIN", &state)
        _ = reduce(&state, .key(.enter))
        #expect(state.bulk?.stage == .preview)
        let plan = state.bulk?.plan
        #expect(plan?.action == .addRole(id: "2", name: "Admin"))
        #expect(plan?.rows.allSatisfy { $0.op == .addRole && $0.skip == nil } == true)
        #expect(render(state).grid.lines.contains { $0.contains("add role Admin") })
    }

    @Test func setAttributeTakesANameAndAValueAndAManagedGroupIsSkippedInThePreview() {
        var state = menu()
        _ = reduce(&state, .key(.char("t")))
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        type("max_rows", &state)
        _ = reduce(&state, .key(.tab))
        type("5000", &state)
        #expect(render(state).grid.lines.contains { $0.contains("value") && $0.contains("5000") })
        _ = reduce(&state, .key(.enter))
        #expect(state.bulk?.plan?.action == .setAttribute(id: "2", name: "max_rows", value: "5000", hidden: false))

        // A hidden attribute's value is typed blind and previewed as hidden.
        var secret = menu()
        _ = reduce(&secret, .key(.char("t")))
        _ = reduce(&secret, .frameShown(secret.shownFrame + 1))
        type("warehouse_password", &secret)
        _ = reduce(&secret, .key(.tab))
        type("hunter2", &secret)
        let typed = render(secret).grid.lines
        #expect(!typed.contains { $0.contains("hunter2") })
        #expect(typed.contains { $0.contains("•••••••") })
        _ = reduce(&secret, .key(.enter))
        #expect(secret.bulk?.plan?.action == .setAttribute(id: "8", name: "warehouse_password", value: "hunter2", hidden: true))
        #expect(!render(secret).grid.lines.contains { $0.contains("hunter2") })

        var group = menu()
        _ = reduce(&group, .key(.char("g")))
        _ = reduce(&group, .frameShown(group.shownFrame + 1))
        type("8", &group)
        _ = reduce(&group, .key(.enter))
        #expect(group.bulk?.plan?.writeCount == 0)
        #expect(group.bulk?.plan?.rows.first?.skip == .blocked("Okta Analysts is managed by SAML/LDAP/OIDC (externally_managed)"))

        var logout = menu()
        _ = reduce(&logout, .key(.char("o")))
        #expect(logout.bulk?.stage == .preview)
        #expect(logout.bulk?.plan?.action == .logout)
    }

    @Test func withoutTheCatalogTheMenuSaysToWait() {
        var state = People.loaded()
        _ = reduce(&state, .key(.char("b")))
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        _ = reduce(&state, .key(.char("R")))
        #expect(state.bulk?.stage == .menu)
        #expect(state.flash?.text.contains("not read yet") == true)
    }
}
