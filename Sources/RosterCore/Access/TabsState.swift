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

    public init() {}
}

/// The catalog and the tabs' reads and writes.
func reduceAccess(_ state: inout AppState, _ event: AccessEvent) -> [Effect] {
    switch event {
    case .catalogLoaded(let catalog):
        state.catalog = catalog
        state.list.setCatalog(catalog)
        return []
    case .catalogFailed(let failure):
        // Said where it matters (the Access tab, a `role:` filter), not over whatever is on the status line.
        state.tabs.catalogFailure = failure.summary
        return []
    case .tabLoaded(let request, let userID, let content):
        guard request == state.tabs.request, userID == state.tabs.userID else { return [] }
        state.tabs.content = content
        state.tabs.loading = false
        state.tabs.failure = nil
        return []
    case .tabFailed(let request, let userID, _, let failure):
        guard request == state.tabs.request, userID == state.tabs.userID else { return [] }
        state.tabs.loading = false
        state.tabs.failure = failure.summary
        return []
    case .changed(_, _, let note):
        return flash(&state, note, .success)
    case .unchanged(_, _, let reason):
        return flash(&state, reason, .info)
    case .rolesChanged:
        return flash(&state, "the roles changed on the server: nothing was sent", .warning)
    }
}
