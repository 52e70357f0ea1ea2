import Foundation
import LookerAPI
import Logging
import RosterCore
import Synchronization

/// Runs the core's effects off the UI thread and posts their results back as actions.
///
/// At most one credential fetch and one server search run at a time: a newer one cancels the older
/// (fast scrolling fetches only the row it stops on); the reducer also drops stale answers by number.
public final class EffectRunner: Sendable {
    let client: LookerClient
    let post: @Sendable (Action) -> Void
    let logger: Logger
    /// Where successful changes are journaled; nil journals nothing (the demo).
    let recorder: JournalRecorder?
    private let tasks = Mutex<[String: Task<Void, Never>]>([:])
    /// The credential fields to ask for; nil asks for all. A served session asks for none of the
    /// secret URLs, so they never reach the process that draws for the viewer.
    let credentialFields: String?

    /// Every CredentialsEmail field but `password_reset_url` and `account_setup_url`.
    public static let fieldsWithoutSecrets =
        "can,created_at,email,forced_password_reset_at_next_login,user_id,is_disabled,logged_in_at,password_reset_url_expired,account_setup_url_expired,type,url,user_url"

    public init(client: LookerClient, logger: Logger, journal: Journal?, secrets: Bool = true,
                post: @escaping @Sendable (Action) -> Void) {
        self.credentialFields = secrets ? nil : Self.fieldsWithoutSecrets
        self.client = client
        self.logger = logger
        self.post = post
        recorder = journal.map { JournalRecorder(journal: $0, client: client) }
    }

    public func run(_ effect: Effect) {
        switch effect {
        case .loadMe:
            start("me") { [client, post] in
                do throws(LookerError) {
                    let me = try await client.me(fields: "id,display_name,first_name,last_name,email")
                    let name = me.credentialsEmail?.email ?? me.email ?? me.shownName
                    post(.meLoaded(name: name.isEmpty ? (me.id?.rawValue ?? "?") : name))
                } catch {
                    post(.meFailed(Mapping.failure(error)))
                }
            }
        case .loadUsers(let generation):
            start("users") { [client, post] in
                do {
                    var iterator = client.users(fields: LookerClient.listFields).makeAsyncIterator()
                    var pending: [UserRow]? = nil
                    // One page behind, so the last page can say "done" without an extra empty page.
                    while let page = try await iterator.next() {
                        if Task.isCancelled { return }
                        if let pending { post(.usersLoaded(generation: generation, rows: pending, done: false)) }
                        pending = page.map(Mapping.row)
                    }
                    post(.usersLoaded(generation: generation, rows: pending ?? [], done: true))
                } catch {
                    if Task.isCancelled { return }
                    post(.usersFailed(generation: generation, Mapping.failure(LookerClient.wrap(error))))
                }
            }
        case .fetchCredential(let request, let userID, let delayMs):
            start("credential") { [client, post, credentialFields] in
                if delayMs > 0 { try? await Task.sleep(for: .milliseconds(delayMs)) }
                if Task.isCancelled { return }
                do throws(LookerError) {
                    let c = try await client.credentialsEmail(userID: userID, fields: credentialFields)
                    if Task.isCancelled { return }
                    post(.credentialLoaded(request: request, userID: userID, Mapping.credential(c)))
                } catch {
                    if Task.isCancelled { return }
                    if case .notFound = error {
                        post(.credentialMissing(request: request, userID: userID))
                    } else {
                        post(.credentialFailed(request: request, userID: userID, Mapping.failure(error)))
                    }
                }
            }
        case .searchUsers(let seq, let text, let delayMs):
            start("search") { [client, post] in
                if delayMs > 0 { try? await Task.sleep(for: .milliseconds(delayMs)) }
                if Task.isCancelled { return }
                do {
                    let page = try await client.usersPage(search: .text(text),
                                                          limit: 200, offset: 0, fields: LookerClient.listFields, sorts: "id")
                    if Task.isCancelled { return }
                    post(.searchAnswered(seq: seq, rows: page.map(Mapping.row)))
                } catch {
                    // The local filter still works; a failed server search is not worth a dialog.
                }
            }
        case .save(let userID, let original, let draft, let force):
            start("save-\(userID)") { [client, post, logger, recorder] in
                do throws(LookerError) {
                    if !force {
                        let current = Mapping.credential(try await client.credentialsEmail(userID: userID))
                        if current.email != original.email
                            || current.forcedPasswordResetAtNextLogin != original.forcedPasswordResetAtNextLogin {
                            post(.saveConflict(userID: userID, server: current))
                            return
                        }
                    }
                    let saved = try await client.updateCredentialsEmail(userID: userID, Mapping.write(draft))
                    await recorder?.recordSave(userID: userID, original: original, saved: saved, logger: logger)
                    post(.saved(userID: userID, Mapping.credential(saved), row: await Self.listRow(client, userID)))
                } catch {
                    post(.saveFailed(userID: userID, Mapping.failure(error)))
                }
            }
        case .expireFlash(let id, let afterMs):
            Task.detached { [post] in
                try? await Task.sleep(for: .milliseconds(afterMs))
                post(.flashExpired(id: id))
            }
        case .createCredential(let userID, let email):
            lifecycle(userID, "create") { client, journal in
                let created = try await client.createCredentialsEmail(userID: userID, WriteCredentialsEmail(email: email))
                await journal(.createCredential, [FieldChange(field: JournalField.email, before: nil as String?, after: created.email)])
                return .credentialCreated(userID: userID, Mapping.credential(created), row: await Self.listRow(client, userID))
            }
        case .deleteCredential(let userID):
            lifecycle(userID, "delete") { client, journal in
                let before = try? await client.credentialsEmail(userID: userID)
                try await client.deleteCredentialsEmail(userID: userID)
                await journal(.deleteCredential, [FieldChange(field: JournalField.email, before: before?.email, after: nil as String?)])
                return .credentialDeleted(userID: userID, row: await Self.listRow(client, userID))
            }
        case .createResetURL(let userID, let expires):
            lifecycle(userID, "reset URL") { client, journal in
                let c = try await client.createPasswordReset(userID: userID, expires: expires)
                await journal(.passwordResetURL, [])
                return .resetURLCreated(userID: userID, Mapping.credential(c))
            }
        case .sendPasswordReset(let userID):
            lifecycle(userID, "reset email") { client, journal in
                let c = try await client.sendPasswordReset(userID: userID)
                await journal(.sendPasswordReset, [])
                return .resetEmailSent(userID: userID, email: c.email ?? "")
            }
        case .setDisabled(let userID, let disabled):
            lifecycle(userID, disabled ? "disable" : "enable") { client, journal in
                let updated = try await client.updateUser(id: userID, WriteUser(isDisabled: disabled))
                await journal(disabled ? .disableUser : .enableUser,
                              [FieldChange(field: JournalField.isDisabled, before: !disabled, after: updated.isDisabled)])
                return .userChanged(await Self.listRow(client, userID) ?? Mapping.row(updated))
            }
        case .copyToClipboard:
            break   // the UI thread owns the terminal: the event loop does this one
        case .quit:
            cancelAll()
        }
    }

    /// Runs one lifecycle call; journals through `journal` (never fails the action) and posts the
    /// result, or `.actionFailed` with the server's answer.
    private func lifecycle(_ userID: String, _ what: String,
                           _ work: @escaping @Sendable (LookerClient, @Sendable (JournalAction, [FieldChange]) async -> Void) async throws -> Action) {
        start("lifecycle-\(userID)") { [client, post, logger, recorder] in
            let journal: @Sendable (JournalAction, [FieldChange]) async -> Void = { action, changes in
                guard let recorder else { return }
                do { try await recorder.record(action, userID: userID, changes: changes) } catch {
                    logger.warning("journal not written", metadata: ["user_id": "\(userID)", "error": "\(error)"])
                }
            }
            do {
                post(try await work(client, journal))
            } catch {
                post(.actionFailed(userID: userID, what: what, Mapping.failure(LookerClient.wrap(error))))
            }
        }
    }

    /// Starts `work` under `key`, cancelling what ran under it before.
    private func start(_ key: String, _ work: @escaping @Sendable () async -> Void) {
        let task = Task.detached { await work() }
        let old = tasks.withLock { tasks in
            let old = tasks[key]
            tasks[key] = task
            return old
        }
        old?.cancel()
    }

    /// The user's list row read again after a change (nil if that read fails: the change stands).
    static func listRow(_ client: LookerClient, _ userID: String) async -> UserRow? {
        (try? await client.user(id: userID, fields: LookerClient.listFields)).map(Mapping.row)
    }

    public func cancelAll() {
        let all = tasks.withLock { tasks in
            defer { tasks.removeAll() }
            return Array(tasks.values)
        }
        for t in all { t.cancel() }
    }
}
