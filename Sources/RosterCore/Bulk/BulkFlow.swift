import ScreenKit

// The bulk action's keys and results: choose, plan, preview, confirm, run, pause, stop, results,
// retry, undo. Pure like the rest of the reducer; the runner is an effect.

extension AppState {
    /// A bulk run is going (or pausing or stopping).
    public var bulkActive: Bool { bulk?.isActive ?? false }
}

/// Shows the bulk panel at `stage` (a new stage is a new question for the type-ahead rule).
func setBulkStage(_ state: inout AppState, _ stage: BulkStage) {
    state.bulk?.stage = stage
    state.overlay = .bulk
}

/// The users a bulk action targets now: the marked ones, or with none marked the filtered ones.
func bulkTargets(_ state: AppState) -> (ids: [String], scope: String) {
    let targets = state.actionTargets
    let n = targets.rows.count
    let scope = targets.fromMarks ? "the \(n.grouped) marked"
        : state.list.filter.isEmpty ? "all \(count: n, "user")" : "the \(count: n, "filtered row")"
    return (targets.rows.map(\.id), scope)
}

extension BulkSubject {
    /// What the planner knows of a user: the list's row says it all (the TUI and `roster bulk plan`).
    public init(_ row: UserRow) {
        self.init(id: row.id, name: row.name, loginEmail: row.emailLogin, forcedReset: row.forcedReset,
                  disabled: row.enabled.map { !$0 }, ssoEmail: row.ssoEmail)
    }
}

func performBulk(_ state: inout AppState, _ command: BulkCommand, _ key: Key) -> [Effect] {
    if (command == .open || command == .runs), let bulk = state.bulk, bulk.isActive {
        // A run goes on under whatever covered its panel (a message): `b` or `B` shows it again.
        state.overlay = .bulk
        return []
    }
    if command == .open {
        if state.marked.isEmpty && state.list.progress != .complete {
            // "Everyone the filter shows" would silently mean "of the users loaded so far".
            return flash(&state, "not every user is loaded yet: wait, or mark the users to act on", .warning)
        }
        let (ids, scope) = bulkTargets(state)
        guard !ids.isEmpty else { return flash(&state, "no rows to act on (mark some with Space, or filter)", .info) }
        state.bulk = BulkSession(stage: .menu, targetIDs: ids, scope: scope)
        setBulkStage(&state, .menu)
        return []
    }
    if command == .offboard { return startOffboard(&state) }
    if command == .runs {
        state.bulk = BulkSession(stage: .runs, targetIDs: [], scope: "")
        setBulkStage(&state, .runs)
        return [.listRuns]
    }
    guard var bulk = state.bulk else {
        state.overlay = .none
        return []
    }
    switch command {
    case .open, .runs, .offboard:
        return []   // started above
    case .choose:
        if case .char(let c) = key, let kind = BulkAccessKind(rawValue: c) {
            if kind == .logout {
                state.bulk = bulk
                plan(&state, .logout)
                return []
            }
            if state.catalog.isEmpty {
                return flash(&state, "the roles, groups and attributes are not read yet: try again in a moment", .warning)
            }
            bulk.access = kind
            bulk.domainFrom = TextField("")
            bulk.domainTo = TextField("")
            bulk.domainFocusTo = false
            bulk.domainError = nil
            bulk.candidates = []
            bulk.stage = .domain
            state.bulk = bulk
            return []
        }
        guard case .char(let c) = key, let n = c.wholeNumberValue, let choice = BulkChoice(rawValue: n) else { return [] }
        if choice == .setDomain {
            bulk.domainFrom = TextField(commonDomain(state, bulk.targetIDs) ?? "")
            bulk.domainTo = TextField("")
            bulk.domainFocusTo = !bulk.domainFrom.text.isEmpty
            bulk.stage = .domain
            state.bulk = bulk
            return []
        }
        let action: BulkAction = switch choice {
        case .setDomain: .setDomain(from: "", to: "")
        case .forceResetOn: .forceReset(true)
        case .forceResetOff: .forceReset(false)
        case .disable: .disable
        case .enable: .enable
        case .sendReset: .sendReset
        case .createFromSSO: .createFromSSO
        case .deleteLogin: .deleteLogin
        }
        state.bulk = bulk
        plan(&state, action)
        return []
    case .domainType:
        if bulk.domainFocusTo { _ = bulk.domainTo.handle(key) } else { _ = bulk.domainFrom.handle(key) }
        bulk.domainError = nil
        bulk.candidates = []
        state.bulk = bulk
        return []
    case .domainSwitch:
        // An access action has one input, but setting an attribute: its name and the value.
        if bulk.access == nil || bulk.access == .setAttribute { bulk.domainFocusTo.toggle() }
        state.bulk = bulk
        return []
    case .plan where bulk.access != nil:
        guard let kind = bulk.access else { return [] }
        switch kind.action(name: bulk.domainFrom.text, value: bulk.domainTo.text, in: state.catalog) {
        case .success(let action):
            state.bulk = bulk
            plan(&state, action)
        case .failure(let problem):
            bulk.domainError = problem.message
            bulk.candidates = problem.candidates
            bulk.domainFocusTo = false
            state.bulk = bulk
        }
        return []
    case .plan:
        let from = bulk.domainFrom.text.trimmingSpaces.lowercased()
        let to = bulk.domainTo.text.trimmingSpaces.lowercased()
        var error: String?
        if from.isEmpty { error = "type the domain to rename (from)" }
        else if to.isEmpty { error = "type the new domain (to)" }
        else if from == to { error = "from and to are the same domain" }
        else if !BulkPlanner.isValidAddress("user@" + to) { error = "'\(to)' is not a valid email domain" }
        if let error {
            bulk.domainError = error
            bulk.domainFocusTo = !from.isEmpty
            state.bulk = bulk
            return []
        }
        state.bulk = bulk
        plan(&state, .setDomain(from: from, to: to))
        return []
    case .scroll where bulk.stage == .runs:
        let count = bulk.runs?.count ?? 0
        let delta = key == .char("j") || key == .down ? 1 : key == .char("k") || key == .up ? -1
            : key == .pageDown || key == .char("G") ? count : -count
        bulk.runIndex = max(0, min(max(0, count - 1), bulk.runIndex + delta))
        state.bulk = bulk
        return []
    case .scroll:
        let page = max(1, Layout(state.size).listRows - 4)
        let delta = switch key {
        case .char("j"), .down: 1
        case .char("k"), .up: -1
        case .pageDown: page
        case .pageUp: -page
        case .char("g"), .home: -Int.max / 2
        default: Int.max / 2
        }
        let count = bulk.shownRows.count
        bulk.scroll = max(0, min(max(0, count - 1), bulk.scroll &+ delta))
        state.bulk = bulk
        return []
    case .typeCount:
        if case .char(let c) = key, !c.isNumber { return [] }
        _ = bulk.typed.handle(key)
        bulk.confirmError = nil
        state.bulk = bulk
        return []
    case .run:
        guard let plan = bulk.plan else { return [] }
        if let refused = gate(&state, .change("bulk actions")) { return refused }
        // An undo with nothing left to write still runs (it writes nothing): it marks its run undone,
        // so that run is never resumed into the changes the admin meant to take back.
        guard plan.writeCount > 0 || plan.action.isUndo else {
            bulk.confirmError = "nothing to change: every row is skipped"
            state.bulk = bulk
            return []
        }
        if bulk.needsTypedCount && bulk.typed.text != String(plan.writeCount) {
            bulk.confirmError = bulk.typed.text.isEmpty ? "type \(plan.writeCount) to confirm"
                : "\(bulk.typed.text) is not \(plan.writeCount): type the number of rows to change"
            bulk.typed = TextField("")
            state.bulk = bulk
            return []
        }
        bulk.stage = .running
        bulk.outcomes = [:]
        bulk.progress = BulkProgress(total: plan.rows.count, concurrency: state.bulkConcurrency)
        bulk.scroll = 0
        state.bulk = bulk
        return [.startBulk(plan, concurrency: state.bulkConcurrency)]
    case .pause:
        guard bulk.stage == .running else { return [] }
        bulk.stage = .paused
        state.bulk = bulk
        return [.pauseBulk]
    case .proceed:
        guard bulk.stage == .paused else { return [] }
        bulk.stage = .running
        state.bulk = bulk
        return [.proceedBulk]
    case .stop:
        guard bulk.isActive else { return [] }
        bulk.stage = .stopping
        state.bulk = bulk
        return [.stopBulk]
    case .undo where bulk.stage == .runs, .resumeRun:
        guard let runs = bulk.runs, runs.indices.contains(bulk.runIndex) else { return [] }
        let run = runs[bulk.runIndex]
        if command == .resumeRun {
            guard [.interrupted, .stopped, .paused].contains(run.phase) else {
                return flash(&state, "run \(run.id) is \(run.phase.rawValue): nothing to resume", .info)
            }
            return resumeRun(&state, run)
        }
        bulk.runID = run.id
        bulk.stage = .planning
        state.bulk = bulk
        return [.planUndo(runID: run.id)]
    case .retry, .undo:
        guard let runID = bulk.runID else { return flash(&state, "this run has no file to read", .warning) }
        if command == .retry && bulk.failedCount == 0 { return flash(&state, "no failed rows to retry", .info) }
        bulk.stage = .planning
        state.bulk = bulk
        return [command == .retry ? .planRetry(runID: runID) : .planUndo(runID: runID)]
    case .failedOnly:
        bulk.failedOnly.toggle()
        bulk.scroll = 0
        state.bulk = bulk
        return []
    case .close:
        if bulk.isActive { return [] }
        state.bulk = nil
        state.overlay = .none
        return []
    }
}

/// Plans `action` over the session's targets and shows the preview.
private func plan(_ state: inout AppState, _ action: BulkAction) {
    guard var bulk = state.bulk else { return }
    let subjects = bulk.targetIDs.compactMap { state.list.row(id: $0).map(BulkSubject.init) }
    // The list does not hold each user's roles and flags: the runner reads them row by row and skips
    // what they block. A managed group is known from the catalog now.
    bulk.plan = BulkPlanner.plan(action, scope: bulk.scope, subjects: subjects, apiUserID: state.apiUserID, catalog: state.catalog)
    bulk.stage = .preview
    bulk.typed = TextField("")
    bulk.confirmError = nil
    bulk.scroll = 0
    state.bulk = bulk
}

/// The most common domain among the targets' email logins: the likely "from" of a rename.
private func commonDomain(_ state: AppState, _ ids: [String]) -> String? {
    var counts: [String: Int] = [:]
    for id in ids {
        guard let email = state.list.row(id: id)?.emailLogin,
              let at = email.lastIndex(of: "@") else { continue }
        counts[email[email.index(after: at)...].lowercased(), default: 0] += 1
    }
    return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
}

/// The runner's reports and the store's answers.
func reduceBulk(_ state: inout AppState, _ event: BulkReport) -> [Effect] {
    switch event {
    case .started(let runID):
        state.bulk?.runID = runID
    case .rowFinished(let key, let outcome):
        state.bulk?.outcomes[key] = outcome
    case .progressed(let progress):
        state.bulk?.progress = progress
    case .ended(let summary):
        guard var bulk = state.bulk else { return [] }
        bulk.runID = summary.id
        bulk.endedPhase = summary.phase
        if var p = bulk.progress {
            p.phase = summary.phase
            p.inFlight = 0
            bulk.progress = p
        }
        state.bulk = bulk
        setBulkStage(&state, .done)
        let failed = bulk.failedCount
        var effects = flash(&state, "bulk run \(summary.phase == .finished ? "finished" : "stopped"): \(summary.applied) changed, \(failed) failed, \(summary.skipped) skipped",
                            failed > 0 ? .warning : .success)
        // The list shows the users as the run left them, at once and without losing the place
        // (`r` reads everything again); the selected user's credential is read again.
        if applyResults(&state, bulk) {
            state.list.scrollToSelection(height: Layout(state.size).listRows)
            if !state.isFormDirty, let row = state.list.selectedRow, bulk.outcomes[row.id] == .applied {
                state.detail = .empty
                effects += selectionChanged(&state, delayMs: 0)
            }
        }
        // The tab on show is read again when the run changed its user (a role, a group, an attribute…).
        if state.tabs.current != .login, let id = state.tabs.userID, bulk.outcomes[id] == .applied {
            effects += loadTab(&state, delayMs: 0)
        }
        return effects
    case .failed(let message):
        guard let bulk = state.bulk else { return flash(&state, message, .error) }
        // An undo planned from the runs list that could not be planned (a run another process is
        // running, or one already undone) goes back to the list: there is no result to be "Done" with.
        if bulk.stage == .planning, bulk.runs != nil, bulk.plan == nil {
            setBulkStage(&state, .runs)
            return flash(&state, message, .error)
        }
        state.bulk?.error = message
        setBulkStage(&state, .done)
    case .planned(let plan):
        guard var bulk = state.bulk else { return [] }
        bulk.plan = plan
        bulk.scope = plan.scope
        bulk.outcomes = [:]
        bulk.progress = nil
        bulk.runID = nil
        bulk.endedPhase = nil
        bulk.error = nil
        bulk.failedOnly = false
        bulk.typed = TextField("")
        bulk.scroll = 0
        state.bulk = bulk
        setBulkStage(&state, .preview)
    case .resumed(let runID, let plan, let outcomes):
        guard var bulk = state.bulk else { return [] }
        bulk.runID = runID
        bulk.plan = plan
        bulk.outcomes = outcomes
        bulk.progress = BulkProgress(total: plan.rows.count, concurrency: state.bulkConcurrency)
        state.bulk = bulk
    case .runsListed(let runs):
        guard state.bulk?.stage == .runs else { return [] }
        state.bulk?.runs = runs
        state.bulk?.runIndex = 0
    case .interruptedRunsFound(let runs):
        guard state.policy.refusal(.change("resuming a bulk run")) == nil, let run = runs.first, state.bulk == nil, state.overlay == .none else { return [] }
        state.overlay = .dialog(.resumeRun(run))
    }
    return []
}

/// Writes each applied row's "after" into the list, in one batch (one re-sort). True when a row changed.
private func applyResults(_ state: inout AppState, _ bulk: BulkSession) -> Bool {
    guard let plan = bulk.plan else { return false }
    var changed: [UserRow] = []
    for planned in plan.rows where bulk.outcomes[planned.key] == .applied {
        guard var row = state.list.row(id: planned.userID) else { continue }
        let (before, after) = (planned.before, planned.after)
        switch planned.op {
        case .patchEmail, .createLogin, .deleteLogin:
            // The user's email follows the email login's, as Looker has it.
            if row.email == (before.email ?? row.email) || before.email == nil { row.email = after.email ?? row.email }
            row.emailLogin = after.email
            if planned.op == .createLogin && !row.logins.contains("email") { row.logins.insert("email", at: 0) }
            if planned.op == .deleteLogin { row.logins.removeAll { $0 == "email" }; row.forcedReset = nil }
            if planned.op == .createLogin { row.forcedReset = after.forcedReset ?? false }
        case .setForcedReset:
            row.forcedReset = after.forcedReset
        case .setDisabled:
            row.enabled = after.disabled.map { !$0 }
        case .sendReset, .addRole, .removeRole, .addToGroup, .removeFromGroup, .setAttribute, .clearAttribute, .logout,
             .setScheduleOwner, .setAlertOwner, .moveDashboard, .moveLook, .deleteSession, .deleteAPIKey:
            // Nothing the list shows.
            continue
        }
        changed.append(row)
    }
    guard !changed.isEmpty else { return false }
    state.list.add(changed)
    return true
}

/// "Resume" answered: the run continues where it stopped.
func resumeRun(_ state: inout AppState, _ run: RunSummary) -> [Effect] {
    if let refused = gate(&state, .change("resuming a bulk run")) { return refused }
    var bulk = BulkSession(stage: .running, targetIDs: [], scope: run.scope)
    bulk.runID = run.id
    bulk.progress = BulkProgress(total: run.total, applied: run.applied, failed: run.failed, skipped: run.skipped,
                                 concurrency: state.bulkConcurrency)
    state.bulk = bulk
    setBulkStage(&state, .running)
    return [.resumeBulk(runID: run.id, concurrency: state.bulkConcurrency)]
}

extension String.StringInterpolation {
    /// "1 user", "3 users", with thousands separators.
    mutating func appendInterpolation(count n: Int, _ noun: String) {
        appendLiteral(n.grouped + " " + noun + (n == 1 ? "" : "s"))
    }
}
