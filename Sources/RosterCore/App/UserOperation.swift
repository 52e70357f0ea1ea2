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
        }
    }

    /// Whether a bulk run may make it. Reset URLs are secrets handed to one person at a time.
    public var bulkPlannable: Bool { self != .createResetURL }

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
        }
    }
}

extension PlanRow {
    /// The operation this row's request is.
    public var operation: UserOperation {
        op == .setDisabled ? (after.disabled == false ? .enable : .disable) : op.operation
    }
}
