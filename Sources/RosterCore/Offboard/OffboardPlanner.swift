import ScreenKit

/// Who leaves, who takes over, and what is kept: what an offboarding is planned from.
public struct OffboardRequest: Sendable, Equatable {
    /// The users leaving, in the order given (their list rows: id, name, disabled).
    public var leavers: [BulkSubject]
    public var successorID: String
    /// The successor's name (server text: sanitized when shown).
    public var successorName: String
    /// Where dashboards and looks go: the successor's personal folder, or the folder asked for.
    public var folderID: String
    public var keepSessions: Bool
    public var keepAPIKeys: Bool
    /// Said in the preview's scope: "has no role", when the successor holds none.
    public var successorWarning: String?

    public init(leavers: [BulkSubject], successorID: String, successorName: String, folderID: String,
                keepSessions: Bool = false, keepAPIKeys: Bool = false, successorWarning: String? = nil) {
        self.leavers = leavers
        self.successorID = successorID
        self.successorName = successorName
        self.folderID = folderID
        self.keepSessions = keepSessions
        self.keepAPIKeys = keepAPIKeys
        self.successorWarning = successorWarning
    }
}

/// Why a successor cannot take over, checked before anything is read or planned.
public enum OffboardRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case successorLeaves(String)
    case successorDisabled(String)
    case noLeavers

    public var description: String {
        switch self {
        case .successorLeaves(let id): "user \(DisplayText.fit(id, width: 20)) is one of the users leaving: choose someone who stays"
        case .successorDisabled(let id): "user \(DisplayText.fit(id, width: 20)) is disabled: choose an enabled successor"
        case .noLeavers: "no user to offboard"
        }
    }
}

/// Plans an offboarding: per user leaving, a row per schedule and alert (to the successor), per
/// dashboard and look of their personal folder and its sub-folders (to the target folder), per
/// session and API key (ended, or kept as asked), then their disable row. Never deletes a user.
public enum OffboardPlanner {
    /// The refusal for `successor` (enabled or not) taking over from `leavers`, or nil.
    public static func check(leavers: [String], successorID: String, successorEnabled: Bool?) -> OffboardRefusal? {
        if leavers.isEmpty { return .noLeavers }
        if leavers.contains(successorID) { return .successorLeaves(successorID) }
        if successorEnabled == false { return .successorDisabled(successorID) }
        return nil
    }

    /// The plan. `owned` holds what each leaver owns (by user id); a leaver missing from it plans
    /// only the disable row. The API user Roster acts as is never offboarded: its rows are skipped.
    public static func plan(_ request: OffboardRequest, owned: [String: OwnedSummary], apiUserID: String? = nil) -> BulkPlan {
        var rows: [PlanRow] = []
        let successor = request.successorID, target = request.folderID
        for leaver in request.leavers {
            var mine: [PlanRow] = []
            let items = (owned[leaver.id]?.items ?? []).sorted {
                OwnedKind.allCases.firstIndex(of: $0.kind)! < OwnedKind.allCases.firstIndex(of: $1.kind)!
            }
            for item in items {
                var row: PlanRow
                switch item.kind {
                case .schedule, .alert:
                    row = PlanRow(userID: leaver.id, name: leaver.name, op: item.kind == .schedule ? .setScheduleOwner : .setAlertOwner,
                                  before: .owner(leaver.id), after: .owner(successor), item: item)
                case .dashboard, .look:
                    let from = owned[leaver.id]?.folderOf[item.kind.rawValue + "/" + item.id] ?? owned[leaver.id]?.personalFolderID
                    row = PlanRow(userID: leaver.id, name: leaver.name, op: item.kind == .dashboard ? .moveDashboard : .moveLook,
                                  before: .folder(from), after: .folder(target), item: item)
                    if from == target { row.skip = .alreadySo }
                    if from == nil { row.skip = .nothingToDo("its folder is not known") }
                case .session:
                    row = PlanRow(userID: leaver.id, name: leaver.name, op: .deleteSession, before: .unknown, after: .unknown, item: item)
                    if request.keepSessions { row.skip = .nothingToDo("kept, as asked") }
                case .apiKey:
                    row = PlanRow(userID: leaver.id, name: leaver.name, op: .deleteAPIKey, before: .unknown, after: .unknown, item: item)
                    if request.keepAPIKeys { row.skip = .nothingToDo("kept, as asked") }
                }
                mine.append(row)
            }
            var disable = PlanRow(userID: leaver.id, name: leaver.name, op: .setDisabled,
                                  before: BulkSnapshot(email: nil, forcedReset: nil, disabled: leaver.disabled ?? false),
                                  after: BulkSnapshot(email: nil, forcedReset: nil, disabled: true))
            if leaver.disabled == true {
                disable.after = disable.before
                disable.skip = .alreadySo
            }
            mine.append(disable)
            if leaver.id == apiUserID {
                for index in mine.indices where mine[index].skip == nil {
                    mine[index].after = mine[index].before
                    mine[index].skip = .apiUser
                }
            }
            rows += mine
        }
        let who = request.leavers.count == 1
            ? "\(DisplayText.fit(request.leavers[0].name, width: 40)) (#\(DisplayText.fit(request.leavers[0].id, width: 20)))"
            : "\(request.leavers.count.grouped) users"
        var scope = "offboarding \(who) to \(DisplayText.fit(request.successorName, width: 40)) (#\(DisplayText.fit(successor, width: 20))), "
            + "content to folder \(DisplayText.fit(target, width: 20))"
        if let warning = request.successorWarning { scope += "; the successor \(warning)" }
        return BulkPlan(action: .offboard(successorID: successor, successorName: request.successorName, folderID: target),
                        scope: scope, rows: rows)
    }
}
