import Testing
@testable import RosterCore
import ScreenKit

/// `role:`, `group:`, `has:session` and `has:api-key` in the list's filter: names resolved against
/// the access catalog (nesting folded in once per query), per-row tests on compact ids, errors that
/// name candidates, and a filter typed before the catalog came applied when it comes.
@Suite struct ListAccessFilterTests {
    /// The sandbox's roles and groups: 3 sits in 2, 5 in 4, 9 in 8; plus a role and a group with
    /// ids that are not numbers, and two groups of the same name.
    static let catalog = AccessCatalog(
        roles: [("2", "Admin"), ("3", "Developer"), ("4", "User"), ("5", "Viewer"), ("6", "Support Analyst"),
                ("7", "Sales Explorer"), ("8", "Finance Viewer"), ("r-x", "Custom")].map { AccessCatalog.Role(id: $0.0, name: $0.1) },
        groups: [
            AccessCatalog.Group(id: "1", name: "All Users"),
            AccessCatalog.Group(id: "2", name: "Engineering", roleIDs: ["3"]),
            AccessCatalog.Group(id: "3", name: "Data Platform", parentIDs: ["2"], roleIDs: ["6"]),
            AccessCatalog.Group(id: "4", name: "Sales", roleIDs: ["7"]),
            AccessCatalog.Group(id: "5", name: "Sales EMEA", parentIDs: ["4"]),
            AccessCatalog.Group(id: "8", name: "Okta Analysts", roleIDs: ["4"]),
            AccessCatalog.Group(id: "9", name: "Okta Contractors", parentIDs: ["8"], roleIDs: ["5"]),
            AccessCatalog.Group(id: "g-y", name: "Twins"),
            AccessCatalog.Group(id: "11", name: "Twins"),
        ],
        attributes: [])

    static let people = [
        UserRow(id: "1", name: "Ann", email: "ann@acme.com", logins: ["email"], enabled: true,
                roleIDs: ["2"], groupIDs: ["1"], hasSession: true, hasAPIKey: false),
        UserRow(id: "2", name: "Bob", email: "bob@acme.com", logins: ["email"], enabled: true,
                groupIDs: ["1", "3"], hasSession: false, hasAPIKey: true),
        // The server said nothing of Cat's sessions and keys.
        UserRow(id: "3", name: "Cat", email: "cat@acme.com", logins: ["email"], enabled: true,
                roleIDs: ["4"], groupIDs: ["2"]),
        UserRow(id: "4", name: "Dan", email: "dan@acme.com", logins: ["saml"], enabled: true,
                groupIDs: ["5"], hasSession: true, hasAPIKey: true),
        UserRow(id: "5", name: "Eve", email: "eve@acme.com", logins: ["email"], enabled: false,
                roleIDs: ["7"], hasSession: false, hasAPIKey: false),
        UserRow(id: "6", name: "Fay", email: "fay@acme.com", logins: ["email"], enabled: true,
                roleIDs: ["r-x"], groupIDs: ["g-y", "9"], hasSession: false, hasAPIKey: false),
    ]

    static func list(catalog: AccessCatalog? = Self.catalog) -> UserList {
        var list = UserList()
        list.add(people)
        list.progress = .complete
        if let catalog { list.setCatalog(catalog) }
        return list
    }

    /// The ids the list shows for `filter`, checked against the reference meaning (`Query.matches`).
    static func shown(_ filter: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        var list = Self.list()
        list.setFilter(filter)
        #expect(list.filterError == nil, "\(filter): \(list.filterError?.message ?? "")", sourceLocation: sourceLocation)
        let ids = list.visible.map { list.rows[Int($0)].id }
        let query = try! Query.parse(filter).get()
        let reference = people.filter { query.matches($0, now: 0, duplicates: DuplicateEmails([]), catalog: catalog) }.map(\.id)
        #expect(ids == reference, "\(filter): the list and the reference differ", sourceLocation: sourceLocation)
        return ids
    }

    @Test func aRoleGivenDirectly() {
        #expect(Self.shown("role:Admin") == ["1"])
        #expect(Self.shown("role:user") == ["3", "6"])   // Cat directly; Fay through Okta Contractors inside Okta Analysts
    }

    @Test func aRoleThroughAGroupAndThroughAGroupInsideIt() {
        // Developer comes with Engineering (2): Cat is in it, Bob is in Data Platform (3), inside 2.
        #expect(Self.shown("role:developer") == ["2", "3"])
        // Support Analyst comes with Data Platform: Cat, in the outer group, does not get it.
        #expect(Self.shown("role:\"Support Analyst\"") == ["2"])
        // Sales Explorer: Eve directly, Dan through Sales EMEA inside Sales.
        #expect(Self.shown("role:\"sales explorer\"") == ["4", "5"])
        #expect(Self.shown("role:sales-explorer") == ["4", "5"])
    }

    @Test func aGroupTakesTheMembersOfTheGroupsInsideIt() {
        #expect(Self.shown("group:engineering") == ["2", "3"])
        #expect(Self.shown("group:\"data platform\"") == ["2"])
        #expect(Self.shown("group:sales") == ["4"])
        #expect(Self.shown("group:okta-analysts") == ["6"])
        #expect(Self.shown("group:\"All Users\"") == ["1", "2"])
    }

    @Test func namesInAnyCaseAndIds() {
        #expect(Self.shown("role:ADMIN") == ["1"])
        #expect(Self.shown("role:2") == ["1"])
        #expect(Self.shown("group:ENGINEERING") == ["2", "3"])
        #expect(Self.shown("group:2") == ["2", "3"])
        #expect(Self.shown("ROLE:\"Sales EXPLORER\"") == ["4", "5"])
    }

    @Test func idsThatAreNotNumbersWorkToo() {
        #expect(Self.shown("role:custom") == ["6"])
        #expect(Self.shown("role:r-x") == ["6"])
        #expect(Self.shown("group:g-y") == ["6"])
    }

    @Test func negationAndCombinations() {
        #expect(Self.shown("-role:developer") == ["1", "4", "5", "6"])
        #expect(Self.shown("-group:engineering is:enabled") == ["1", "4", "6"])
        #expect(Self.shown("role:developer -group:\"data platform\"") == ["3"])
        #expect(Self.shown("group:sales has:session") == ["4"])
    }

    @Test func sessionsAndAPIKeys() {
        #expect(Self.shown("has:session") == ["1", "4"])
        #expect(Self.shown("has:api-key") == ["2", "4"])
        // `no:` is the negation: a user the server said nothing about (Cat) is in it, as with `-is:enabled`.
        #expect(Self.shown("no:session") == ["2", "3", "5", "6"])
        #expect(Self.shown("-has:session") == ["2", "3", "5", "6"])
        #expect(Self.shown("no:api-key") == ["1", "3", "5", "6"])
        #expect(Self.shown("-no:api-key") == ["2", "4"])
        #expect(Self.shown("has:session no:api-key") == ["1"])
    }

    @Test func anUnknownNameIsAnErrorWithCandidatesAndTheListKeepsItsResult() {
        var list = Self.list()
        list.setFilter("role:admin")
        list.setFilter("role:view")
        #expect(list.filterError?.reason == "role: no role \"view\"; try Viewer (id 5), Finance Viewer (id 8)")
        #expect(list.filterError?.message == list.filterError?.reason)   // no list of qualifiers after it
        #expect(list.visible.map { list.rows[Int($0)].id } == ["1"])
        list.setFilter("group:nothing-like-it")
        #expect(list.filterError?.reason.hasPrefix("group: no group \"nothing-like-it\"; try All Users (id 1), Engineering (id 2), ") == true)
        #expect(list.filterError?.reason.hasSuffix(", …") == true)
        list.setFilter("group:twins")
        #expect(list.filterError?.reason == "group: \"twins\" names 2 groups, give the id: Twins (id g-y), Twins (id 11)")
        list.setFilter("role:")
        #expect(list.filterError?.reason == "role: takes a role's name or id")
        list.setFilter("group:\"")
        #expect(list.filterError?.reason == "group: takes a group's name or id")
    }

    @Test func aFilterTypedBeforeTheCatalogIsAppliedWhenItArrives() {
        var state = AppState(instance: "acme.looker.com", policy: .readWrite, size: Size(cols: 80, rows: 12))
        state.list = Self.list(catalog: nil)
        state.focus = .filter
        for c in "-group:engineering" { _ = reduce(&state, .key(.char(c))) }
        #expect(state.list.filterError?.reason == "group:engineering: roles and groups not loaded yet")
        #expect(state.list.filterError?.catalogMissing == true)
        #expect(state.list.visible.count == 6)   // the last valid result ("-grou" excluded nobody)
        _ = reduce(&state, .access(.catalogLoaded(Self.catalog)))
        #expect(state.list.filterError == nil)
        #expect(state.list.visible.map { state.list.rows[Int($0)].id } == ["1", "4", "5", "6"])

        state.list.setFilter("role:developer")
        #expect(state.list.visible.map { state.list.rows[Int($0)].id } == ["2", "3"])
        // A new catalog where Developer comes with Sales instead: the same filter means something else.
        var moved = Self.catalog.groups
        moved[1].roleIDs = []
        moved[3].roleIDs = ["7", "3"]
        _ = reduce(&state, .access(.catalogLoaded(AccessCatalog(roles: Self.catalog.roles, groups: moved, attributes: []))))
        #expect(state.list.visible.map { state.list.rows[Int($0)].id } == ["4"])
    }

    @Test func aCatalogThatFailedSaysWhyInTheFilterLine() {
        var state = AppState(instance: "acme.looker.com", policy: .readWrite, size: Size(cols: 80, rows: 24))
        state.list = Self.list(catalog: nil)
        state.focus = .filter
        state.list.setFilter("group:sales")
        #expect(screen(state)[1] == " Users 6 (all loaded)  filter: group:sales   ! group:sales: roles and groups no…")
        _ = reduce(&state, .access(.catalogFailed(Failure(kind: .forbidden, summary: "403 forbidden"))))
        #expect(screen(state)[1] == " Users 6 (all loaded)  filter: group:sales   ! group:sales: roles and groups co…")
        #expect(filterErrorText(state.list.filterError!, catalogFailure: state.tabs.catalogFailure)
                == "group:sales: roles and groups could not be read: 403 forbidden")
    }

    @Test func withoutTheCatalogTheReferenceMatchesNobodyEvenNegated() {
        // What a caller that forgot the catalog gets: nobody, never everybody.
        for text in ["role:admin", "-role:admin", "-group:sales", "group:nobody ann"] {
            let query = try! Query.parse(text).get()
            #expect(!Self.people.contains { query.matches($0, now: 0, duplicates: DuplicateEmails([])) }, "\(text)")
        }
        let unknown = try! Query.parse("-role:nobody").get()
        #expect(!Self.people.contains { unknown.matches($0, now: 0, duplicates: DuplicateEmails([]), catalog: Self.catalog) })
        let known = try! Query.parse("-role:admin").get()
        #expect(Self.people.filter { known.matches($0, now: 0, duplicates: DuplicateEmails([]), catalog: Self.catalog) }.count == 5)
    }

    @Test func theQualifiersParse() {
        func terms(_ text: String) -> [QueryTerm]? { try? Query.parse(text).get().terms }
        #expect(terms("role:\"Sales Explorer\" ann") == [QueryTerm(.role("Sales Explorer")), QueryTerm(.text("ann"))])
        #expect(terms("-group:\"Data Platform") == [QueryTerm(.group("Data Platform"), negated: true)])   // unclosed: to the end
        #expect(terms("role:Admin") == [QueryTerm(.role("Admin"))])
        #expect(terms("has:session no:api-key") == [QueryTerm(.hasSession), QueryTerm(.hasAPIKey, negated: true)])
        if case .failure(let e) = Query.parse("has:keys") {
            #expect(e.reason == "has: takes email, session or api-key, not \"keys\"")
            #expect(e.message.contains("role:NAME group:NAME has:api-key has:session"))
        } else {
            Issue.record("has:keys parsed")
        }
    }

    @Test func rowsWithTheSameIdsShareOneEntry() {
        var list = UserList()
        list.add((1...1000).map { i in
            UserRow(id: String(i), name: "U\(i)", email: "u\(i)@acme.com", logins: ["email"], enabled: true,
                    roleIDs: i % 2 == 0 ? ["4"] : ["3", "4"], groupIDs: ["1"])
        })
        // Two distinct sets: [1 role | 1 group, 4, 1] and [2 roles | 1 group, 3, 4, 1].
        #expect(list.accessBuffer.count == 3 + 4)
        #expect(list.accessStarts == [0, 3] || list.accessStarts == [0, 4])
        list.setCatalog(Self.catalog)
        list.setFilter("role:developer")
        #expect(list.visible.count == 500)
        list.setFilter("-role:user")
        #expect(list.visible.isEmpty)
    }

    @Test func rowsKeepTheirIdsCompactly() {
        let numeric = UserRow(id: "1", name: "A", email: "a@x", logins: [], enabled: true, roleIDs: ["2", "30"], groupIDs: ["1", "2147483647"])
        #expect(numeric.roleIDs == ["2", "30"])
        #expect(numeric.groupIDs == ["1", "2147483647"])
        #expect(numeric.accessIDs == .numeric([2, 2, 30, 1, 2_147_483_647]))
        // Anything that is not exactly an Int32's spelling keeps every id as text.
        for odd in ["007", "-1", "2147483648", "r-x", "", "+5"] {
            let row = UserRow(id: "1", name: "A", email: "a@x", logins: [], enabled: true, roleIDs: ["2", odd], groupIDs: ["3"])
            #expect(row.roleIDs == ["2", odd])
            #expect(row.groupIDs == ["3"])
            guard case .text = row.accessIDs else { Issue.record("\(odd) stored as a number"); continue }
        }
        let none = UserRow(id: "1", name: "A", email: "a@x", logins: [], enabled: true)
        #expect(none.roleIDs.isEmpty && none.groupIDs.isEmpty && none.hasSession == nil && none.hasAPIKey == nil)
        #expect(none.accessIDs.isEmpty)
        var changed = numeric
        changed.groupIDs = []
        #expect(changed.roleIDs == ["2", "30"] && changed.groupIDs.isEmpty)
        #expect(changed != numeric)
        changed.hasSession = true
        changed.hasAPIKey = false
        #expect(changed.hasSession == true && changed.hasAPIKey == false && changed.hasTOTP == false && changed.forcedReset == nil)
        // One word for the ids; the row stays within 88 bytes.
        #expect(MemoryLayout<AccessIDs>.size == 8)
        #expect(MemoryLayout<UserRow>.stride <= 88)
    }
}
