import Foundation
import LookerAPI
import Logging
import RosterCore
import ScreenKit

/// Records the changes a client made in the journal, each stamped with the time, the instance's
/// host and the API user.
///
/// Call it only after the server confirmed a change: a refused or failed request records nothing,
/// so read-only mode never writes the journal. The API user is a value the caller learned once
/// (the TUI from its start-up `GET /user`, the CLI before it journals): recording never asks the server.
public struct JournalRecorder: Sendable {
    public let journal: Journal
    /// The instance's host.
    public let instance: String
    /// Who made the changes (the API user's email, or "id N"); nil when it is not known.
    public let apiUser: String?
    let now: @Sendable () -> Date

    public init(journal: Journal, instance: String, apiUser: String?, now: @escaping @Sendable () -> Date = { Date() }) {
        self.journal = journal
        self.instance = instance
        self.apiUser = apiUser
        self.now = now
    }

    /// A recorder writing the standard journal, `$XDG_STATE_HOME/roster/journal.jsonl`.
    public init(environment: [String: String], instance: String, apiUser: String?) {
        self.init(journal: Journal(path: StatePaths.journal(environment: environment)), instance: instance, apiUser: apiUser)
    }

    /// Appends the entries for `action` (one per changed field) and returns them.
    @discardableResult
    public func record(_ action: JournalAction, userID: String, changes: [FieldChange] = []) throws -> [JournalEntry] {
        let entries = JournalEntry.entries(for: action, userID: userID, changes: changes, time: now(),
                                           instance: instance, apiUser: apiUser)
        guard !entries.isEmpty else { return [] }
        try journal.append(entries)
        return entries
    }

    /// Records a saved credential form; a journal that cannot be written is logged, never thrown:
    /// the change itself succeeded.
    public func recordSave(userID: String, original: Credential, saved: CredentialsEmail, logger: Logger) {
        do {
            try record(.updateCredential, userID: userID,
                       changes: FieldChange.credential(email: original.email,
                                                       forcedReset: original.forcedPasswordResetAtNextLogin,
                                                       to: saved))
        } catch {
            logger.warning("journal not written", metadata: ["user_id": "\(userID)", "error": "\(error)"])
        }
    }

    /// The API user as the journal names it (`GET /user`: the email, else "id N"), or nil when that
    /// read fails. Ask once and keep the answer.
    public static func apiUser(of client: LookerClient) async -> String? {
        apiUser(try? await client.me(fields: meFields))
    }

    /// What `GET /user` is asked for to name the API user.
    public static let meFields = "id,email,display_name,first_name,last_name"

    /// The API user as the journal (and the TUI's header) names it, from `GET /user` (asked with
    /// `meFields`): the email, else the name, else "id N". One rule for the TUI and every command.
    public static func apiUser(_ me: User?) -> String? {
        guard let me else { return nil }
        if let email = me.email, !email.isEmpty { return email }
        if !me.shownName.isEmpty { return me.shownName }
        return me.id.map { "id \($0.rawValue)" }
    }
}

extension FieldChange {
    /// The two writable credential fields, from the values before to the server's answer.
    public static func credential(email: String?, forcedReset: Bool?, to after: CredentialsEmail) -> [FieldChange] {
        changes(.updateCredential, before: BulkSnapshot(email: email, forcedReset: forcedReset, disabled: nil),
                after: BulkSnapshot(email: after.email, forcedReset: after.forcedPasswordResetAtNextLogin, disabled: nil))
    }

    /// What `operation` changed, from the user's fields before and after it: the one mapping from an
    /// operation to its journal entries, for the TUI's writes, `roster` commands and bulk rows alike.
    /// A credential field known on neither side is left out; one that did not change is dropped by
    /// `JournalEntry.entries`; a reset URL or email records no value at all.
    ///
    /// An offboarding row names the thing it changed (`item`): "schedule.17.owner_id", "look.5.folder_id".
    public static func changes(_ operation: UserOperation, before: BulkSnapshot, after: BulkSnapshot, item: OwnedItem? = nil) -> [FieldChange] {
        let email = FieldChange(field: JournalField.email, before: before.email, after: after.email)
        let forced = FieldChange(field: JournalField.forcedPasswordReset, before: before.forcedReset, after: after.forcedReset)
        switch operation {
        case .updateCredential, .createLogin:
            return [email] + (before.forcedReset == nil && after.forcedReset == nil ? [] : [forced])
        case .deleteLogin:
            return [email]
        case .disable, .enable:
            return [FieldChange(field: JournalField.isDisabled, before: before.disabled, after: after.disabled)]
        case .createResetURL, .sendResetEmail:
            return []
        case .addRole, .removeRole:
            return [FieldChange(field: JournalField.roleIDs, before: before.roles.map(list), after: after.roles.map(list))]
        case .addToGroup, .removeFromGroup:
            return [FieldChange(field: JournalField.groupIDs, before: before.groups.map(list), after: after.groups.map(list))]
        case .setAttribute, .clearAttribute:
            guard let a = after.attribute ?? before.attribute else { return [] }
            var afterValue = after.attribute?.journalValue
            // A hidden value is never written down: that it was set anew is all the journal says.
            if a.hidden, operation == .setAttribute { afterValue = "(hidden, set)" }
            return [FieldChange(field: JournalField.attribute(a.name), before: before.attribute?.journalValue, after: afterValue)]
        case .logout:
            return [FieldChange(field: JournalField.session, before: before.session, after: nil)]
        case .deleteAPIKey:
            return [FieldChange(field: JournalField.apiKey, before: before.apiKey, after: nil)]
        case .handOverSchedule, .handOverAlert:
            return [FieldChange(field: JournalField.owned(item, "owner_id"), before: before.owner, after: after.owner)]
        case .moveDashboard, .moveLook:
            return [FieldChange(field: JournalField.owned(item, "folder_id"), before: before.folder, after: after.folder)]
        }
    }
}

/// Ids as the journal writes a set of them: comma-separated, "(none)" when empty.
private func list(_ ids: [String]) -> String { ids.isEmpty ? "(none)" : ids.joined(separator: ",") }
