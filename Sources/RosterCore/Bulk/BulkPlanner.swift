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
    public static func plan(_ action: BulkAction, scope: String, subjects: [BulkSubject],
                            targets: [String: String] = [:], apiUserID: String? = nil) -> BulkPlan {
        var rows = subjects.map { subject -> PlanRow in
            let planned = row(action, subject, targets: targets)
            if subject.id == apiUserID, planned.skip == nil, planned.op == .setDisabled && planned.after.disabled == true
                || planned.op == .deleteLogin {
                return PlanRow(userID: planned.userID, name: planned.name, op: planned.op, before: planned.before,
                               after: planned.before, skip: .apiUser)
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
        }
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
