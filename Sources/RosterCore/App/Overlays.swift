import ScreenKit

/// Every key binding, for the help overlay (and the README).
public let helpBindings: [(String, String)] = [
    ("j/k ↓/↑ PgDn/Up", "move, page"),
    ("g/G Home/End", "first / last user"),
    ("/", "filter as you type (enter keeps, esc clears)"),
    ("s / S", "sort by the next column / reverse"),
    ("enter, tab", "into the credential form (esc: back)"),
    ("tab, shift-tab", "next / previous field"),
    ("ctrl-a/e/u/w", "start, end, clear, delete word"),
    ("space", "toggle the checkbox"),
    ("ctrl-s", "save the form"),
    ("esc", "revert the form (asks) / back to the list"),
    ("ctrl-r / y", "reveal the reset URL / copy it (OSC 52)"),
    ("c / D", "create / delete the email login"),
    ("p / e", "new reset URL / send the reset email"),
    ("x", "disable / enable the user"),
    ("u", "undo the last change of this run"),
    ("r", "reload the users"),
    ("? / q", "this help / quit (asks if edits are unsaved)"),
]

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

func drawHelp(_ grid: inout Grid, _ state: AppState) {
    let texts = helpBindings.map { key, what in
        state.readOnly && ["ctrl-s", "space", "ctrl-a/e/u/w", "c / D", "p / e", "x", "u"].contains(key) ? what + " (off: read-only)" : what
    }
    // As wide as the longest line, so no binding is cut where the terminal has room for it.
    let width = 21 + (texts.map { DisplayText.width($0) }.max() ?? 0)
    let r = box(&grid, state, width: width, height: helpBindings.count + 4)
    grid.put(" Keys ", x: r.x + 2, y: r.y, role: .title)
    for (i, (key, _)) in helpBindings.enumerated() where r.y + 1 + i < r.y + r.height - 2 {
        grid.put(key, x: r.x + 2, y: r.y + 1 + i, role: .keyHint, maxWidth: 16)
        grid.put(texts[i], x: r.x + 19, y: r.y + 1 + i, role: .overlay, maxWidth: r.width - 21)
    }
    let shown = min(helpBindings.count, max(0, r.height - 3))
    let more = helpBindings.count - shown
    grid.put(more > 0 ? "any key closes · \(more) more: enlarge the terminal" : "any key closes",
             x: r.x + 2, y: r.y + r.height - 2, role: .dim, maxWidth: r.width - 4)
}

/// Draws a dialog; returns the cursor when it has a text input.
func drawDialog(_ grid: inout Grid, _ state: AppState, _ dialog: Dialog) -> Point? {
    var title = ""
    var body: [String] = []
    var keys = ""
    var input: TextField?
    var inputError: String?
    switch dialog {
    case .leaveDirtyForm:
        title = "Unsaved changes"
        body = ["The credential form has changes that are not saved."]
        keys = "s save   d discard   esc stay"
    case .revert:
        title = "Revert?"
        body = ["Throw away the changes in the form?"]
        keys = "y revert   n / esc keep editing"
    case .conflict(let server):
        title = "Changed on the server"
        let mine = state.form
        body = ["The credential changed since the form loaded it.",
                "server: \(server.email ?? "—")  force reset: \(server.forcedPasswordResetAtNextLogin == true ? "yes" : "no")",
                "yours:  \(mine?.email.text ?? "—")  force reset: \(mine?.forcedReset == true ? "yes" : "no")"]
        keys = "k keep mine (save)   t take the server's   esc cancel"
    case .message(let t, let text):
        title = t
        body = [text]
        keys = "any key closes"
    case .createCredential(let userID, let email, let error):
        title = "Create an email/password login"
        body = ["User #\(userID) gets an email/password login with this email:"]
        input = email
        inputError = error
        keys = "enter create   esc cancel"
    case .confirmDelete(let userID, let email, let typed):
        title = "Delete the email/password login"
        body = ["User #\(userID) will no longer log in with \(email).", "Type the email to confirm:"]
        input = typed
        keys = "enter delete   esc cancel"
    case .resetURL(let userID):
        title = "Password reset URL"
        body = ["Create a one-time reset URL for user #\(userID)?", "Any earlier reset URL stops working."]
        keys = "1 expires in 60 minutes   2 does not expire   esc cancel"
    case .confirmSendReset(_, let email):
        title = "Send a password reset email"
        body = ["Email a reset link to \(email)?"]
        keys = "y send   n / esc cancel"
    case .confirmDisable(let userID, let name, let disable):
        title = disable ? "Disable the user" : "Enable the user"
        body = ["\(disable ? "Disable" : "Enable") \(name) (#\(userID))?"]
        keys = "y \(disable ? "disable" : "enable")   n / esc cancel"
    case .confirmUndo(let record):
        title = "Undo the last change"
        body = [record.inverseDescription]
        keys = "y undo   n / esc cancel"
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
