import ScreenKit

/// Draws the bulk panel: the menu, the domain inputs, or the rows (preview, run, results) with the
/// totals, the progress bar and the keys. Returns the cursor when an input has focus.
func drawBulk(_ grid: inout Grid, _ state: AppState) -> Point? {
    guard let bulk = state.bulk else { return nil }
    switch bulk.stage {
    case .menu: return drawBulkMenu(&grid, state, bulk)
    case .domain: return drawBulkDomain(&grid, state, bulk)
    case .runs: return drawBulkRuns(&grid, state, bulk)
    default: return drawBulkRows(&grid, state, bulk)
    }
}

private func keyLine(_ state: AppState, _ stage: BulkStage, omitting: Set<CommandID> = []) -> String {
    Commands.hints(for: .bulk(stage), readOnly: state.readOnly, omitting: omitting)
}

private func staleLine(_ state: AppState) -> [String] {
    state.staleKeys > 0 ? ["A key typed before this showed was ignored: press again."] : []
}

private func drawBulkMenu(_ grid: inout Grid, _ state: AppState, _ bulk: BulkSession) -> Point? {
    var body = ["Acting on \(bulk.scope)."]
    body.append("")
    body += BulkChoice.allCases.map { "\($0.rawValue)  \($0.label)" }
    // Two to a line (a key and its pair: r adds a role, R removes one), so the menu fits 24 rows.
    let access = BulkAccessKind.allCases.map { "\($0.rawValue)  \($0.label)" }
    body += stride(from: 0, to: access.count, by: 2).map { i in
        i + 1 < access.count ? access[i].padding(toLength: 26, withPad: " ", startingAt: 0) + access[i + 1] : access[i]
    }
    body += staleLine(state)
    let keys = keyLine(state, .menu)
    let width = min(state.size.cols - 2, max(50, (body + [keys]).map { DisplayText.width($0) }.max()! + 6))
    let r = box(&grid, state, width: width, height: body.count + 5)
    grid.put(" Bulk action ", x: r.x + 2, y: r.y, role: .title)
    for (i, line) in body.enumerated() {
        grid.put(line, x: r.x + 2, y: r.y + 2 + i, role: .overlay, maxWidth: r.width - 4)
    }
    grid.put(keys, x: r.x + 2, y: r.y + r.height - 2, role: .keyHint, maxWidth: r.width - 4)
    return nil
}

private func drawBulkDomain(_ grid: inout Grid, _ state: AppState, _ bulk: BulkSession) -> Point? {
    if let kind = bulk.access { return drawBulkName(&grid, state, bulk, kind) }
    let keys = keyLine(state, .domain)
    let notes = staleLine(state)
    let r = box(&grid, state, width: min(state.size.cols - 2, 60), height: 10 + notes.count)
    grid.put(" Set the email domain ", x: r.x + 2, y: r.y, role: .title)
    grid.put("Email logins of \(bulk.scope) at one domain move to another.", x: r.x + 2, y: r.y + 2, role: .overlay, maxWidth: r.width - 4)
    var cursor: Point?
    for (i, (label, field)) in [("from", bulk.domainFrom), ("to", bulk.domainTo)].enumerated() {
        let y = r.y + 4 + i
        let focused = (i == 1) == bulk.domainFocusTo
        grid.put(label, x: r.x + 2, y: y, role: .label)
        let width = r.width - 10
        let (shown, column) = field.window(width: width)
        grid.fill(x: r.x + 8, y: y, width: width, role: focused ? .inputFocused : .input)
        grid.put(shown, x: r.x + 8, y: y, role: focused ? .inputFocused : .input, maxWidth: width)
        if focused { cursor = Point(x: r.x + 8 + column, y: y) }
    }
    if let error = bulk.domainError {
        grid.put("! " + error, x: r.x + 2, y: r.y + 6, role: .fieldError, maxWidth: r.width - 4)
    }
    for (i, note) in notes.enumerated() { grid.put(note, x: r.x + 2, y: r.y + 7 + i, role: .warning, maxWidth: r.width - 4) }
    grid.put(keys, x: r.x + 2, y: r.y + r.height - 2, role: .keyHint, maxWidth: r.width - 4)
    return cursor
}

/// This instance's runs, newest first: id (when), state, counts, action; the selected one resumes or undoes.
private func drawBulkRuns(_ grid: inout Grid, _ state: AppState, _ bulk: BulkSession) -> Point? {
    let r = box(&grid, state, width: state.size.cols - 2, height: state.size.rows - 2)
    let inner = r.width - 4
    grid.put(" Bulk runs ", x: r.x + 2, y: r.y, role: .title, maxWidth: inner)
    var y = r.y + 2
    guard let runs = bulk.runs else {
        grid.put("reading the runs…", x: r.x + 2, y: y, role: .dim, maxWidth: inner)
        return nil
    }
    if runs.isEmpty { grid.put("No bulk runs on this instance yet.", x: r.x + 2, y: y, role: .dim, maxWidth: inner) }
    let room = max(0, r.height - 5 - (state.staleKeys > 0 ? 1 : 0))
    let top = max(0, min(bulk.runIndex - room + 1, max(0, runs.count - room)))
    for (i, run) in runs.enumerated().dropFirst(top).prefix(room) {
        let selected = i == bulk.runIndex
        let role: Role = selected ? .selection : .overlay
        if selected { grid.fill(x: r.x + 1, y: y, width: r.width - 2, role: .selection) }
        let counts = "✓\(run.applied.grouped) ✗\(run.failed.grouped) –\(run.skipped.grouped) left \(run.remaining.grouped)"
        // The id says when it started (`20261130-153012-…`).
        let line = "\(run.id)  \(run.phase.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(counts)  \(run.action.title), \(run.scope)"
        grid.put(line, x: r.x + 2, y: y, role: role, maxWidth: inner)
        y += 1
    }
    let fy = r.y + r.height - 2
    if state.staleKeys > 0 {
        grid.put("A key typed before this showed was ignored: press again.", x: r.x + 2, y: fy - 1, role: .warning, maxWidth: inner)
    }
    grid.put(keyLine(state, .runs), x: r.x + 2, y: fy, role: .keyHint, maxWidth: inner)
    return nil
}

/// The preview, the run and the results share one panel: title, totals, the rows (with each row's
/// outcome once it has one), the progress bar, the confirmation or the keys.
private func drawBulkRows(_ grid: inout Grid, _ state: AppState, _ bulk: BulkSession) -> Point? {
    let r = box(&grid, state, width: state.size.cols - 2, height: state.size.rows - 2)
    let inner = r.width - 4
    let title = bulk.plan.map { " Bulk: \($0.action.title) " } ?? " Bulk run "
    grid.put(title, x: r.x + 2, y: r.y, role: .title, maxWidth: inner)
    var y = r.y + 1
    // Totals.
    if let plan = bulk.plan {
        let totals = "\(plan.rows.count.counted("row")) (\(plan.scope)) · \(plan.writeCount.grouped) to change · \(plan.skipCount.grouped) skipped"
        grid.put(totals, x: r.x + 2, y: y, role: .overlay, maxWidth: inner)
    } else if bulk.stage == .planning {
        grid.put("reading the run file…", x: r.x + 2, y: y, role: .dim, maxWidth: inner)
    }
    y += 1
    // Progress.
    if let p = bulk.progress, bulk.stage != .preview {
        grid.put(progressLine(p, width: inner, ascii: state.ascii), x: r.x + 2, y: y, role: .overlay, maxWidth: inner)
        y += 1
        grid.put(progressDetail(p, stage: bulk.stage), x: r.x + 2, y: y, role: p.waitingSeconds > 0 ? .warning : .dim, maxWidth: inner)
        y += 1
    }
    if let error = bulk.error {
        grid.put("! " + error, x: r.x + 2, y: y, role: .error, maxWidth: inner)
        y += 1
    }
    // Rows.
    let footerLines = 2 + (state.staleKeys > 0 ? 1 : 0)
    let room = max(0, r.y + r.height - 1 - footerLines - y)
    let rows = bulk.shownRows
    let top = max(0, min(bulk.scroll, max(0, rows.count - room)))
    let slice = rows[top..<min(rows.count, top + room)]
    let idWidth = min(10, max(2, slice.map { DisplayText.width($0.userID) }.max() ?? 2))
    let nameWidth = max(8, min(20, inner / 5))
    for (i, row) in slice.enumerated() {
        let ry = y + i
        var x = r.x + 2
        let (mark, markRole, note) = outcomeCell(row, bulk.outcomes[row.key], ascii: state.ascii)
        grid.put(mark, x: x, y: ry, role: markRole)
        x += 2
        grid.put(row.userID, x: x, y: ry, role: .dim, maxWidth: idWidth)
        x += idWidth + 1
        grid.put(row.name, x: x, y: ry, role: .overlay, maxWidth: nameWidth)
        x += nameWidth + 1
        // What went wrong comes first (it is what the admin reads the row for), then the change.
        let change = row.skip.map { "skipped: " + $0.text } ?? row.change
        let right = r.x + r.width - 2
        if let note {
            x += grid.put(note.text, x: x, y: ry, role: note.role, maxWidth: max(0, right - x)) + 2
        }
        grid.put(change, x: x, y: ry, role: row.skip == nil && note == nil ? .overlay : .dim, maxWidth: max(0, right - x))
    }
    if rows.isEmpty && bulk.failedOnly {
        grid.put("no failed rows", x: r.x + 2, y: y, role: .dim, maxWidth: inner)
    }
    // Footer: the confirmation or the keys.
    var fy = r.y + r.height - 1 - footerLines
    if state.staleKeys > 0 {
        grid.put("A key typed before this showed was ignored: press again.", x: r.x + 2, y: fy, role: .warning, maxWidth: inner)
        fy += 1
    }
    var cursor: Point?
    let scrollNote = rows.count > room ? " · rows \(top + 1)–\(min(rows.count, top + room)) of \(rows.count.grouped)" : ""
    switch bulk.stage {
    case .preview:
        guard let plan = bulk.plan else { break }
        if let problem = bulk.confirmError {
            grid.put("! " + problem, x: r.x + 2, y: fy, role: .fieldError, maxWidth: inner)
        } else if plan.writeCount == 0, case .undo(let runID) = plan.action {
            grid.put("Nothing left to put back. y/enter marks run \(runID) undone (it is never resumed).", x: r.x + 2, y: fy,
                     role: .warning, maxWidth: inner)
        } else if plan.writeCount == 0 {
            grid.put("Nothing to change: every row is skipped.", x: r.x + 2, y: fy, role: .warning, maxWidth: inner)
        } else {
            grid.put("Nothing has been sent. \(plan.writeCount.counted("row")) will change\(scrollNote).",
                     x: r.x + 2, y: fy, role: .overlay, maxWidth: inner)
        }
        if bulk.needsTypedCount {
            let prompt = "type \(plan.writeCount) to confirm: "
            let px = r.x + 2 + grid.put(prompt, x: r.x + 2, y: fy + 1, role: .overlay, maxWidth: inner)
            let (shown, column) = bulk.typed.window(width: 12)
            grid.fill(x: px, y: fy + 1, width: 12, role: .inputFocused)
            grid.put(shown, x: px, y: fy + 1, role: .inputFocused, maxWidth: 12)
            cursor = Point(x: px + column, y: fy + 1)
            grid.put(keyLine(state, .preview), x: px + 14, y: fy + 1, role: .keyHint, maxWidth: max(0, r.x + r.width - px - 16))
        } else {
            grid.put(keyLine(state, .preview).replacingOccurrences(of: "enter run", with: "y/enter run"), x: r.x + 2, y: fy + 1,
                     role: .keyHint, maxWidth: inner)
        }
    default:
        let note: String = switch bulk.stage {
        case .running: "Running\(scrollNote)."
        case .paused: "Paused: requests in flight finish, nothing new starts\(scrollNote)."
        case .stopping: "Stopping after the requests in flight\(scrollNote)."
        case .planning: "Planning…"
        default: bulk.endedPhase == .stopped ? "Stopped: resume with roster bulk resume \(bulk.runID ?? "ID")\(scrollNote)."
            : "Done\(bulk.runID.map { " (run \($0))" } ?? "")\(scrollNote)."
        }
        grid.put(note, x: r.x + 2, y: fy, role: .overlay, maxWidth: inner)
        grid.put(keyLine(state, bulk.stage), x: r.x + 2, y: fy + 1, role: .keyHint, maxWidth: inner)
    }
    return cursor
}

/// The row's status mark and, for a finished row, what happened.
private func outcomeCell(_ row: PlanRow, _ outcome: RowOutcome?, ascii: Bool) -> (String, Role, (text: String, role: Role)?) {
    switch outcome {
    case nil: return (row.skip == nil ? "·" : "–", .dim, nil)
    case .applied: return (ascii ? "+" : "✓", .success, nil)
    case .skipped(let reason):
        return ("–", .dim, row.skip == reason ? nil : ("skipped: " + reason.text, .warning))
    case .failed(let status, let message, let field):
        let where_ = field.map { "\($0): " } ?? ""
        let code = status > 0 ? "\(status) " : ""
        return (ascii ? "x" : "✗", .error, ("\(code)\(where_)\(message)", .error))
    }
}

/// "[██████░░░░] 620/1,204  ✓600 ✗2 –18"
func progressLine(_ p: BulkProgress, width: Int, ascii: Bool) -> String {
    let counts = "\(p.done.grouped)/\(p.total.grouped)  \(ascii ? "+" : "✓")\(p.applied.grouped) \(ascii ? "x" : "✗")\(p.failed.grouped) –\(p.skipped.grouped)"
    let barWidth = max(10, min(40, width - DisplayText.width(counts) - 3))
    let filled = p.total == 0 ? barWidth : min(barWidth, p.done * barWidth / p.total)
    let bar = String(repeating: ascii ? "#" : "█", count: filled) + String(repeating: ascii ? "." : "░", count: barWidth - filled)
    return "[\(bar)] \(counts)"
}

/// "4 in flight · 38.2/s · ETA 15 s · 1,180 remaining"
func progressDetail(_ p: BulkProgress, stage: BulkStage) -> String {
    var parts = ["\(p.remaining.grouped) remaining", "\(p.inFlight) in flight (up to \(p.concurrency))"]
    if p.rate > 0 { parts.append(p.rate >= 10 ? "\(Int(p.rate.rounded()))/s" : "\((p.rate * 10).rounded() / 10)/s") }
    if let eta = p.eta, stage == .running { parts.append("ETA " + eta.durationText) }
    if p.waitingSeconds > 0 { parts.append("rate limited: waiting \(p.waitingSeconds.durationText)") }
    return parts.joined(separator: " · ")
}

/// An access action's name input (and a value, to set an attribute), with the candidates when the
/// name typed did not resolve.
private func drawBulkName(_ grid: inout Grid, _ state: AppState, _ bulk: BulkSession, _ kind: BulkAccessKind) -> Point? {
    let keys = "enter preview · esc cancel" + (kind == .setAttribute ? " · tab name/value" : "")
    let notes = staleLine(state)
    let fields = kind == .setAttribute ? [("name", bulk.domainFrom), ("value", bulk.domainTo)] : [("name", bulk.domainFrom)]
    let shownCandidates = Array(bulk.candidates.prefix(max(0, state.size.rows - 14)))
    let r = box(&grid, state, width: min(state.size.cols - 2, 64), height: 8 + fields.count + notes.count + shownCandidates.count)
    grid.put(" \(kind.label.prefix(1).uppercased() + kind.label.dropFirst()) ", x: r.x + 2, y: r.y, role: .title, maxWidth: r.width - 4)
    grid.put("For \(bulk.scope): type the \(kind.noun)'s name (any case) or id.", x: r.x + 2, y: r.y + 2, role: .overlay, maxWidth: r.width - 4)
    var cursor: Point?
    // A hidden attribute's value (a password, a key) is typed blind.
    var hidden = false
    if kind == .setAttribute, case .found(let attribute) = state.catalog.resolveAttribute(bulk.domainFrom.text) { hidden = attribute.hidden }
    for (i, (label, field)) in fields.enumerated() {
        let y = r.y + 4 + i
        let focused = (i == 1) == bulk.domainFocusTo
        grid.put(label, x: r.x + 2, y: y, role: .label)
        let width = r.width - 11
        var (shown, column) = field.window(width: width)
        if hidden && i == 1 { shown = String(repeating: "•", count: shown.count) }
        grid.fill(x: r.x + 9, y: y, width: width, role: focused ? .inputFocused : .input)
        grid.put(shown, x: r.x + 9, y: y, role: focused ? .inputFocused : .input, maxWidth: width)
        if focused { cursor = Point(x: r.x + 9 + column, y: y) }
    }
    var y = r.y + 4 + fields.count
    if let error = bulk.domainError {
        grid.put("! " + error, x: r.x + 2, y: y, role: .fieldError, maxWidth: r.width - 4)
        y += 1
    }
    // Candidates are made sanitized and cut (`CatalogEntry.candidate`).
    for candidate in shownCandidates {
        grid.put("  " + candidate, x: r.x + 2, y: y, role: .dim, maxWidth: r.width - 4)
        y += 1
    }
    for note in notes {
        grid.put(note, x: r.x + 2, y: y, role: .warning, maxWidth: r.width - 4)
        y += 1
    }
    grid.put(keys, x: r.x + 2, y: r.y + r.height - 2, role: .keyHint, maxWidth: r.width - 4)
    return cursor
}
