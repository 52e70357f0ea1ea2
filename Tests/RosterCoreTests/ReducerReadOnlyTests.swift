import Testing
@testable import RosterCore
import ScreenKit

/// Read-only is enforced by the reducer, whatever the screen offers: one walk over every way to
/// change the credential.
@Suite struct ReducerReadOnlyTests {
    typealias P = People

    /// A way to change the credential: the state it starts from and the keys pressed.
    struct Attempt: Sendable, CustomTestStringConvertible {
        var name: String
        var start: @Sendable () -> AppState
        var keys: [Key]
        var testDescription: String { name }
    }

    /// Alice's form in read-only mode with edits already in it (loaded before read-only was
    /// switched on, say), so that every path that would send them can be walked.
    static func dirtyReadOnly(overlay: Overlay = .none, focus: Focus = .form) -> AppState {
        var state = P.editing(readOnly: true)
        state.editForm {
            $0.email = TextField("alice@acme.com")
            $0.forcedReset = true
        }
        state.overlay = overlay
        state.focus = focus
        return state
    }

    static let attempts: [Attempt] = [
        Attempt(name: "typing into the email", start: { P.editing(readOnly: true) }, keys: [.char("x")]),
        Attempt(name: "typing a space into the email", start: { P.editing(readOnly: true) }, keys: [.char(" ")]),
        Attempt(name: "Backspace", start: { P.editing(readOnly: true) }, keys: [.backspace]),
        Attempt(name: "Ctrl-H", start: { P.editing(readOnly: true) }, keys: [.ctrl("h")]),
        Attempt(name: "Delete", start: { P.editing(readOnly: true) }, keys: [.home, .delete]),
        Attempt(name: "Ctrl-D", start: { P.editing(readOnly: true) }, keys: [.home, .ctrl("d")]),
        Attempt(name: "Ctrl-U", start: { P.editing(readOnly: true) }, keys: [.ctrl("u")]),
        Attempt(name: "Ctrl-W", start: { P.editing(readOnly: true) }, keys: [.ctrl("w")]),
        Attempt(name: "Ctrl-K", start: { P.editing(readOnly: true) }, keys: [.ctrl("a"), .ctrl("k")]),
        Attempt(name: "Space on the checkbox", start: { P.editing(readOnly: true) }, keys: [.tab, .char(" ")]),
        Attempt(name: "Ctrl-S", start: { P.editing(readOnly: true) }, keys: [.ctrl("s")]),
        Attempt(name: "Ctrl-S with edits", start: { dirtyReadOnly() }, keys: [.ctrl("s")]),
        Attempt(name: "s in the leave dialog", start: {
            dirtyReadOnly(overlay: .dialog(.leaveDirtyForm(then: .select(index: 1))), focus: .list)
        }, keys: [.char("s")]),
        Attempt(name: "s in the quit dialog", start: {
            dirtyReadOnly(overlay: .dialog(.leaveDirtyForm(then: .quit)), focus: .list)
        }, keys: [.char("S")]),
        Attempt(name: "k in the conflict dialog", start: {
            dirtyReadOnly(overlay: .dialog(.conflict(server: P.credential(P.alice))))
        }, keys: [.char("k")]),
    ]

    @Test(arguments: attempts)
    func nothingChangesTheCredentialInReadOnlyMode(_ attempt: Attempt) {
        var state = attempt.start()
        let draft = state.form?.draft
        let email = state.form?.email.text
        var effects: [Effect] = []
        for key in attempt.keys { effects += reduce(&state, .key(key)) }
        #expect(!effects.contains { if case .readForSave = $0 { true } else if case .write(.updateCredential, _) = $0 { true } else { false } })
        #expect(state.form?.draft == draft)
        #expect(state.form?.email.text == email)
        #expect(state.form?.saving == false)
        #expect(state.flash?.text.hasPrefix("read-only: ") == true)
        #expect(state.flash?.level == .warning)
        #expect(state.pendingMove == nil)
    }

    /// A bulk panel at `stage` in read-only mode (reached before read-only was switched on, say),
    /// drawn, with a plan of two writes and a run id.
    static func bulkReadOnly(_ stage: BulkStage) -> AppState {
        var state = P.loaded(readOnly: true)
        let row = PlanRow(userID: "1", name: "Alice Smith", op: .setDisabled, before: BulkSnapshot(email: nil, forcedReset: nil, disabled: false),
                          after: BulkSnapshot(email: nil, forcedReset: nil, disabled: true))
        var bulk = BulkSession(stage: stage, targetIDs: ["1"], scope: "all")
        bulk.plan = BulkPlan(action: .disable, scope: "all", rows: [row])
        bulk.runID = "r1"
        bulk.outcomes = ["1": .failed(status: 500, message: "boom", field: nil)]
        state.bulk = bulk
        state.overlay = .bulk
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        return state
    }

    static let bulkAttempts: [Attempt] = [
        Attempt(name: "b in the list", start: { P.loaded(readOnly: true) }, keys: [.char("b")]),
        Attempt(name: "B in the list", start: { P.loaded(readOnly: true) }, keys: [.char("B")]),
        Attempt(name: "y in the preview", start: { bulkReadOnly(.preview) }, keys: [.char("y")]),
        Attempt(name: "Enter in the preview", start: { bulkReadOnly(.preview) }, keys: [.enter]),
        Attempt(name: "r when paused", start: { bulkReadOnly(.paused) }, keys: [.char("r")]),
        Attempt(name: "R in the results", start: { bulkReadOnly(.done) }, keys: [.char("R")]),
        Attempt(name: "u in the results", start: { bulkReadOnly(.done) }, keys: [.char("u")]),
        Attempt(name: "r in the resume dialog", start: {
            var state = P.loaded(readOnly: true)
            state.overlay = .dialog(.resumeRun(RunSummary(id: "r1", action: .disable, scope: "all", instance: "acme.looker.com",
                                                          started: "", phase: .interrupted, total: 1, applied: 0, failed: 0, skipped: 0)))
            _ = reduce(&state, .frameShown(state.shownFrame + 1))
            return state
        }, keys: [.char("r")]),
    ]

    @Test(arguments: bulkAttempts)
    func noBulkRunStartsInReadOnlyMode(_ attempt: Attempt) {
        var state = attempt.start()
        var effects: [Effect] = []
        for key in attempt.keys { effects += reduce(&state, .key(key)) }
        #expect(!effects.contains {
            switch $0 {
            case .startBulk, .resumeBulk, .proceedBulk, .planUndo, .planRetry: true
            default: false
            }
        }, "\(effects)")
        #expect(state.flash?.text.hasPrefix("read-only: ") == true)
        #expect(state.bulk?.stage != .running, "no run goes")
    }

    @Test func readOnlyStillBrowses() {
        var store = TestStore(P.loaded(readOnly: true))
        store.send(.key(.char("j")), effects: [.fetchCredential(request: 2, userID: "2", delayMs: 60)]) {
            $0.list.select(index: 1)
            $0.detailRequest = 2
            $0.detail = .loading(userID: "2")
        }
        store.send(.credentialLoaded(request: 2, userID: "2", P.credential(P.bob))) {
            $0.detail = .form(CredentialForm(userID: "2", credential: P.credential(P.bob)))
        }
        store.send(.key(.enter)) { $0.focus = .form }
        // Moving the cursor and revealing the secrets change nothing on the server.
        store.send(.key(.left)) { $0.editForm { _ = $0.email.handle(.left) } }
        store.send(.key(.ctrl("r"))) { $0.editForm { $0.revealSecrets = true } }
        store.send(.key(.tab)) { $0.editForm { $0.focus = .forcedReset } }
        store.send(.key(.escape)) { $0.focus = .list }
        store.send(.key(.char("s"))) { $0.list.setSort(.name, descending: false) }
    }

    @Test func refusingSaysWhatIsOff() {
        var state = P.editing(readOnly: true)
        #expect(reduce(&state, .key(.char("x"))) == [.expireFlash(id: 1, afterMs: 4000)])
        #expect(state.flash == Flash(id: 1, text: "read-only: edit the email is off", level: .warning))
        #expect(reduce(&state, .key(.ctrl("s"))) == [.expireFlash(id: 2, afterMs: 4000)])
        #expect(state.flash == Flash(id: 2, text: "read-only: save is off", level: .warning))
    }
}
