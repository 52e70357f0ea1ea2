import ScreenKit

/// Draws the users pane into `r`; returns the cursor when the filter is being typed.
func drawList(_ grid: inout Grid, _ state: AppState, _ r: Rect, _ marks: Marks) -> Point? {
    let list = state.list
    var cursor: Point?
    // Title: counts and progress, then the filter.
    var title = "Users \(list.count.grouped)"
    switch list.progress {
    case .complete: title += " (all loaded)"
    case .loading: title += list.count == 0 ? " loading…" : " loaded, more coming"
    case .failed: title += " (loading failed: r retries)"
    }
    var x = r.x + 1
    x += grid.put(title, x: x, y: r.y, role: .title, maxWidth: r.width - 2)
    if !list.filter.isEmpty || state.focus == .filter {
        let label = "  filter: "
        x += grid.put(label, x: x, y: r.y, role: .dim, maxWidth: max(0, r.x + r.width - x))
        // A filter that does not parse says why (the list keeps the last valid result); else the count.
        let count = list.filterError.map { "  ! " + filterErrorText($0, catalogFailure: state.tabs.catalogFailure) }
            ?? "  \(list.visible.count.grouped) match" + (list.visible.count == 1 ? "" : "es")
        // What is typed comes first: on a short line the count gives way rather than hide the filter.
        let room = max(0, r.x + r.width - x - 1)
        let withCount = list.filterError == nil ? room - DisplayText.width(count) - 1 : room - 12
        let shown = grid.put(list.filter, x: x, y: r.y, role: .inputFocused, maxWidth: withCount >= 8 ? withCount : room)
        if state.focus == .filter { cursor = Point(x: min(x + shown, r.x + r.width - 1), y: r.y) }
        x += shown
        if withCount >= 8 {
            grid.put(count, x: x + 1, y: r.y, role: list.filterError == nil ? .dim : .error, maxWidth: max(0, r.x + r.width - x - 1))
        }
    }

    // Columns.
    let idWidth = max(2, min(10, max(list.widestID, String(max(list.count, 1)).count + 1)))
    let loginWidth = 12
    let onWidth = 3
    let fixed = 1 + idWidth + 1 + 2 + 1 + loginWidth + 1 + onWidth
    var flexible = max(4, r.width - fixed - 1)
    // The optional columns (roles, groups) take their share from name and email, after "On".
    let extras = (list.showsRoles ? 1 : 0) + (list.showsGroups ? 1 : 0)
    let extraWidth = extras == 0 ? 0 : max(4, flexible / (2 + 2 * extras))
    flexible = max(4, flexible - extras * (extraWidth + 1))
    let nameWidth = flexible * 9 / 20
    let emailWidth = flexible - nameWidth - 1
    let columns: [(SortColumn, String, Int, Int)] = [
        (.id, "ID", r.x + 1, idWidth),
        (.name, "Name", r.x + 1 + idWidth + 3, nameWidth),
        (.email, "Email", r.x + 1 + idWidth + 3 + nameWidth + 1, emailWidth),
        (.logins, "Login", r.x + 1 + idWidth + 3 + nameWidth + 1 + emailWidth + 1, loginWidth),
        (.enabled, "On", r.x + 1 + idWidth + 3 + nameWidth + 1 + emailWidth + 1 + loginWidth + 1, onWidth),
    ]
    let headerY = r.y + 1
    grid.fill(x: r.x, y: headerY, width: r.width, role: .columnHeader)
    for (column, name, cx, width) in columns {
        let label = column == list.sort ? name + (list.descending ? marks.down : marks.up) : name
        // The id column has the pointer's gap after it, room for "ID▲" even when the ids are short.
        grid.put(label, x: cx, y: headerY, role: .columnHeader, maxWidth: column == .id ? width + 1 : width)
    }
    var extraX = columns[4].2 + onWidth + 1
    var extraColumns: [(x: Int, text: (UserRow) -> String)] = []
    if list.showsRoles {
        extraColumns.append((extraX, { rolesText($0, list.catalog) }))
        grid.put("Roles", x: extraX, y: headerY, role: .columnHeader, maxWidth: extraWidth)
        extraX += extraWidth + 1
    }
    if list.showsGroups {
        extraColumns.append((extraX, { groupsText($0, list.catalog) }))
        grid.put("Groups", x: extraX, y: headerY, role: .columnHeader, maxWidth: extraWidth)
    }

    // Rows: only the visible ones are touched, so 100,000 users cost the same as 20.
    let height = max(0, r.height - 2)
    let top = min(list.scrollTop, max(0, list.visible.count - 1))
    for i in 0..<height {
        let index = top + i
        let y = r.y + 2 + i
        guard index < list.visible.count else { break }
        let row = list.visibleRow(index)
        let selected = index == list.selection
        let base: Role = selected ? (state.focus == .form || state.focus == .tab ? .selectionInactive : .selection) : (row.enabled == false ? .dim : .normal)
        if selected { grid.fill(x: r.x, y: y, width: r.width, role: base) }
        if state.marked.contains(row.id) {
            // The pane's first column is free: the mark shows on the selected row too.
            grid.put(state.ascii ? "*" : "●", x: r.x, y: y, role: selected ? base : .mark)
        }
        grid.put(pad(row.id, idWidth, right: true), x: columns[0].2, y: y, role: base, maxWidth: idWidth)
        if selected {
            grid.put(marks.pointer, x: r.x + 1 + idWidth + 1, y: y, role: base)
        } else if row.suspicious {
            grid.put(marks.warning, x: r.x + 1 + idWidth + 1, y: y, role: .warning)
        }
        grid.put(row.name, x: columns[1].2, y: y, role: base, maxWidth: nameWidth)
        grid.put(row.email, x: columns[2].2, y: y, role: base, maxWidth: emailWidth)
        grid.put(row.logins.isEmpty ? "none" : row.loginsText, x: columns[3].2, y: y, role: base, maxWidth: loginWidth)
        grid.put(row.enabled.map { $0 ? marks.enabled : marks.disabled } ?? "?", x: columns[4].2, y: y, role: base, maxWidth: onWidth)
        // Server text: `put` sanitizes it and cuts it to the column with "…".
        for (x, text) in extraColumns { grid.put(text(row), x: x, y: y, role: base, maxWidth: extraWidth) }
    }
    if list.visible.isEmpty && height > 0 {
        let text: String
        if !list.filter.isEmpty {
            text = list.progress == .complete ? "no user matches" : "no loaded user matches; asking the server…"
        } else if case .failed(let why) = list.progress {
            text = "loading failed: " + why
        } else {
            text = list.progress == .complete ? "no users" : "loading…"
        }
        grid.put(text, x: r.x + 2, y: r.y + 2, role: .dim, maxWidth: r.width - 3)
    }
    return cursor
}

/// Every role the user holds (directly or through a group, as `role:` finds them), by name in the
/// catalog's order; before the catalog is read, the direct roles' ids.
func rolesText(_ row: UserRow, _ catalog: AccessCatalog?) -> String {
    guard let catalog else { return row.roleIDs.map { "#" + $0 }.joined(separator: ", ") }
    return catalog.grants(directRoles: row.roleIDs, groups: row.groupIDs)
        .map { catalog.role($0.roleID)?.name ?? "#" + $0.roleID }.joined(separator: ", ")
}

/// The groups the user is directly in, by name (ids before the catalog is read).
func groupsText(_ row: UserRow, _ catalog: AccessCatalog?) -> String {
    row.groupIDs.map { catalog?.group($0)?.name ?? "#" + $0 }.joined(separator: ", ")
}

/// A filter error as the list's title says it; a `role:` or `group:` that waits for a catalog that
/// could not be read says why.
func filterErrorText(_ error: QueryError, catalogFailure: String?) -> String {
    guard error.catalogMissing, let catalogFailure, error.reason.hasSuffix(QueryError.catalogNotLoaded) else { return error.message }
    return error.reason.dropLast(QueryError.catalogNotLoaded.count) + "roles and groups could not be read: " + catalogFailure
}

func pad(_ s: String, _ width: Int, right: Bool) -> String {
    let w = DisplayText.width(s)
    guard w < width else { return s }
    let spaces = String(repeating: " ", count: width - w)
    return right ? spaces + s : s + spaces
}
