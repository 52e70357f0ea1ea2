import Foundation
import LookerAPI
import RosterCore

/// One row of a run from re-read to outcome, away from the runner's actor: re-read, compare with
/// the plan, write the intent line, send, write the outcome line. Knows nothing of pacing.
struct BulkRowWork: Sendable {
    let service: any LookerService
    let file: RunFile
    let recorder: JournalRecorder?
    /// The instance's groups, read once per run when the plan changes memberships: a group synced
    /// from SAML/LDAP/OIDC is never changed by hand.
    var groups: [String: AccessCatalog.Group] = [:]

    /// The fields a re-read asks for: the ones bulk actions compare and write.
    static let rereadFields = "id,is_disabled,credentials_email(email,forced_password_reset_at_next_login)"

    struct Job: Sendable {
        var index: Int
        var row: PlanRow
        /// An earlier process wrote the intent and no outcome: the request may have been applied.
        var inDoubt: Bool
        /// End the row failed with this message, unsent (a disable row whose hand-over rows failed).
        var refusal: String? = nil
    }

    enum Result: Sendable {
        /// The outcome line is written.
        case finished(RowOutcome)
        /// Looker answered 429 (to the re-read or the write): nothing changed, run the row again.
        case rateLimited(retryAfter: Double?, stillInDoubt: Bool)
        /// The run file could not be written: the run must stop (nothing more may be sent).
        case storeFailed(String)
    }

    func run(_ job: Job) async -> Result {
        if let refusal = job.refusal { return finish(job.row, .failed(status: 0, message: refusal, field: nil)) }
        if job.row.op.isAccess { return await runAccess(job) }
        if job.row.op.isHandOver { return await runHandOver(job) }
        let row = job.row
        let current: BulkSnapshot
        switch await reread(row.userID) {
        case .success(let snapshot): current = snapshot
        case .failure(.rateLimited(let m)): return .rateLimited(retryAfter: m.retryAfterSeconds, stillInDoubt: job.inDoubt)
        case .failure(let error): return finish(row, Mapping.outcome(error))
        }
        switch row.step(current: current, inDoubt: job.inDoubt) {
        case .skip(let reason): return finish(row, .skipped(reason))
        case .alreadyApplied:
            journal(row)
            return finish(row, .applied)
        case .send: break
        }
        do {
            try file.intent(key: row.key)
        } catch {
            return .storeFailed(String(describing: error))
        }
        switch await send(row) {
        case .success:
            journal(row)
            return finish(row, .applied)
        case .failure(.rateLimited(let m)):
            do { try file.refused(key: row.key) } catch { return .storeFailed(String(describing: error)) }
            return .rateLimited(retryAfter: m.retryAfterSeconds, stillInDoubt: false)
        case .failure(.transport(let what)):
            return finish(row, await settleUnknown(row, network: LookerError.transport(what).summary))
        case .failure(let error):
            return finish(row, Mapping.outcome(error))
        }
    }

    /// A write whose answer never came: a re-read tells whether it was applied (`PlanRow.settle`).
    private func settleUnknown(_ row: PlanRow, network: String) async -> RowOutcome {
        let now: BulkSnapshot? = row.op == .sendReset ? nil : try? await reread(row.userID).get()
        let outcome = row.settle(afterLostAnswer: now, network: network)
        if outcome == .applied { journal(row) }
        return outcome
    }

    func finish(_ row: PlanRow, _ outcome: RowOutcome, seen: RowSeen? = nil) -> Result {
        do {
            try file.outcome(key: row.key, outcome, seen: seen)
        } catch {
            return .storeFailed(String(describing: error))
        }
        return .finished(outcome)
    }

    // MARK: - Requests

    private func reread(_ userID: String) async -> Swift.Result<BulkSnapshot, LookerError> {
        do throws(LookerError) {
            return .success(BulkSnapshot(try await service.user(id: userID, fields: Self.rereadFields)))
        } catch {
            return .failure(error)
        }
    }

    private func send(_ row: PlanRow) async -> Swift.Result<Void, LookerError> {
        do throws(LookerError) {
            let id = row.userID
            switch row.op {
            case .patchEmail:
                _ = try await service.updateCredentialsEmail(userID: id, WriteCredentialsEmail(email: row.after.email))
            case .setForcedReset:
                _ = try await service.updateCredentialsEmail(userID: id, WriteCredentialsEmail(forcedPasswordResetAtNextLogin: row.after.forcedReset))
            case .setDisabled:
                _ = try await service.updateUser(id: id, WriteUser(isDisabled: row.after.disabled))
            case .sendReset:
                _ = try await service.sendPasswordReset(userID: id)
            case .createLogin:
                _ = try await service.createCredentialsEmail(userID: id, WriteCredentialsEmail(email: row.after.email))
            case .deleteLogin:
                try await service.deleteCredentialsEmail(userID: id)
            case .addRole, .removeRole, .addToGroup, .removeFromGroup, .setAttribute, .clearAttribute, .logout:
                preconditionFailure("access rows are run by runAccess")
            case .setScheduleOwner, .setAlertOwner, .moveDashboard, .moveLook, .deleteSession, .deleteAPIKey:
                preconditionFailure("offboarding rows are run by runHandOver")
            }
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    /// Records an applied row like the TUI's single edits; never a secret (a reset email has no values).
    /// A journal that cannot be written does not undo the change: the run file still says applied.
    private func journal(_ row: PlanRow) {
        guard let recorder else { return }
        let changes = FieldChange.changes(row.operation, before: row.before, after: row.after)
        _ = try? recorder.record(JournalAction(row.operation), userID: row.userID, changes: changes)
    }
}

extension BulkSnapshot {
    /// What a re-read (`BulkRowWork.rereadFields`) says of a user. A user without an email login
    /// comes back without credentials_email (or with an empty one).
    init(_ user: User) {
        let login = user.credentialsEmail
        let email = login?.email.flatMap { $0.isEmpty ? nil : $0 }
        self.init(email: email, forcedReset: email == nil ? nil : login?.forcedPasswordResetAtNextLogin, disabled: user.isDisabled)
    }
}

/// An undo's preview as it would run now: each written row re-read (in pages of ids, one request
/// per 100 rows) and, when the user no longer holds what the run wrote, skipped as changed
/// elsewhere, so the admin confirms the rows that will really be written.
///
/// A bulk client passes each 429 on at once (runs pace themselves), so a page refused here is asked
/// again after the server's `Retry-After` (else 1 s, doubling), a few times, before the preview fails.
public enum UndoPreview {
    public static func reread(_ plan: BulkPlan, service: any LookerService,
                              sleep: @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .milliseconds(Int64($0 * 1000))) })
        async throws(LookerError) -> BulkPlan {
        let ids = plan.rows.filter { $0.skip == nil }.map(\.userID)
        var current: [String: BulkSnapshot] = [:]
        var start = 0
        while start < ids.count {
            let chunk = ids[start..<min(ids.count, start + 100)]
            var attempt = 0
            var users: [User] = []
            while true {
                do throws(LookerError) {
                    users = try await service.usersPage(search: UserSearch(id: chunk.joined(separator: ",")), limit: chunk.count,
                                                        offset: 0, fields: BulkRowWork.rereadFields, sorts: "id")
                    break
                } catch .rateLimited(let m) where attempt < 5 {
                    let wait = min(30, m.retryAfterSeconds ?? Double(1 << attempt))
                    attempt += 1
                    do { try await sleep(wait) } catch { throw .rateLimited(m) }
                }
            }
            for user in users { if let id = user.id?.rawValue { current[id] = BulkSnapshot(user) } }
            start += chunk.count
        }
        return plan.skippingChanged(current)
    }
}
