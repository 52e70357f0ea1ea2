import Foundation
import LookerAPI
import RosterCore

// An offboarding row (one schedule, alert, dashboard, look, session or API key) from re-read to
// outcome: read the thing, decide (`PlanRow.handOverStep`), write the intent line, send the one
// request, write the outcome line. A lost answer is settled by reading the thing again.

extension BulkRowWork {
    func runHandOver(_ job: Job) async -> Result {
        let row = job.row
        guard let item = row.item else {
            return finish(row, .failed(status: 0, message: "the row does not say what it hands over", field: nil))
        }
        let now: Holding
        switch await holding(row, item) {
        case .success(let h): now = h
        case .failure(.rateLimited(let m)): return .rateLimited(retryAfter: m.retryAfterSeconds, stillInDoubt: job.inDoubt)
        case .failure(let error): return finish(row, Mapping.outcome(error))
        }
        switch row.handOverStep(now: now, inDoubt: job.inDoubt) {
        case .skip(let reason): return finish(row, .skipped(reason))
        case .alreadyApplied:
            journalHandOver(row)
            return finish(row, .applied)
        case .send: break
        }
        do {
            try file.intent(key: row.key)
        } catch {
            return .storeFailed(String(describing: error))
        }
        do throws(LookerError) {
            try await sendHandOver(row, item)
            journalHandOver(row)
            return finish(row, .applied)
        } catch .rateLimited(let m) {
            if !job.inDoubt {
                do { try file.refused(key: row.key) } catch { return .storeFailed(String(describing: error)) }
            }
            return .rateLimited(retryAfter: m.retryAfterSeconds, stillInDoubt: job.inDoubt)
        } catch .notFound where row.op == .deleteSession || row.op == .deleteAPIKey {
            // Ended between the read and the request: what the row wanted holds.
            return finish(row, job.inDoubt ? .applied : .skipped(.nothingToDo("already ended")))
        } catch .transport(let what) {
            let network = LookerError.transport(what).summary
            let after = try? await holding(row, item).get()
            let outcome = row.settleHandOver(now: after, network: network)
            if outcome == .applied { journalHandOver(row) }
            return finish(row, outcome)
        } catch {
            return finish(row, Mapping.outcome(error))
        }
    }

    /// Where the row's thing stands now. A 404 is `.gone` (deleted since the plan).
    private func holding(_ row: PlanRow, _ item: OwnedItem) async -> Swift.Result<Holding, LookerError> {
        do throws(LookerError) {
            switch row.op {
            case .setScheduleOwner:
                return .success(try await service.scheduledPlan(id: item.id, fields: "id,user_id").userID.map { .held($0.rawValue) } ?? .gone)
            case .setAlertOwner:
                return .success(try await service.alert(id: item.id).ownerID.map { .held($0.rawValue) } ?? .gone)
            case .moveDashboard:
                let d = try await service.dashboard(id: item.id, fields: "id,folder_id,deleted")
                return .success(d.deleted == true ? .gone : d.folderID.map { .held($0.rawValue) } ?? .gone)
            case .moveLook:
                let l = try await service.look(id: item.id, fields: "id,folder_id,deleted")
                return .success(l.deleted == true ? .gone : l.folderID.map { .held($0.rawValue) } ?? .gone)
            case .deleteSession:
                return .success(try await service.sessions(userID: row.userID).contains { $0.id?.rawValue == item.id } ? .present : .gone)
            case .deleteAPIKey:
                return .success(try await service.apiKeys(userID: row.userID).contains { $0.id?.rawValue == item.id } ? .present : .gone)
            default:
                return .failure(.transport("not an offboarding row"))
            }
        } catch .notFound {
            return .success(.gone)
        } catch {
            return .failure(error)
        }
    }

    /// The row's one request. Schedules get `{"user_id"}` only (a body naming destinations would
    /// replace every one of them), alerts `{"owner_id"}`, dashboards and looks `{"folder_id"}`.
    private func sendHandOver(_ row: PlanRow, _ item: OwnedItem) async throws(LookerError) {
        switch row.op {
        case .setScheduleOwner: _ = try await service.setScheduledPlanOwner(planID: item.id, userID: row.after.owner ?? "")
        case .setAlertOwner: _ = try await service.setAlertOwner(alertID: item.id, ownerID: row.after.owner ?? "")
        case .moveDashboard: _ = try await service.moveDashboard(id: item.id, folderID: row.after.folder ?? "")
        case .moveLook: _ = try await service.moveLook(id: item.id, folderID: row.after.folder ?? "")
        case .deleteSession: try await service.deleteSession(userID: row.userID, sessionID: item.id)
        case .deleteAPIKey: try await service.deleteAPIKey(userID: row.userID, keyID: item.id)
        default: throw .transport("not an offboarding row")
        }
    }

    private func journalHandOver(_ row: PlanRow) {
        guard let recorder else { return }
        var before = row.before, after = row.after
        // A session or key row journals the id it ended (never a secret: no token, no client secret).
        if row.op == .deleteSession { before.session = row.item?.id }
        if row.op == .deleteAPIKey { before.apiKey = row.item?.id }
        after.session = nil
        after.apiKey = nil
        _ = try? recorder.record(JournalAction(row.operation), userID: row.userID,
                                 changes: FieldChange.changes(row.operation, before: before, after: after, item: row.item))
    }
}
