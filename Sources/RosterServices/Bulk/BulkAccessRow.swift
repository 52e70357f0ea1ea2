import Foundation
import LookerAPI
import RosterCore

// An access row (a role, a group, an attribute, a logout) from read to outcome. The write itself
// reads what it changes and writes only the delta (`LookerService.perform`); before it, the user's
// flags are read, and a row a flag or a managed group blocks is skipped with that reason, unsent.

extension BulkRowWork {
    func runAccess(_ job: Job) async -> Result {
        let row = job.row
        guard let write = row.write else {
            return finish(row, .failed(status: 0, message: "the row does not say what it changes", field: nil))
        }
        switch await blocked(row) {
        case .success(let reason?): return finish(row, .skipped(reason))
        case .success(nil): break
        case .failure(.rateLimited(let m)): return .rateLimited(retryAfter: m.retryAfterSeconds, stillInDoubt: job.inDoubt)
        case .failure(let error): return finish(row, Mapping.outcome(error))
        }
        do {
            try file.intent(key: row.key)
        } catch {
            return .storeFailed(String(describing: error))
        }
        do throws(LookerError) {
            switch try await service.perform(write, userID: row.userID) {
            case .changed(let before, let after):
                journal(row.operation, userID: row.userID, before: before, after: after)
                return finish(row, .applied, seen: RowSeen(before: before, after: after))
            case .unchanged(let why):
                // In doubt, "already so" is the earlier process's request, applied.
                return finish(row, job.inDoubt ? .applied : .skipped(.nothingToDo(why)))
            case .rolesChanged:
                return finish(row, .skipped(.changedElsewhere))
            }
        } catch .rateLimited(let m) {
            // Refused: nothing changed. A row already in doubt stays so (an earlier request may have gone).
            if !job.inDoubt {
                do { try file.refused(key: row.key) } catch { return .storeFailed(String(describing: error)) }
            }
            return .rateLimited(retryAfter: m.retryAfterSeconds, stillInDoubt: job.inDoubt)
        } catch .transport(let what) {
            return finish(row, await settleAccess(row, network: LookerError.transport(what).summary))
        } catch {
            return finish(row, Mapping.outcome(error))
        }
    }

    /// Why the row must not be sent: a flag of the user or a managed group (read now), or, for an
    /// undo row putting an attribute back, a value changed since the run wrote it. nil: send it.
    private func blocked(_ row: PlanRow) async -> Swift.Result<SkipReason?, LookerError> {
        do throws(LookerError) {
            switch row.op {
            case .addRole, .removeRole:
                return .success(try await service.access(userID: row.userID).rolesRefusal.map(SkipReason.blocked))
            case .addToGroup, .removeFromGroup:
                let id = row.target?.id ?? ""
                let group = groups[id] ?? AccessCatalog.Group(id: id, name: row.target?.name ?? id)
                // A managed group is managed for everyone: no read needed to know.
                let access = group.externallyManaged ? UserAccess(userID: row.userID, directRoleIDs: [], groupIDs: [])
                    : try await service.access(userID: row.userID)
                return .success(access.membershipRefusal(group).map(SkipReason.blocked))
            case .setAttribute, .clearAttribute:
                // Only an undo row knows what the user should have now: what its run wrote.
                guard let wrote = row.before.attribute, !wrote.hidden else { return .success(nil) }
                let now = try await attribute(row.userID, wrote.id)
                return .success(now.own == wrote.own && (!wrote.own || now.value == wrote.value) ? nil : .changedElsewhere)
            default:
                return .success(nil)
            }
        } catch {
            return .failure(error)
        }
    }

    /// The user's own value of attribute `id`.
    private func attribute(_ userID: String, _ id: String) async throws(LookerError) -> (own: Bool, value: String?) {
        let value = try await service.attributeValues(userID: userID).first { $0.attributeID == id }
        return (value?.setOnUser ?? false, value?.value)
    }

    /// A write whose answer never came: a re-read tells whether it holds now. A logout cannot be told.
    private func settleAccess(_ row: PlanRow, network: String) async -> RowOutcome {
        let unknown = RowOutcome.failed(status: 0, message: network + " (not known whether it was applied)", field: nil)
        guard let target = row.target else { return unknown }
        let holds: Bool?
        switch row.op {
        case .addRole, .removeRole:
            holds = (try? await service.access(userID: row.userID)).map { $0.directRoleIDs.contains(target.id) == (row.op == .addRole) }
        case .addToGroup, .removeFromGroup:
            holds = (try? await service.access(userID: row.userID)).map { $0.groupIDs.contains(target.id) == (row.op == .addToGroup) }
        case .setAttribute where target.hidden != true:
            holds = (try? await attribute(row.userID, target.id)).map { $0.own && $0.value == target.value }
        case .clearAttribute:
            holds = (try? await attribute(row.userID, target.id)).map { !$0.own }
        default:
            holds = nil
        }
        // Held now: applied (by this request or someone else; nothing known to journal). Not held: failed.
        return holds == true ? .applied : holds == false ? .failed(status: 0, message: network, field: nil) : unknown
    }

    /// Journals what an access write changed, as the TUI's single edits do.
    private func journal(_ operation: UserOperation, userID: String, before: BulkSnapshot, after: BulkSnapshot) {
        guard let recorder else { return }
        _ = try? recorder.record(JournalAction(operation), userID: userID,
                                 changes: FieldChange.changes(operation, before: before, after: after))
    }
}
