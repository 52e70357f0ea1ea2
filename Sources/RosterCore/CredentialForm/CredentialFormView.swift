import ScreenKit

/// Draws the credential pane into `r`; returns the cursor when the email field is being edited.
func drawForm(_ grid: inout Grid, _ state: AppState, _ r: Rect, _ marks: Marks) -> Point? {
    grid.put(formTitle(state), x: r.x + 1, y: r.y, role: .title, maxWidth: r.width - 2)
    var lines = FormLines(grid: grid, rect: r)
    defer { grid = lines.grid }
    let selected = state.detail.userID.flatMap { state.list.row(id: $0) }
    let userLine = selected.map { row -> String in
        // A long name is cut before the id, so the id always shows.
        let name = row.name.isEmpty ? row.email : row.name
        let id = "  #" + row.id
        let room = r.width - FormLines.labelWidth - 2 - DisplayText.width(id)
        return (DisplayText.width(name) > room ? DisplayText.fit(name, width: max(1, room)) : name) + id
    }

    switch state.detail {
    case .empty:
        lines.text("no user selected", role: .dim)
        return nil
    case .loading:
        if let userLine { lines.field("User", userLine) }
        lines.text("loading…", role: .dim)
        return nil
    case .failed(_, let message):
        if let userLine { lines.field("User", userLine) }
        lines.text("! " + message, role: .error)
        lines.text("r reloads", role: .dim)
        return nil
    case .missing(_, let logins):
        if let userLine { lines.field("User", userLine) }
        lines.text("No email/password login.", role: .warning)
        lines.field("Logins", logins.isEmpty ? "none yet (never logged in)" : logins.joined(separator: ", "))
        return nil
    case .form(let form):
        return drawCredential(&lines, state, form, userLine, marks)
    }
}

private func drawCredential(_ lines: inout FormLines, _ state: AppState, _ form: CredentialForm, _ userLine: String?,
                            _ marks: Marks) -> Point? {
    var cursor: Point?
    let c = form.original
    let focused = state.focus == .form
    if let userLine { lines.field("User", userLine) }
    for error in form.otherErrors { lines.text("! " + error, role: .fieldError) }

    // Email: an input.
    let inputX = lines.rect.x + 1 + FormLines.labelWidth
    let inputWidth = max(4, lines.rect.width - FormLines.labelWidth - 3)
    let emailFocused = focused && form.focus == .email
    let (shown, cursorColumn) = form.email.window(width: inputWidth)
    if let y = lines.next() {
        lines.label("Email", y: y, changed: form.emailChanged)
        let role: Role = emailFocused ? .inputFocused : .input
        lines.grid.fill(x: inputX, y: y, width: inputWidth, role: role)
        lines.grid.put(shown, x: inputX, y: y, role: role, maxWidth: inputWidth)
        if emailFocused && !state.readOnly { cursor = Point(x: inputX + cursorColumn, y: y) }
    }
    if let error = form.errors[.email] { lines.error(error) }

    // The forced-reset flag: a checkbox.
    if let y = lines.next() {
        let box = form.forcedReset ? marks.checked : marks.unchecked
        let label = "Force password reset at next login"
        let changed = form.forcedResetChanged
        lines.grid.put((changed ? "*" : " ") + label, x: lines.rect.x, y: y, role: changed ? .changed : .label,
                       maxWidth: lines.rect.width - 5)
        let bx = min(lines.rect.x + lines.rect.width - 4, lines.rect.x + 1 + DisplayText.width(label) + 2)
        lines.grid.put(box, x: bx, y: y, role: focused && form.focus == .forcedReset ? .inputFocused : .input)
    }
    if let error = form.errors[.forcedReset] { lines.error(error) }

    func yesNo(_ b: Bool?) -> String { b.map { $0 ? "yes" : "no" } ?? "—" }
    func secret(_ url: String?, expired: Bool?) -> (String, Role) {
        // A served session never asks for them, so it cannot know whether one exists.
        if state.viewer != nil { return ("hidden", .dim) }
        guard let url, !url.isEmpty else { return ("none", .normal) }
        let suffix = expired == true ? "  (expired)" : ""
        return form.revealSecrets ? (url + suffix, .normal) : (marks.masked + suffix, .masked)
    }
    lines.field("Disabled", yesNo(c.isDisabled))
    lines.field("Type", c.type ?? "—")
    lines.field("Created", c.createdAt ?? "—")
    lines.field("Last login", c.loggedInAt ?? "never")
    let reset = secret(c.passwordResetURL, expired: c.passwordResetURLExpired)
    lines.field("Reset URL", reset.0, role: reset.1)
    let setup = secret(c.accountSetupURL, expired: c.accountSetupURLExpired)
    lines.field("Setup URL", setup.0, role: setup.1)
    lines.field("User id", c.userID ?? "—")
    lines.field("Can", c.can.filter(\.value).keys.sorted().joined(separator: ", ").ifEmpty("—"))
    lines.field("URL", c.url ?? "—", role: .dim)
    lines.field("User URL", c.userURL ?? "—", role: .dim)
    if lines.clipped { lines.markClipped(marks) }
    return cursor
}

/// Lays out label/value lines top to bottom inside a pane, clipping at its bottom.
struct FormLines {
    static let labelWidth = 11
    var grid: Grid
    let rect: Rect
    var y: Int
    var clipped = false

    init(grid: Grid, rect: Rect) {
        self.grid = grid
        self.rect = rect
        y = rect.y + 1
    }

    mutating func next() -> Int? {
        guard y < rect.y + rect.height else { clipped = true; return nil }
        defer { y += 1 }
        return y
    }

    mutating func label(_ text: String, y: Int, changed: Bool = false) {
        grid.put((changed ? "*" : " ") + text, x: rect.x, y: y, role: changed ? .changed : .label, maxWidth: Self.labelWidth)
    }

    mutating func field(_ label: String, _ value: String, role: Role = .normal) {
        guard let y = next() else { return }
        self.label(label, y: y)
        grid.put(value, x: rect.x + 1 + Self.labelWidth, y: y, role: role, maxWidth: max(0, rect.width - Self.labelWidth - 2))
    }

    mutating func text(_ value: String, role: Role) {
        guard let y = next() else { return }
        grid.put(value, x: rect.x + 1, y: y, role: role, maxWidth: rect.width - 2)
    }

    /// An inline error under a field, wrapped over up to three lines so the server's message is readable.
    mutating func error(_ message: String) {
        let width = max(4, rect.width - Self.labelWidth - 4)
        var rest = Array(message)
        var first = true
        var count = 0
        while !rest.isEmpty, count < 3, let y = next() {
            var taken = 0
            var used = 0
            while taken < rest.count {
                let w = DisplayText.width(String(rest[taken]))
                if used + w > width { break }
                used += w
                taken += 1
            }
            if taken < rest.count, count < 2, let space = rest[..<taken].lastIndex(of: " "), space > 0 { taken = space + 1 }
            let piece = count == 2 && taken < rest.count ? String(rest) : String(rest[..<taken])
            grid.put((first ? "! " : "  ") + piece, x: rect.x + 1 + Self.labelWidth, y: y, role: .fieldError,
                     maxWidth: max(0, rect.width - Self.labelWidth - 2))
            rest.removeFirst(min(taken, rest.count))
            if count == 2 { rest.removeAll() }
            first = false
            count += 1
        }
    }

    mutating func markClipped(_ marks: Marks) {
        grid.put(marks.clipped, x: rect.x + rect.width - 2, y: rect.y + rect.height - 1, role: .dim)
    }
}

extension String {
    func ifEmpty(_ other: String) -> String { isEmpty ? other : self }
}

/// The Login tab's title: what the form is, and whether it is saving or changed.
func formTitle(_ state: AppState) -> String {
    var title = "Email/password credential"
    if let form = state.form {
        if form.saving { title += " — saving…" } else if form.isDirty { title += " — changed" }
    }
    return title
}
