import Testing
@testable import RosterCore
import ScreenKit

/// Moving in the list, filtering, sorting, and moving focus between the panes and overlays.
@Suite struct ReducerNavigationTests {
    typealias P = People

    /// `loaded()` with the user at `index` selected and their credential in the form.
    static func at(_ index: Int) -> AppState {
        var state = P.loaded()
        state.list.select(index: index)
        let user = P.all[index]
        state.detail = .form(CredentialForm(userID: user.id, credential: P.credential(user)))
        return state
    }

    @Test(arguments: [
        (Key.char("j"), 0, 1), (.down, 0, 1), (.char("k"), 2, 1), (.up, 2, 1),
        (.pageDown, 0, 4), (.ctrl("f"), 1, 4), (.pageUp, 4, 0), (.ctrl("b"), 3, 0),
        (.char("G"), 0, 4), (.end, 1, 4), (.char("g"), 3, 0), (.home, 3, 0),
    ])
    func movingSelectsAnotherUserAndFetchesTheirCredentialAfterAPause(key: Key, from: Int, to: Int) {
        var store = TestStore(Self.at(from))
        let user = P.all[to]
        store.send(.key(key), effects: [.fetchCredential(request: 2, userID: user.id, delayMs: 60)]) {
            $0.list.select(index: to)
            $0.detailRequest = 2
            $0.detail = .loading(userID: user.id)
        }
        #expect(store.state.list.selectedRow == user)
    }

    @Test(arguments: [(Key.char("k"), 0), (.up, 0), (.home, 0), (.char("j"), 4), (.pageDown, 4), (.end, 4)])
    func movingPastAnEndDoesNothing(key: Key, at index: Int) {
        var store = TestStore(Self.at(index))
        store.send(.key(key))
    }

    @Test func pagingMovesByTheRowsOnScreenAndScrolls() {
        // 80×24 stacks the panes; the list shows 9 users.
        let many = (1...30).map { UserRow(id: "\($0)", name: "User \($0)", email: "u\($0)@acme.co", logins: ["email"], enabled: true) }
        var state = AppState(instance: "acme.looker.com", policy: .readWrite, size: Size(cols: 80, rows: 24))
        _ = reduce(&state, .started)
        _ = reduce(&state, .usersLoaded(generation: 1, rows: many, done: true))
        var steps: [(Int, Int)] = []
        for key in [Key.pageDown, .pageDown, .char("G"), .pageUp, .char("k"), .char("g")] {
            _ = reduce(&state, .key(key))
            steps.append((state.list.selection, state.list.scrollTop))
        }
        #expect(steps.map(\.0) == [9, 18, 29, 20, 19, 0])
        #expect(steps.map(\.1) == [1, 10, 21, 20, 19, 0])
    }

    // MARK: Filter

    @Test func typingAFilterNarrowsByNameAndEmailIgnoringCase() {
        var store = TestStore(P.loaded())
        store.send(.key(.char("/"))) { $0.focus = .filter }
        let steps: [(Key, String, [String])] = [
            (.char("L"), "L", ["1", "3", "4", "5"]),
            (.char("I"), "LI", ["1", "4", "5"]),
            (.char("C"), "LIC", ["1"]),
            (.backspace, "LI", ["1", "4", "5"]),
        ]
        for (key, filter, ids) in steps {
            // Alice stays selected, so nothing is fetched.
            store.send(.key(key)) { $0.list.setFilter(filter) }
            #expect(store.state.list.filter == filter)
            #expect(store.state.list.visibleIDs == ids, "filter \(filter)")
            #expect(store.state.list.selectedRow == P.alice)
        }
        // Enter keeps the filter and gives the keys back to the list.
        store.send(.key(.enter)) { $0.focus = .list }
        #expect(store.state.list.visibleIDs == ["1", "4", "5"])
        // Esc in the list clears it.
        store.send(.key(.escape)) { $0.list.setFilter("") }
        #expect(store.state.list.visibleIDs == ["1", "2", "3", "4", "5"])
    }

    @Test func theFilterMatchesTheEmailToo() {
        var state = P.loaded()
        _ = reduce(&state, .key(.char("/")))
        for c in "EXAMPLE.org" { _ = reduce(&state, .key(.char(c))) }
        #expect(state.list.visibleIDs == ["5"])
        #expect(state.list.selectedRow == P.alina)
    }

    @Test func escInTheFilterClearsItAndTheSelectionStaysOnTheSameUser() {
        var store = TestStore(P.loaded())
        store.send(.key(.char("/"))) { $0.focus = .filter }
        // Alice does not match "v": the selection falls to Dave, whose credential is fetched.
        store.send(.key(.char("v")), effects: [.fetchCredential(request: 2, userID: "4", delayMs: 120)]) {
            $0.list.setFilter("v")
            $0.detailRequest = 2
            $0.detail = .loading(userID: "4")
        }
        #expect(store.state.list.visibleIDs == ["4"])
        store.send(.key(.escape)) {
            $0.focus = .list
            $0.list.setFilter("")
        }
        #expect(store.state.list.visibleIDs == ["1", "2", "3", "4", "5"])
        #expect(store.state.list.selectedRow == P.dave)
    }

    @Test func whileUsersAreStillLoadingTheFilterAsksTheServerAndOnlyTheLatestAnswerCounts() {
        let zoe = UserRow(id: "900", name: "Zoë Quinn", email: "zq@acme.co", logins: ["email"], enabled: true)
        var state = AppState(instance: "acme.looker.com", policy: .readWrite, size: Size(cols: 80, rows: 24))
        _ = reduce(&state, .started)
        _ = reduce(&state, .usersLoaded(generation: 1, rows: [P.alice, P.bob], done: false))
        var store = TestStore(state)
        store.send(.key(.char("/"))) { $0.focus = .filter }
        store.send(.key(.char("z")), effects: [.searchUsers(seq: 1, text: "z", delayMs: 150)]) {
            $0.list.setFilter("z")
            $0.searchSeq = 1
            $0.detailRequest = 2
            $0.detail = .empty
        }
        store.send(.key(.char("o")), effects: [.searchUsers(seq: 2, text: "zo", delayMs: 150)]) {
            $0.list.setFilter("zo")
            $0.searchSeq = 2
        }
        // The answer to "z" comes after "zo" was typed: ignored.
        store.send(.searchAnswered(seq: 1, rows: [zoe]))
        #expect(store.state.list.visibleIDs == [])
        store.send(.searchAnswered(seq: 2, rows: [zoe]), effects: [.fetchCredential(request: 3, userID: "900", delayMs: 60)]) {
            $0.list.add([zoe])
            $0.detailRequest = 3
            $0.detail = .loading(userID: "900")
        }
        #expect(store.state.list.visibleIDs == ["900"])
        // Clearing the filter asks nothing.
        store.send(.key(.ctrl("u"))) { $0.list.setFilter("") }
        #expect(store.state.list.visibleIDs == ["1", "2", "900"])
    }

    @Test func onceEveryUserIsLoadedTheFilterDoesNotAskTheServer() {
        var state = P.loaded()
        _ = reduce(&state, .key(.char("/")))
        #expect(reduce(&state, .key(.char("b"))) == [.fetchCredential(request: 2, userID: "2", delayMs: 120)])
        #expect(state.searchSeq == 0)
    }

    // MARK: Sort

    @Test func sortingCyclesTheColumnsAndKeepsTheSelectedUser() {
        var state = Self.at(1)   // Bob
        let steps: [(Key, SortColumn, Bool, [String])] = [
            (.char("s"), .name, false, ["1", "5", "2", "3", "4"]),
            (.char("S"), .name, true, ["4", "3", "2", "5", "1"]),
            (.char("s"), .email, false, ["1", "5", "2", "3", "4"]),
            (.char("s"), .logins, false, ["1", "4", "2", "5", "3"]),
            (.char("s"), .enabled, false, ["1", "2", "4", "5", "3"]),
            (.char("S"), .enabled, true, ["3", "5", "4", "2", "1"]),
            (.char("s"), .id, false, ["1", "2", "3", "4", "5"]),
            (.char("S"), .id, true, ["5", "4", "3", "2", "1"]),
        ]
        for (key, column, descending, ids) in steps {
            let effects = reduce(&state, .key(key))
            #expect(effects == [])
            #expect(state.list.sort == column)
            #expect(state.list.descending == descending)
            #expect(state.list.visibleIDs == ids, "\(column) \(descending)")
            #expect(state.list.selectedRow == P.bob)
            #expect(state.detail.userID == "2")
        }
    }

    // MARK: Focus and overlays

    @Test func enterWhileTheCredentialLoadsMovesFocusAndKeepsWhatIsTyped() {
        var state = P.loaded()
        _ = reduce(&state, .key(.char("j")))   // Bob's credential is on its way
        var store = TestStore(state)
        store.send(.key(.enter)) { $0.focus = .form }
        #expect(store.state.keyContext == .formLoading)
        // Letters typed now are text for the email field, never list commands (x would disable).
        store.send(.key(.char("x"))) { $0.typedWhileLoading = [.char("x")] }
        store.send(.key(.char("y"))) { $0.typedWhileLoading = [.char("x"), .char("y")] }
        store.send(.key(.backspace)) { $0.typedWhileLoading = [.char("x"), .char("y"), .backspace] }
        #expect(store.state.overlay == .none)
        store.send(.credentialLoaded(request: 2, userID: "2", P.credential(P.bob))) {
            var form = CredentialForm(userID: "2", credential: P.credential(P.bob))
            form.email = TextField("bob@acme.cox")
            $0.detail = .form(form)
            $0.typedWhileLoading = []
        }
        #expect(store.state.form?.isDirty == true)
        store.send(.key(.escape)) { $0.overlay = .dialog(.revert) }
    }

    @Test func keysTypedForAUserWithoutAnEmailLoginAreDroppedAndSaidSo() {
        var state = P.loaded()
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.char("j")))   // Carol: SSO only
        var store = TestStore(state)
        store.send(.key(.enter)) { $0.focus = .form }
        store.send(.key(.char("x"))) { $0.typedWhileLoading = [.char("x")] }
        store.send(.key(.char("u"))) { $0.typedWhileLoading = [.char("x"), .char("u")] }
        store.send(.credentialMissing(request: 3, userID: "3"), effects: [.expireFlash(id: 1, afterMs: 4000)]) {
            $0.detail = .missing(userID: "3", logins: ["saml"])
            $0.focus = .list
            $0.typedWhileLoading = []
            $0.flashSeq = 1
            $0.flash = Flash(id: 1, text: "this user has no email/password login: 2 typed keys dropped", level: .warning)
        }
    }

    @Test func keysOtherThanTextWhileLoadingDoNothing() {
        var state = P.loaded()
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.enter))
        for key in [Key.ctrl("s"), .tab, .enter, .up] {
            let effects = reduce(&state, .key(key))
            #expect(effects.allSatisfy { if case .expireFlash = $0 { true } else { false } }, "\(key)")
        }
        #expect(state.typedWhileLoading.isEmpty)
        #expect(state.keyContext == .formLoading)
        _ = reduce(&state, .key(.escape))
        #expect(state.focus == .list)
    }

    @Test func tabAndArrowsMoveBetweenTheFormFields() {
        var store = TestStore(P.editing())
        store.send(.key(.tab)) { $0.editForm { $0.focus = .forcedReset } }
        store.send(.key(.tab)) { $0.editForm { $0.focus = .email } }
        store.send(.key(.backTab)) { $0.editForm { $0.focus = .forcedReset } }
        store.send(.key(.up)) { $0.editForm { $0.focus = .email } }
        store.send(.key(.down)) { $0.editForm { $0.focus = .forcedReset } }
    }

    @Test func helpOpensWithAQuestionMarkAndAnyKeyClosesIt() {
        var store = TestStore(P.loaded())
        store.send(.key(.char("?"))) { $0.overlay = .help }
        // j scrolls the help (it is longer than a small screen); the key that closes it does nothing else.
        store.send(.key(.char("j"))) { $0.helpScroll = 1 }
        store.send(.key(.char("x"))) { $0.overlay = .none }
        #expect(store.state.list.selection == 0)
        store.send(.key(.char("?"))) {
            $0.overlay = .help
            $0.helpScroll = 0
        }
        store.send(.key(.char("q"))) { $0.overlay = .none }
        #expect(store.state.quitting == false)
    }

    @Test func inTheEmailFieldEveryPrintableCharacterIsText() {
        var store = TestStore(P.editing())
        for c in "?qjks/gGr" {
            store.send(.key(.char(c))) { $0.editForm { _ = $0.email.handle(.char(c)) } }
        }
        #expect(store.state.form?.email.text == "alice@acme.co?qjks/gGr")
        #expect(store.state.overlay == .none)
        #expect(store.state.quitting == false)
    }

    @Test func qQuits() {
        var store = TestStore(P.loaded())
        store.send(.key(.char("q")), effects: [.quit]) { $0.quitting = true }
    }

    @Test func qOnTheCheckboxQuitsAndAsksFirstWhenTheFormIsDirty() {
        var store = TestStore(P.editing())
        store.send(.key(.tab)) { $0.editForm { $0.focus = .forcedReset } }
        store.send(.key(.char(" "))) { $0.editForm { $0.forcedReset = true } }
        store.send(.key(.char("q"))) { $0.overlay = .dialog(.leaveDirtyForm(then: .quit)) }
        store.send(.key(.char("d")), effects: [.quit]) {
            $0.overlay = .none
            $0.detail = .form(CredentialForm(userID: "1", credential: P.credential(P.alice)))
            $0.quitting = true
        }
    }
}

extension AppState {
    /// Applies `change` to the form in the credential pane (the test fails when there is none).
    mutating func editForm(_ change: (inout CredentialForm) -> Void) {
        guard case .form(var form) = detail else {
            Issue.record("the credential pane holds no form")
            return
        }
        change(&form)
        detail = .form(form)
    }
}
