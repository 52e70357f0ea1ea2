import ScreenKit

/// Draws the detail pane: the tab strip on its title line, then the tab on show (Login is the
/// credential form). Returns the cursor when a text input is being edited.
func drawDetail(_ grid: inout Grid, _ state: AppState, _ r: Rect, _ marks: Marks) -> Point? {
    let title: String
    var cursor: Point?
    if state.tabs.current == .login {
        cursor = drawForm(&grid, state, r, marks)
        title = formTitle(state)
    } else {
        title = state.tabs.current.title
        grid.put(title, x: r.x + 1, y: r.y, role: .title, maxWidth: r.width - 2)
        var lines = FormLines(grid: grid, rect: r)
        cursor = drawTab(&lines, state)
        if lines.clipped { lines.markClipped(marks) }
        grid = lines.grid
    }
    drawTabStrip(&grid, state, r, after: DisplayText.width(title))
    return cursor
}

/// The tabs, right-aligned on the title line: whole names when they fit, short ones, shorter ones,
/// else "tab 2/5".
func drawTabStrip(_ grid: inout Grid, _ state: AppState, _ r: Rect, after titleWidth: Int) {
    let room = r.width - titleWidth - 4
    let tabs = DetailTab.allCases
    let short = ["Login", "Access", "Attrs", "Sessions", "Owned"]
    let tight = ["Login", "Access", "Attrs", "Keys", "Owned"]
    for names in [tabs.map(\.title), short, tight] {
        let width = names.map { DisplayText.width($0) + 2 }.reduce(0, +)
        guard width <= room else { continue }
        var x = r.x + r.width - 1 - width
        for (tab, name) in zip(tabs, names) {
            let current = tab == state.tabs.current
            x += grid.put(current ? "[" + name + "]" : " " + name + " ", x: x, y: r.y, role: current ? .title : .dim)
        }
        return
    }
    let index = (tabs.firstIndex(of: state.tabs.current) ?? 0) + 1
    let text = "tab \(index)/\(tabs.count)"
    if DisplayText.width(text) <= room { grid.put(text, x: r.x + r.width - 1 - DisplayText.width(text), y: r.y, role: .dim) }
}

/// One tab beside Login, line by line.
private func drawTab(_ lines: inout FormLines, _ state: AppState) -> Point? {
    guard let row = state.list.selectedRow else {
        lines.text("no user selected", role: .dim)
        return nil
    }
    let name = row.name.isEmpty ? row.email : row.name
    lines.field("User", DisplayText.fit(name, width: max(1, lines.rect.width - FormLines.labelWidth - 4 - row.id.count)) + "  #" + row.id)
    if let failure = state.tabs.failure, state.tabs.userID == row.id {
        lines.text("! " + failure, role: .error)
        lines.text("] or [ to read it again", role: .dim)
        return nil
    }
    guard let content = state.tabs.content, state.tabs.userID == row.id else {
        lines.text("loading…", role: .dim)
        return nil
    }
    let focused = state.focus == .tab
    let items = state.tabItems
    func itemRole(_ index: Int, _ base: Role = .normal) -> Role {
        index == state.tabs.cursor ? (focused ? .selection : .selectionInactive) : base
    }
    func line(_ index: Int, _ left: String, _ right: String, base: Role = .normal) {
        guard let y = lines.next() else { return }
        let role = itemRole(index, base)
        let width = lines.rect.width - 2
        if role != base { lines.grid.fill(x: lines.rect.x + 1, y: y, width: width, role: role) }
        let rightWidth = min(DisplayText.width(right), width / 2)
        let leftWidth = max(1, width - rightWidth - 1)
        lines.grid.put(left, x: lines.rect.x + 1, y: y, role: role, maxWidth: leftWidth)
        if rightWidth > 0 { lines.grid.put(right, x: lines.rect.x + 1 + width - rightWidth, y: y, role: role == base ? .dim : role, maxWidth: rightWidth) }
    }
    let catalog = state.catalog
    var cursor: Point?
    switch content {
    case .access(let access):
        if catalog.isEmpty {
            lines.text("! roles and groups not read" + (state.tabs.catalogFailure.map { ": " + $0 } ?? ""), role: .warning)
        }
        lines.text("Roles", role: .title)
        var any = false
        for (index, item) in items.enumerated() {
            guard case .role(let grant) = item else { continue }
            any = true
            var from: [String] = grant.direct ? ["direct"] : []
            from += grant.groupIDs.map { "group " + catalog.groupName($0) }
            line(index, "  " + catalog.roleName(grant.roleID), from.joined(separator: ", "))
        }
        if !any { lines.text("  none", role: .dim) }
        if let refusal = access.rolesRefusal { lines.text("  ! " + refusal, role: .warning) }
        lines.text("Groups", role: .title)
        any = false
        for (index, item) in items.enumerated() {
            guard case .group(let id, let via) = item else { continue }
            any = true
            let managed = catalog.group(id)?.externallyManaged == true ? "externally managed" : ""
            let through = via.map { "through " + catalog.groupName($0) } ?? ""
            line(index, "  " + catalog.groupName(id), [through, managed].filter { !$0.isEmpty }.joined(separator: ", "),
                 base: via == nil ? .normal : .dim)
        }
        if !any { lines.text("  none", role: .dim) }
        if access.allowNormalGroupMembership == false, let refusal = access.membershipRefusal(nil) {
            lines.text("  ! " + refusal, role: .warning)
        }
    case .attributes:
        for (index, item) in items.enumerated() {
            guard case .attribute(let value) = item else { continue }
            if let edit = state.tabs.editing, edit.attributeID == value.attributeID, edit.userID == row.id {
                guard let y = lines.next() else { break }
                lines.label(value.name, y: y, changed: true)
                let x = lines.rect.x + 1 + FormLines.labelWidth
                let width = max(4, lines.rect.width - FormLines.labelWidth - 3)
                let (shown, column) = edit.field.window(width: width)
                lines.grid.fill(x: x, y: y, width: width, role: .inputFocused)
                lines.grid.put(shown, x: x, y: y, role: .inputFocused, maxWidth: width)
                cursor = Point(x: x + column, y: y)
                if let error = edit.error { lines.error(error) }
                if edit.saving { lines.text("  saving…", role: .dim) }
                continue
            }
            let source = value.source.isEmpty ? "" : value.source.lowercased() == "user" ? "set on the user" : "from " + value.source
            let shown = value.hidden ? AttributeValue.hiddenMark : (value.value.map { $0.isEmpty ? "(empty)" : $0 } ?? "(unset)")
            line(index, value.name + " = " + shown, source, base: value.hidden ? .masked : .normal)
        }
        if items.isEmpty { lines.text("no user attributes", role: .dim) }
    case .sessions:
        let served = state.viewer != nil
        lines.text("Sessions", role: .title)
        var any = false
        for (index, item) in items.enumerated() {
            guard case .session(let s) = item else { continue }
            any = true
            if served {
                // Dates only over roster serve: where a person logs in from is theirs.
                line(index, "  " + minute(s.createdAt) + "  until " + minute(s.expiresAt), "")
                continue
            }
            let place = [s.ipAddress, s.place].filter { !$0.isEmpty }.joined(separator: " ")
            let sudo = s.sudoUserID.isEmpty ? "" : "  sudo by #" + s.sudoUserID
            line(index, "  " + minute(s.createdAt) + "  " + [s.browser, s.operatingSystem].filter { !$0.isEmpty }.joined(separator: "/") + sudo,
                 place)
        }
        if !any { lines.text("  none", role: .dim) }
        lines.text("API keys", role: .title)
        any = false
        for (index, item) in items.enumerated() {
            guard case .key(let k) = item else { continue }
            any = true
            let client = served || k.clientID.isEmpty ? "client id hidden" : k.clientID
            line(index, "  #" + k.id + "  " + client, String(k.createdAt.prefix(10)) + (k.disabled ? " disabled" : ""))
        }
        if !any { lines.text("  none", role: .dim) }
    case .owned(let owned):
        // Names and counts; a served viewer's sessions and keys come without where and client ids.
        for kind in OwnedKind.allCases {
            lines.text("\(kind.heading) (\(owned.count(kind)))", role: .title)
            for (index, item) in items.enumerated() {
                guard case .owned(let thing) = item, thing.kind == kind else { continue }
                line(index, "  #" + thing.id + "  " + (thing.name.isEmpty ? "(untitled)" : thing.name), thing.detail)
            }
        }
        if owned.truncated { lines.text("  more sub-folders than are read: the list stops there", role: .warning) }
        if !state.readOnly { lines.text("O hands these to a successor (previews first)", role: .dim) }
    }
    return state.focus == .tab ? cursor : nil
}

/// "2026-11-30T08:00:00Z" as "2026-11-30 08:00" (server text: any other shape is shown as it is, cut).
func minute(_ stamp: String) -> String {
    let head = String(stamp.prefix(16))
    return head.count == 16 && head.dropFirst(10).first == "T" ? head.prefix(10) + " " + head.dropFirst(11) : head
}
