import Foundation
import RosterCore
import ScreenKit

/// The preview of a plan as people read it: one line per targeted user (`id  name  before → after`,
/// or `skipped: reason`), then the totals. Cells pass `TextTable`, so every name and address is
/// sanitized and cut by display width.
enum BulkPreview {
    static let headers = ["ID", "NAME", "CHANGE"]
    static let maxWidths = [12, 32, 160]

    /// The preview onto `out`, a line at a time: the cells are made twice (once to size the
    /// columns), never held, so a plan of 100,000 rows costs no more than its rows.
    static func write(_ plan: BulkPlan, to out: inout Output) {
        guard !plan.rows.isEmpty else {
            out.line("no users selected")
            out.line(totals(plan))
            return
        }
        var table = TextTable(headers: headers, maxWidths: maxWidths)
        for row in plan.rows { table.widen(cells(row)) }
        out.line(table.headerLine)
        for row in plan.rows { out.line(table.format(cells(row))) }
        out.line(totals(plan))
    }

    static func cells(_ row: PlanRow) -> [String] { [shownID(row.userID), row.name, change(row)] }

    /// "2,000 users: 1,912 to change, 88 skipped (no email login 80, already so 8)".
    static func totals(_ plan: BulkPlan) -> String {
        var text = "\(count(plan.rows.count, plan.action.isOffboard ? "row" : "user")): \(plan.writeCount.grouped) to \(verb(plan.action)), "
            + "\(plan.skipCount.grouped) skipped"
        let reasons = skipCounts(plan.rows.compactMap(\.skip))
        if !reasons.isEmpty { text += " (" + reasons.map { "\($0.label) \($0.count.grouped)" }.joined(separator: ", ") + ")" }
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

    /// A row's change in words, or why it is skipped; addresses cut to `sideWidth` columns each.
    static func change(_ row: PlanRow, sideWidth: Int = 60) -> String {
        if let skip = row.skip {
            // An unknown old address is worth seeing: it is what the admin has to fix.
            if skip == .unknownUser, let old = row.before.email { return "skipped: unknown user: no email login is \(old)" }
            if let item = row.item { return "\(item.kind.noun) \(item.id) \(item.name): skipped: " + skip.text }
            return "skipped: " + skip.text
        }
        return row.change(sideWidth: sideWidth)
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

    static func count(_ n: Int, _ noun: String) -> String { n.counted(noun) }
}
