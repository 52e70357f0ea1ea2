import ScreenKit

/// The detail pane's tabs beside Login: which one is shown, and what it holds for which user.
public struct TabsState: Sendable, Equatable {
    /// The tab on show; `.login` is the credential form (`AppState.detail`).
    public var current: DetailTab = .login
    /// What the current tab shows, once read, for `userID`.
    public var content: TabContent?
    public var userID: String?
    /// The read in flight (answers for an earlier one are ignored).
    public var request = 0
    public var loading = false
    /// Why the last read failed (sanitized when shown).
    public var failure: String?
    /// Why the roles, groups and attributes could not be read (sanitized when shown).
    public var catalogFailure: String?
    /// The item the cursor is on.
    public var cursor = 0
    /// An attribute value being typed in place.
    public var editing: AttributeEdit?
    /// The first frame that showed `content`: a change key typed before it was typed at other lines
    /// (another user's, or the tab before a reload) and counts for nothing.
    public var contentShownAt: Int?

    public init() {}
}

/// An attribute's new value being typed in the Attributes tab. A failed save keeps it, with the
/// server's complaint under it.
public struct AttributeEdit: Sendable, Equatable {
    public var userID: String
    public var attributeID: String
    public var name: String
    public var hidden: Bool
    public var field: TextField
    public var error: String?
    public var saving = false

    public init(userID: String, attributeID: String, name: String, hidden: Bool, field: TextField) {
        self.userID = userID
        self.attributeID = attributeID
        self.name = name
        self.hidden = hidden
        self.field = field
    }
}

/// Choosing a role or a group to give a user. Typing narrows the choices by name or id.
public struct Picker: Sendable, Equatable {
    /// A role or group to give; or, offboarding `leavers`, the user who takes over what they own.
    public enum Kind: Sendable, Equatable { case role, group, successor }
    public var kind: Kind
    public var userID: String
    /// The direct roles the tab showed (the write is compared with the server's before it is sent).
    public var shownRoles: [String]
    /// What the user already has directly: offered, but marked and refused.
    public var held: Set<String>
    public var field = TextField("")
    public var cursor = 0
    /// Offboarding: the users leaving (never offered as their own successor).
    public var leavers: [String] = []
    /// Offboarding: the enabled users matching the text typed, found when it changes (not per frame).
    public var successors: [Choice] = []

    /// One line of the picker: what choosing it gives, its name, and why it cannot be chosen.
    public struct Choice: Sendable, Equatable {
        public var id: String
        public var name: String
        public var refusal: String?
    }

    public init(kind: Kind, userID: String, shownRoles: [String], held: Set<String>) {
        self.kind = kind
        self.userID = userID
        self.shownRoles = shownRoles
        self.held = held
    }

    /// The choices for the text typed: (id, name, why it cannot be chosen).
    public func choices(_ catalog: AccessCatalog, _ access: UserAccess?) -> [(id: String, name: String, refusal: String?)] {
        switch kind {
        case .successor:
            return successors.map { ($0.id, $0.name, $0.refusal) }
        case .role:
            return AccessCatalog.matching(field.text, in: catalog.roles).map { role in
                (role.id, role.name, held.contains(role.id) ? "already given directly" : nil)
            }
        case .group:
            return AccessCatalog.matching(field.text, in: catalog.groups).map { group in
                (group.id, group.name, held.contains(group.id) ? "already a member" : access?.membershipRefusal(group))
            }
        }
    }
}

/// One line of a tab the cursor can stand on.
public enum TabItem: Sendable, Equatable {
    /// A role the user holds: directly and/or through groups.
    case role(RoleGrant)
    /// A group the user is in: directly, or through one they are in (`via`).
    case group(id: String, via: String?)
    case attribute(AttributeValue)
    case session(SessionInfo)
    case key(APIKeyInfo)
    /// Something the user owns (the Owned tab).
    case owned(OwnedItem)
}

extension AppState {
    /// The lines of the current tab the cursor moves over, in the order they are drawn.
    public var tabItems: [TabItem] {
        guard let content = tabs.content, tabs.userID == list.selectedRow?.id else { return [] }
        switch content {
        case .access(let access):
            var items = catalog.grants(directRoles: access.directRoleIDs, groups: access.groupIDs).map(TabItem.role)
            let direct = Set(access.groupIDs)
            for id in access.groupIDs { items.append(.group(id: id, via: nil)) }
            // The groups those sit in: the user is a member through them.
            for id in catalog.withAncestors(access.groupIDs) where !direct.contains(id) {
                let child = access.groupIDs.first { catalog.withAncestors([$0]).contains(id) }
                items.append(.group(id: id, via: child))
            }
            return items
        case .attributes(let values): return values.map(TabItem.attribute)
        case .sessions(let sessions, let keys): return sessions.map(TabItem.session) + keys.map(TabItem.key)
        case .owned(let owned): return owned.items.map(TabItem.owned)
        }
    }

    /// The access the current tab shows, when it is the Access tab of the selected user.
    var shownAccess: UserAccess? {
        if case .access(let a) = tabs.content, tabs.userID == list.selectedRow?.id { return a }
        return nil
    }
}

/// Reads the current tab for the selected user (nothing for Login, whose form has its own read).
func loadTab(_ state: inout AppState, delayMs: Int) -> [Effect] {
    state.tabs.editing = nil
    guard state.tabs.current != .login, let row = state.list.selectedRow else {
        state.tabs.content = nil
        state.tabs.userID = nil
        state.tabs.loading = false
        return []
    }
    if state.tabs.userID != row.id { state.tabs.cursor = 0 }
    state.tabs.request += 1
    state.tabs.userID = row.id
    state.tabs.content = nil
    state.tabs.contentShownAt = nil
    state.tabs.loading = true
    state.tabs.failure = nil
    return [.loadTab(request: state.tabs.request, userID: row.id, tab: state.tabs.current, delayMs: delayMs)]
}

/// The catalog and the tabs' reads and writes.
func reduceAccess(_ state: inout AppState, _ event: AccessEvent) -> [Effect] {
    switch event {
    case .catalogLoaded(let catalog):
        state.catalog = catalog
        state.tabs.catalogFailure = nil
        state.list.setCatalog(catalog)
        return []
    case .catalogFailed(let failure):
        // Said where it matters (the Access tab, a `role:` filter), not over whatever is on the status line.
        state.tabs.catalogFailure = failure.summary
        return []
    case .tabLoaded(let request, let userID, let content):
        guard request == state.tabs.request, userID == state.tabs.userID else { return [] }
        state.tabs.content = content
        state.tabs.contentShownAt = nil
        state.tabs.loading = false
        state.tabs.failure = nil
        state.tabs.cursor = min(state.tabs.cursor, max(0, state.tabItems.count - 1))
        return []
    case .tabFailed(let request, let userID, _, let failure):
        guard request == state.tabs.request, userID == state.tabs.userID else { return [] }
        state.tabs.loading = false
        state.tabs.failure = failure.summary
        return []
    case .changed(let userID, let write, let undo, let refusal, let row):
        state.lifecycle.writes[PendingWrite(write.operation, userID)] = nil
        if let row { state.list.update(row) }
        if let undo {
            remember(&state, .access(userID: userID, inverse: undo, description: describe(undo, state.catalog)))
        } else if state.lifecycle.undoing != nil {
            state.lifecycle.undoing = nil
        }
        if state.tabs.editing?.userID == userID, write.operation == .setAttribute { state.tabs.editing = nil }
        var effects = flash(&state, done(write, state.catalog, userID) + (refusal.map { " (no undo: \($0))" } ?? ""), .success)
        if state.tabs.userID == userID { effects += loadTab(&state, delayMs: 0) }
        return effects
    case .unchanged(let userID, let operation, let reason):
        state.lifecycle.writes[PendingWrite(operation, userID)] = nil
        if state.lifecycle.undoing != nil { state.lifecycle.undoing = nil }
        if state.tabs.editing?.userID == userID, operation == .setAttribute { state.tabs.editing = nil }
        var effects = flash(&state, reason, .info)
        if state.tabs.userID == userID { effects += loadTab(&state, delayMs: 0) }
        return effects
    case .rolesChanged(let userID, let current, let write):
        state.lifecycle.writes[PendingWrite(write.operation, userID)] = nil
        undoFailed(&state)
        state.overlay = .dialog(.rolesChanged(userID: userID, current: current, write: write))
        return []
    }
}

/// What a write did, in words ("added the role Admin to user #42").
func done(_ write: UserWrite, _ catalog: AccessCatalog, _ userID: String) -> String {
    let user = "user #\(userID)"
    switch write {
    case .addRole(let id, _): return "Gave \(user) the role \(catalog.roleName(id))"
    case .removeRole(let id, _): return "Took the role \(catalog.roleName(id)) from \(user)"
    case .addToGroup(let id): return "Added \(user) to \(catalog.groupName(id))"
    case .removeFromGroup(let id): return "Removed \(user) from \(catalog.groupName(id))"
    case .setAttribute(_, let name, _, _): return "Set \(name) for \(user)"
    case .clearAttribute(_, let name, _): return "Cleared \(name) for \(user): a group's value or the default applies"
    case .logout(let session): return session == nil ? "Logged \(user) out of every session" : "Logged out session \(session!) of \(user)"
    case .deleteAPIKey(let key): return "Deleted API key \(key) of \(user)"
    default: return "\(write.operation.label): done for \(user)"
    }
}

/// What an undo does, in words.
func describe(_ write: UserWrite, _ catalog: AccessCatalog) -> String {
    switch write {
    case .addRole(let id, _): return "give the role \(catalog.roleName(id)) back"
    case .removeRole(let id, _): return "take the role \(catalog.roleName(id)) away again"
    case .addToGroup(let id): return "add to \(catalog.groupName(id)) again"
    case .removeFromGroup(let id): return "remove from \(catalog.groupName(id)) again"
    case .setAttribute(_, let name, let value, _): return "set \(name) back to \(value)"
    case .clearAttribute(_, let name, _): return "clear \(name) again"
    default: return write.operation.label
    }
}
