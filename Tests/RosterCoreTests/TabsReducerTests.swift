import Testing
@testable import RosterCore
import ScreenKit

/// The detail pane's tabs: switching, reading, the pickers, removing, editing attributes in place,
/// confirmations for what cannot be undone, undo, the type-ahead rule and read-only mode.
@Suite struct TabsReducerTests {
    typealias S = Screens

    static let catalog = AccessCatalog(
        roles: [.init(id: "2", name: "Admin"), .init(id: "3", name: "Developer"), .init(id: "4", name: "User"),
                .init(id: "5", name: "Viewer"), .init(id: "8", name: "Finance Viewer")],
        groups: [.init(id: "1", name: "All Users"), .init(id: "2", name: "Engineering", roleIDs: ["3"]),
                 .init(id: "3", name: "Data Platform", parentIDs: ["2"]),
                 .init(id: "8", name: "Okta Analysts", roleIDs: ["4"], externallyManaged: true)],
        attributes: [.init(id: "2", name: "max_rows", type: "number"), .init(id: "8", name: "warehouse_password", hidden: true)])

    static let access = UserAccess(userID: "1", directRoleIDs: ["5"], groupIDs: ["1", "3"], allowDirectRoles: true,
                                   allowNormalGroupMembership: true)

    /// Alice selected, the catalog loaded, the Access tab showing her access and drawn at frame 1.
    static func onAccess(_ access: UserAccess = access, readOnly: Bool = false, viewer: String? = nil) -> AppState {
        var state = S.browsing(Size(cols: 120, rows: 40), readOnly: readOnly)
        if let viewer { state.policy = Policy(readOnly: true, reason: "", viewer: viewer) }
        _ = reduce(&state, .access(.catalogLoaded(catalog)))
        let effects = reduce(&state, .key(.char("]")))
        #expect(effects.contains(.loadTab(request: state.tabs.request, userID: "1", tab: .access, delayMs: 0)))
        _ = reduce(&state, .access(.tabLoaded(request: state.tabs.request, userID: "1", .access(access))))
        _ = reduce(&state, .frameShown(1))
        _ = reduce(&state, .key(.enter, seen: 1))
        #expect(state.focus == .tab)
        return state
    }

    static func writes(_ effects: [Effect]) -> [UserWrite] {
        effects.compactMap { if case .write(let w, _) = $0 { w } else { nil } }
    }

    @Test func theAccessTabShowsEachRoleWithItsSourceAndGroupsWithNesting() {
        let state = Self.onAccess()
        #expect(state.tabItems == [
            .role(RoleGrant(roleID: "3", direct: false, groupIDs: ["2"])),   // Engineering, which Data Platform sits in
            .role(RoleGrant(roleID: "5", direct: true, groupIDs: [])),
            .group(id: "1", via: nil), .group(id: "3", via: nil), .group(id: "2", via: "3"),
        ])
        let lines = screen(state)
        #expect(lines.contains { $0.contains("Developer") && $0.contains("group Engineering") })
        #expect(lines.contains { $0.contains("Viewer") && $0.contains("direct") })
        #expect(lines.contains { $0.contains("Engineering") && $0.contains("through Data Platform") })
        #expect(lines[1].contains("[Access]"))
    }

    @Test func aStaleAnswerForAnotherUserIsIgnoredAndMovingReadsTheNewUser() {
        var state = Self.onAccess()
        state.focus = .list
        let effects = reduce(&state, .key(.char("j")))
        #expect(effects.contains(.loadTab(request: state.tabs.request, userID: "2", tab: .access, delayMs: 60)))
        let old = state.tabs.request - 1
        _ = reduce(&state, .access(.tabLoaded(request: old, userID: "1", .access(Self.access))))
        #expect(state.tabs.content == nil && state.tabs.loading)
        #expect(state.tabItems.isEmpty)
    }

    @Test func thePickerNarrowsAsYouTypeAndGivesTheRoleComparedWithWhatWasShown() {
        var state = Self.onAccess()
        _ = reduce(&state, .key(.char("a"), seen: 1))
        guard case .dialog(.pick(let picker)) = state.overlay else { Issue.record("no picker"); return }
        #expect(picker.kind == .role)
        _ = reduce(&state, .frameShown(2))
        // Typing, then Enter, in one burst typed at the picker.
        let effects = reduce(&state, .keys([.char("f"), .char("I"), .char("n"), .enter], seen: 2))
        #expect(Self.writes(effects) == [.addRole(roleID: "8", expected: ["5"])])
        #expect(state.overlay == .none)
        #expect(state.lifecycle.writes[PendingWrite(.addRole, "1")] != nil)
    }

    @Test func aRoleAlreadyHeldIsOfferedButRefused() {
        var state = Self.onAccess()
        _ = reduce(&state, .key(.char("a"), seen: 1))
        _ = reduce(&state, .frameShown(2))
        let effects = reduce(&state, .keys([.char("v"), .char("i"), .char("e"), .char("w"), .char("e"), .char("r"), .enter], seen: 2))
        // "viewer" matches Viewer (held) first, then Finance Viewer.
        #expect(Self.writes(effects).isEmpty)
        #expect(state.flash?.text.contains("already given directly") == true)
    }

    @Test func keysTypedBeforeThePickerShowedNeverChoose() {
        var state = Self.onAccess()
        // `a` and Enter in one burst, typed at the tab: the Enter was not typed at the picker.
        let effects = reduce(&state, .keys([.char("a"), .enter], seen: 1))
        #expect(Self.writes(effects).isEmpty)
        if case .dialog(.pick) = state.overlay {} else { Issue.record("the picker should be open") }
    }

    @Test func rolesManagedElsewhereAreRefusedNamingTheFlag() {
        var access = Self.access
        access.rolesExternallyManaged = true
        var state = Self.onAccess(access)
        let effects = reduce(&state, .key(.char("a"), seen: 1))
        #expect(state.overlay == .none && Self.writes(effects).isEmpty)
        #expect(state.flash?.text.contains("roles_externally_managed") == true)
        // `d` on the direct role is refused the same way.
        _ = reduce(&state, .key(.char("j"), seen: 1))
        #expect(Self.writes(reduce(&state, .key(.char("d"), seen: 1))).isEmpty)
        #expect(state.flash?.text.contains("roles_externally_managed") == true)
    }

    @Test func dRemovesADirectRoleButNotOneFromAGroup() {
        var state = Self.onAccess()
        // Cursor on Developer, which comes from Engineering.
        #expect(Self.writes(reduce(&state, .key(.char("d"), seen: 1))).isEmpty)
        #expect(state.flash?.text.contains("comes from Engineering") == true)
        _ = reduce(&state, .key(.char("j"), seen: 1))
        #expect(Self.writes(reduce(&state, .key(.char("d"), seen: 1))) == [.removeRole(roleID: "5", expected: ["5"])])
    }

    @Test func anExternallyManagedGroupIsNotOfferedAsAChoice() {
        var state = Self.onAccess()
        _ = reduce(&state, .key(.char("+"), seen: 1))
        _ = reduce(&state, .frameShown(2))
        let effects = reduce(&state, .keys(Array("okta").map { Key.char($0) } + [.enter], seen: 2))
        #expect(Self.writes(effects).isEmpty)
        #expect(state.flash?.text.contains("externally_managed") == true)
    }

    @Test func aChangeKeyTypedBeforeTheTabReloadedCountsForNothing() {
        var state = Self.onAccess()
        _ = reduce(&state, .key(.char("j"), seen: 1))
        // The tab is read again (after a change): its lines may move under the cursor.
        _ = reduce(&state, .access(.tabLoaded(request: state.tabs.request, userID: "1", .access(Self.access))))
        #expect(Self.writes(reduce(&state, .key(.char("d"), seen: 1))).isEmpty)
        #expect(state.staleKeys == 1)
        _ = reduce(&state, .frameShown(2))
        #expect(Self.writes(reduce(&state, .key(.char("d"), seen: 2))) == [.removeRole(roleID: "5", expected: ["5"])])
    }

    @Test func aChangedRoleSetOnTheServerAsksAndKeepMineAppliesToTheServersSet() {
        var state = Self.onAccess()
        let write = UserWrite.addRole(roleID: "8", expected: ["5"])
        _ = reduce(&state, .access(.rolesChanged(userID: "1", current: ["5", "2"], write: write)))
        guard case .dialog(.rolesChanged) = state.overlay else { Issue.record("no question"); return }
        _ = reduce(&state, .frameShown(3))
        #expect(screen(state).contains { $0.contains("The server has: Viewer, Admin") })
        let effects = reduce(&state, .key(.char("k"), seen: 3))
        #expect(Self.writes(effects) == [.addRole(roleID: "8", expected: ["5", "2"])])
    }

    @Test func aDoneChangeIsUndoneWithUAfterAsking() {
        var state = Self.onAccess()
        let effects = reduce(&state, .access(.changed(userID: "1", write: .addRole(roleID: "8", expected: ["5"]),
                                                       undo: .removeRole(roleID: "8", expected: nil), undoRefusal: nil, row: nil)))
        #expect(effects.contains { if case .loadTab = $0 { true } else { false } }, "the tab is read again")
        #expect(state.flash?.text == "Gave user #1 the role Finance Viewer")
        _ = reduce(&state, .access(.tabLoaded(request: state.tabs.request, userID: "1", .access(Self.access))))
        _ = reduce(&state, .frameShown(2))
        _ = reduce(&state, .key(.char("u"), seen: 2))
        guard case .dialog(.confirmUndo(let record)) = state.overlay else { Issue.record("no undo question"); return }
        #expect(record.inverseDescription == "user #1: take the role Finance Viewer away again")
        _ = reduce(&state, .frameShown(3))
        #expect(Self.writes(reduce(&state, .key(.char("y"), seen: 3))) == [.removeRole(roleID: "8", expected: nil)])
    }

    static func onSessions(viewer: String? = nil) -> AppState {
        var state = Self.onAccess(viewer: viewer)
        _ = reduce(&state, .key(.char("]"), seen: 1))
        _ = reduce(&state, .key(.char("]"), seen: 1))
        #expect(state.tabs.current == .sessions)
        let sessions = [SessionInfo(id: "71", createdAt: "2026-11-30T08:00:00Z", expiresAt: "2026-12-30T08:00:00Z",
                                    ipAddress: "203.0.113.9", browser: "Firefox", operatingSystem: "Linux", place: "Lyon, FR")]
        let keys = [APIKeyInfo(id: "12", clientID: "Xy7PqRs9AbCd", createdAt: "2026-01-02T00:00:00Z")]
        _ = reduce(&state, .access(.tabLoaded(request: state.tabs.request, userID: "1", .sessions(sessions, keys: keys))))
        _ = reduce(&state, .frameShown(2))
        return state
    }

    @Test func loggingOutASessionAsksAndOnlyAYesTypedAtTheQuestionAnswers() {
        var state = Self.onSessions()
        // `d` and `y` in one burst: the `y` was typed before the question showed.
        var effects = reduce(&state, .keys([.char("d"), .char("y")], seen: 2))
        #expect(Self.writes(effects).isEmpty)
        guard case .dialog(.confirmAccess) = state.overlay else { Issue.record("no question"); return }
        _ = reduce(&state, .frameShown(3))
        effects = reduce(&state, .key(.char("y"), seen: 3))
        #expect(Self.writes(effects) == [.logout(sessionID: "71")])
    }

    @Test func deletingAnAPIKeyNeedsTheLastFourCharactersOfItsClientID() {
        var state = Self.onSessions()
        _ = reduce(&state, .key(.char("j"), seen: 2))
        _ = reduce(&state, .key(.char("d"), seen: 2))
        guard case .dialog(.confirmDeleteKey) = state.overlay else { Issue.record("no question"); return }
        _ = reduce(&state, .frameShown(3))
        var effects = reduce(&state, .keys([.char("a"), .char("b"), .char("c"), .char("d"), .enter], seen: 3))
        #expect(Self.writes(effects).isEmpty, "case matters: abcd is not AbCd")
        effects = reduce(&state, .keys([.ctrl("u"), .char("A"), .char("b"), .char("C"), .char("d"), .enter], seen: 3))
        #expect(Self.writes(effects) == [.deleteAPIKey(keyID: "12")])
    }

    @Test func aServedViewerSeesDatesOnly() {
        let state = Self.onSessions(viewer: "alice")
        let text = screen(state).joined(separator: "\n")
        #expect(!text.contains("203.0.113.9") && !text.contains("Lyon") && !text.contains("Xy7PqRs9AbCd"))
        #expect(text.contains("2026-11-30 08:00") && text.contains("client id hidden"))
    }

    @Test func anAttributeIsEditedInPlaceAndA422KeepsWhatWasTyped() {
        var state = Self.onAccess()
        _ = reduce(&state, .key(.char("]"), seen: 1))
        let values = [AttributeValue(attributeID: "2", name: "max_rows", value: "500", source: "Default", hidden: false),
                      AttributeValue(attributeID: "8", name: "warehouse_password", value: nil, source: "User", hidden: true)]
        _ = reduce(&state, .access(.tabLoaded(request: state.tabs.request, userID: "1", .attributes(values))))
        _ = reduce(&state, .frameShown(2))
        #expect(screen(state).contains { $0.contains("warehouse_password = (hidden)") })
        _ = reduce(&state, .key(.enter, seen: 2))
        #expect(state.keyContext == .attributeEdit)
        let effects = reduce(&state, .keys([.ctrl("u"), .char("l"), .char("o"), .char("t"), .char("s"), .enter], seen: 2))
        #expect(Self.writes(effects) == [.setAttribute(attributeID: "2", name: "max_rows", value: "lots", hidden: false)])
        let failure = Failure(kind: .validation, summary: "422 Validation Failed", otherErrors: ["value: must be a number"])
        _ = reduce(&state, .lifecycle(.failed(userID: "1", operation: .setAttribute, failure)))
        #expect(state.tabs.editing?.field.text == "lots")
        #expect(state.tabs.editing?.error == "value: must be a number")
        #expect(state.overlay == .none)
        #expect(screen(state).contains { $0.contains("! value: must be a number") })
    }

    @Test func clearingAHiddenValueAsksFirst() {
        var state = Self.onAccess()
        _ = reduce(&state, .key(.char("]"), seen: 1))
        let values = [AttributeValue(attributeID: "8", name: "warehouse_password", value: nil, source: "User", hidden: true)]
        _ = reduce(&state, .access(.tabLoaded(request: state.tabs.request, userID: "1", .attributes(values))))
        _ = reduce(&state, .frameShown(2))
        #expect(Self.writes(reduce(&state, .key(.char("d"), seen: 2))).isEmpty)
        guard case .dialog(.confirmAccess(_, let write, _)) = state.overlay else { Issue.record("no question"); return }
        #expect(write == .clearAttribute(attributeID: "8", name: "warehouse_password", hidden: true))
    }

    @Test func readOnlyShowsTheTabsButRefusesEveryChange() {
        var state = Self.onAccess(readOnly: true)
        for key in [Key.char("a"), .char("+"), .char("d")] {
            #expect(Self.writes(reduce(&state, .key(key, seen: 1))).isEmpty)
            #expect(state.overlay == .none)
            #expect(state.flash?.text.hasPrefix("read-only") == true)
        }
        #expect(!state.tabItems.isEmpty)
    }
}

@Suite struct AccessUndoTests {
    @Test func attributesGoBackToTheirValueOrAreClearedAndHiddenOnesHaveNoUndo() throws {
        let own = BulkSnapshot.attribute(AttributeSnapshot(id: "2", name: "max_rows", value: "10", own: true, hidden: false))
        let inherited = BulkSnapshot.attribute(AttributeSnapshot(id: "2", name: "max_rows", value: "99", own: false, hidden: false))
        let set = UserWrite.setAttribute(attributeID: "2", name: "max_rows", value: "20", hidden: false)
        #expect(try set.accessInverse(before: own).get() == .setAttribute(attributeID: "2", name: "max_rows", value: "10", hidden: false))
        #expect(try set.accessInverse(before: inherited).get() == .clearAttribute(attributeID: "2", name: "max_rows", hidden: false))
        let clear = UserWrite.clearAttribute(attributeID: "2", name: "max_rows", hidden: false)
        #expect(try clear.accessInverse(before: own).get() == .setAttribute(attributeID: "2", name: "max_rows", value: "10", hidden: false))
        let hidden = UserWrite.setAttribute(attributeID: "8", name: "warehouse_password", value: "x", hidden: true)
        #expect(throws: NoInverse.self) { try hidden.accessInverse(before: own).get() }
        #expect(throws: NoInverse.self) { try UserWrite.logout(sessionID: nil).accessInverse(before: .unknown).get() }
        #expect(try UserWrite.addRole(roleID: "3", expected: ["4"]).accessInverse(before: .unknown).get() == .removeRole(roleID: "3", expected: nil))
        #expect(try UserWrite.removeFromGroup(groupID: "2").accessInverse(before: .unknown).get() == .addToGroup(groupID: "2"))
    }
}
