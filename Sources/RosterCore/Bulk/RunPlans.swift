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
    ///
    /// An access row is undone from what the run found and left (`seen`, from the run file): a set
    /// attribute goes back to its value before, or is cleared when the user had none of their own.
    public static func undo(of summary: RunSummary, plan: BulkPlan, outcomes: [String: RowOutcome],
                            inDoubt: [String], seen: [String: RowSeen] = [:]) throws(RunPlanRefusal) -> BulkPlan {
        let id = summary.id
        guard summary.phase != .running, summary.phase != .paused else { throw .busy(id) }
        if let by = summary.undoneBy { throw .undone(id: id, by: by) }
        let doubt = Set(inDoubt)
        let rows = plan.rows.reversed()
            .filter { outcomes[$0.key] == .applied || doubt.contains($0.key) }
            .map { $0.inverse(seen: seen[$0.key]) }
        return BulkPlan(action: .undo(runID: id), scope: "undo of run \(id)", rows: rows)
    }

    /// A run's failed rows planned again: the same before → after, re-read before writing as always.
    public static func retry(of summary: RunSummary, plan: BulkPlan,
                             outcomes: [String: RowOutcome]) throws(RunPlanRefusal) -> BulkPlan {
        guard summary.phase != .running, summary.phase != .paused else { throw .busy(summary.id) }
        let rows = plan.rows.filter {
            if case .failed = outcomes[$0.key] { return true }
            return false
        }.map { row in
            var again = row
            again.skip = nil
            return again
        }
        return BulkPlan(action: plan.action, scope: "failed rows of run \(summary.id)", rows: rows)
    }
}

/// What an applied access row found and left, as the write read it: the run file keeps it with the
/// row's outcome, since a plan made from the list does not know a user's roles or values.
public struct RowSeen: Sendable, Equatable, Codable {
    public var before: BulkSnapshot
    public var after: BulkSnapshot

    public init(before: BulkSnapshot, after: BulkSnapshot) {
        self.before = before
        self.after = after
    }
}

extension PlanRow {
    /// The row that undoes this one: its after → before, with the inverse request.
    public var inverse: PlanRow { inverse(seen: nil) }

    /// The row that undoes this one, from what its write found and left when known (`seen`).
    public func inverse(seen: RowSeen?) -> PlanRow {
        let op: BulkOp
        let (before, after) = seen.map { ($0.before, $0.after) } ?? (self.before, self.after)
        func none(_ why: String) -> PlanRow {
            PlanRow(userID: userID, name: name, op: self.op, before: after, after: after, skip: .noInverse(why), target: target, item: item)
        }
        switch self.op {
        case .patchEmail, .setForcedReset, .setDisabled: op = self.op
        case .createLogin: op = .deleteLogin
        case .deleteLogin: op = .createLogin
        case .sendReset:
            return PlanRow(userID: userID, name: name, op: .sendReset, before: after, after: after, skip: .cannotUndo)
        case .addRole: op = .removeRole
        case .removeRole: op = .addRole
        case .addToGroup: op = .removeFromGroup
        case .removeFromGroup: op = .addToGroup
        case .setAttribute, .clearAttribute:
            guard let target else { return none("the row does not say which attribute") }
            guard let was = seen?.before.attribute else { return none("the value before is not known") }
            if target.hidden == true || was.hidden { return none("a hidden attribute's value is never known, so it cannot be put back") }
            guard was.own else {
                return PlanRow(userID: userID, name: name, op: .clearAttribute, before: after, after: before,
                               target: AccessTarget(id: target.id, name: target.name, hidden: false))
            }
            return PlanRow(userID: userID, name: name, op: .setAttribute, before: after, after: before,
                           target: AccessTarget(id: target.id, name: target.name, value: was.value ?? "", hidden: false))
        case .logout, .deleteSession:
            return none(UserOperation.logout.inverseReason ?? "a session cannot be restored")
        case .deleteAPIKey:
            return none(UserOperation.deleteAPIKey.inverseReason ?? "a deleted API key cannot be restored")
        case .setScheduleOwner, .setAlertOwner, .moveDashboard, .moveLook: op = self.op
        }
        return PlanRow(userID: userID, name: name, op: op, before: after, after: before, target: target, item: item)
    }
}

extension UserOperation {
    /// Why it has no inverse; nil when it has one.
    var inverseReason: String? {
        if case .failure(let why) = inverse { return why.reason }
        return nil
    }
}
