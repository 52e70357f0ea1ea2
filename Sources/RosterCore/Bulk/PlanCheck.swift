import ScreenKit

/// A reason a plan cannot be run as it stands: the row (1-based, in the plan's order), its user id
/// as the plan gives it (untrusted: sanitized when shown) and what is wrong.
public struct PlanProblem: Sendable, Equatable, Codable {
    public var row: Int
    public var userID: String
    public var reason: String

    public init(row: Int, userID: String, reason: String) {
        self.row = row
        self.userID = userID
        self.reason = reason
    }

    /// "row 3 (user 42): …", the id shown sanitized and cut (a hand-edited file may hold anything).
    public var text: String { "row \(row) (user \(userID.isEmpty ? "\"\"" : DisplayText.fit(userID, width: 64))): \(reason)" }
}

/// The user id rule: non-empty, at most 64 ASCII letters, digits, `_` and `-`. Looker's ids are
/// strings, so digits alone would be too strict; a `/`, `?`, `%` or `.` would change a request's path.
public enum UserIDRule {
    public static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64 && id.utf8.allSatisfy {
            (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x5F || $0 == 0x2D
        }
    }
}

extension BulkPlan {
    /// Everything that makes the plan unsafe to run, all at once; empty when it holds together.
    ///
    /// A plan is data that may have been edited by hand, so nothing in it is trusted: every row's
    /// user id keeps the id rule and appears once; a written row's request is the one the action
    /// makes (no `deleteLogin` row in a set-domain plan); its after is what the action gives (the
    /// new domain, a valid address, the flag the action sets) and differs from its before; and the
    /// API user Roster acts as is never disabled nor loses its email login. Skipped rows send
    /// nothing (a CSV row of an unknown address is named after its line), so they are not checked.
    public func problems(apiUserID: String? = nil) -> [PlanProblem] {
        var found: [PlanProblem] = []
        var seen: Set<String> = []
        for (index, row) in rows.enumerated() where row.skip == nil {
            func problem(_ reason: String) { found.append(PlanProblem(row: index + 1, userID: row.userID, reason: reason)) }
            if !UserIDRule.isValid(row.userID) {
                problem("not a user id (letters, digits, _ and - only, at most 64)")
            } else if !seen.insert(row.key).inserted {
                problem(row.item == nil ? "the same user appears more than once" : "the same \(row.item!.kind.noun) appears more than once")
            }
            if let reason = Self.mismatch(row, action) { problem(reason) }
            // An undo may give back a role or group a run took (from someone else): only what it takes is checked.
            if row.userID == apiUserID, row.cutsAPIUser, !(action.isUndo && (row.op == .removeRole || row.op == .removeFromGroup)) {
                problem(row.op == .removeRole || row.op == .removeFromGroup
                        ? "the API user Roster acts as never loses a role or a group in a bulk run"
                        : row.op == .deleteSession || row.op == .deleteAPIKey
                        ? "the API user Roster acts as never loses a session or an API key in a bulk run"
                        : "the API user Roster acts as is never disabled nor loses its email login")
            }
        }
        return found
    }

    /// The requests a written row of `action` may make.
    static func ops(of action: BulkAction) -> Set<BulkOp> {
        switch action {
        case .setDomain, .setEmails: [.patchEmail]
        case .forceReset: [.setForcedReset]
        case .disable, .enable: [.setDisabled]
        case .sendReset: [.sendReset]
        case .createFromSSO: [.createLogin]
        case .deleteLogin: [.deleteLogin]
        case .addRole, .removeRole, .addToGroup, .removeFromGroup, .setAttribute, .clearAttribute, .logout:
            [BulkPlanner.op(of: action)!]
        case .offboard: [.setScheduleOwner, .setAlertOwner, .moveDashboard, .moveLook, .deleteSession, .deleteAPIKey, .setDisabled]
        // An undo inverts each applied row; a sent email and a logout have no inverse (their rows are skipped).
        case .undo: [.patchEmail, .setForcedReset, .setDisabled, .createLogin, .deleteLogin,
                     .addRole, .removeRole, .addToGroup, .removeFromGroup, .setAttribute, .clearAttribute,
                     .setScheduleOwner, .setAlertOwner, .moveDashboard, .moveLook]
        }
    }

    /// Why a written row is not what `action` would write, or nil when it is. An undo row puts back
    /// what a run found, whatever it was, so only its shape is checked, not the values.
    static func mismatch(_ row: PlanRow, _ action: BulkAction) -> String? {
        guard ops(of: action).contains(row.op) else {
            return "a \(row.op.rawValue) request does not belong in a plan to \(action.title)"
        }
        let (before, after) = (row.before, row.after)
        if row.op.isAccess { return accessMismatch(row, action) }
        if row.op.isHandOver { return handOverMismatch(row, action) }
        if case .undo = action {
            switch row.op {
            case .patchEmail: if before.email == nil || after.email == nil { return "an undo row without both addresses" }
            case .setForcedReset: if after.forcedReset == nil { return "an undo row without the flag to put back" }
            case .setDisabled: if after.disabled == nil { return "an undo row without the state to put back" }
            case .createLogin: if after.email == nil { return "an undo row without the address to put back" }
            case .deleteLogin, .sendReset: break
            case .addRole, .removeRole, .addToGroup, .removeFromGroup, .setAttribute, .clearAttribute, .logout: break
            case .setScheduleOwner, .setAlertOwner, .moveDashboard, .moveLook, .deleteSession, .deleteAPIKey: break
            }
            return nil
        }
        switch row.op {
        case .patchEmail:
            guard let old = before.email else { return "renames an email login the user does not have" }
            guard let new = after.email, BulkPlanner.isValidAddress(new) else {
                return "the new address is not a valid email address: \(after.email ?? "(none)")"
            }
            if new == old { return "the new address is the old one: nothing to change" }
            if case .setDomain(let from, let to) = action {
                guard let at = old.lastIndex(of: "@"), old[old.index(after: at)...].lowercased() == from.lowercased() else {
                    return "\(old) is not at \(from)"
                }
                if new != String(old[..<at]) + "@" + to { return "\(new) is not \(old) moved to \(to)" }
            }
        case .setForcedReset:
            guard before.email != nil else { return "sets a flag of an email login the user does not have" }
            guard let flag = after.forcedReset else { return "does not say whether to force a reset" }
            if case .forceReset(let on) = action, flag != on { return "sets the flag to \(flag), the plan to \(on)" }
            if before.forcedReset == flag { return "the flag is already \(flag): nothing to change" }
        case .setDisabled:
            guard let flag = after.disabled else { return "does not say whether to disable" }
            if (action == .disable || action.isOffboard) && !flag || action == .enable && flag {
                return flag ? "disables a user in a plan to enable" : "enables a user in a plan to disable"
            }
            if before.disabled == flag { return "the user is already \(flag ? "disabled" : "enabled"): nothing to change" }
        case .sendReset:
            guard before.email != nil else { return "sends a reset email to a user without an email login" }
        case .createLogin:
            if before.email != nil { return "creates an email login for a user who has one" }
            guard let new = after.email, BulkPlanner.isValidAddress(new) else {
                return "the new login's address is not a valid email address: \(after.email ?? "(none)")"
            }
        case .deleteLogin:
            guard before.email != nil else { return "deletes an email login the user does not have" }
            if after.email != nil { return "a deleted login keeps no address" }
        case .addRole, .removeRole, .addToGroup, .removeFromGroup, .setAttribute, .clearAttribute, .logout: break
        case .setScheduleOwner, .setAlertOwner, .moveDashboard, .moveLook, .deleteSession, .deleteAPIKey: break
        }
        return nil
    }

    /// Why an offboarding row is not what `action` would write: it names one thing by a valid id, hands
    /// a schedule or alert from its user to the successor (or, undoing, back to a valid user), moves
    /// content between two valid folders, and ends a session or key the row's user has.
    static func handOverMismatch(_ row: PlanRow, _ action: BulkAction) -> String? {
        guard let item = row.item else { return "an offboarding row that does not say what it hands over" }
        guard UserIDRule.isValid(item.id) else { return "not a \(item.kind.noun) id" }
        let kinds: [BulkOp: OwnedKind] = [.setScheduleOwner: .schedule, .setAlertOwner: .alert, .moveDashboard: .dashboard,
                                           .moveLook: .look, .deleteSession: .session, .deleteAPIKey: .apiKey]
        guard kinds[row.op] == item.kind else { return "a \(row.op.rawValue) request for a \(item.kind.noun)" }
        let (before, after) = (row.before, row.after)
        switch row.op {
        case .setScheduleOwner, .setAlertOwner:
            guard let from = before.owner, let to = after.owner, UserIDRule.isValid(from), UserIDRule.isValid(to) else {
                return "does not say whose \(item.kind.noun) it is and who gets it"
            }
            if from == to { return "hands the \(item.kind.noun) to its owner: nothing to change" }
            if case .offboard(let successor, _, _) = action {
                if from != row.userID { return "hands over a \(item.kind.noun) of user \(from), not of the row's user" }
                if to != successor { return "hands the \(item.kind.noun) to user \(to), the plan to \(successor)" }
            }
        case .moveDashboard, .moveLook:
            guard let from = before.folder, let to = after.folder, UserIDRule.isValid(from), UserIDRule.isValid(to) else {
                return "does not say which folders the \(item.kind.noun) moves between"
            }
            if from == to { return "moves the \(item.kind.noun) to its own folder: nothing to change" }
            if case .offboard(_, _, let folder) = action, to != folder { return "moves the \(item.kind.noun) to folder \(to), the plan to \(folder)" }
        case .deleteSession, .deleteAPIKey:
            if action.isUndo { return "a \(item.kind.noun) cannot be restored" }
        default:
            break
        }
        return nil
    }

    /// Why an access row is not what `action` would write: it must name the action's role, group or
    /// attribute (and value). An undo row must name something to put back; only its shape is checked.
    static func accessMismatch(_ row: PlanRow, _ action: BulkAction) -> String? {
        guard let target = row.target else { return "an access row that does not say what it changes" }
        if row.op != .logout, !UserIDRule.isValid(target.id) { return "not a role, group or attribute id" }
        if row.op == .setAttribute, target.value == nil { return "sets an attribute without a value" }
        if case .undo = action { return nil }
        guard let planned = action.target else { return nil }
        if target.id != planned.id { return "changes \(target.id), the plan \(planned.id)" }
        if row.op == .setAttribute, target.value != planned.value { return "sets another value than the plan" }
        return nil
    }
}

extension PlanRow {
    /// Whether `current` still holds the plan's before, on the fields the row's request concerns.
    /// A value the plan did not know (nil) matches anything.
    public func holdsBefore(_ current: BulkSnapshot) -> Bool {
        func flag(_ planned: Bool?, _ now: Bool?) -> Bool { planned == nil || planned == now }
        switch op {
        case .patchEmail, .deleteLogin:
            return current.email != nil && current.email == before.email
        case .setForcedReset:
            return current.email != nil && flag(before.forcedReset, current.forcedReset)
        case .setDisabled:
            return flag(before.disabled, current.disabled)
        case .sendReset:
            return current.email != nil && current.email == before.email && flag(before.disabled, current.disabled)
        case .createLogin:
            return current.email == nil
        case .addRole, .removeRole, .addToGroup, .removeFromGroup, .setAttribute, .clearAttribute, .logout,
             .setScheduleOwner, .setAlertOwner, .moveDashboard, .moveLook, .deleteSession, .deleteAPIKey:
            // Access and offboarding rows are read and compared by their own work.
            return true
        }
    }

    /// Whether `current` already holds the plan's after (the request was applied).
    public func holdsAfter(_ current: BulkSnapshot) -> Bool {
        switch op {
        case .patchEmail, .createLogin:
            return current.email != nil && current.email == after.email
        case .setForcedReset:
            return current.email != nil && after.forcedReset != nil && current.forcedReset == after.forcedReset
        case .setDisabled:
            return after.disabled != nil && current.disabled == after.disabled
        case .deleteLogin:
            return current.email == nil
        case .sendReset, .addRole, .removeRole, .addToGroup, .removeFromGroup, .setAttribute, .clearAttribute, .logout,
             .setScheduleOwner, .setAlertOwner, .moveDashboard, .moveLook, .deleteSession, .deleteAPIKey:
            return false
        }
    }
}

extension BulkPlan {
    /// The plan with every written row whose user no longer holds its before (or was not found in
    /// `current`) skipped as changed elsewhere: what a run would do, known before confirming.
    public func skippingChanged(_ current: [String: BulkSnapshot]) -> BulkPlan {
        var plan = self
        for index in plan.rows.indices where plan.rows[index].skip == nil {
            let row = plan.rows[index]
            if let now = current[row.userID], row.holdsBefore(now) { continue }
            plan.rows[index].after = row.before
            plan.rows[index].skip = .changedElsewhere
        }
        return plan
    }
}
