import ScreenKit

/// Applies a burst of keys read at once (a paste, a held key, type-ahead over a slow link), all
/// typed at frame `seen`, at a cost that stays bounded however long the burst is.
///
/// The outcome is the one of sending each key alone, in order: every key still meets the command
/// table, the read-only gate and the type-ahead rule where it lands (a key that opens a question
/// makes the rest of the burst stale for it), and a key that quits ends the burst. Two things differ:
/// - runs of list moves are added up on an index, clamped at the ends as each key would be, and the
///   selection moves once; a run of filter text is typed into one field and the list filtered once;
/// - effects that a later key of the burst made moot are dropped (`withoutMootReads`): reads whose
///   answers the state would ignore, and the expiry of a flash already replaced. Writes never are.
func reduceKeys(_ state: inout AppState, _ keys: [Key], seen: Int?) -> [Effect] {
    var effects: [Effect] = []
    var index = keys.startIndex
    while index < keys.endIndex && !state.quitting {
        if let taken = moveRun(&state, keys[index...], &effects) ?? filterRun(&state, keys[index...], &effects) {
            index += taken
        } else {
            effects += reduce(&state, .key(keys[index], seen: seen))
            index += 1
        }
    }
    return withoutMootReads(effects, state)
}

/// Effects whose results the state no longer waits for: a credential, search or user listing
/// asked for before a newer one (their answers carry an older number and are dropped), and the
/// expiry of a flash that a newer flash replaced. Everything else is kept, in order.
func withoutMootReads(_ effects: [Effect], _ state: AppState) -> [Effect] {
    effects.filter { effect in
        switch effect {
        case .fetchCredential(let request, _, _): request == state.detailRequest
        case .searchUsers(let seq, _, _): seq == state.searchSeq
        case .loadUsers(let generation): generation == state.loadGeneration
        case .expireFlash(let id, _): id == state.flashSeq
        default: true
        }
    }
}

/// Two or more list moves in a row (j, k, arrows, pages, g, G): the selection goes where they
/// would take it one by one, in one step. Returns how many keys it took, or nil.
private func moveRun(_ state: inout AppState, _ keys: ArraySlice<Key>, _ effects: inout [Effect]) -> Int? {
    guard state.keyContext == .list, !state.isFormDirty else { return nil }
    let last = max(0, state.list.visible.count - 1)
    let page = Layout(state.size).listRows
    let start = state.list.selection
    var target = start
    var moved = false
    var taken = 0
    moves: for key in keys {
        let before = target
        defer { moved = moved || target != before }
        switch command(for: key, in: .list)?.id {
        case .next: target = min(target + 1, last)
        case .previous: target = max(target - 1, 0)
        case .pageDown: target = min(target + page, last)
        case .pageUp: target = max(target - page, 0)
        case .first: target = 0
        case .last: target = last
        default: break moves
        }
        taken += 1
    }
    guard taken > 1 else { return nil }
    if moved && target == start {
        // Away and back: one key at a time would have left the form for another user on the way
        // and asked for this one's credential again; so does the burst.
        state.detail = .empty
        effects += selectionChanged(&state, delayMs: 60)
    } else {
        effects += moveSelection(&state, to: target)
    }
    return taken
}

/// Two or more keys of filter text in a row: typed one by one into the filter (each at its end,
/// as alone), then the list is filtered once. Returns how many keys it took, or nil.
private func filterRun(_ state: inout AppState, _ keys: ArraySlice<Key>, _ effects: inout [Effect]) -> Int? {
    guard state.keyContext == .filter else { return nil }
    var text = state.list.filter
    var overflowed = false
    var taken = 0
    for key in keys {
        guard command(for: key, in: .filter)?.id == .filterType else { break }
        var field = TextField(text)
        if field.handle(key) { text = field.text } else if field.isFull && key.isCharacter { overflowed = true }
        taken += 1
    }
    guard taken > 1 else { return nil }
    effects += applyFilter(&state, text)
    if overflowed { effects += fieldFull(&state, "the filter") }
    return taken
}
