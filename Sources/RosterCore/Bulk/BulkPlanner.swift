/// Turns an action and the targeted users into a plan: every row's before → after, or why it is
/// skipped. Pure: nothing is read or sent.
public enum BulkPlanner {
    /// Plans `action` over `subjects` (in their order). `targets` gives each user's new address for
    /// `.setEmails` (user id → address). Rows are never dropped: a user the action does not apply to
    /// is a skipped row with its reason.
    ///
    /// Two rows never end up with the same address (compared case-insensitively, as Looker does): a
    /// written row whose new address another row of the plan keeps, or another written row would
    /// also get, is skipped as `duplicateTarget` (all of them). `.undo` plans come from `RunStore.undoPlan(of:)`; planned
    /// here, every row is skipped as `cannotUndo`.
    ///
    /// `apiUserID` is the user Roster acts as: disabling it would cut the run's own access, and
    /// deleting its email login locks its owner out of the web UI, so those rows are skipped (`apiUser`).
    ///
    /// Access actions (roles, groups, attributes, logout) are planned from `access`, each user's
    /// direct roles, groups and flags when they were read (user id → `UserAccess`), and `catalog` (a
    /// group's management): a flag or a managed group that blocks the change, or a user already as
    /// asked, is a skipped row saying so. A user whose access was not read is a written row; the
    /// runner reads and decides then, as it does for every row anyway.
    public static func plan(_ action: BulkAction, scope: String, subjects: [BulkSubject],
                            targets: [String: String] = [:], apiUserID: String? = nil,
                            access: [String: UserAccess] = [:], catalog: AccessCatalog? = nil) -> BulkPlan {
        var rows = subjects.map { subject -> PlanRow in
            let planned = action.target.map { accessRow(action, $0, subject, access[subject.id], catalog) }
                ?? row(action, subject, targets: targets)
            if subject.id == apiUserID, planned.skip == nil, planned.cutsAPIUser {
                return PlanRow(userID: planned.userID, name: planned.name, op: planned.op, before: planned.before,
                               after: planned.before, skip: .apiUser, target: planned.target)
            }
            return planned
        }
        skipDuplicateTargets(&rows)
        return BulkPlan(action: action, scope: scope, rows: rows)
    }

    /// Whether `address` is a plausible email address: one `@`; a local part of at most 64
    /// characters without spaces, control or invisible format characters, quotes or the specials
    /// `\ , ; : < > ( ) [ ]`, without a leading, trailing or doubled dot, and not starting with
    /// `=`, `+`, `-` or `@` (a spreadsheet runs such a cell as a formula); a domain of at least two
    /// dot-separated labels made of letters, digits and inner hyphens; at most 254 characters in all.
    public static func isValidAddress(_ address: String) -> Bool {
        guard address.utf8.count <= 254 else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, local.count <= 64, local.unicodeScalars.allSatisfy(isAllowedInLocalPart) else { return false }
        guard let first = local.first, !"=+-".contains(first), first != ".", local.last != ".", !local.contains("..") else {
            return false
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy(isValidLabel)
    }

    // MARK: - One row

    private static func row(_ action: BulkAction, _ s: BulkSubject, targets: [String: String]) -> PlanRow {
        let before = s.snapshot
        func skipped(_ op: BulkOp, _ reason: SkipReason) -> PlanRow {
            PlanRow(userID: s.id, name: s.name, op: op, before: before, after: before, skip: reason)
        }
        func written(_ op: BulkOp, _ change: (inout BulkSnapshot) -> Void) -> PlanRow {
            var after = before
            change(&after)
            return PlanRow(userID: s.id, name: s.name, op: op, before: before, after: after)
        }
        switch action {
        case .setDomain(let from, let to):
            guard let email = s.loginEmail else { return skipped(.patchEmail, .noEmailLogin) }
            guard let at = email.lastIndex(of: "@"), email[email.index(after: at)...].lowercased() == from.lowercased() else {
                return skipped(.patchEmail, .otherDomain)
            }
            let target = String(email[..<at]) + "@" + to
            if target == email { return skipped(.patchEmail, .alreadySo) }
            guard isValidAddress(target) else { return skipped(.patchEmail, .invalidTarget(target)) }
            return written(.patchEmail) { $0.email = target }
        case .setEmails:
            guard let target = targets[s.id] else { return skipped(.patchEmail, .unknownUser) }
            guard let email = s.loginEmail else { return skipped(.patchEmail, .noEmailLogin) }
            if target == email { return skipped(.patchEmail, .alreadySo) }
            guard isValidAddress(target) else { return skipped(.patchEmail, .invalidTarget(target)) }
            return written(.patchEmail) { $0.email = target }
        case .forceReset(let on):
            guard s.loginEmail != nil else { return skipped(.setForcedReset, .noEmailLogin) }
            if s.forcedReset == on { return skipped(.setForcedReset, .alreadySo) }
            return written(.setForcedReset) { $0.forcedReset = on }
        case .disable, .enable:
            let disabling = action == .disable
            if s.disabled == disabling { return skipped(.setDisabled, .alreadySo) }
            return written(.setDisabled) { $0.disabled = disabling }
        case .sendReset:
            guard s.loginEmail != nil else { return skipped(.sendReset, .noEmailLogin) }
            if s.disabled == true { return skipped(.sendReset, .disabled) }
            return written(.sendReset) { _ in }
        case .createFromSSO:
            if s.loginEmail != nil { return skipped(.createLogin, .hasEmailLogin) }
            guard let sso = s.ssoEmail, !sso.isEmpty else { return skipped(.createLogin, .noSSOEmail) }
            guard isValidAddress(sso) else { return skipped(.createLogin, .invalidTarget(sso)) }
            // A new login starts without a forced reset; nil says "whatever Looker gives it".
            return written(.createLogin) { $0.email = sso; $0.forcedReset = nil }
        case .deleteLogin:
            guard s.loginEmail != nil else { return skipped(.deleteLogin, .noEmailLogin) }
            return written(.deleteLogin) { $0.email = nil; $0.forcedReset = nil }
        case .undo:
            return skipped(.patchEmail, .cannotUndo)
        case .addRole, .removeRole, .addToGroup, .removeFromGroup, .setAttribute, .clearAttribute, .logout:
            preconditionFailure("access actions are planned by accessRow")
        case .offboard:
            preconditionFailure("offboarding is planned by OffboardPlanner, from what each user owns")
        }
    }

    /// The request an access action's rows make.
    public static func op(of action: BulkAction) -> BulkOp? {
        switch action {
        case .addRole: .addRole
        case .removeRole: .removeRole
        case .addToGroup: .addToGroup
        case .removeFromGroup: .removeFromGroup
        case .setAttribute: .setAttribute
        case .clearAttribute: .clearAttribute
        case .logout: .logout
        case .setDomain, .setEmails, .forceReset, .disable, .enable, .sendReset, .createFromSSO, .deleteLogin, .offboard, .undo: nil
        }
    }

    /// One access row. With the user's access known, the refusals of `UserAccess` and "already so"
    /// are decided now, and the row shows the direct set before → after.
    private static func accessRow(_ action: BulkAction, _ target: AccessTarget, _ s: BulkSubject, _ access: UserAccess?,
                                  _ catalog: AccessCatalog?) -> PlanRow {
        let op = op(of: action)!
        var row = PlanRow(userID: s.id, name: s.name, op: op, before: .unknown, after: .unknown, target: target)
        func skip(_ reason: SkipReason) -> PlanRow {
            row.after = row.before
            row.skip = reason
            return row
        }
        // A managed group is managed for everyone: no user's access needs reading to know.
        if op == .addToGroup || op == .removeFromGroup, let group = catalog?.group(target.id), group.externallyManaged,
           let why = UserAccess(userID: s.id, directRoleIDs: [], groupIDs: []).membershipRefusal(group) {
            return skip(.blocked(why))
        }
        guard let access else { return row }
        switch op {
        case .addRole, .removeRole:
            row.before = .roles(access.directRoleIDs)
            if let why = access.rolesRefusal { return skip(.blocked(why)) }
            let has = access.directRoleIDs.contains(target.id)
            if op == .addRole {
                if has { return skip(.nothingToDo("already has the role directly")) }
                row.after = .roles(access.directRoleIDs + [target.id])
            } else {
                if !has { return skip(.nothingToDo("does not have the role directly")) }
                row.after = .roles(access.directRoleIDs.filter { $0 != target.id })
            }
        case .addToGroup, .removeFromGroup:
            row.before = .groups(access.groupIDs)
            let group = catalog?.group(target.id) ?? AccessCatalog.Group(id: target.id, name: target.name)
            if let why = access.membershipRefusal(group) { return skip(.blocked(why)) }
            let member = access.groupIDs.contains(target.id)
            if op == .addToGroup {
                if member { return skip(.nothingToDo("already in the group")) }
                row.after = .groups(access.groupIDs + [target.id])
            } else {
                if !member { return skip(.nothingToDo("not directly in the group")) }
                row.after = .groups(access.groupIDs.filter { $0 != target.id })
            }
        default:
            break
        }
        return row
    }

    // MARK: - Duplicates


    /// Skips the written rows whose new address would collide: with an address a row keeps (a
    /// skipped row, or a write that leaves the address alone), or with another written row's new
    /// address. Colliding rows are all skipped, none wins: which user should get the address is the
    /// admin's call, and renaming one of a pair that already shares an address (Looker compares
    /// case-insensitively) could not be undone, since Looker refuses to make the pair again.
    private static func skipDuplicateTargets(_ rows: inout [PlanRow]) {
        var kept: Set<String> = []
        for row in rows where !changesAddress(row) {
            if let email = row.before.email { kept.insert(email.lowercased()) }
        }
        var targets: [String: Int] = [:]
        for row in rows where changesAddress(row) {
            if let target = row.after.email { targets[target.lowercased(), default: 0] += 1 }
        }
        for index in rows.indices where changesAddress(rows[index]) {
            guard let target = rows[index].after.email else { continue }
            let key = target.lowercased()
            if kept.contains(key) || targets[key, default: 0] > 1 {
                rows[index].after = rows[index].before
                rows[index].skip = .duplicateTarget(target)
            }
        }
    }

    private static func changesAddress(_ row: PlanRow) -> Bool {
        row.skip == nil && (row.op == .patchEmail || row.op == .createLogin)
    }

    // MARK: - Address parts

    private static func isAllowedInLocalPart(_ scalar: Unicode.Scalar) -> Bool {
        if "\"\\,;:<>()[]".unicodeScalars.contains(scalar) { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate:
            return false
        default:
            return !scalar.properties.isWhitespace
        }
    }

    private static func isValidLabel(_ label: Substring) -> Bool {
        guard let first = label.first, let last = label.last, first != "-", last != "-", label.count <= 63 else { return false }
        return label.allSatisfy { $0 == "-" || $0.isLetter || ($0.isASCII && $0.isNumber) }
    }
}

extension PlanRow {
    /// Whether the row, made to the API user Roster acts as, could cut the run's own access or lock
    /// its owner out: disabling it, deleting its email login, taking a role or a group from it.
    public var cutsAPIUser: Bool {
        switch op {
        case .setDisabled: after.disabled == true
        case .deleteLogin, .removeRole, .removeFromGroup, .deleteSession, .deleteAPIKey: true
        default: false
        }
    }
}
