import ScreenKit

// `O`: offboarding from the TUI. Choose a successor (a picker over the enabled users loaded), then
// the plan is read and shown as a bulk preview; confirming runs it with the bulk runner (paced,
// resumable, undoable from the runs list).

enum OffboardFlow {
    /// Users offboarded at once at most: planning reads what each owns, so a key never starts
    /// unbounded work (the CLI takes any number).
    static let maxLeavers = 50
    /// Successors listed at most for the text typed (type more to narrow).
    static let maxChoices = 200
}

/// `O` on the list or a tab: the selected user, or the marked ones, leave.
func startOffboard(_ state: inout AppState) -> [Effect] {
    if let bulk = state.bulk, bulk.isActive {
        state.overlay = .bulk
        return flash(&state, "a bulk run is going: offboard once it ends", .info)
    }
    let leavers = state.marked.isEmpty ? (state.list.selectedRow.map { [$0.id] } ?? []) : state.actionTargets.rows.map(\.id)
    guard !leavers.isEmpty else { return flash(&state, "no user selected", .info) }
    guard leavers.count <= OffboardFlow.maxLeavers else {
        return flash(&state, "\(leavers.count.grouped) users marked: offboard at most \(OffboardFlow.maxLeavers) at once (roster offboard takes more)",
                     .warning)
    }
    if let api = state.apiUserID, leavers.contains(api) {
        return flash(&state, "user #\(api) is the API user Roster acts as: it is never offboarded", .warning)
    }
    var picker = Picker(kind: .successor, userID: leavers[0], shownRoles: [], held: Set(leavers))
    picker.leavers = leavers
    picker.successors = successorChoices(state, picker)
    state.overlay = .dialog(.pick(picker))
    return []
}

/// The enabled users (loaded so far) matching the text typed, leavers left out: an exact id first,
/// then names and emails containing the text, at most `OffboardFlow.maxChoices`.
func successorChoices(_ state: AppState, _ picker: Picker) -> [Picker.Choice] {
    let text = picker.field.text.trimmingSpaces.lowercased()
    let leavers = Set(picker.leavers)
    func choice(_ row: UserRow) -> Picker.Choice {
        let noRole = row.roleIDs.isEmpty && row.groupIDs.isEmpty
        let shown = row.name.isEmpty ? row.email : row.name + " · " + row.email
        return Picker.Choice(id: row.id, name: shown + (noRole ? "  (no role)" : ""), refusal: nil)
    }
    var out: [Picker.Choice] = []
    if !text.isEmpty, let exact = state.list.row(id: text), exact.enabled != false, !leavers.contains(exact.id) { out.append(choice(exact)) }
    for row in state.list.rows where row.enabled != false && !leavers.contains(row.id) && row.id != out.first?.id {
        if out.count >= OffboardFlow.maxChoices { break }
        if !text.isEmpty, !row.name.lowercased().contains(text), !row.email.lowercased().contains(text) { continue }
        out.append(choice(row))
    }
    return out
}

/// The successor chosen: plan the offboarding (a read) under the bulk panel's "Planning…".
func chooseSuccessor(_ state: inout AppState, _ picker: Picker, _ choice: Picker.Choice) -> [Effect] {
    let who = picker.leavers.count == 1 ? "user #\(picker.leavers[0])" : "\(picker.leavers.count) users"
    state.bulk = BulkSession(stage: .planning, targetIDs: picker.leavers, scope: "offboarding \(who) to #\(choice.id)")
    setBulkStage(&state, .planning)
    return [.planOffboard(leaverIDs: picker.leavers, successorID: choice.id, apiUserID: state.apiUserID)]
}
