import Testing
@testable import RosterCore
import ScreenKit

/// Editing the credential form: drafts, local checks, saving, and what each server answer does.
@Suite struct ReducerEditingTests {
    typealias P = People
    static let original = P.credential(P.alice)

    /// Ctrl-S asks for the credential again first; the write waits for `.saveChecked`.
    static let readForSave = Effect.readForSave(userID: "1")

    static func isWrite(_ effect: Effect) -> Bool {
        switch effect {
        case .readForSave, .write(.updateCredential, _): true
        default: false
        }
    }

    /// Alice's form with "m" typed at the end of the email: "alice@acme.com".
    static func dirty() -> AppState {
        var state = P.editing()
        _ = reduce(&state, .key(.char("m")))
        return state
    }

    @Test func typingInTheEmailFieldChangesTheDraftAndMakesTheFormDirty() {
        var store = TestStore(P.editing())
        #expect(store.state.isFormDirty == false)
        store.send(.key(.char("m"))) { $0.editForm { $0.email = TextField("alice@acme.com") } }
        #expect(store.state.isFormDirty)
        #expect(store.state.form?.draft == CredentialDraft(email: "alice@acme.com"))
        store.send(.key(.backspace)) { $0.editForm { $0.email = TextField("alice@acme.co") } }
        #expect(store.state.isFormDirty == false)
        #expect(store.state.form?.draft == CredentialDraft())
    }

    @Test func escInADirtyFormAsksBeforeReverting() {
        var store = TestStore(Self.dirty())
        store.send(.key(.escape)) { $0.overlay = .dialog(.revert) }
        store.send(.key(.char("n"))) { $0.overlay = .none }
        #expect(store.state.form?.email.text == "alice@acme.com")
        store.send(.key(.escape)) { $0.overlay = .dialog(.revert) }
        // Other keys leave the question open.
        store.send(.key(.char("x")))
        store.send(.key(.char("y"))) {
            $0.overlay = .none
            $0.detail = .form(CredentialForm(userID: "1", credential: Self.original))
            $0.focus = .list
        }
        #expect(store.state.isFormDirty == false)
    }

    @Test func movingAwayFromADirtyFormAsksFirst() {
        var state = Self.dirty()
        state.focus = .list
        var store = TestStore(state)
        store.send(.key(.char("j"))) { $0.overlay = .dialog(.leaveDirtyForm(then: .select(index: 1))) }
        #expect(store.state.list.selectedRow == P.alice)
        // Esc stays, edits and all.
        store.send(.key(.escape)) { $0.overlay = .none }
        #expect(store.state.form?.email.text == "alice@acme.com")
        store.send(.key(.char("G"))) { $0.overlay = .dialog(.leaveDirtyForm(then: .select(index: 4))) }
        // d discards the edits and moves.
        store.send(.key(.char("d")), effects: [.fetchCredential(request: 2, userID: "5", delayMs: 60)]) {
            $0.overlay = .none
            $0.list.select(index: 4)
            $0.detailRequest = 2
            $0.detail = .loading(userID: "5")
        }
    }

    @Test func savingFromTheLeaveDialogMovesOnceTheSaveSucceeds() {
        var state = Self.dirty()
        state.focus = .list
        var store = TestStore(state)
        store.send(.key(.char("j"))) { $0.overlay = .dialog(.leaveDirtyForm(then: .select(index: 1))) }
        store.send(.key(.char("s")), effects: [Self.readForSave]) {
            $0.overlay = .none
            $0.pendingMove = .select(index: 1)
            $0.editForm { $0.saving = true }
        }
        var server = Self.original
        server.email = "alice@acme.com"
        store.send(.saved(userID: "1", server, row: nil),
                   effects: [.expireFlash(id: 1, afterMs: 4000), .fetchCredential(request: 2, userID: "2", delayMs: 60)]) {
            $0.flashSeq = 1
            $0.flash = Flash(id: 1, text: "Saved alice@acme.com", level: .success)
            $0.pendingMove = nil
            $0.lifecycle.undoStack = [.credential(userID: "1", before: CredentialDraft(email: "alice@acme.co"),
                                        after: CredentialDraft(email: "alice@acme.com"))]
            $0.list.select(index: 1)
            $0.detailRequest = 2
            $0.detail = .loading(userID: "2")
        }
    }

    @Test func aFailedSaveFromTheLeaveDialogStaysOnTheForm() {
        var state = Self.dirty()
        state.focus = .list
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.char("s")))
        var store = TestStore(state)
        store.send(.saveFailed(userID: "1", Failure(kind: .network, summary: "connection reset")),
                   effects: [.expireFlash(id: 1, afterMs: 8000)]) {
            $0.pendingMove = nil
            $0.editForm { $0.saving = false }
            $0.overlay = .dialog(.message(title: "Save failed — your edits are kept", text: "connection reset"))
            $0.flashSeq = 1
            $0.flash = Flash(id: 1, text: "Not saved: connection reset", level: .error)
        }
        #expect(store.state.list.selectedRow == P.alice)
        #expect(store.state.form?.email.text == "alice@acme.com")
    }

    @Test func ctrlSSendsOnlyTheChangedFields() {
        var store = TestStore(Self.dirty())
        store.send(.key(.ctrl("s")), effects: [Self.readForSave]) {
            $0.editForm { $0.saving = true }
        }

        var checkbox = TestStore(P.editing())
        checkbox.send(.key(.tab)) { $0.editForm { $0.focus = .forcedReset } }
        checkbox.send(.key(.char(" "))) { $0.editForm { $0.forcedReset = true } }
        checkbox.send(.key(.ctrl("s")), effects: [Self.readForSave]) {
            $0.editForm { $0.saving = true }
        }
    }

    @Test func ctrlSOnACleanFormSendsNothing() {
        var store = TestStore(P.editing())
        store.send(.key(.ctrl("s")), effects: [.expireFlash(id: 1, afterMs: 4000)]) {
            $0.flashSeq = 1
            $0.flash = Flash(id: 1, text: "nothing to save", level: .info)
        }
    }

    @Test func whileSavingTheDraftCannotChange() {
        var state = Self.dirty()
        _ = reduce(&state, .key(.ctrl("s")))
        for key in [Key.char("x"), .backspace, .ctrl("u"), .ctrl("h")] {
            let effects = reduce(&state, .key(key))
            #expect(state.form?.email.text == "alice@acme.com", "after \(key)")
            #expect(state.flash?.text == "already saving")
            #expect(!effects.contains(where: Self.isWrite))
        }
        _ = reduce(&state, .key(.tab))
        _ = reduce(&state, .key(.char(" ")))
        #expect(state.form?.forcedReset == false)
        #expect(reduce(&state, .key(.ctrl("s"))).contains(where: Self.isWrite) == false)
        #expect(state.flash?.text == "already saving")
    }

    @Test(arguments: [
        ("", "email can't be blank"),
        ("   ", "email can't be blank"),
        ("not-an-email", "'not-an-email' is not a valid email address"),
        ("a@b", "'a@b' is not a valid email address"),
        ("a b@c.de", "'a b@c.de' is not a valid email address"),
        ("@acme.co", "'@acme.co' is not a valid email address"),
        ("a@.co", "'a@.co' is not a valid email address"),
        ("a@acme.", "'a@acme.' is not a valid email address"),
        ("a@b@c.de", "'a@b@c.de' is not a valid email address"),
    ])
    func aBlankOrMalformedEmailIsMarkedWithoutAskingTheServer(typed: String, error: String) {
        var store = TestStore(P.editing())
        store.send(.key(.ctrl("u"))) { $0.editForm { $0.email = TextField("") } }
        store.type(typed)
        store.send(.key(.ctrl("s")), effects: [.expireFlash(id: 1, afterMs: 8000)]) {
            $0.editForm { $0.errors = [.email: error] }
            $0.flashSeq = 1
            $0.flash = Flash(id: 1, text: "Not saved: fix the marked field", level: .error)
        }
        // Typing clears the mark.
        store.send(.key(.char("x"))) {
            $0.editForm {
                $0.errors = [:]
                _ = $0.email.handle(.char("x"))
            }
        }
    }

    @Test func aValidationFailurePutsEachMessageUnderItsFieldAndKeepsTheTypedText() {
        var state = Self.dirty()
        _ = reduce(&state, .key(.ctrl("s")))
        var store = TestStore(state)
        let failure = Failure(kind: .validation, summary: "422 Validation Failed",
                              fieldErrors: ["email": "Email is already taken", "password": "too short", "active": "is locked"])
        store.send(.saveFailed(userID: "1", failure), effects: [.expireFlash(id: 1, afterMs: 8000)]) {
            $0.editForm {
                $0.saving = false
                $0.errors = [.email: "Email is already taken"]
                // Sorted by field, so the form reads the same every time.
                $0.otherErrors = ["active: is locked", "password: too short"]
            }
            $0.flashSeq = 1
            $0.flash = Flash(id: 1, text: "Not saved: 422 Validation Failed", level: .error)
        }
        #expect(store.state.form?.email.text == "alice@acme.com")
        #expect(store.state.overlay == .none)
        #expect(store.state.focus == .form)
    }

    @Test func aValidationFailureOnTheCheckboxMovesTheFocusThere() {
        var state = Self.dirty()
        _ = reduce(&state, .key(.ctrl("s")))
        var store = TestStore(state)
        let failure = Failure(kind: .validation, summary: "422 Validation Failed",
                              fieldErrors: ["forced_password_reset_at_next_login": "not allowed for SSO users"])
        store.send(.saveFailed(userID: "1", failure), effects: [.expireFlash(id: 1, afterMs: 8000)]) {
            $0.editForm {
                $0.saving = false
                $0.errors = [.forcedReset: "not allowed for SSO users"]
                $0.focus = .forcedReset
            }
            $0.flashSeq = 1
            $0.flash = Flash(id: 1, text: "Not saved: 422 Validation Failed", level: .error)
        }
    }

    @Test func otherFailuresOpenTheMessageDialogAndKeepTheEdits() {
        var state = Self.dirty()
        _ = reduce(&state, .key(.ctrl("s")))
        var store = TestStore(state)
        store.send(.saveFailed(userID: "1", Failure(kind: .forbidden, summary: "403 forbidden: Not allowed")),
                   effects: [.expireFlash(id: 1, afterMs: 8000)]) {
            $0.editForm { $0.saving = false }
            $0.overlay = .dialog(.message(title: "Save failed — your edits are kept", text: "403 forbidden: Not allowed"))
            $0.flashSeq = 1
            $0.flash = Flash(id: 1, text: "Not saved: 403 forbidden: Not allowed", level: .error)
        }
        store.send(.key(.char("z"))) { $0.overlay = .none }
        #expect(store.state.form?.email.text == "alice@acme.com")
        store.send(.key(.ctrl("s")), effects: [Self.readForSave]) {
            $0.editForm { $0.saving = true }
        }
    }

    @Test func aSuccessfulSaveTakesTheServersValuesAndSaysSaved() {
        var state = Self.dirty()
        _ = reduce(&state, .key(.ctrl("r")))   // revealed secrets stay revealed
        _ = reduce(&state, .key(.ctrl("s")))
        var store = TestStore(state)
        var server = Self.original
        server.email = "alice@acme.com"
        let row = UserRow(id: "1", name: "Alice Smith", email: "alice@acme.com", logins: ["email"], enabled: true)
        store.send(.saved(userID: "1", server, row: row), effects: [.expireFlash(id: 1, afterMs: 4000)]) {
            var form = CredentialForm(userID: "1", credential: server)
            form.revealSecrets = true
            $0.detail = .form(form)
            $0.list.update(row)
            $0.flashSeq = 1
            $0.flash = Flash(id: 1, text: "Saved alice@acme.com", level: .success)
            $0.lifecycle.undoStack = [.credential(userID: "1", before: CredentialDraft(email: "alice@acme.co"),
                                        after: CredentialDraft(email: "alice@acme.com"))]
        }
        #expect(store.state.isFormDirty == false)
        #expect(store.state.list.selectedRow?.email == "alice@acme.com")
    }

    @Test func aSaveForAnotherUserDoesNotTouchTheForm() {
        var store = TestStore(Self.dirty())
        let bob = UserRow(id: "2", name: "Bob Jones", email: "bob@new.co", logins: ["email", "saml"], enabled: true)
        store.send(.saved(userID: "2", P.credential(bob), row: bob)) { $0.list.update(bob) }
        store.send(.saveFailed(userID: "2", Failure(kind: .server, summary: "500")))
        store.send(.saveChecked(userID: "2", current: P.credential(bob)))
        #expect(store.state.form?.email.text == "alice@acme.com")
    }

    @Test func anUnchangedCredentialIsWrittenWithTheDraft() {
        var state = Self.dirty()
        _ = reduce(&state, .key(.ctrl("s")))
        var store = TestStore(state)
        // Only the compared fields matter: a new login time is not a conflict.
        var current = Self.original
        current.loggedInAt = "2026-12-24"
        store.send(.saveChecked(userID: "1", current: current),
                   effects: [.write(.updateCredential(before: current, draft: CredentialDraft(email: "alice@acme.com")), userID: "1")])
        #expect(store.state.form?.saving == true)
    }

    @Test func aLateCheckForAFormNoLongerSavingSendsNothing() {
        var store = TestStore(Self.dirty())
        store.send(.saveChecked(userID: "1", current: Self.original))
        #expect(store.state.overlay == .none)
    }

    @Test(arguments: [
        Credential(email: "alice@corp.co", forcedPasswordResetAtNextLogin: false),
        Credential(email: "alice@acme.co", forcedPasswordResetAtNextLogin: true),
        Credential(email: nil, forcedPasswordResetAtNextLogin: false),
    ])
    func aChangedCredentialOpensTheConflictDialogAndSendsNothing(_ current: Credential) {
        var state = Self.dirty()
        _ = reduce(&state, .key(.ctrl("s")))
        var store = TestStore(state)
        store.send(.saveChecked(userID: "1", current: current)) {
            $0.editForm { $0.saving = false }
            $0.overlay = .dialog(.conflict(server: current))
        }
        #expect(store.state.form?.email.text == "alice@acme.com", "the edits are kept")
    }

    @Test func aConflictAsksWhoseVersionWins() {
        var state = Self.dirty()
        _ = reduce(&state, .key(.ctrl("s")))
        var store = TestStore(state)
        var server = Self.original
        server.email = "alice@corp.co"
        server.forcedPasswordResetAtNextLogin = true

        store.send(.saveChecked(userID: "1", current: server)) {
            $0.editForm { $0.saving = false }
            $0.overlay = .dialog(.conflict(server: server))
        }
        // Esc cancels and keeps the edits.
        store.send(.key(.escape)) { $0.overlay = .none }
        #expect(store.state.form?.email.text == "alice@acme.com")

        // t takes the server's values.
        _ = reduce(&store.state, .key(.ctrl("s")))
        store.send(.saveChecked(userID: "1", current: server)) {
            $0.editForm { $0.saving = false }
            $0.overlay = .dialog(.conflict(server: server))
        }
        store.send(.key(.char("t")), effects: [.expireFlash(id: 1, afterMs: 4000)]) {
            $0.overlay = .none
            $0.detail = .form(CredentialForm(userID: "1", credential: server))
            $0.flashSeq = 1
            $0.flash = Flash(id: 1, text: "Took the server's version", level: .info)
        }
        #expect(store.state.form?.email.text == "alice@corp.co")
        #expect(store.state.form?.forcedReset == true)
        #expect(store.state.isFormDirty == false)
    }

    @Test func keepMineWritesTheFormAsShownOverTheServersVersion() {
        var state = Self.dirty()
        _ = reduce(&state, .key(.ctrl("s")))
        var server = Self.original
        server.email = "alice@corp.co"
        server.forcedPasswordResetAtNextLogin = true
        _ = reduce(&state, .saveChecked(userID: "1", current: server))
        var store = TestStore(state)
        // Straight to the write, no second read; both fields differ from the server's now, so both go,
        // and the journal and undo see the server's version as "before".
        store.send(.key(.char("k")),
                   effects: [.write(.updateCredential(before: server, draft: CredentialDraft(email: "alice@acme.com", forcedReset: false)), userID: "1")]) {
            $0.overlay = .none
            $0.editForm {
                $0.original = server
                $0.saving = true
            }
        }
        var saved = server
        saved.email = "alice@acme.com"
        saved.forcedPasswordResetAtNextLogin = false
        _ = reduce(&store.state, .saved(userID: "1", saved, row: nil))
        #expect(store.state.lifecycle.undoStack == [.credential(userID: "1", before: CredentialDraft(email: "alice@corp.co", forcedReset: true),
                                                      after: CredentialDraft(email: "alice@acme.com", forcedReset: false))])
    }

    @Test func keepMineWhenTheServerAlreadyAgreesSendsNothing() {
        var state = Self.dirty()
        _ = reduce(&state, .key(.ctrl("s")))
        var server = Self.original
        server.email = "alice@acme.com"
        _ = reduce(&state, .saveChecked(userID: "1", current: server))
        let effects = reduce(&state, .key(.char("k")))
        #expect(!effects.contains(where: Self.isWrite))
        #expect(state.flash?.text == "nothing to save")
        #expect(state.form?.saving == false)
    }

    @Test func ctrlRRevealsAndHidesTheSecrets() {
        var store = TestStore(P.editing())
        store.send(.key(.ctrl("r"))) { $0.editForm { $0.revealSecrets = true } }
        store.send(.key(.ctrl("r"))) { $0.editForm { $0.revealSecrets = false } }
    }
}
