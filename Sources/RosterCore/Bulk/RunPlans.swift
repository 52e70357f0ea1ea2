/// Why a run cannot be undone or retried now.
public enum RunPlanRefusal: Error, Sendable, Equatable {
    /// A process is running (or pausing) the run.
    case busy(String)
    /// The run was undone already, by the run `by`.
    case undone(id: String, by: String)
}

extension BulkPlan {
    /// The inverse of what a run applied: each applied row's after → before (a sent reset email is a
    /// skipped row, `cannotUndo`), newest first, as a chain of renames needs.
    ///
    /// Rows in doubt (an interrupted run) are included: the runner re-reads each row and writes it
    /// only when it still holds what the run wrote, so a row the run never changed is skipped.
    public static func undo(of summary: RunSummary, plan: BulkPlan, outcomes: [String: RowOutcome],
                            inDoubt: [String]) throws(RunPlanRefusal) -> BulkPlan {
        let id = summary.id
        guard summary.phase != .running, summary.phase != .paused else { throw .busy(id) }
        if let by = summary.undoneBy { throw .undone(id: id, by: by) }
        let doubt = Set(inDoubt)
        let rows = plan.rows.reversed()
            .filter { outcomes[$0.userID] == .applied || doubt.contains($0.userID) }
            .map(\.inverse)
        return BulkPlan(action: .undo(runID: id), scope: "undo of run \(id)", rows: rows)
    }

    /// A run's failed rows planned again: the same before → after, re-read before writing as always.
    public static func retry(of summary: RunSummary, plan: BulkPlan,
                             outcomes: [String: RowOutcome]) throws(RunPlanRefusal) -> BulkPlan {
        guard summary.phase != .running, summary.phase != .paused else { throw .busy(summary.id) }
        let rows = plan.rows.filter {
            if case .failed = outcomes[$0.userID] { return true }
            return false
        }.map { row in
            var again = row
            again.skip = nil
            return again
        }
        return BulkPlan(action: plan.action, scope: "failed rows of run \(summary.id)", rows: rows)
    }
}

extension PlanRow {
    /// The row that undoes this one: its after → before, with the inverse request.
    public var inverse: PlanRow {
        let op: BulkOp
        switch self.op {
        case .patchEmail, .setForcedReset, .setDisabled: op = self.op
        case .createLogin: op = .deleteLogin
        case .deleteLogin: op = .createLogin
        case .sendReset:
            return PlanRow(userID: userID, name: name, op: .sendReset, before: after, after: after, skip: .cannotUndo)
        }
        return PlanRow(userID: userID, name: name, op: op, before: after, after: before)
    }
}
