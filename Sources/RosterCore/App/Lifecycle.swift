import ScreenKit

/// The rest of a credential's life from the keyboard: create, delete, reset URL, reset email,
/// disable/enable, undo. Each goes through a confirmation; delete needs the login's email typed.
/// In read-only mode none gets here: the key router refuses them (and the client would refuse to send).

/// The lifecycle feature's own state.
public struct LifecycleState: Sendable, Equatable {
    /// Writes sent and not yet answered, by operation and user, with their status text. Each answer
    /// clears its own, so an unrelated answer never makes a write look finished.
    public var writes: [PendingWrite: String] = [:]
    /// Changes made in this run, newest last (for `u`).
    public var undoStack: [UndoRecord] = []
    /// The undo under way, pushed back if it fails.
    public var undoing: UndoRecord?

    public init() {}

    /// The status line while a write is on its way: the first by user and operation.
    public var status: String? { writes.min { $0.key < $1.key }?.value }
}

/// Starts a lifecycle command: opens its confirmation (copy needs none). Read-only mode never gets
/// here: the key router refuses every mutating command first.
func startLifecycle(_ state: inout AppState, _ command: LifecycleCommand) -> [Effect] {
    switch command {
    case .createLogin:
        guard case .missing(let userID, _) = state.detail else {
            return state.form != nil ? flash(&state, "this user already has an email/password login", .info) : []
        }
        let suggestion = state.list.row(id: userID)?.email ?? ""
        state.overlay = .dialog(.createCredential(userID: userID, email: TextField(suggestion), error: nil))
        return []
    case .deleteLogin:
        guard let form = state.form else { return [] }
        if form.isDirty { return flash(&state, "save or revert the form first", .warning) }
        state.overlay = .dialog(.confirmDelete(userID: form.userID, email: form.original.email ?? "", typed: TextField("")))
        return []
    case .resetURL:
        guard let form = state.form else { return [] }
        state.overlay = .dialog(.resetURL(userID: form.userID))
        return []
    case .sendReset:
        guard let form = state.form else { return [] }
        state.overlay = .dialog(.confirmSendReset(userID: form.userID, email: form.original.email ?? ""))
        return []
    case .toggleDisabled:
        guard let row = state.list.selectedRow else { return [] }
        state.overlay = .dialog(.confirmDisable(userID: row.id, name: row.name.isEmpty ? row.email : row.name, disable: row.enabled != false))
        return []
    case .undo:
        guard let last = state.lifecycle.undoStack.last else { return flash(&state, "nothing to undo in this run", .info) }
        state.overlay = .dialog(.confirmUndo(last))
        return []
    case .copyResetURL:
        guard let url = state.form?.original.passwordResetURL, !url.isEmpty else {
            return flash(&state, "no reset URL to copy (p creates one)", .info)
        }
        return [.copyToClipboard(url)] + flash(&state, "reset URL copied to the clipboard (OSC 52)", .success)
    }
}

/// A confirmed lifecycle dialog: closes it and starts its write, unless a write is still on its way
/// (one lifecycle write at a time; the dialog stays).
func answerLifecycle(_ state: inout AppState, _ start: (inout AppState) -> [Effect]) -> [Effect] {
    if !state.lifecycle.writes.isEmpty { return flash(&state, "already saving: wait for the change under way", .info) }
    state.overlay = .none
    return start(&state)
}

/// The create dialog: typing the email, or confirming it (checked by the app's one email rule).
func answerCreate(_ state: inout AppState, _ userID: String, _ field: TextField, _ answer: DialogAnswer, _ key: Key) -> [Effect] {
    if !state.lifecycle.writes.isEmpty { return flash(&state, "already saving: wait for the change under way", .info) }
    var email = field
    if answer == .confirm {
        let text = email.text.trimmingSpaces
        if let error = CredentialForm.emailProblem(text) {
            state.overlay = .dialog(.createCredential(userID: userID, email: email, error: error))
            return []
        }
        // The dialog stays until the answer: a refusal shows under its field, the typed email kept.
        state.overlay = .dialog(.createCredential(userID: userID, email: email, error: nil))
        return startWrite(&state, .createLogin(email: text), userID)
    }
    guard !email.handle(key) else {
        state.overlay = .dialog(.createCredential(userID: userID, email: email, error: nil))
        return []
    }
    return email.isFull && key.isCharacter ? fieldFull(&state, "the email field") : []
}

/// The delete dialog: the login's email must be typed exactly.
func answerDelete(_ state: inout AppState, _ userID: String, _ expected: String, _ field: TextField,
                  _ answer: DialogAnswer, _ key: Key) -> [Effect] {
    if !state.lifecycle.writes.isEmpty { return flash(&state, "already saving: wait for the change under way", .info) }
    var typed = field
    if answer == .confirm {
        guard typed.text == expected else { return flash(&state, "type the email exactly to confirm", .warning) }
        state.overlay = .none
        return startWrite(&state, .deleteLogin, userID)
    }
    guard !typed.handle(key) else {
        state.overlay = .dialog(.confirmDelete(userID: userID, email: expected, typed: typed))
        return []
    }
    return typed.isFull && key.isCharacter ? fieldFull(&state, "the field") : []
}

/// Books a write as on its way (the status line shows `status`, else the operation's progress) and
/// asks the shell to send it. Its answer clears exactly this booking.
func startWrite(_ state: inout AppState, _ write: UserWrite, _ userID: String, status: String? = nil) -> [Effect] {
    state.lifecycle.writes[PendingWrite(write.operation, userID)] = status ?? write.operation.progress
    return [.write(write, userID: userID)]
}

/// Pushes a change for `u`, unless it is the undo itself.
/// The one place undo is booked: a change is pushed for `u`, an undo that succeeded is not.
func remember(_ state: inout AppState, _ record: UndoRecord?) {
    if state.lifecycle.undoing != nil {
        state.lifecycle.undoing = nil
    } else if let record {
        state.lifecycle.undoStack.append(record)
    }
}

/// An undo failed: it goes back on the stack, to be tried again. Returns whether one was under way.
@discardableResult
func undoFailed(_ state: inout AppState) -> Bool {
    guard let undo = state.lifecycle.undoing else { return false }
    state.lifecycle.undoing = nil
    state.lifecycle.undoStack.append(undo)
    return true
}

/// The answers to lifecycle writes. Each clears its own write in flight (and only that one).
func reduceLifecycle(_ state: inout AppState, _ event: LifecycleEvent) -> [Effect] {
    state.rateLimitNotice = nil
    switch event {
    case .credentialCreated(let userID, let view, let row):
        state.lifecycle.writes[PendingWrite(.createLogin, userID)] = nil
        if let row { state.list.update(row) }
        if case .dialog(.createCredential) = state.overlay { state.overlay = .none }
        remember(&state, .created(userID: userID, email: view.email ?? ""))
        if state.detail.userID == userID { state.detail = .form(CredentialForm(userID: userID, credential: view)) }
        return flash(&state, "Created the email login \(view.email ?? "")", .success)
    case .credentialDeleted(let userID, let row):
        state.lifecycle.writes[PendingWrite(.deleteLogin, userID)] = nil
        let before = state.form.flatMap { $0.userID == userID ? $0.original : nil }
        if let row { state.list.update(row) }
        remember(&state, .deleted(userID: userID, email: before?.email ?? state.undoEmail(userID),
                                  forcedReset: before?.forcedPasswordResetAtNextLogin ?? false))
        if state.detail.userID == userID {
            state.detail = .missing(userID: userID, logins: state.list.row(id: userID)?.logins ?? [])
            if state.focus == .form { state.focus = .list }
        }
        return flash(&state, "Deleted the email login of user #\(userID)", .success)
    case .resetURLCreated(let userID, let view):
        state.lifecycle.writes[PendingWrite(.createResetURL, userID)] = nil
        if var form = state.form, form.userID == userID {
            let draft = (form.email, form.forcedReset)
            form.original = view
            (form.email, form.forcedReset) = draft
            state.detail = .form(form)
        }
        return flash(&state, "Reset URL created: ctrl-r reveals it, y copies it", .success)
    case .resetEmailSent(let userID, let email):
        state.lifecycle.writes[PendingWrite(.sendResetEmail, userID)] = nil
        return flash(&state, "Sent a password reset email to \(email)", .success)
    case .userChanged(let row):
        state.lifecycle.writes[PendingWrite(.disable, row.id)] = nil
        state.lifecycle.writes[PendingWrite(.enable, row.id)] = nil
        let wasDisabled = !(state.list.row(id: row.id)?.enabled ?? true)
        state.list.update(row)
        remember(&state, .disabled(userID: row.id, wasDisabled: wasDisabled))
        var effects = flash(&state, "\(row.name.isEmpty ? row.email : row.name) is now \(row.enabled == false ? "disabled" : "enabled")", .success)
        // The credential's is_disabled follows the user's: read it again unless edits are in the way.
        if state.detail.userID == row.id, !state.isFormDirty {
            state.detailRequest += 1
            effects.append(.fetchCredential(request: state.detailRequest, userID: row.id, delayMs: 0))
        }
        return effects
    case .failed(let userID, let operation, let failure):
        state.lifecycle.writes[PendingWrite(operation, userID)] = nil
        undoFailed(&state)
        if operation == .setAttribute, var edit = state.tabs.editing, edit.userID == userID {
            // The value stays as typed, the server's complaint under it (a 422 names the field `value`).
            edit.saving = false
            edit.error = failure.otherErrors.first ?? failure.summary
            state.tabs.editing = edit
            return flash(&state, "Not saved: " + failure.summary, .error)
        }
        if operation.isAccess, state.tabs.userID == userID {
            state.overlay = .dialog(.message(title: "\(operation.label) failed", text: failure.summary))
            return flash(&state, "\(operation.label) failed: " + failure.summary, .error) + loadTab(&state, delayMs: 0)
        }
        if case .dialog(.createCredential(let id, let email, _)) = state.overlay, id == userID {
            let message = failure.fieldErrors["email"] ?? failure.otherErrors.first ?? failure.summary
            state.overlay = .dialog(.createCredential(userID: userID, email: email, error: message))
            return flash(&state, "Not created: " + failure.summary, .error)
        }
        state.overlay = .dialog(.message(title: "\(operation.label) failed", text: failure.summary))
        return flash(&state, "\(operation.label) failed: " + failure.summary, .error)
    }
}

extension AppState {
    func undoEmail(_ userID: String) -> String { list.row(id: userID)?.email ?? "" }
}

extension CredentialForm {
    /// Blank or not an address by the one rule of the app (`BulkPlanner.isValidAddress`, which bulk
    /// plans keep too); nil when it is one.
    static func emailProblem(_ text: String) -> String? {
        if text.isEmpty { return "email can't be blank" }
        return BulkPlanner.isValidAddress(text) ? nil : "'\(text)' is not a valid email address"
    }
}
