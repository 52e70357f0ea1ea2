import RosterCore
import Testing

/// Names given on the command line resolve to one role, group or attribute, or say why not; roles
/// are traced to their sources through nested groups.
@Suite struct AccessCatalogTests {
    /// Engineering (2) holds Data Platform (3), which holds Data Ops (4); two roles share a name but for case.
    static let catalog = AccessCatalog(
        roles: [
            .init(id: "2", name: "Admin"), .init(id: "3", name: "Developer"), .init(id: "4", name: "Support Analyst"),
            .init(id: "5", name: "Viewer"), .init(id: "6", name: "VIEWER"), .init(id: "7", name: "Finance Viewer"),
        ],
        groups: [
            .init(id: "1", name: "All Users"),
            .init(id: "2", name: "Engineering", roleIDs: ["3"]),
            .init(id: "3", name: "Data Platform", parentIDs: ["2"], roleIDs: ["4"]),
            .init(id: "4", name: "Data Ops", parentIDs: ["3"]),
            .init(id: "8", name: "Okta Analysts", roleIDs: ["7"], externallyManaged: true),
        ],
        attributes: [.init(id: "2", name: "max_rows", type: "number"), .init(id: "8", name: "warehouse_password", hidden: true)])

    @Test func anIDIsFoundAsItIs() {
        #expect(Self.catalog.resolveRole("3") == .found(.init(id: "3", name: "Developer")))
        #expect(Self.catalog.resolveGroup(" 8 ").found?.name == "Okta Analysts", "blanks around it are not part of it")
        #expect(Self.catalog.resolveAttribute("8").found?.name == "warehouse_password")
    }

    @Test func aNameIsFoundInAnyCase() {
        #expect(Self.catalog.resolveRole("admin").found?.id == "2")
        #expect(Self.catalog.resolveRole("DEVELOPER").found?.id == "3")
        #expect(Self.catalog.resolveGroup("data platform").found?.id == "3")
        #expect(Self.catalog.resolveAttribute("Max_Rows").found?.id == "2")
    }

    @Test func anUnknownNameListsTheNamesContainingIt() {
        #expect(Self.catalog.resolveRole("view") == .unknown(["Viewer (id 5)", "VIEWER (id 6)", "Finance Viewer (id 7)"]))
        #expect(Self.catalog.resolveGroup("data") == .unknown(["Data Platform (id 3)", "Data Ops (id 4)"]))
    }

    @Test func anUnknownNameWithNothingNearListsEveryName() {
        guard case .unknown(let candidates) = Self.catalog.resolveGroup("Marketing") else {
            Issue.record("Marketing is no group here")
            return
        }
        #expect(candidates == Self.catalog.groups.map(\.candidate))
        #expect(Self.catalog.resolveRole("") == .unknown(Self.catalog.roles.map(\.candidate)))
    }

    @Test func candidatesAreCapped() {
        let many = AccessCatalog(roles: (1...50).map { .init(id: "\($0)", name: "Role \($0)") }, groups: [], attributes: [])
        guard case .unknown(let candidates) = many.resolveRole("role") else {
            Issue.record("no role is named 'role'")
            return
        }
        #expect(candidates.count == AccessCatalog.candidateLimit)
    }

    @Test func twoEntriesOfTheSameNameAreAmbiguous() {
        #expect(Self.catalog.resolveRole("viewer") == .ambiguous(["Viewer (id 5)", "VIEWER (id 6)"]))
        #expect(Self.catalog.resolveRole("6") == .found(.init(id: "6", name: "VIEWER")), "the id settles it")
    }

    @Test func aCandidateIsNamedSafely() {
        let hostile = AccessCatalog(roles: [.init(id: "9", name: "Evil\u{1b}[2J\u{202E}")], groups: [], attributes: [])
        guard case .unknown(let candidates) = hostile.resolveRole("x") else {
            Issue.record("x is no role")
            return
        }
        #expect(candidates.count == 1)
        #expect(!candidates[0].unicodeScalars.contains { $0 == "\u{1b}" || $0 == "\u{202E}" })
    }

    @Test func rolesComeWithTheirSourcesThroughNestedGroups() {
        // In Data Ops (inside Data Platform, inside Engineering), with Developer also given directly.
        let grants = Self.catalog.grants(directRoles: ["3", "2"], groups: ["4"])
        #expect(grants == [
            RoleGrant(roleID: "2", direct: true, groupIDs: []),
            RoleGrant(roleID: "3", direct: true, groupIDs: ["2"]),
            RoleGrant(roleID: "4", direct: false, groupIDs: ["3"]),
        ])
        #expect(Self.catalog.grants(directRoles: [], groups: ["1"]).isEmpty, "All Users gives no role")
        #expect(Self.catalog.grants(directRoles: ["99"], groups: []) == [RoleGrant(roleID: "99", direct: true, groupIDs: [])],
                "an unknown role is still listed")
    }

    @Test func aRoleFromTwoGroupsNamesBoth() {
        let catalog = AccessCatalog(roles: [.init(id: "3", name: "Developer")],
                                    groups: [.init(id: "2", name: "Engineering", roleIDs: ["3"]),
                                             .init(id: "5", name: "Contractors", roleIDs: ["3"])],
                                    attributes: [])
        #expect(catalog.grants(directRoles: [], groups: ["5", "2"]) == [RoleGrant(roleID: "3", direct: false, groupIDs: ["5", "2"])])
    }

    @Test func ancestorsAndDescendantsFollowTheNesting() {
        #expect(Self.catalog.withAncestors(["4"]) == ["4", "3", "2"])
        #expect(Self.catalog.withAncestors(["1", "3"]) == ["1", "3", "2"])
        #expect(Self.catalog.withDescendants("2") == ["2", "3", "4"])
        #expect(Self.catalog.withDescendants("4") == ["4"])
        #expect(Self.catalog.groupsGiving(role: "3") == ["2", "3", "4"], "every member of a group inside Engineering holds Developer")
        #expect(Self.catalog.groupsGiving(role: "4") == ["3", "4"])
        #expect(Self.catalog.groupsGiving(role: "2").isEmpty, "Admin comes through no group")
    }

    @Test func nestingInACycleEnds() {
        let cycle = AccessCatalog(roles: [.init(id: "2", name: "Admin")],
                                  groups: [.init(id: "1", name: "A", parentIDs: ["2"], roleIDs: ["2"]),
                                           .init(id: "2", name: "B", parentIDs: ["1"])],
                                  attributes: [])
        #expect(cycle.withAncestors(["1"]) == ["1", "2"])
        #expect(cycle.withDescendants("1") == ["1", "2"])
        #expect(cycle.grants(directRoles: [], groups: ["2"]) == [RoleGrant(roleID: "2", direct: false, groupIDs: ["1"])])
    }
}

extension NameMatch {
    var found: T? {
        if case .found(let entry) = self { return entry }
        return nil
    }
}
