/// Every key binding, for the help overlay (and the README).
public let helpBindings: [(String, String)] = [
    ("j/k ↓/↑", "move in the list"),
    ("PgDn/PgUp", "page down / up"),
    ("g/G Home/End", "first / last user"),
    ("/", "filter as you type (enter keeps, esc clears)"),
    ("s / S", "sort by the next column / reverse"),
    ("enter, tab", "into the credential form"),
    ("tab, shift-tab", "next / previous field"),
    ("ctrl-a/e/u/w", "start, end, clear, delete word"),
    ("space", "toggle the checkbox"),
    ("ctrl-s", "save the form"),
    ("esc", "revert the form (asks) / back to the list"),
    ("ctrl-r", "reveal or hide the reset/setup URLs"),
    ("r", "reload the users"),
    ("?", "this help"),
    ("q", "quit (asks if edits are unsaved)"),
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
        state.readOnly && ["ctrl-s", "space", "ctrl-a/e/u/w"].contains(key) ? what + " (off: read-only)" : what
    }
    // As wide as the longest line, so no binding is cut where the terminal has room for it.
    let width = 21 + (texts.map { DisplayText.width($0) }.max() ?? 0)
    let r = box(&grid, state, width: width, height: helpBindings.count + 4)
    grid.put(" Keys ", x: r.x + 2, y: r.y, role: .title)
    for (i, (key, _)) in helpBindings.enumerated() where r.y + 1 + i < r.y + r.height - 2 {
        grid.put(key, x: r.x + 2, y: r.y + 1 + i, role: .keyHint, maxWidth: 16)
        grid.put(texts[i], x: r.x + 19, y: r.y + 1 + i, role: .overlay, maxWidth: r.width - 21)
    }
    grid.put("any key closes", x: r.x + 2, y: r.y + r.height - 2, role: .dim, maxWidth: r.width - 4)
}

func drawDialog(_ grid: inout Grid, _ state: AppState, _ dialog: Dialog) {
    var title = ""
    var body: [String] = []
    var keys = ""
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
    }
    let width = min(state.size.cols - 2, max(44, (body.map { DisplayText.width($0) } + [DisplayText.width(keys), DisplayText.width(title)]).max()! + 6))
    let r = box(&grid, state, width: width, height: body.count + 5)
    grid.put(" " + title + " ", x: r.x + 2, y: r.y, role: .title, maxWidth: r.width - 4)
    for (i, line) in body.enumerated() {
        grid.put(line, x: r.x + 2, y: r.y + 2 + i, role: dialog.isError ? .error : .overlay, maxWidth: r.width - 4)
    }
    grid.put(keys, x: r.x + 2, y: r.y + r.height - 2, role: .keyHint, maxWidth: r.width - 4)
}

extension Dialog {
    var isError: Bool {
        if case .message = self { return true }
        return false
    }
}
