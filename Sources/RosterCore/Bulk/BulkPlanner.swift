/// Turns an action and the targeted users into a plan: every row's before → after, or why it is
/// skipped. Pure: nothing is read or sent.
public enum BulkPlanner {
    /// Plans `action` over `subjects` (in their order). `targets` gives each user's new address for
    /// `.setEmails` (user id → address). Rows are never dropped: a user the action does not apply to
    /// is a skipped row with its reason.
    public static func plan(_ action: BulkAction, scope: String, subjects: [BulkSubject],
                            targets: [String: String] = [:]) -> BulkPlan {
        fatalError("BulkPlanner.plan is being written")
    }

    /// Whether `address` is a plausible email address (one `@`, a local part, a dotted domain, no
    /// spaces or control characters).
    public static func isValidAddress(_ address: String) -> Bool {
        fatalError("BulkPlanner.isValidAddress is being written")
    }
}
