/// The rows a bulk action works on: the marked users, or, when none is marked, every user the
/// filter shows. `fromMarks` says which, so the preview can say "12 marked" or "340 shown".
public struct ActionTargets: Sendable, Equatable {
    /// In the list's sort order.
    public var rows: [UserRow]
    /// True: these are the marked users (all of them, shown by the filter or not).
    public var fromMarks: Bool
}

extension AppState {
    /// What a bulk action would take now (see `ActionTargets`). Marked users that are not loaded
    /// (gone after a reload) are left out.
    public var actionTargets: ActionTargets {
        guard !marked.isEmpty else {
            return ActionTargets(rows: list.visible.map { list.rows[Int($0)] }, fromMarks: false)
        }
        let rows = list.order.lazy.map { self.list.rows[Int($0)] }.filter { self.marked.contains($0.id) }
        return ActionTargets(rows: Array(rows), fromMarks: true)
    }
}

/// Space, `*` and `U` in the list. Marks are ids in `AppState.marked`; nothing is sent anywhere.
func performMark(_ state: inout AppState, _ command: MarkCommand) -> [Effect] {
    switch command {
    case .toggle:
        guard let row = state.list.selectedRow else { return [] }
        if state.marked.remove(row.id) == nil { state.marked.insert(row.id) }
        // As in mutt and htop: on to the next row, so Space Space Space marks a run.
        return moveSelection(&state, to: state.list.selection + 1)
    case .all:
        let before = state.marked.count
        state.marked.reserveCapacity(before + state.list.visible.count)
        for index in state.list.visible { state.marked.insert(state.list.rows[Int(index)].id) }
        let added = state.marked.count - before
        return flash(&state, "marked \(added.grouped) more (\(state.marked.count.grouped) marked)", .info)
    case .clear:
        guard !state.marked.isEmpty else { return [] }
        let count = state.marked.count
        state.marked = []
        return flash(&state, "cleared \(count.grouped) mark" + (count == 1 ? "" : "s"), .info)
    }
}
