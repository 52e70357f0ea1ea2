import ScreenKit

func box(_ grid: inout Grid, _ state: AppState, width: Int, height: Int) -> Rect {
    let w = min(width, state.size.cols - 2)
    let h = min(height, state.size.rows - 2)
    let r = Rect(x: (state.size.cols - w) / 2, y: (state.size.rows - h) / 2, width: w, height: h)
    grid.fill(rect: r.x, y: r.y, width: r.width, height: r.height, role: .overlay)
    let marks = state.ascii ? Marks.ascii : Marks.unicode
    for x in r.x..<(r.x + r.width) {
        grid.put(marks.horizontal, x: x, y: r.y, role: .overlay)
        grid.put(marks.horizontal, x: x, y: r.y + r.height - 1, role: .overlay)
    }
    for y in r.y..<(r.y + r.height) {
        grid.put(marks.vertical, x: r.x, y: y, role: .overlay)
        grid.put(marks.vertical, x: r.x + r.width - 1, y: y, role: .overlay)
    }
    grid.put(marks.corners.0, x: r.x, y: r.y, role: .overlay)
    grid.put(marks.corners.1, x: r.x + r.width - 1, y: r.y, role: .overlay)
    grid.put(marks.corners.2, x: r.x, y: r.y + r.height - 1, role: .overlay)
    grid.put(marks.corners.3, x: r.x + r.width - 1, y: r.y + r.height - 1, role: .overlay)
    return r
}

/// The help overlay: every row of the command table, grouped by where it applies, scrollable.
func drawHelp(_ grid: inout Grid, _ state: AppState) {
    let lines = helpLines(readOnly: state.readOnly)
    let keyWidth = helpKeyColumn
    let textWidth = lines.map { DisplayText.width($0.text) + ($0.keys.isEmpty && !$0.heading ? keyWidth + 2 : 0) }.max() ?? 0
    let r = box(&grid, state, width: max(keyWidth + textWidth + 7, 40), height: lines.count + 4)
    grid.put(" Keys ", x: r.x + 2, y: r.y, role: .title)
    let room = max(0, r.height - 3)
    let top = max(0, min(state.helpScroll, lines.count - room))
    for (i, line) in lines[top..<min(lines.count, top + room)].enumerated() {
        let y = r.y + 1 + i
        if line.heading {
            grid.put(line.text, x: r.x + 2, y: y, role: .title, maxWidth: r.width - 4)
        } else if line.text.isEmpty {
            grid.put(line.keys, x: r.x + 2, y: y, role: .keyHint, maxWidth: r.width - 4)
        } else {
            grid.put(line.keys, x: r.x + 2, y: y, role: .keyHint, maxWidth: keyWidth)
            grid.put(line.text, x: r.x + 4 + keyWidth, y: y, role: .overlay, maxWidth: r.width - keyWidth - 6)
        }
    }
    let footer = room >= lines.count ? "any key closes"
        : "j/k scroll · any other key closes · \(top + 1)–\(min(lines.count, top + room)) of \(lines.count)"
    grid.put(footer, x: r.x + 2, y: r.y + r.height - 2, role: .dim, maxWidth: r.width - 4)
}

/// Keys wider than this get a line of their own, the label under them.
let helpKeyColumn = 14

/// The help's lines: a heading per group of contexts, then its commands; last, the keys of a text field.
func helpLines(readOnly: Bool) -> [(heading: Bool, keys: String, text: String)] {
    var lines: [(heading: Bool, keys: String, text: String)] = []
    var group = ""
    func add(_ keys: String, _ text: String) {
        if DisplayText.width(keys) > helpKeyColumn {
            lines.append((false, keys, ""))
            lines.append((false, "", text))
        } else {
            lines.append((false, keys, text))
        }
    }
    for command in Commands.all {
        let name = helpGroup(command.contexts.first ?? .list)
        if name != group {
            lines.append((true, "", name))
            group = name
        }
        add(command.keyLabel, command.label + (readOnly && command.mutating ? " (off)" : ""))
    }
    // Never "(off)": the filter is edited read-only too; the email field says so when an edit is refused.
    lines.append((true, "", "In a text field (email, dialog, bulk domain)"))
    for row in Commands.textFieldRows { add(row.keys, row.label) }
    return lines
}

private func helpGroup(_ context: KeyContext) -> String {
    switch context {
    case .list: "In the list"
    case .filter: "In the filter"
    case .formEmail, .formCheckbox, .formLoading: "In the form"
    case .help: "In this help"
    case .dialog: "In a dialog (only keys typed while it shows count)"
    case .bulk: "In a bulk action (only keys typed while each stage shows count)"
    case .tab: "In the Access, Attributes and Sessions & keys tabs"
    case .attributeEdit: "Editing an attribute's value"
    }
}

/// Draws a dialog; returns the cursor when it has a text input.
func drawDialog(_ grid: inout Grid, _ state: AppState, _ dialog: Dialog) -> Point? {
    var title = ""
    var body: [String] = []
    var input: TextField?
    var inputError: String?
    switch dialog {
    case .leaveDirtyForm:
        title = "Unsaved changes"
        body = ["The credential form has changes that are not saved."]
    case .revert:
        title = "Revert?"
        body = ["Throw away the changes in the form?"]
    case .conflict(let server):
        title = "Changed on the server"
        let mine = state.form
        body = ["The credential changed since the form loaded it.",
                "server: \(server.email ?? "—")  force reset: \(server.forcedPasswordResetAtNextLogin == true ? "yes" : "no")",
                "yours:  \(mine?.email.text ?? "—")  force reset: \(mine?.forcedReset == true ? "yes" : "no")"]
    case .message(let t, let text):
        title = t
        body = [text]
    case .createCredential(let userID, let email, let error):
        title = "Create an email/password login"
        body = ["User #\(userID) gets an email/password login with this email:"]
        input = email
        inputError = error
    case .confirmDelete(let userID, let email, let typed):
        title = "Delete the email/password login"
        body = ["User #\(userID) will no longer log in with \(email).", "Type the email to confirm:"]
        input = typed
    case .resetURL(let userID):
        title = "Password reset URL"
        body = ["Create a one-time reset URL for user #\(userID)?", "Any earlier reset URL stops working."]
    case .confirmSendReset(_, let email):
        title = "Send a password reset email"
        body = ["Email a reset link to \(email)?"]
    case .confirmDisable(let userID, let name, let disable):
        title = disable ? "Disable the user" : "Enable the user"
        body = ["\(disable ? "Disable" : "Enable") \(name) (#\(userID))?"]
    case .confirmUndo(let record):
        title = "Undo the last change"
        body = [record.inverseDescription]
    case .pick(let picker):
        return drawPicker(&grid, state, picker)
    case .confirmAccess(_, _, let question):
        title = "Are you sure?"
        body = [question]
    case .confirmDeleteKey(let userID, let key, let typed):
        title = "Delete an API key"
        let client = key.clientID.isEmpty ? "" : " (client id ending \(key.lastFour))"
        body = ["Delete API key \(key.id)\(client) of user #\(userID)?", "It cannot be undone: scripts using it stop working.",
                "Type the last 4 characters of the client id to confirm:"]
        input = typed
    case .rolesChanged(let userID, let current, _):
        title = "Roles changed on the server"
        let names = current.map { state.catalog.roleName($0) }
        body = ["The direct roles of user #\(userID) changed since the tab showed them.",
                "The server has: " + (names.isEmpty ? "none" : names.joined(separator: ", ")), "Nothing was sent."]
    case .resumeRun(let run):
        title = "A bulk run did not finish"
        body = ["Run \(run.id): \(run.action.title), \(run.scope).",
                "\(run.applied.grouped) changed, \(run.failed.grouped) failed, \(run.skipped.grouped) skipped, \(run.remaining.grouped) left.",
                "Rows in doubt are read again first: none is changed twice."]
    }
    let keys = Commands.hints(for: .dialog(dialog.kind), readOnly: state.readOnly)
    if state.staleKeys > 0 {
        body.append("A key typed before this question showed was ignored: press again.")
    }
    let extra = input == nil ? 0 : (inputError == nil ? 2 : 3)
    let width = min(state.size.cols - 2, max(44, (body.map { DisplayText.width($0) } + [DisplayText.width(keys), DisplayText.width(title), DisplayText.width(inputError ?? "") + 2]).max()! + 6))
    let r = box(&grid, state, width: width, height: body.count + 5 + extra)
    grid.put(" " + title + " ", x: r.x + 2, y: r.y, role: .title, maxWidth: r.width - 4)
    for (i, line) in body.enumerated() {
        grid.put(line, x: r.x + 2, y: r.y + 2 + i, role: dialog.isError ? .error : .overlay, maxWidth: r.width - 4)
    }
    var cursor: Point?
    if let input {
        let y = r.y + 2 + body.count + 1
        let width = r.width - 4
        let (shown, column) = input.window(width: width)
        grid.fill(x: r.x + 2, y: y, width: width, role: .inputFocused)
        grid.put(shown, x: r.x + 2, y: y, role: .inputFocused, maxWidth: width)
        cursor = Point(x: r.x + 2 + column, y: y)
        if let inputError { grid.put("! " + inputError, x: r.x + 2, y: y + 1, role: .fieldError, maxWidth: width) }
    }
    grid.put(keys, x: r.x + 2, y: r.y + r.height - 2, role: .keyHint, maxWidth: r.width - 4)
    return cursor
}

extension Dialog {
    var isError: Bool {
        if case .message = self { return true }
        return false
    }
}

/// The role or group picker: the typed text, then the matching choices around the cursor.
func drawPicker(_ grid: inout Grid, _ state: AppState, _ picker: Picker) -> Point? {
    let choices = picker.choices(state.catalog, state.shownAccess)
    let title = switch picker.kind {
    case .role: "Give a role to user #\(picker.userID)"
    case .group: "Add user #\(picker.userID) to a group"
    case .successor: picker.leavers.count == 1 ? "Who takes over from user #\(picker.userID)?"
        : "Who takes over from \(picker.leavers.count) users?"
    }
    let keys = Commands.hints(for: .dialog(.pick), readOnly: state.readOnly)
    let shown = min(10, max(1, state.size.rows - 10))
    let width = min(state.size.cols - 2, 64)
    let r = box(&grid, state, width: width, height: shown + 7)
    grid.put(" " + title + " ", x: r.x + 2, y: r.y, role: .title, maxWidth: r.width - 4)
    let inputWidth = r.width - 4
    let (text, column) = picker.field.window(width: inputWidth)
    grid.fill(x: r.x + 2, y: r.y + 2, width: inputWidth, role: .inputFocused)
    grid.put(text, x: r.x + 2, y: r.y + 2, role: .inputFocused, maxWidth: inputWidth)
    let top = max(0, min(picker.cursor - shown / 2, choices.count - shown))
    if choices.isEmpty { grid.put("nothing matches", x: r.x + 2, y: r.y + 4, role: .dim, maxWidth: inputWidth) }
    for (i, choice) in choices.dropFirst(top).prefix(shown).enumerated() {
        let y = r.y + 4 + i
        let selected = top + i == picker.cursor
        let role: Role = selected ? .selection : (choice.refusal == nil ? .overlay : .dim)
        if selected { grid.fill(x: r.x + 1, y: y, width: r.width - 2, role: role) }
        var line = (selected ? "▸ " : "  ") + choice.name + "  #" + choice.id
        if let refusal = choice.refusal { line += "  (" + refusal + ")" }
        grid.put(line, x: r.x + 2, y: y, role: role, maxWidth: inputWidth)
    }
    grid.put(keys, x: r.x + 2, y: r.y + r.height - 2, role: .keyHint, maxWidth: r.width - 4)
    return Point(x: r.x + 2 + column, y: r.y + 2)
}
