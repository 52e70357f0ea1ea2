import Testing
@testable import RosterCore
import ScreenKit

/// Create, delete, reset URL, reset email, disable/enable and undo, from the keyboard.
@Suite struct ReducerLifecycleTests {
    /// The effects that do work (flash expiry left out).
    func work(_ effects: [Effect]) -> [Effect] {
        effects.filter { if case .expireFlash = $0 { false } else { true } }
    }

    func selectCarol() -> AppState {
        var state = People.loaded()
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .credentialMissing(request: state.detailRequest, userID: "3"))
        return state
    }

    @Test func createAsksForTheEmailThenCreatesAndCanBeUndone() {
        var state = selectCarol()
        #expect(state.detail == .missing(userID: "3", logins: ["saml"]))
        #expect(work(reduce(&state, .key(.char("c")))) == [])
        guard case .dialog(.createCredential(let id, let email, nil)) = state.overlay else {
            Issue.record("no create dialog: \(state.overlay)")
            return
        }
        #expect(id == "3")
        #expect(email.text == "carol@acme.co", "the user's known email is suggested")
        #expect(work(reduce(&state, .key(.enter))) == [.write(.createLogin(email: "carol@acme.co"), userID: "3")])
        #expect(state.writeStatus == "creating…")

        let created = People.credential(People.carol)
        _ = reduce(&state, .lifecycle(.credentialCreated(userID: "3", created, row: nil)))
        #expect(state.overlay == .none)
        #expect(state.form?.original == created)
        #expect(state.lifecycle.undoStack == [.created(userID: "3", email: "carol@acme.co")])
        #expect(state.flash?.text == "Created the email login carol@acme.co")

        _ = reduce(&state, .key(.char("u")))
        #expect(state.overlay == .dialog(.confirmUndo(.created(userID: "3", email: "carol@acme.co"))))
        #expect(work(reduce(&state, .key(.char("y")))) == [.write(.deleteLogin, userID: "3")])
        #expect(state.lifecycle.undoStack.isEmpty)
        _ = reduce(&state, .lifecycle(.credentialDeleted(userID: "3", row: nil)))
        #expect(state.lifecycle.undoStack.isEmpty, "the undo itself is not pushed again")
        #expect(state.detail == .missing(userID: "3", logins: ["saml"]))
    }

    @Test func aRefusedCreateKeepsTheDialogAndShowsTheServersMessage() {
        var state = selectCarol()
        _ = reduce(&state, .key(.char("c")))
        _ = reduce(&state, .key(.ctrl("u")))
        for c in "taken@acme.co" { _ = reduce(&state, .key(.char(c))) }
        #expect(work(reduce(&state, .key(.enter))) == [.write(.createLogin(email: "taken@acme.co"), userID: "3")])
        let failure = Failure(kind: .validation, summary: "422 Validation Failed", fieldErrors: ["email": "'taken@acme.co' is already taken"])
        _ = reduce(&state, .lifecycle(.failed(userID: "3", operation: .createLogin, failure)))
        guard case .dialog(.createCredential(_, let email, let error)) = state.overlay else {
            Issue.record("the dialog closed: \(state.overlay)")
            return
        }
        #expect(email.text == "taken@acme.co", "the typed email is kept")
        #expect(error == "'taken@acme.co' is already taken")
    }

    @Test func aMalformedEmailIsCaughtBeforeSending() {
        var state = selectCarol()
        _ = reduce(&state, .key(.char("c")))
        _ = reduce(&state, .key(.ctrl("u")))
        for c in "nope" { _ = reduce(&state, .key(.char(c))) }
        #expect(work(reduce(&state, .key(.enter))) == [])
        #expect(state.overlay == .dialog(.createCredential(userID: "3", email: TextField("nope"), error: "'nope' is not a valid email address")))
    }

    @Test func deleteNeedsTheEmailTypedExactly() {
        var state = People.loaded()
        _ = reduce(&state, .key(.char("D")))
        #expect(state.overlay == .dialog(.confirmDelete(userID: "1", email: "alice@acme.co", typed: TextField(""))))
        for c in "alice" { _ = reduce(&state, .key(.char(c))) }
        #expect(work(reduce(&state, .key(.enter))) == [], "a partial email deletes nothing")
        for c in "@acme.co" { _ = reduce(&state, .key(.char(c))) }
        #expect(work(reduce(&state, .key(.enter))) == [.write(.deleteLogin, userID: "1")])
        _ = reduce(&state, .lifecycle(.credentialDeleted(userID: "1", row: nil)))
        #expect(state.detail == .missing(userID: "1", logins: ["email"]))
        #expect(state.lifecycle.undoStack == [.deleted(userID: "1", email: "alice@acme.co", forcedReset: false)])
    }

    @Test func resetURLIsCreatedMaskedAndCopiedOnlyWhenAsked() {
        var state = People.loaded()
        _ = reduce(&state, .key(.char("p")))
        #expect(state.overlay == .dialog(.resetURL(userID: "1")))
        #expect(work(reduce(&state, .key(.char("2")))) == [.write(.createResetURL(expires: false), userID: "1")])
        var fresh = People.credential(People.alice)
        fresh.passwordResetURL = "https://acme.example/password/reset/NEWtoken"
        _ = reduce(&state, .lifecycle(.resetURLCreated(userID: "1", fresh)))
        #expect(state.form?.original.passwordResetURL == "https://acme.example/password/reset/NEWtoken")
        #expect(state.form?.revealSecrets == false)
        let screen = render(state).grid.lines.joined(separator: "\n")
        #expect(!screen.contains("NEWtoken"), "the new URL is masked until revealed")
        #expect(work(reduce(&state, .key(.char("y")))) == [.copyToClipboard("https://acme.example/password/reset/NEWtoken")])
        #expect(state.lifecycle.undoStack.isEmpty, "a reset URL cannot be undone")
    }

    @Test func disableThenUndoEnablesAgain() {
        var state = People.loaded()
        _ = reduce(&state, .key(.char("x")))
        #expect(state.overlay == .dialog(.confirmDisable(userID: "1", name: "Alice Smith", disable: true)))
        #expect(work(reduce(&state, .key(.char("y")))) == [.write(.setDisabled(true), userID: "1")])
        var disabled = People.alice
        disabled.enabled = false
        let effects = work(reduce(&state, .lifecycle(.userChanged(disabled))))
        #expect(effects == [.fetchCredential(request: state.detailRequest, userID: "1", delayMs: 0)], "the credential is read again")
        #expect(state.list.row(id: "1")?.enabled == false)
        #expect(state.lifecycle.undoStack == [.disabled(userID: "1", wasDisabled: false)])
        _ = reduce(&state, .key(.char("u")))
        #expect(work(reduce(&state, .key(.char("y")))) == [.write(.setDisabled(false), userID: "1")])
    }

    @Test func aSavedFormCanBeUndoneThroughTheSamePath() {
        var state = People.editing()
        _ = reduce(&state, .key(.ctrl("u")))
        for c in "new@acme.co" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.ctrl("s")))
        var saved = People.credential(People.alice)
        saved.email = "new@acme.co"
        _ = reduce(&state, .saved(userID: "1", saved, row: nil))
        let record = UndoRecord.credential(userID: "1", before: CredentialDraft(email: "alice@acme.co"), after: CredentialDraft(email: "new@acme.co"))
        #expect(state.lifecycle.undoStack == [record])
        _ = reduce(&state, .key(.tab))   // off the text field, so `u` is a command
        _ = reduce(&state, .key(.char("u")))
        #expect(state.overlay == .dialog(.confirmUndo(record)))
        #expect(work(reduce(&state, .key(.char("y")))) ==
                [.write(.updateCredential(before: Credential(email: "new@acme.co"), draft: CredentialDraft(email: "alice@acme.co")), userID: "1")])
        var back = saved
        back.email = "alice@acme.co"
        _ = reduce(&state, .saved(userID: "1", back, row: nil))
        #expect(state.lifecycle.undoStack.isEmpty)
        #expect(state.form?.email.text == "alice@acme.co")
    }

    @Test func aFailedUndoStaysUndoable() {
        var state = People.loaded()
        state.lifecycle.undoStack = [.disabled(userID: "1", wasDisabled: false)]
        _ = reduce(&state, .key(.char("u")))
        _ = reduce(&state, .key(.char("y")))
        _ = reduce(&state, .lifecycle(.failed(userID: "1", operation: .enable, Failure(kind: .forbidden, summary: "403 forbidden"))))
        #expect(state.lifecycle.undoStack == [.disabled(userID: "1", wasDisabled: false)])
        #expect(state.overlay == .dialog(.message(title: "enable failed", text: "403 forbidden")))
    }

    @Test(arguments: ["c", "D", "p", "e", "x", "u", "y"])
    func everyLifecycleKeyIsRefusedInReadOnlyMode(_ key: Character) {
        var state = key == "c" ? {
            var s = People.loaded(readOnly: true)
            _ = reduce(&s, .key(.char("j")))
            _ = reduce(&s, .key(.char("j")))
            _ = reduce(&s, .credentialMissing(request: s.detailRequest, userID: "3"))
            return s
        }() : People.loaded(readOnly: true)
        state.lifecycle.undoStack = [.disabled(userID: "1", wasDisabled: false)]
        let effects = work(reduce(&state, .key(.char(key))))
        #expect(effects == [])
        #expect(state.overlay == .none)
        #expect(state.flash?.text.hasPrefix("read-only: ") == true)
    }
}
