import Foundation
import LookerAPI
import Logging
import RosterCore
import ScreenKit

/// Records the changes a client made in the journal, each stamped with the time, the instance's
/// host and the API user.
///
/// Call it only after the server confirmed a change: a refused or failed request records nothing,
/// so read-only mode never writes the journal. The API user is looked up (`GET /user`) only when
/// there is something to record.
public struct JournalRecorder: Sendable {
    public let journal: Journal
    let client: LookerClient
    let now: @Sendable () -> Date

    public init(journal: Journal, client: LookerClient, now: @escaping @Sendable () -> Date = { Date() }) {
        self.journal = journal
        self.client = client
        self.now = now
    }

    /// A recorder writing the standard journal, `$XDG_STATE_HOME/roster/journal.jsonl`.
    public init(client: LookerClient, environment: [String: String]) {
        self.init(journal: Journal(path: StatePaths.journal(environment: environment)), client: client)
    }

    /// Appends the entries for `action` (one per changed field) and returns them.
    @discardableResult
    public func record(_ action: JournalAction, userID: String, changes: [FieldChange] = []) async throws -> [JournalEntry] {
        var entries = JournalEntry.entries(for: action, userID: userID, changes: changes, time: now(),
                                           instance: client.config.host, apiUser: nil)
        guard !entries.isEmpty else { return [] }
        let apiUser = await self.apiUser()
        for i in entries.indices { entries[i].apiUser = apiUser }
        try journal.append(entries)
        return entries
    }

    /// Records a saved credential form; a journal that cannot be written is logged, never thrown:
    /// the change itself succeeded.
    public func recordSave(userID: String, original: CredentialView, saved: CredentialsEmail, logger: Logger) async {
        do {
            try await record(.updateCredential, userID: userID,
                             changes: FieldChange.credential(email: original.email,
                                                             forcedReset: original.forcedPasswordResetAtNextLogin,
                                                             to: saved))
        } catch {
            logger.warning("journal not written", metadata: ["user_id": "\(userID)", "error": "\(error)"])
        }
    }

    private func apiUser() async -> String? {
        guard let me = try? await client.me(fields: "id,email") else { return nil }
        if let email = me.email, !email.isEmpty { return email }
        return me.id.map { "id \($0.rawValue)" }
    }
}

extension FieldChange {
    /// The two writable credential fields, from the values before to the server's answer.
    public static func credential(email: String?, forcedReset: Bool?, to after: CredentialsEmail) -> [FieldChange] {
        [FieldChange(field: JournalField.email, before: email, after: after.email),
         FieldChange(field: JournalField.forcedPasswordReset, before: forcedReset, after: after.forcedPasswordResetAtNextLogin)]
    }
}
