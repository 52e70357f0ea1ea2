import Foundation
import RosterCore
import ScreenKit

/// The preview of a plan as people read it: one line per targeted user (`id  name  before → after`,
/// or `skipped: reason`), then the totals. Cells pass `TextTable`, so every name and address is
/// sanitized and cut by display width.
enum BulkPreview {
    static let headers = ["ID", "NAME", "CHANGE"]
    static let maxWidths = [12, 32, 160]

    static func lines(_ plan: BulkPlan) -> [String] {
        guard !plan.rows.isEmpty else { return ["no users selected", totals(plan)] }
        let cells = plan.rows.map { [shownID($0.userID), $0.name, change($0)] }
        let table = TextTable(headers: headers, rows: cells, maxWidths: maxWidths)
        return [table.headerLine] + cells.map(table.format) + [totals(plan)]
    }

    /// "2,000 users: 1,912 to change, 88 skipped (no email login 80, already so 8)".
    static func totals(_ plan: BulkPlan) -> String {
        var text = "\(count(plan.rows.count, "user")): \(grouped(plan.writeCount)) to \(verb(plan.action)), "
            + "\(grouped(plan.skipCount)) skipped"
        let reasons = skipCounts(plan.rows.compactMap(\.skip))
        if !reasons.isEmpty { text += " (" + reasons.map { "\($0.label) \(grouped($0.count))" }.joined(separator: ", ") + ")" }
        return text
    }

    /// Skip reasons grouped by kind (an invalid target is one kind whatever the address), most first.
    static func skipCounts(_ reasons: [SkipReason]) -> [(label: String, count: Int)] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for reason in reasons {
            let label = self.label(reason)
            if counts[label] == nil { order.append(label) }
            counts[label, default: 0] += 1
        }
        return order.map { ($0, counts[$0]!) }.sorted { $0.count > $1.count }
    }

    static func label(_ reason: SkipReason) -> String {
        switch reason {
        case .invalidTarget: "target address not valid"
        case .duplicateTarget: "target address given twice"
        default: reason.text
        }
    }

    static func verb(_ action: BulkAction) -> String {
        switch action {
        case .sendReset: "send"
        case .createFromSSO: "create"
        case .deleteLogin: "delete"
        default: "change"
        }
    }

    /// A row's change in words, or why it is skipped.
    static func change(_ row: PlanRow) -> String {
        if let skip = row.skip {
            // An unknown old address is worth seeing: it is what the admin has to fix.
            if skip == .unknownUser, let old = row.before.email { return "skipped: unknown user: no email login is \(old)" }
            return "skipped: " + skip.text
        }
        let b = row.before, a = row.after
        switch row.op {
        case .patchEmail: return "\(b.email ?? "(no email login)") → \(a.email ?? "(none)")"
        case .setForcedReset: return "forced reset \(yesNo(b.forcedReset)) → \(yesNo(a.forcedReset))"
        case .setDisabled: return "\(state(b.disabled)) → \(state(a.disabled))"
        case .sendReset: return "send a password reset email to \(b.email ?? "?")"
        case .createLogin: return "(no email login) → \(a.email ?? "?")"
        case .deleteLogin: return "\(b.email ?? "?") → (no email login)"
        }
    }

    /// How a run's row ended, in words.
    static func outcome(_ outcome: RowOutcome?, inDoubt: Bool) -> String {
        switch outcome {
        case .applied: "applied"
        case .skipped(let reason): "skipped: " + reason.text
        case .failed(let status, let message, let field): "failed: " + failure(status: status, message: message, field: field)
        case nil: inDoubt ? "in doubt (re-read on resume)" : "not run yet"
        }
    }

    /// "422 email: already taken", "network: connection refused".
    static func failure(status: Int, message: String, field: String?) -> String {
        let code = status == 0 ? "network" : String(status)
        return code + " " + (field.map { "\($0): " } ?? "") + message
    }

    /// An id as shown; never empty, so columns stay aligned.
    static func shownID(_ id: String) -> String { id.isEmpty ? "-" : id }

    static func yesNo(_ value: Bool?) -> String { value.map { $0 ? "yes" : "no" } ?? "?" }
    static func state(_ disabled: Bool?) -> String { disabled.map { $0 ? "disabled" : "enabled" } ?? "?" }

    static func count(_ n: Int, _ noun: String) -> String { "\(grouped(n)) \(noun)\(n == 1 ? "" : "s")" }

    /// 12345 → "12,345".
    static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// 75 → "1m15s"; 4000 → "1h06m".
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
    }
}
