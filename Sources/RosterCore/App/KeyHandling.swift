import ScreenKit

/// Routes a key: finds the command it gives where it was pressed (the command table), applies the
/// type-ahead rule and the read-only gate, then performs it. The only way a key changes anything.
func handleKey(_ state: inout AppState, _ key: Key, seen: Int?) -> [Effect] {
    let context = state.keyContext
    switch context {
    case .help, .dialog, .bulk:
        // A key typed before this overlay was drawn never answers it. (`seen == nil`: typed at the
        // screen on display now.)
        if let seen, seen < state.overlayShownAt ?? Int.max {
            state.staleKeys += 1
            return []
        }
    default:
        break
    }
    guard let command = command(for: key, in: context) else { return [] }
    if case .tab = context, command.mutating, let seen, seen < state.tabs.contentShownAt ?? Int.max {
        // A change key counts only on the lines it was typed at: not on a tab still loading or just reloaded.
        state.staleKeys += 1
        return flash(&state, "\(key.label) was typed before the tab showed: press it again", .info)
    }
    for need in command.needs(state, key) {
        if let refused = gate(&state, need) { return refused }
    }
    return perform(&state, command.id, key)
}

/// The command a key gives: a row of the table, else the context's text entry.
func command(for key: Key, in context: KeyContext) -> Command? {
    if let found = Commands.lookup(key, in: context) { return found }
    let text: CommandID? = switch context {
    case .filter: .filterType
    case .formEmail: .editEmail
    case .formLoading: .typeWhileLoading
    case .dialog(.create), .dialog(.delete), .dialog(.deleteKey): .dialogType
    case .dialog(.pick): .pickType
    case .attributeEdit: .attributeType
    case .dialog(.message): .dismiss
    case .help: .closeHelp
    case .bulk(.domain): .bulkDomainType
    case .bulk(.preview): .bulkTypeCount
    default: nil
    }
    return text.flatMap(Commands.command)
}

extension Command {
    /// What the policy must allow for this command to run, given the key: a mutating command needs
    /// to change things (moving the cursor in the email field changes nothing; typing into it does),
    /// revealing needs the secrets, copying the clipboard.
    func needs(_ state: AppState, _ key: Key) -> [Policy.Need] {
        var needs: [Policy.Need] = []
        if mutating && !(id == .editEmail && !editsText(state, key)) {
            // "save (the credential is read again…)" is refused as "save".
            needs.append(.change(String(label.prefix { $0 != "(" }).trimmingSpaces))
        }
        if id == .reveal { needs.append(.secrets) }
        if id == .copyResetURL { needs.append(.clipboard) }
        return needs
    }

    private func editsText(_ state: AppState, _ key: Key) -> Bool {
        guard var field = state.form?.email else { return false }
        let before = field.text
        return field.handle(key) && field.text != before
    }
}

/// The one gate: nil when the policy allows `need`, else the refusal said in the status line.
func gate(_ state: inout AppState, _ need: Policy.Need) -> [Effect]? {
    guard let refusal = state.policy.refusal(need) else { return nil }
    return flash(&state, refusal, need == .secrets || need == .clipboard ? .info : .warning)
}

/// Carries out one command: the feature it belongs to performs it (`CommandID.route`).
func perform(_ state: inout AppState, _ id: CommandID, _ key: Key) -> [Effect] {
    switch id.route {
    case .list(let command): return performList(&state, command)
    case .filter(let command): return performFilter(&state, command, key)
    case .form(let command): return performFormCommand(&state, command, key)
    case .app(let command): return performApp(&state, command, key)
    case .lifecycle(let command): return startLifecycle(&state, command)
    case .marks(let command): return performMark(&state, command)
    case .dialog(let answer):
        guard case .dialog(let dialog) = state.overlay else { return [] }
        return answerDialog(&state, dialog, answer, key)
    case .bulk(let command): return performBulk(&state, command, key)
    case .tab(let command): return performTab(&state, command, key)
    }
}

/// Moving in the list, sorting it, opening the form.
func performList(_ state: inout AppState, _ command: ListCommand) -> [Effect] {
    let page = Layout(state.size).listRows
    switch command {
    case .next: return moveSelection(&state, to: state.list.selection + 1)
    case .previous: return moveSelection(&state, to: state.list.selection - 1)
    case .pageDown: return moveSelection(&state, to: state.list.selection + page)
    case .pageUp: return moveSelection(&state, to: state.list.selection - page)
    case .first: return moveSelection(&state, to: 0)
    case .last: return moveSelection(&state, to: max(0, state.list.visible.count - 1))
    case .startFilter:
        state.focus = .filter
        return []
    case .clearFilter:
        return state.list.filter.isEmpty ? [] : applyFilter(&state, "")
    case .sortNext:
        state.list.setSort(state.list.sort.next, descending: false)
        state.list.scrollToSelection(height: page)
        return []
    case .sortReverse:
        state.list.setSort(state.list.sort, descending: !state.list.descending)
        state.list.scrollToSelection(height: page)
        return []
    case .toggleRoles:
        state.list.showsRoles.toggle()
        return []
    case .toggleGroups:
        state.list.showsGroups.toggle()
        return []
    case .openForm:
        if state.tabs.current != .login {
            // Into the tab on show (its content arrives on its own).
            state.focus = .tab
            return []
        }
        switch state.detail {
        case .form:
            state.focus = .form
        case .loading:
            // Focus moves at once; what is typed now waits for the email field.
            state.focus = .form
            state.typedWhileLoading = []
        case .missing:
            // Read-only mode offers nothing that changes.
            return flash(&state, "this user has no email/password login" + (state.readOnly ? "" : " (c creates one)"), .info)
        case .failed(_, let message):
            return flash(&state, "the credential did not load: " + message, .warning)
        case .empty:
            break
        }
        return []
    }
}

/// Typing the filter; the arrows still move in the list.
func performFilter(_ state: inout AppState, _ command: FilterCommand, _ key: Key) -> [Effect] {
    switch command {
    case .type:
        var field = TextField(state.list.filter)
        guard field.handle(key) else { return field.isFull && key.isCharacter ? fieldFull(&state, "the filter") : [] }
        return applyFilter(&state, field.text)
    case .keep:
        state.focus = .list
        return []
    case .clear:
        state.focus = .list
        return applyFilter(&state, "")
    case .move:
        let to: ListCommand = switch key {
        case .down: .next
        case .up: .previous
        case .pageDown: .pageDown
        default: .pageUp
        }
        return performList(&state, to)
    }
}

/// Reload, help and quit: what belongs to no pane.
func performApp(_ state: inout AppState, _ command: AppCommand, _ key: Key) -> [Effect] {
    switch command {
    case .reload:
        if state.isFormDirty {
            state.overlay = .dialog(.leaveDirtyForm(then: .reload))
            return []
        }
        return perform(&state, .reload)
    case .help:
        state.overlay = .help
        state.helpScroll = 0
        return []
    case .scrollHelp:
        let step = key == .pageDown || key == .pageUp ? max(1, state.size.rows - 6) : 1
        let down = key == .char("j") || key == .down || key == .pageDown
        state.helpScroll = max(0, min(helpLines(readOnly: state.readOnly).count - 1, state.helpScroll + (down ? step : -step)))
        return []
    case .closeHelp:
        state.overlay = .none
        return []
    case .quit:
        if state.isFormDirty {
            state.overlay = .dialog(.leaveDirtyForm(then: .quit))
            return []
        }
        return perform(&state, .quit)
    }
}

/// The email field, the checkbox, moving between them, saving, and typing while the form loads.
func performFormCommand(_ state: inout AppState, _ command: FormCommand, _ key: Key) -> [Effect] {
    switch command {
    case .save:
        if state.form?.saving == true { return flash(&state, "already saving", .info) }   // never sent twice
        return save(&state, force: false)
    case .typeWhileLoading:
        // Only text is kept: it lands in the email field. Other keys would mean something else by then.
        var probe = TextField("")
        guard probe.handle(key) else { return flash(&state, "still loading: \(key.label) ignored", .info) }
        // Bounded like the field it is for: a paste cannot pile up keys without end.
        if state.typedWhileLoading.count >= TextField.maxCharacters { return fieldFull(&state, "the email field") }
        state.typedWhileLoading.append(key)
        return []
    case .leaveLoading:
        state.focus = .list
        state.typedWhileLoading = []
        return []
    case .editEmail, .toggleCheckbox, .nextField, .previousField, .leaveForm, .reveal:
        break
    }
    guard var form = state.form else {
        state.focus = .list
        return []
    }
    let fields = FormField.allCases
    let index = fields.firstIndex(of: form.focus) ?? 0
    switch command {
    case .nextField:
        form.focus = fields[(index + 1) % fields.count]
    case .previousField:
        form.focus = fields[(index + fields.count - 1) % fields.count]
    case .leaveForm:
        if form.isDirty {
            state.overlay = .dialog(.revert)
        } else {
            state.focus = .list
        }
        return []
    case .reveal:
        form.revealSecrets.toggle()
    case .toggleCheckbox:
        if form.saving { return flash(&state, "already saving", .info) }
        form.forcedReset.toggle()
        form.errors[.forcedReset] = nil
    case .editEmail:
        var edited = form.email
        guard edited.handle(key) else { return edited.isFull && key.isCharacter ? fieldFull(&state, "the email field") : [] }
        if edited.text != form.email.text {
            if form.saving { return flash(&state, "already saving", .info) }
            form.errors[.email] = nil
        }
        form.email = edited
    case .save, .typeWhileLoading, .leaveLoading:
        return []   // performed above
    }
    state.detail = .form(form)
    return []
}

/// The answer to the dialog on top.
func answerDialog(_ state: inout AppState, _ dialog: Dialog, _ answer: DialogAnswer, _ key: Key) -> [Effect] {
    if answer == .cancel || answer == .dismiss || answer == .stay {
        state.overlay = .none
        return []
    }
    switch dialog {
    case .message:
        state.overlay = .none
        return []
    case .revert:
        state.overlay = .none
        return perform(&state, .toList)
    case .leaveDirtyForm(let move):
        state.overlay = .none
        if answer == .saveAndGo {
            state.pendingMove = move
            return save(&state, force: false)
        }
        if let form = state.form { state.detail = .form(form.reverted()) }
        return perform(&state, move)
    case .conflict(let server):
        state.overlay = .none
        if answer == .keepMine { return save(&state, force: true, over: server) }
        if let form = state.form {
            var fresh = CredentialForm(userID: form.userID, credential: server)
            fresh.focus = form.focus
            state.detail = .form(fresh)
        }
        return flash(&state, "Took the server's version", .info)
    case .createCredential(let userID, let email, _):
        return answerCreate(&state, userID, email, answer, key)
    case .confirmDelete(let userID, let expected, let typed):
        return answerDelete(&state, userID, expected, typed, answer, key)
    case .resetURL(let userID):
        return answerLifecycle(&state) { startWrite(&$0, .createResetURL(expires: answer == .confirm), userID) }
    case .confirmSendReset(let userID, _):
        return answerLifecycle(&state) { startWrite(&$0, .sendResetEmail, userID) }
    case .confirmDisable(let userID, _, let disable):
        return answerLifecycle(&state) { startWrite(&$0, .setDisabled(disable), userID) }
    case .confirmUndo(let record):
        return answerLifecycle(&state) { state in
            state.lifecycle.undoStack.removeLast()
            state.lifecycle.undoing = record
            return startWrite(&state, record.inverse, record.userID, status: "undoing…")
        }
    case .resumeRun(let run):
        state.overlay = .none
        return resumeRun(&state, run)
    case .pick:
        return []   // the picker's keys are its own commands (`performTab`)
    case .confirmAccess, .confirmDeleteKey, .rolesChanged:
        return answerTabDialog(&state, dialog, answer, key)
    }
}

/// A character did not fit in a full text field: said, never dropped silently.
func fieldFull(_ state: inout AppState, _ field: String) -> [Effect] {
    flash(&state, "\(field) is full (\(TextField.maxCharacters) characters): the rest was not typed", .warning)
}

extension Key {
    /// A printable character (text in a text field).
    var isCharacter: Bool { if case .char = self { true } else { false } }
}

func applyFilter(_ state: inout AppState, _ text: String) -> [Effect] {
    guard text != state.list.filter else { return [] }
    let before = state.list.selectedRow?.id
    state.list.setFilter(text)
    state.list.scrollToSelection(height: Layout(state.size).listRows)
    var effects: [Effect] = []
    // The server searches text only: the longest text term of a filter that parses.
    if state.list.progress != .complete, state.list.filterError == nil, let search = state.list.query.searchText {
        state.searchSeq += 1
        effects.append(.searchUsers(seq: state.searchSeq, text: search, delayMs: 150))
    }
    if state.list.selectedRow?.id != before { effects += selectionChanged(&state, delayMs: 120) }
    return effects
}

func moveSelection(_ state: inout AppState, to index: Int) -> [Effect] {
    let target = max(0, min(index, max(0, state.list.visible.count - 1)))
    guard target != state.list.selection else { return [] }
    if state.isFormDirty {
        state.overlay = .dialog(.leaveDirtyForm(then: .select(index: target)))
        return []
    }
    state.list.select(index: target)
    state.list.scrollToSelection(height: Layout(state.size).listRows)
    return selectionChanged(&state, delayMs: 60)
}

/// The credential arrived while the form had focus: what was typed meanwhile goes into the email field.
func replayTypedWhileLoading(_ state: inout AppState) -> [Effect] {
    let keys = state.typedWhileLoading
    state.typedWhileLoading = []
    var effects: [Effect] = []
    for key in keys { effects += handleKey(&state, key, seen: nil) }
    return effects
}

/// Ctrl-S: checks locally, then asks the shell to read the credential again (`.saveChecked` decides
/// whether to write). `force` writes without that read; `over` (keep mine in a conflict) first takes
/// the server's version as the form's original, so the write makes the server match the form as shown
/// and the journal and undo know what was overwritten. Refused in read-only mode.
func save(_ state: inout AppState, force: Bool, over server: Credential? = nil) -> [Effect] {
    if let refused = gate(&state, .change("saving")) {
        state.pendingMove = nil
        return refused
    }
    guard var form = state.form else { return [] }
    if form.saving { return flash(&state, "already saving", .info) }
    if let server {
        form.original = server
        state.detail = .form(form)
    }
    guard form.isDirty else {
        if let move = state.pendingMove {
            state.pendingMove = nil
            return perform(&state, move)
        }
        return flash(&state, "nothing to save", .info)
    }
    let local = form.localErrors()
    if !local.isEmpty {
        form.errors = local
        form.focus = .email
        state.detail = .form(form)
        state.pendingMove = nil
        return flash(&state, "Not saved: fix the marked field", .error)
    }
    form.errors = [:]
    form.otherErrors = []
    form.saving = true
    state.detail = .form(form)
    return force ? [.write(.updateCredential(before: form.original, draft: form.draft), userID: form.userID)]
                 : [.readForSave(userID: form.userID)]
}
