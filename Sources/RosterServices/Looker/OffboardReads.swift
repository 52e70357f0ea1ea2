import LookerAPI
import RosterCore
import ScreenKit

/// Why an offboarding could not be planned: the request itself (a successor who leaves too, a
/// folder that does not exist), or Looker's answer to a read.
public enum OffboardPlanFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case refused(OffboardRefusal)
    /// The successor has no personal folder and no folder was given for the content.
    case noFolder(successorID: String)
    case folderNotFound(String)
    case userNotFound(String)
    case looker(LookerError)

    public var description: String {
        switch self {
        case .refused(let refusal): refusal.description
        case .noFolder(let id): "user \(DisplayText.fit(id, width: 20)) has no personal folder: name a folder for the content"
        case .folderNotFound(let id): "no folder \(DisplayText.fit(id, width: 20))"
        case .userNotFound(let id): "no user \(DisplayText.fit(id, width: 20))"
        case .looker(let error): DisplayText.sanitize(error.summary)
        }
    }
}

extension LookerService {
    /// Plans the offboarding of `leaverIDs` to `successorID`, reading each user and what each
    /// leaver owns (`owned(userID:)`). Reads only; one path for the TUI's `O` and `roster offboard`.
    public func offboardPlan(leaverIDs: [String], successorID: String, folderID: String? = nil, keepSessions: Bool = false,
                             keepAPIKeys: Bool = false, apiUserID: String? = nil) async throws(OffboardPlanFailure) -> BulkPlan {
        let fields = "id,display_name,first_name,last_name,email,is_disabled,personal_folder_id"
        if let refusal = OffboardPlanner.check(leavers: leaverIDs, successorID: successorID, successorEnabled: nil) {
            throw .refused(refusal)
        }
        let successor = try await ask(notFound: .userNotFound(successorID)) { () async throws(LookerError) in
            try await user(id: successorID, fields: fields)
        }
        if successor.isDisabled == true { throw .refused(.successorDisabled(successorID)) }
        let target: String
        if let folderID {
            _ = try await ask(notFound: .folderNotFound(folderID)) { () async throws(LookerError) in try await folder(id: folderID, fields: "id") }
            target = folderID
        } else {
            guard let personal = successor.personalFolderID?.rawValue else { throw .noFolder(successorID: successorID) }
            target = personal
        }
        // Roles from groups count: a successor without any cannot run what they are handed.
        let roles = try await ask { () async throws(LookerError) in try await userRoles(userID: successorID, directOnly: false, fields: "id") }
        var leavers: [BulkSubject] = []
        var owned: [String: OwnedSummary] = [:]
        // Looker's alert search has no owner filter: every alert is read once for all the leavers.
        let alerts = try await ask { () async throws(LookerError) in try await self.alerts(pageSize: 500, fields: nil) }
        for id in leaverIDs {
            let u = try await ask(notFound: .userNotFound(id)) { () async throws(LookerError) in try await user(id: id, fields: fields) }
            leavers.append(BulkSubject(id: id, name: u.shownName, loginEmail: nil, forcedReset: nil, disabled: u.isDisabled, ssoEmail: nil))
            owned[id] = try await ask { () async throws(LookerError) in try await self.owned(userID: id, alerts: alerts) }
        }
        let request = OffboardRequest(leavers: leavers, successorID: successorID, successorName: successor.shownName,
                                      folderID: target, keepSessions: keepSessions, keepAPIKeys: keepAPIKeys,
                                      successorWarning: roles.isEmpty ? "has no role" : nil)
        return OffboardPlanner.plan(request, owned: owned, apiUserID: apiUserID)
    }

    /// `body`'s answer, its failure as an offboarding's: a 404 as `notFound` when given.
    private func ask<T>(notFound: OffboardPlanFailure? = nil, _ body: () async throws(LookerError) -> T) async throws(OffboardPlanFailure) -> T {
        do throws(LookerError) {
            return try await body()
        } catch {
            if case .notFound = error, let notFound { throw notFound }
            throw .looker(error)
        }
    }
}
