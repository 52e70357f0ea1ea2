/// Routes a key by what is on top: a dialog, the help overlay, the filter, the list or the form.
func handleKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    switch state.overlay {
    case .help:
        state.overlay = .none
        return []
    case .dialog(let dialog):
        return handleDialogKey(&state, dialog, key)
    case .none:
        break
    }
    switch state.focus {
    case .filter: return handleFilterKey(&state, key)
    case .list: return handleListKey(&state, key)
    case .form: return handleFormKey(&state, key)
    }
}

func handleDialogKey(_ state: inout AppState, _ dialog: Dialog, _ key: Key) -> [Effect] {
    switch dialog {
    case .message:
        state.overlay = .none
        return []
    case .createCredential, .confirmDelete, .resetURL, .confirmSendReset, .confirmDisable, .confirmUndo:
        return handleLifecycleDialogKey(&state, dialog, key)
    case .revert:
        if key == .char("y") || key == .char("Y") {
            state.overlay = .none
            return perform(&state, .toList)
        }
        if key == .char("n") || key == .char("N") || key == .escape { state.overlay = .none }
        return []
    case .leaveDirtyForm(let move):
        switch key {
        case .char("s"), .char("S"):
            state.overlay = .none
            if state.readOnly { return refuseReadOnly(&state, "saving") }
            state.pendingMove = move
            return save(&state, force: false)
        case .char("d"), .char("D"):
            state.overlay = .none
            if let form = state.form { state.detail = .form(form.reverted()) }
            return perform(&state, move)
        case .escape, .char("c"), .char("C"):
            state.overlay = .none
            return []
        default:
            return []
        }
    case .conflict(let server):
        switch key {
        case .char("k"), .char("K"):   // keep mine: save over the server's version
            state.overlay = .none
            return save(&state, force: true)
        case .char("t"), .char("T"):   // take the server's version
            state.overlay = .none
            if let form = state.form {
                var fresh = CredentialForm(userID: form.userID, credential: server)
                fresh.focus = form.focus
                state.detail = .form(fresh)
            }
            return flash(&state, "Took the server's version", .info)
        case .escape, .char("c"), .char("C"):
            state.overlay = .none
            return []
        default:
            return []
        }
    }
}

func handleFilterKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    var text = state.list.filter
    switch key {
    case .enter:
        state.focus = .list
        return []
    case .escape:
        state.focus = .list
        text = ""
    case .up, .down, .pageUp, .pageDown:
        return handleListKey(&state, key)
    case .backspace:
        if !text.isEmpty { text.removeLast() }
    case .ctrl("u"):
        text = ""
    case .ctrl("w"):
        while text.last == " " { text.removeLast() }
        while let l = text.last, l != " " { text.removeLast() }
    case .char(let c):
        text.append(c)
    default:
        return []
    }
    return applyFilter(&state, text)
}

func applyFilter(_ state: inout AppState, _ text: String) -> [Effect] {
    guard text != state.list.filter else { return [] }
    let before = state.list.selectedRow?.id
    state.list.setFilter(text)
    state.list.scrollToSelection(height: Layout(state.size).listRows)
    var effects: [Effect] = []
    if state.list.progress != .complete && !text.isEmpty {
        state.searchSeq += 1
        effects.append(.searchUsers(seq: state.searchSeq, text: text, delayMs: 150))
    }
    if state.list.selectedRow?.id != before { effects += selectionChanged(&state, delayMs: 120) }
    return effects
}

func handleListKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    let page = Layout(state.size).listRows
    let last = max(0, state.list.visible.count - 1)
    switch key {
    case .char("j"), .down: return moveSelection(&state, to: state.list.selection + 1)
    case .char("k"), .up: return moveSelection(&state, to: state.list.selection - 1)
    case .pageDown, .ctrl("f"): return moveSelection(&state, to: state.list.selection + page)
    case .pageUp, .ctrl("b"): return moveSelection(&state, to: state.list.selection - page)
    case .char("g"), .home: return moveSelection(&state, to: 0)
    case .char("G"), .end: return moveSelection(&state, to: last)
    case .char("/"):
        state.focus = .filter
        return []
    case .escape:
        return state.list.filter.isEmpty ? [] : applyFilter(&state, "")
    case .char("s"):
        state.list.setSort(state.list.sort.next, descending: false)
        state.list.scrollToSelection(height: page)
        return []
    case .char("S"):
        state.list.setSort(state.list.sort, descending: !state.list.descending)
        state.list.scrollToSelection(height: page)
        return []
    case .enter, .tab:
        guard state.form != nil else {
            if case .missing = state.detail { return flash(&state, "this user has no email/password login", .info) }
            return []
        }
        state.focus = .form
        return []
    case .char("r"):
        if state.isFormDirty {
            state.overlay = .dialog(.leaveDirtyForm(then: .reload))
            return []
        }
        return perform(&state, .reload)
    case .char("?"):
        state.overlay = .help
        return []
    case .char("q"):
        if state.isFormDirty {
            state.overlay = .dialog(.leaveDirtyForm(then: .quit))
            return []
        }
        return perform(&state, .quit)
    default:
        return handleLifecycleKey(&state, key) ?? []
    }
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

func handleFormKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard var form = state.form else {
        state.focus = .list
        return []
    }
    if form.focus != .email, let effects = handleLifecycleKey(&state, key) { return effects }
    let fields = FormField.allCases
    let index = fields.firstIndex(of: form.focus) ?? 0
    switch key {
    case .tab, .down:
        form.focus = fields[(index + 1) % fields.count]
    case .backTab, .up:
        form.focus = fields[(index + fields.count - 1) % fields.count]
    case .escape:
        if form.isDirty {
            state.overlay = .dialog(.revert)
        } else {
            state.focus = .list
        }
        return []
    case .ctrl("s"):
        return save(&state, force: false)
    case .ctrl("r"):
        if state.viewer != nil { return flash(&state, "reset and setup URLs are not available over roster serve", .info) }
        form.revealSecrets.toggle()
    case .char("?") where form.focus != .email:
        state.overlay = .help
        return []
    case .char("q") where form.focus != .email:
        if form.isDirty {
            state.overlay = .dialog(.leaveDirtyForm(then: .quit))
            return []
        }
        return perform(&state, .quit)
    case .char(" ") where form.focus == .forcedReset:
        if state.readOnly { return refuseReadOnly(&state, "editing") }
        if form.saving { return flash(&state, "saving…", .info) }
        form.forcedReset.toggle()
        form.errors[.forcedReset] = nil
    default:
        guard form.focus == .email else { return [] }
        // Decided by the outcome, not by a list of keys, so no editing key (Ctrl-H, Ctrl-D, …) slips past.
        var edited = form.email
        guard edited.handle(key) else { return [] }
        if edited.text != form.email.text {
            if state.readOnly { return refuseReadOnly(&state, "editing") }
            if form.saving { return flash(&state, "saving…", .info) }
            form.errors[.email] = nil
        }
        form.email = edited
    }
    state.detail = .form(form)
    return []
}

/// Ctrl-S: checks locally, then asks the shell to save. Refused in read-only mode.
func save(_ state: inout AppState, force: Bool) -> [Effect] {
    if state.readOnly {
        state.pendingMove = nil
        return refuseReadOnly(&state, "saving")
    }
    guard var form = state.form else { return [] }
    if form.saving { return flash(&state, "saving…", .info) }
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
    return [.save(userID: form.userID, original: form.original, draft: form.draft, force: force)]
}
