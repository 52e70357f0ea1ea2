import Foundation
import LookerAPI
import RosterServices
import RosterCore
import ScreenKit

/// The users a bulk plan is made over: every user of the instance, read with the list's paged
/// listing and fields (`LookerClient.listFields`) and kept as the list's rows (`Mapping.row`), so a
/// `--where` filter means here exactly what it means in the TUI's filter line.
struct BulkUsers {
    var rows: [UserRow]

    static func load(_ client: LookerClient, pageSize: Int = 1000) async throws -> BulkUsers {
        var rows: [UserRow] = []
        for try await page in client.users(pageSize: pageSize, fields: LookerClient.listFields) {
            rows.reserveCapacity(rows.count + page.count)
            for user in page where user.id != nil { rows.append(Mapping.row(user)) }
        }
        return BulkUsers(rows: rows)
    }

    /// The users a filter selects, in id order (the listing's). `dup:email` compares against every
    /// user, not only the ones the other terms leave.
    /// `role:` and `group:` terms resolve against `catalog` (read once by the caller when
    /// `query.needsCatalog`); without it they select nobody.
    func matching(_ query: Query, now: Date = Date(), catalog: AccessCatalog? = nil) -> [UserRow] {
        let duplicates = query.needsDuplicates ? DuplicateEmails(rows) : DuplicateEmails([])
        let seconds = Int64(now.timeIntervalSince1970)
        return rows.filter { query.matches($0, now: seconds, duplicates: duplicates, catalog: catalog) }
    }

    /// A `--where` naming a role or group the catalog does not resolve is a usage error listing the
    /// candidates, before anything is planned (it would otherwise select nobody, silently).
    static func checkNames(_ query: Query?, _ catalog: AccessCatalog?) throws {
        guard let query, query.needsCatalog, let catalog, let problem = query.unresolvedName(catalog) else { return }
        throw CLIFailure(.usage, "roster: --where: " + problem.message)
    }

    /// Plans a `--where` selection.
    func plan(_ action: BulkAction, query: Query, text: String, apiUserID: String?, catalog: AccessCatalog? = nil) -> BulkPlan {
        BulkPlanner.plan(action, scope: text.isEmpty ? "every user" : "filter \(text)",
                         subjects: matching(query, catalog: catalog).map(BulkSubject.init), apiUserID: apiUserID)
    }

    /// Plans an access action over a `--where` selection, with the chosen users' access as `read` gives it.
    func plan(_ action: BulkAction, query: Query, text: String, apiUserID: String?,
              read: ([String]) async throws -> [String: UserAccess], catalog: AccessCatalog) async throws -> BulkPlan {
        let subjects = matching(query, catalog: catalog).map(BulkSubject.init)
        let access = try await read(subjects.map(\.id))
        return BulkPlanner.plan(action, scope: text.isEmpty ? "every user" : "filter \(text)", subjects: subjects, apiUserID: apiUserID,
                                access: access, catalog: catalog)
    }

    /// Plans a CSV mapping: every record becomes a row, in file order. A record naming a user id,
    /// or an address, that no user has is a skipped row ("unknown user"); an address held by the
    /// email logins of two users is ambiguous and reported like a bad line.
    func plan(_ mapping: BulkCSV, file: String) -> Result<BulkPlan, BulkProblems> {
        let scope = "CSV \((file as NSString).lastPathComponent)"
        // Users are found by their index in `rows`: no row is copied into the look-ups.
        var byID: [String: Int] = [:]
        var byEmail: [String: [Int]] = [:]
        switch mapping.kind {
        case .byID:
            byID.reserveCapacity(rows.count)
            for (index, row) in rows.enumerated() { byID[row.id] = index }
        case .byEmail:
            for (index, row) in rows.enumerated() {
                guard let address = row.emailLogin, !address.isEmpty else { continue }
                byEmail[BulkCSV.fold(address), default: []].append(index)
            }
        }
        var errors: [String] = []
        var matched: [Int?] = []
        matched.reserveCapacity(mapping.entries.count)
        var mappedAt: [Int: Int] = [:]
        for entry in mapping.entries {
            let index: Int?
            switch mapping.kind {
            case .byID:
                index = byID[entry.key]
            case .byEmail:
                let hits = byEmail[BulkCSV.fold(entry.key)] ?? []
                if hits.count > 1 {
                    let ids = hits.map { rows[$0].id }.joined(separator: ", ")
                    errors.append("\(file):\(entry.line): '\(entry.key)' is the email login of several users (\(ids)); map them by user_id")
                    matched.append(nil)
                    continue
                }
                index = hits.first
            }
            if let index {
                if let other = mappedAt[index] {
                    errors.append("\(file):\(entry.line): user \(rows[index].id) is already mapped on line \(other)")
                    matched.append(nil)
                    continue
                }
                mappedAt[index] = entry.line
            }
            matched.append(index)
        }
        guard errors.isEmpty else { return .failure(BulkProblems(errors)) }
        byID = [:]
        byEmail = [:]
        mappedAt = [:]
        var targets: [String: String] = [:]
        var subjects: [BulkSubject] = []
        for (entry, index) in zip(mapping.entries, matched) {
            guard let index else { continue }
            targets[rows[index].id] = entry.email
            subjects.append(BulkSubject(rows[index]))
        }
        let planned = BulkPlanner.plan(.setEmails, scope: scope, subjects: subjects, targets: targets)
        subjects = []
        targets = [:]
        var plannedRows = planned.rows.makeIterator()
        var planRows: [PlanRow] = []
        planRows.reserveCapacity(mapping.entries.count)
        for (entry, index) in zip(mapping.entries, matched) {
            if index != nil, let row = plannedRows.next() {
                planRows.append(row)
            } else {
                planRows.append(Self.unknown(entry, kind: mapping.kind))
            }
        }
        return .success(BulkPlan(action: .setEmails, scope: scope, rows: planRows))
    }

    /// A record no user matches. A row needs an id of its own (runs count rows by id), and with an
    /// old address there is none: the row is named after its line, `line 7`, which no user id can be
    /// (ids have no spaces), and carries the address as its "before".
    static func unknown(_ entry: BulkCSV.Entry, kind: BulkCSV.Kind) -> PlanRow {
        let before = BulkSnapshot(email: kind == .byEmail ? entry.key : nil, forcedReset: nil, disabled: nil)
        return PlanRow(userID: kind == .byID ? entry.key : "line \(entry.line)", name: "", op: .patchEmail, before: before,
                       after: BulkSnapshot(email: entry.email, forcedReset: nil, disabled: nil), skip: .unknownUser)
    }
}
