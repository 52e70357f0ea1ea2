/// Every change Roster can make to a user, one name each. Writes in flight, failures, the journal,
/// undo and bulk plan rows all speak of these, and this is the one place that says, for each: its
/// words, whether it reveals a secret, how the journal names it, its inverse (or why it has none),
/// and whether a bulk run may make it. A new operation is a new case here; the compiler then
/// points at every switch that must learn it.
public enum UserOperation: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    /// `PATCH /users/{id}/credentials_email`: the email and/or the forced reset flag.
    case updateCredential
    /// `POST /users/{id}/credentials_email`.
    case createLogin
    /// `DELETE /users/{id}/credentials_email`.
    case deleteLogin
    /// `POST /users/{id}/credentials_email/password_reset`: answers a one-time reset URL.
    case createResetURL
    /// `POST /users/{id}/credentials_email/send_password_reset`.
    case sendResetEmail
    /// `PATCH /users/{id}` with `is_disabled: true`.
    case disable
    /// `PATCH /users/{id}` with `is_disabled: false`.
    case enable
    /// `PUT /users/{id}/roles` with the direct set plus one role (read, compared, then written whole).
    case addRole
    /// `PUT /users/{id}/roles` with the direct set less one role.
    case removeRole
    /// `POST /groups/{id}/users`.
    case addToGroup
    /// `DELETE /groups/{id}/users/{user_id}`.
    case removeFromGroup
    /// `PATCH /users/{id}/attribute_values/{attribute_id}`.
    case setAttribute
    /// `DELETE /users/{id}/attribute_values/{attribute_id}`: the value falls back to a group's or the default.
    case clearAttribute
    /// `DELETE /users/{id}/sessions/{session_id}`, for one session or each of them.
    case logout
    /// `DELETE /users/{id}/credentials_api3/{key_id}`.
    case deleteAPIKey
    /// `PATCH /scheduled_plans/{id}` with `user_id` only: a schedule handed to another owner.
    case handOverSchedule
    /// `PATCH /alerts/{id}` with `owner_id` only.
    case handOverAlert
    /// `PATCH /dashboards/{id}` with `folder_id` only.
    case moveDashboard
    /// `PATCH /looks/{id}` with `folder_id` only.
    case moveLook

    /// What it is called in messages: "create failed: …".
    public var label: String {
        switch self {
        case .updateCredential: "save"
        case .createLogin: "create"
        case .deleteLogin: "delete"
        case .createResetURL: "reset URL"
        case .sendResetEmail: "reset email"
        case .disable: "disable"
        case .enable: "enable"
        case .addRole: "add role"
        case .removeRole: "remove role"
        case .addToGroup: "add to group"
        case .removeFromGroup: "remove from group"
        case .setAttribute: "set attribute"
        case .clearAttribute: "clear attribute"
        case .logout: "log out"
        case .deleteAPIKey: "delete API key"
        case .handOverSchedule: "hand over schedule"
        case .handOverAlert: "hand over alert"
        case .moveDashboard: "move dashboard"
        case .moveLook: "move look"
        }
    }

    /// The status line while it is on its way.
    public var progress: String {
        switch self {
        case .updateCredential: "saving…"
        case .createLogin: "creating…"
        case .deleteLogin: "deleting…"
        case .createResetURL: "creating reset URL…"
        case .sendResetEmail: "sending…"
        case .disable: "disabling…"
        case .enable: "enabling…"
        case .addRole: "adding the role…"
        case .removeRole: "removing the role…"
        case .addToGroup: "adding to the group…"
        case .removeFromGroup: "removing from the group…"
        case .setAttribute: "setting the attribute…"
        case .clearAttribute: "clearing the attribute…"
        case .logout: "logging out…"
        case .deleteAPIKey: "deleting the API key…"
        case .handOverSchedule: "handing over the schedule…"
        case .handOverAlert: "handing over the alert…"
        case .moveDashboard: "moving the dashboard…"
        case .moveLook: "moving the look…"
        }
    }

    /// What is being done, before "user #42", in a refusal ("already sending the reset email to user #42").
    public var doing: String {
        switch self {
        case .updateCredential: "saving the credential of"
        case .createLogin: "creating the email login of"
        case .deleteLogin: "deleting the email login of"
        case .createResetURL: "creating a reset URL for"
        case .sendResetEmail: "sending the reset email to"
        case .disable: "disabling"
        case .enable: "enabling"
        case .addRole: "adding a role to"
        case .removeRole: "removing a role from"
        case .addToGroup: "adding to a group"
        case .removeFromGroup: "removing from a group"
        case .setAttribute: "setting an attribute of"
        case .clearAttribute: "clearing an attribute of"
        case .logout: "logging out"
        case .deleteAPIKey: "deleting an API key of"
        case .handOverSchedule: "handing over a schedule of"
        case .handOverAlert: "handing over an alert of"
        case .moveDashboard: "moving a dashboard of"
        case .moveLook: "moving a look of"
        }
    }

    /// Roles, groups, attributes, sessions and API keys: the rest of the user beside the credential.
    public var isAccess: Bool {
        switch self {
        case .addRole, .removeRole, .addToGroup, .removeFromGroup, .setAttribute, .clearAttribute, .logout, .deleteAPIKey: true
        case .updateCredential, .createLogin, .deleteLogin, .createResetURL, .sendResetEmail, .disable, .enable,
             .handOverSchedule, .handOverAlert, .moveDashboard, .moveLook: false
        }
    }

    /// What an offboarding hands over (schedules, alerts, content): made only by offboarding rows,
    /// never as a single write (they have no `UserWrite`).
    public var isHandOver: Bool {
        switch self {
        case .handOverSchedule, .handOverAlert, .moveDashboard, .moveLook: true
        default: false
        }
    }

    /// Every operation changes the server: read-only mode refuses them all.
    public var changesServer: Bool { true }

    /// Whether its answer holds a secret (a reset URL): the journal keeps no value of it, and a
    /// served session never makes it.
    public var revealsSecret: Bool { self == .createResetURL }

    /// Whether Looker's answer may hold a reset URL (a new one, or the one the email carries): the
    /// journal keeps no value from it.
    public var answerHoldsSecret: Bool { self == .createResetURL || self == .sendResetEmail }

    /// The journal's name for it (`journal.jsonl`'s `action`).
    public var journalName: String {
        switch self {
        case .updateCredential: "update_credential"
        case .createLogin: "create_credential"
        case .deleteLogin: "delete_credential"
        case .createResetURL: "password_reset_url"
        case .sendResetEmail: "send_password_reset"
        case .disable: "disable_user"
        case .enable: "enable_user"
        case .addRole: "add_role"
        case .removeRole: "remove_role"
        case .addToGroup: "add_to_group"
        case .removeFromGroup: "remove_from_group"
        case .setAttribute: "set_attribute"
        case .clearAttribute: "clear_attribute"
        case .logout: "logout"
        case .deleteAPIKey: "delete_api_key"
        case .handOverSchedule: "hand_over_schedule"
        case .handOverAlert: "hand_over_alert"
        case .moveDashboard: "move_dashboard"
        case .moveLook: "move_look"
        }
    }

    /// What takes it back, or why nothing can.
    public var inverse: Result<UserOperation, NoInverse> {
        switch self {
        case .updateCredential: .success(.updateCredential)
        case .createLogin: .success(.deleteLogin)
        case .deleteLogin: .success(.createLogin)
        case .disable: .success(.enable)
        case .enable: .success(.disable)
        case .createResetURL: .failure(NoInverse("a reset URL cannot be taken back; it expires or is used"))
        case .sendResetEmail: .failure(NoInverse("a sent email cannot be unsent"))
        case .addRole: .success(.removeRole)
        case .removeRole: .success(.addRole)
        case .addToGroup: .success(.removeFromGroup)
        case .removeFromGroup: .success(.addToGroup)
        // Setting goes back to the value before (or clears it when the user had none of their own);
        // `PlanRow.inverse` decides from the row's snapshot, and a hidden value has no known "before".
        case .setAttribute: .success(.setAttribute)
        case .clearAttribute: .success(.setAttribute)
        case .logout: .failure(NoInverse("a session cannot be restored; the user logs in again"))
        case .deleteAPIKey: .failure(NoInverse("a deleted API key cannot be restored; a new one must be made"))
        // Handed back to the owner (or folder) the row found.
        case .handOverSchedule, .handOverAlert, .moveDashboard, .moveLook: .success(self)
        }
    }

    /// Whether a bulk run may make it. Reset URLs are secrets handed to one person at a time.
    /// Deleting API keys is one key at a time, confirmed by its last characters.
    public var bulkPlannable: Bool { self != .createResetURL && self != .deleteAPIKey }

    public static func < (a: UserOperation, b: UserOperation) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Why an operation has no inverse, in words for the preview and the note under a row.
public struct NoInverse: Error, Sendable, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// A write sent and not yet answered: which operation, for whom. Each answer clears its own, so an
/// unrelated answer never makes a write look finished.
public struct PendingWrite: Hashable, Sendable, Comparable {
    public var operation: UserOperation
    public var userID: String

    public init(_ operation: UserOperation, _ userID: String) {
        self.operation = operation
        self.userID = userID
    }

    public static func < (a: PendingWrite, b: PendingWrite) -> Bool {
        (a.userID, a.operation) < (b.userID, b.operation)
    }
}

/// The writes sent and not yet answered, by operation and user: the same write for the same user is
/// never started twice at once, whoever asks. Pure; the effect runner keeps one under its lock.
public struct WritesInFlight: Sendable, Equatable {
    public private(set) var writes: Set<PendingWrite> = []

    public init() {}

    /// Starts `write`, or says why not: the same write for the same user is on its way.
    public mutating func begin(_ write: PendingWrite) -> String? {
        guard writes.insert(write).inserted else {
            return "already \(write.operation.doing) user #\(write.userID): not sent twice"
        }
        return nil
    }

    /// `write` was answered (or failed): the same write may start again.
    public mutating func end(_ write: PendingWrite) {
        writes.remove(write)
    }

    public var count: Int { writes.count }
}

extension BulkOp {
    /// The operation a bulk row's request is.
    public var operation: UserOperation {
        switch self {
        case .patchEmail, .setForcedReset: .updateCredential
        case .setDisabled: .disable   // or .enable: `PlanRow.operation` knows which
        case .sendReset: .sendResetEmail
        case .createLogin: .createLogin
        case .deleteLogin: .deleteLogin
        case .addRole: .addRole
        case .removeRole: .removeRole
        case .addToGroup: .addToGroup
        case .removeFromGroup: .removeFromGroup
        case .setAttribute: .setAttribute
        case .clearAttribute: .clearAttribute
        case .logout: .logout
        case .setScheduleOwner: .handOverSchedule
        case .setAlertOwner: .handOverAlert
        case .moveDashboard: .moveDashboard
        case .moveLook: .moveLook
        case .deleteSession: .logout
        case .deleteAPIKey: .deleteAPIKey
        }
    }
}

extension PlanRow {
    /// The operation this row's request is.
    public var operation: UserOperation {
        op == .setDisabled ? (after.disabled == false ? .enable : .disable) : op.operation
    }
}

extension PlanRow {
    /// The one write an access row makes, for `LookerService.perform`; nil for the other rows (and an
    /// access row that does not say what it changes). Roles are changed against whatever the user has
    /// now (`expected: nil`): a bulk row adds or takes one role, it does not set the whole set.
    public var write: UserWrite? {
        guard let target else { return op == .logout ? .logout(sessionID: nil) : nil }
        let hidden = target.hidden ?? false
        switch op {
        case .addRole: return .addRole(roleID: target.id, expected: nil)
        case .removeRole: return .removeRole(roleID: target.id, expected: nil)
        case .addToGroup: return .addToGroup(groupID: target.id)
        case .removeFromGroup: return .removeFromGroup(groupID: target.id)
        case .setAttribute: return target.value.map { .setAttribute(attributeID: target.id, name: target.name, value: $0, hidden: hidden) }
        case .clearAttribute: return .clearAttribute(attributeID: target.id, name: target.name, hidden: hidden)
        case .logout: return .logout(sessionID: nil)
        case .patchEmail, .setForcedReset, .setDisabled, .sendReset, .createLogin, .deleteLogin: return nil
        case .setScheduleOwner, .setAlertOwner, .moveDashboard, .moveLook, .deleteSession, .deleteAPIKey: return nil
        }
    }
}
