import ScreenKit

/// A frame: the grid and where the cursor goes (nil: hidden).
public struct Frame: Sendable, Equatable {
    public var grid: Grid
    public var cursor: Point?
}

/// Draws the whole screen for a state. Pure: the same state and size give the same frame.
public func render(_ state: AppState) -> Frame {
    var grid = Grid(size: state.size)
    let layout = Layout(state.size)
    let marks = state.ascii ? Marks.ascii : Marks.unicode
    guard layout.mode != .tooSmall else {
        let min = Layout.minimum
        let times = state.ascii ? "x" : "×"
        let text = "terminal too small (need \(min.cols)\(times)\(min.rows))"
        let y = max(0, state.size.rows / 2)
        let x = max(0, (state.size.cols - DisplayText.width(text)) / 2)
        grid.put(text, x: x, y: y, role: .warning)
        return Frame(grid: state.ascii ? grid.asciiFolded() : grid, cursor: nil)
    }
    var cursor: Point?
    drawHeader(&grid, state)
    if let c = drawList(&grid, state, layout.list, marks) { cursor = c }
    drawSeparator(&grid, layout, marks)
    if let c = drawDetail(&grid, state, layout.form, marks) { cursor = c }
    drawStatus(&grid, state)
    switch state.overlay {
    case .none: break
    case .help:
        drawHelp(&grid, state)
        cursor = nil
    case .dialog(let dialog):
        cursor = drawDialog(&grid, state, dialog)
    case .bulk:
        cursor = drawBulk(&grid, state)
    }
    // One pass, so no literal "…", "—" or arrow in the app's own text reaches an ASCII terminal.
    return Frame(grid: state.ascii ? grid.asciiFolded() : grid, cursor: cursor)
}

func drawHeader(_ grid: inout Grid, _ state: AppState) {
    let cols = state.size.cols
    grid.fill(x: 0, y: 0, width: cols, role: .header)
    // The badges go first and the names get what is left: READ-ONLY must show at every width.
    var badges: [String] = []
    if state.demo { badges.append("DEMO") }
    if state.readOnly { badges.append("READ-ONLY") }
    var right = cols - 1
    for badge in badges.reversed() {
        right -= DisplayText.width(badge) + 2
        grid.put(" " + badge + " ", x: max(0, right), y: 0, role: .badge)
        right -= 1
    }
    if !state.marked.isEmpty {
        // Beside the badges, so it shows at every width: a bulk action would take these users.
        let text = "\(state.marked.count.grouped) marked"
        right -= DisplayText.width(text)
        grid.put(text, x: max(0, right), y: 0, role: .mark)
        right -= 1
    }
    var x = 1
    x += grid.put("roster", x: x, y: 0, role: .header, maxWidth: max(0, right - x)) + 2
    x += grid.put(state.instance, x: x, y: 0, role: .header, maxWidth: max(0, min(cols / 3, right - x))) + 2
    if let viewer = state.viewer {
        grid.put("viewing as " + viewer + ", read-only", x: x, y: 0, role: .header, maxWidth: max(0, right - x - 1))
    } else if let user = state.apiUser {
        grid.put("as " + user, x: x, y: 0, role: .header, maxWidth: max(0, min(cols / 4, right - x)))
    }
}

func drawSeparator(_ grid: inout Grid, _ layout: Layout, _ marks: Marks) {
    let r = layout.separator
    if layout.mode == .sideBySide {
        for y in r.y..<(r.y + r.height) { grid.put(marks.vertical, x: r.x, y: y, role: .border) }
    } else {
        for x in r.x..<(r.x + r.width) { grid.put(marks.horizontal, x: x, y: r.y, role: .border) }
    }
}

func drawStatus(_ grid: inout Grid, _ state: AppState) {
    let y = state.size.rows - 1
    let cols = state.size.cols
    grid.fill(x: 0, y: y, width: cols, role: .status)
    var right: (String, Role)?
    if let notice = state.rateLimitNotice {
        right = (notice, .warning)
    } else if let busy = state.writeStatus {
        right = (busy, .status)
    } else if state.form?.saving == true {
        right = ("saving…", .status)
    } else if case .loading = state.list.progress {
        right = ("loading users \(state.list.count.grouped)…", .status)
    } else if case .loading = state.detail {
        right = ("fetching…", .status)
    }
    var rightWidth = 0
    if let (text, role) = right {
        rightWidth = min(DisplayText.width(text), cols / 2)
        grid.put(text, x: cols - rightWidth - 1, y: y, role: role, maxWidth: rightWidth)
    }
    let room = max(0, cols - rightWidth - 3)
    if state.focus == .filter, let error = state.list.filterError {
        // While the filter does not parse, the whole reason and the valid qualifiers.
        grid.put(error.message, x: 1, y: y, role: .error, maxWidth: room)
    } else if let flash = state.flash {
        let role: Role = switch flash.level {
        case .info: .status
        case .success: .success
        case .warning: .warning
        case .error: .error
        }
        grid.put(flash.text, x: 1, y: y, role: role, maxWidth: room)
    } else {
        grid.put(keyHints(state), x: 1, y: y, role: .keyHint, maxWidth: room)
    }
}

/// The key hints for where keys land now, from the command table; read-only mode offers nothing
/// that changes.
func keyHints(_ state: AppState) -> String {
    var omit: Set<CommandID> = []
    if case .missing = state.detail {} else { omit.insert(.createLogin) }   // offered where it applies
    if state.viewer != nil { omit.insert(.reveal) }   // a served session never shows secret URLs
    return Commands.hints(for: state.keyContext, readOnly: state.readOnly, omitting: omit)
}
