import ScreenKit

/// The app's only state transition: applies an action, returns the effects to run. No IO, no clock.
public func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
    // A burst goes through here once per key (see `reduceKeys`).
    if case .keys(let keys, let seen) = action { return reduceKeys(&state, keys, seen: seen) }
    let questionBefore = state.question
    var effects = reduceAction(&state, action)
    if state.quitWhenDone && !state.isWriting && !state.quitting {
        state.quitting = true
        effects.append(.quit)
    }
    if !state.question.asksTheSameAs(questionBefore) {
        // A new question: keys count for it only once it has been drawn.
        state.overlayShownAt = nil
        state.staleKeys = 0
    }
    return effects
}

private func reduceAction(_ state: inout AppState, _ action: Action) -> [Effect] {
    var effects: [Effect] = []
    switch action {
    case .started:
        state.loadGeneration += 1
        effects = [.loadMe, .loadCatalog, .loadUsers(generation: state.loadGeneration)]
        // Read-only mode writes nothing, so it has no run to resume.
        if state.policy.refusal(.change("resuming a bulk run")) == nil { effects.append(.findInterruptedRuns) }

    case .resized(let size):
        state.size = size
        state.list.scrollToSelection(height: Layout(size).listRows)

    case .key(let key, let seen):
        effects = handleKey(&state, key, seen: seen)

    case .keys:
        break   // taken apart by `reduce`

    case .frameShown(let n):
        state.shownFrame = n
        if state.overlay != .none && state.overlayShownAt == nil { state.overlayShownAt = n }
        if state.tabs.content != nil && state.tabs.contentShownAt == nil { state.tabs.contentShownAt = n }

    case .meLoaded(let name, let id):
        state.rateLimitNotice = nil
        state.apiUser = name
        state.apiUserID = id
        // Learned once: the journal stamps every change with it, without asking the server each time.
        effects = [.setJournalActor(name)]

    case .meFailed(let failure):
        state.rateLimitNotice = nil
        effects = flash(&state, failure.summary, .error)

    case .usersLoaded(let generation, let rows, let done):
        guard generation == state.loadGeneration else { break }
        state.rateLimitNotice = nil
        let before = state.list.selectedRow?.id
        state.list.add(rows)
        if done {
            state.list.progress = .complete
            // Marks of users that are gone (deleted since) would count in the header and act on nobody.
            if !state.marked.isEmpty { state.marked = state.marked.filter { state.list.row(id: $0) != nil } }
        }
        state.list.scrollToSelection(height: Layout(state.size).listRows)
        if state.list.selectedRow?.id != before || (state.detail == .empty && state.list.selectedRow != nil) {
            effects = selectionChanged(&state, delayMs: 0)
        }
        if done { effects = withoutMootReads(effects + startQueuedReload(&state), state) }

    case .usersFailed(let generation, let failure):
        guard generation == state.loadGeneration else { break }
        state.rateLimitNotice = nil
        state.list.progress = .failed(failure.summary)
        effects = flash(&state, "loading users failed: " + failure.summary, .error)
        effects += startQueuedReload(&state)

    case .searchAnswered(let seq, let rows):
        state.rateLimitNotice = nil
        guard seq == state.searchSeq else { break }
        let before = state.list.selectedRow?.id
        state.list.add(rows)
        if state.list.selectedRow?.id != before { effects = selectionChanged(&state, delayMs: 60) }

    case .credentialLoaded(let request, let userID, let credential):
        guard request == state.detailRequest, state.detail.userID == userID else { break }
        state.rateLimitNotice = nil
        var fresh = CredentialForm(userID: userID, credential: credential)
        if let old = state.form, old.userID == userID {
            // A re-read of the form on screen: keep where the admin is and what they typed.
            if old.isDirty { break }
            fresh.focus = old.focus
            fresh.revealSecrets = old.revealSecrets
        }
        state.detail = .form(fresh)
        if state.focus == .form, !state.typedWhileLoading.isEmpty { effects = replayTypedWhileLoading(&state) }

    case .credentialMissing(let request, let userID):
        guard request == state.detailRequest, state.detail.userID == userID else { break }
        state.rateLimitNotice = nil
        state.detail = .missing(userID: userID, logins: state.list.row(id: userID)?.logins ?? [])
        if state.focus == .form {
            state.focus = .list
            effects = dropTypedWhileLoading(&state, because: "this user has no email/password login")
        }

    case .credentialFailed(let request, let userID, let failure):
        guard request == state.detailRequest, state.detail.userID == userID else { break }
        state.rateLimitNotice = nil
        state.detail = .failed(userID: userID, message: failure.summary)
        if state.focus == .form {
            state.focus = .list
            effects = dropTypedWhileLoading(&state, because: "the credential did not load")
        }

    case .saved(let userID, let credential, let row):
        state.rateLimitNotice = nil
        state.lifecycle.writes[PendingWrite(.updateCredential, userID)] = nil
        if let row { state.list.update(row) }
        let wasUndo = state.lifecycle.undoing != nil
        if wasUndo { effects = flash(&state, "Undone: user #\(userID) is back to \(credential.email ?? "its earlier values")", .success) }
        remember(&state, state.form.flatMap { form in
            guard form.userID == userID else { return nil }
            let changed = form.draft
            let before = CredentialDraft(email: changed.email == nil ? nil : (form.original.email ?? ""),
                                         forcedReset: changed.forcedReset == nil ? nil : (form.original.forcedPasswordResetAtNextLogin ?? false))
            return .credential(userID: userID, before: before, after: changed)
        })
        guard var form = state.form, form.userID == userID else { break }
        form.saved(credential)
        state.detail = .form(form)
        if !wasUndo { effects = flash(&state, "Saved " + (credential.email ?? "credential"), .success) }
        if case .dialog(.leaveDirtyForm) = state.overlay { state.overlay = .none }
        if let pending = state.pendingMove {
            state.pendingMove = nil
            effects += perform(&state, pending)
        }

    case .saveFailed(let userID, let failure):
        state.rateLimitNotice = nil
        state.pendingMove = nil
        state.lifecycle.writes[PendingWrite(.updateCredential, userID)] = nil
        if undoFailed(&state) {
            state.overlay = .dialog(.message(title: "Undo failed", text: failure.summary))
            effects = flash(&state, "Undo failed: " + failure.summary, .error)
            break
        }
        guard var form = state.form, form.userID == userID else { break }
        form.saving = false
        if failure.kind == .validation {
            form.errors = [:]
            // Sorted, so unknown fields are listed in the same order every time.
            for (field, message) in failure.fieldErrors.sorted(by: { $0.key < $1.key }) {
                if let f = FormField(rawValue: field) { form.errors[f] = message } else { form.otherErrors.append("\(field): \(message)") }
            }
            form.otherErrors += failure.otherErrors
            if let first = FormField.allCases.first(where: { form.errors[$0] != nil }) { form.focus = first }
            state.detail = .form(form)
            effects = flash(&state, "Not saved: " + failure.summary, .error)
        } else {
            state.detail = .form(form)
            state.overlay = .dialog(.message(title: "Save failed — your edits are kept", text: failure.summary))
            effects = flash(&state, "Not saved: " + failure.summary, .error)
        }

    case .saveChecked(let userID, let current):
        guard var form = state.form, form.userID == userID, form.saving else { break }
        if current.email == form.original.email
            && current.forcedPasswordResetAtNextLogin == form.original.forcedPasswordResetAtNextLogin {
            effects = [.write(.updateCredential(before: current, draft: form.draft), userID: userID)]
            break
        }
        // Changed on the server since the form loaded it: nothing is sent until the admin chooses.
        form.saving = false
        state.detail = .form(form)
        state.overlay = .dialog(.conflict(server: current))

    case .rateLimited(let seconds):
        let shown = seconds < 1 ? String(Int((seconds * 10).rounded()) / 10) : String(Int(seconds.rounded()))
        state.rateLimitNotice = "rate limited, retrying in \(seconds < 1 ? "<1" : shown) s"

    case .reloadSpacingEnded:
        state.reloadSpacing = false
        effects = startQueuedReload(&state)

    case .flashExpired(let id):
        if state.flash?.id == id { state.flash = nil }

    case .noticed(let text):
        effects = flash(&state, text, .warning)

    case .clockRead(let seconds):
        state.list.setClock(epochSeconds: seconds)
        state.list.scrollToSelection(height: Layout(state.size).listRows)

    case .access(let event):
        effects = reduceAccess(&state, event)

    case .lifecycle(let event):
        effects = reduceLifecycle(&state, event)

    case .bulk(let event):
        effects = reduceBulk(&state, event)
    }
    return effects
}

/// Shows a flash message and schedules its expiry.
func flash(_ state: inout AppState, _ text: String, _ level: Flash.Level) -> [Effect] {
    state.flashSeq += 1
    state.flash = Flash(id: state.flashSeq, text: text, level: level)
    return [.expireFlash(id: state.flashSeq, afterMs: level == .error ? 8000 : 4000)]
}

/// The selected user changed: fetch their credential (after a short pause, so scrolling past rows
/// fetches nothing); any answer for an earlier request will be ignored.
func selectionChanged(_ state: inout AppState, delayMs: Int) -> [Effect] {
    state.detailRequest += 1
    // The tab on show follows the selection (Login's form is read below).
    let tab = state.tabs.current != .login && state.tabs.userID != state.list.selectedRow?.id ? loadTab(&state, delayMs: delayMs) : []
    guard let row = state.list.selectedRow else {
        state.detail = .empty
        return tab
    }
    if state.detail.userID == row.id, case .form = state.detail { return tab }
    state.detail = .loading(userID: row.id)
    return [.fetchCredential(request: state.detailRequest, userID: row.id, delayMs: delayMs)] + tab
}

/// Carries out a move that a dirty form was in the way of.
func perform(_ state: inout AppState, _ move: PendingMove) -> [Effect] {
    switch move {
    case .select(let index):
        state.detail = .empty
        state.focus = .list
        state.list.select(index: index)
        state.list.scrollToSelection(height: Layout(state.size).listRows)
        return selectionChanged(&state, delayMs: 60)
    case .reload:
        if state.reloadSpacing || (state.loadGeneration > 0 && state.list.progress == .loading) {
            // One load at a time, a second apart: the next starts when it may, however often r came.
            if state.reloadQueued { return [] }
            state.reloadQueued = true
            return flash(&state, "reloading again in a moment (one load at a time)", .info)
        }
        if state.flash?.level == .error { state.flash = nil }   // the old failure is not news any more
        state.typedWhileLoading = []
        state.loadGeneration += 1
        state.list.reset()
        state.detail = .empty
        state.detailRequest += 1
        state.focus = state.focus == .form || state.focus == .tab ? .list : state.focus
        state.reloadSpacing = true
        // The tab on show and the roles, groups and attributes are read again with the users.
        state.tabs.userID = nil
        state.tabs.content = nil
        state.tabs.editing = nil
        return [.loadUsers(generation: state.loadGeneration), .loadCatalog, .spaceReloads(afterMs: 1000)]
    case .quit:
        if state.bulkActive && !state.quitWhenDone {
            // A bulk run stops after the requests in flight (its file stays resumable), then Roster quits.
            state.quitWhenDone = true
            if state.bulk?.stage != .stopping { setBulkStage(&state, .stopping) }
            return [.stopBulk] + flash(&state, "stopping the bulk run, then quitting (q again quits now; resume it later)", .warning)
        }
        if state.isWriting && !state.quitWhenDone {
            // A write on its way is never cancelled: leave once it is answered (or at a second q).
            state.quitWhenDone = true
            return flash(&state, "a change is on its way: quitting when it is answered (q again quits now)", .warning)
        }
        state.quitting = true
        return [.quit]
    case .toList:
        if let form = state.form { state.detail = .form(form.reverted()) }
        state.focus = .list
        return []
    }
}

/// `r` came while a load was under way or a reload had just started: once neither holds, the next
/// load starts, unless edits made since are in the way (a reload would drop them; `r` asks about them).
func startQueuedReload(_ state: inout AppState) -> [Effect] {
    guard state.reloadQueued, !state.reloadSpacing, state.list.progress != .loading else { return [] }
    state.reloadQueued = false
    if state.isFormDirty { return flash(&state, "reload not done: the form has unsaved edits (r asks about them)", .warning) }
    return perform(&state, .reload)
}

/// The form will not open: what was typed for it is dropped, never run as commands, and said so.
func dropTypedWhileLoading(_ state: inout AppState, because reason: String) -> [Effect] {
    let count = state.typedWhileLoading.count
    state.typedWhileLoading = []
    guard count > 0 else { return [] }
    return flash(&state, "\(reason): \(count) typed key\(count == 1 ? "" : "s") dropped", .warning)
}

/// What the screen asks now: the overlay on top and, for the bulk panel, its stage. A key typed
/// before a question was drawn never answers it.
struct Question: Equatable {
    var overlay: Overlay
    var bulkStage: BulkStage?

    /// The same question is still asked (a dialog whose text field changed asks the same question).
    func asksTheSameAs(_ other: Question) -> Bool {
        switch (overlay, other.overlay) {
        case (.dialog(.createCredential(let a, _, _)), .dialog(.createCredential(let b, _, _))): a == b
        case (.dialog(.confirmDelete(let a, _, _)), .dialog(.confirmDelete(let b, _, _))): a == b
        // Typing and moving in the picker, or typing a key's last characters, is the same question.
        case (.dialog(.pick(let a)), .dialog(.pick(let b))): a.kind == b.kind && a.userID == b.userID
        case (.dialog(.confirmDeleteKey(let a, let k, _)), .dialog(.confirmDeleteKey(let b, let l, _))): a == b && k == l
        default: self == other
        }
    }
}

extension AppState {
    var question: Question { Question(overlay: overlay, bulkStage: overlay == .bulk ? bulk?.stage : nil) }
}
