import Foundation
import LookerAPI
import Logging
import RosterCore
import RosterServices
import ScreenKit
import Synchronization

/// Runs the core's effects off the UI thread and posts their results back as actions. It does IO
/// only: every decision (conflict or write, refetch or not) is the reducer's, on the actions posted.
///
/// Reads and writes are kept apart:
/// - A read runs under a key; a newer read under the same key cancels the older one, whose answer is
///   never posted (fast scrolling fetches only the row it stops on). `cancelReads()` cancels them all.
/// - A write (PATCH, POST, DELETE) is never cancelled: not by a newer effect, not by `cancelReads()`,
///   not by quitting. While one is in flight, the same write for the same user is refused (logged,
///   and posted as a notice) instead of being sent twice.
public final class EffectRunner: Sendable {
    let client: any LookerService
    let post: @Sendable (Action) -> Void
    let logger: Logger
    /// Where successful changes are journaled; nil journals nothing (the demo).
    let journal: Journal?
    private let book = Mutex(Book())
    /// The bulk run of this process.
    private let bulk: BulkEffects

    /// What is running, and who the journal says made the changes.
    private struct Book {
        var nextID: UInt64 = 0
        var reads: [UInt64: (key: String, task: Task<Void, Never>)] = [:]
        var writes = WritesInFlight()
        var actor: String?
    }

    /// The credential fields to ask for; nil asks for all. A served session asks for none of the
    /// secret URLs, so they never reach the process that draws for the viewer.
    let credentialFields: String?
    /// A served session never receives session IP addresses or places, nor API key client ids:
    /// they are dropped here, before anything reaches the core.
    let showsWhereAndKeys: Bool

    /// Every CredentialsEmail field but `password_reset_url` and `account_setup_url`.
    public static let fieldsWithoutSecrets =
        "can,created_at,email,forced_password_reset_at_next_login,user_id,is_disabled,logged_in_at,password_reset_url_expired,account_setup_url_expired,type,url,user_url"

    /// `runs` is where bulk runs are written; nil turns bulk runs off (read-only mode writes no files).
    /// `bulkClient` makes the bulk runs' calls (one that throws 429s at once, so the run paces itself);
    /// nil uses `client`.
    public init(client: any LookerService, logger: Logger, journal: Journal?, secrets: Bool = true, runs: RunStore? = nil,
                bulkClient: (any LookerService)? = nil, post: @escaping @Sendable (Action) -> Void) {
        self.credentialFields = secrets ? nil : Self.fieldsWithoutSecrets
        self.showsWhereAndKeys = secrets
        self.bulk = BulkEffects(client: bulkClient ?? client, store: runs, journal: journal, logger: logger, post: post)
        self.client = client
        self.logger = logger
        self.journal = journal
        self.post = post
    }

    /// Writes sent and not yet answered (the event loop tells the user on quit: they finish or die
    /// with the process, they are never cancelled).
    public var writesInFlight: Int { book.withLock { $0.writes.count } }

    /// Read tasks still running, cancelled ones included until they end.
    public var readsInFlight: Int { book.withLock { $0.reads.count } }

    public func run(_ effect: Effect) {
        if bulk.run(effect, apiUser: book.withLock({ $0.actor })) { return }
        switch effect {
        case .loadMe:
            read("me") { [client, post] in
                do throws(LookerError) {
                    let me = try await client.me(fields: JournalRecorder.meFields)
                    if Task.isCancelled { return }
                    // The header and the journal name the API user as `roster` commands do.
                    post(.meLoaded(name: JournalRecorder.apiUser(me) ?? "?", id: me.id?.rawValue))
                } catch {
                    if Task.isCancelled { return }
                    post(.meFailed(Mapping.failure(error)))
                }
            }
        case .loadUsers(let generation):
            read("users") { [client, post] in await client.streamUsers(generation: generation, post: post) }
        case .fetchCredential(let request, let userID, let delayMs):
            read("credential") { [client, post, credentialFields] in
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
            read("search") { [client, post] in
                if delayMs > 0 { try? await Task.sleep(for: .milliseconds(delayMs)) }
                if Task.isCancelled { return }
                do throws(LookerError) {
                    let page = try await client.usersPage(search: .text(text), limit: 200, offset: 0,
                                                          fields: LookerClient.listFields, sorts: "id")
                    if Task.isCancelled { return }
                    post(.searchAnswered(seq: seq, rows: page.map(Mapping.row)))
                } catch {
                    // The local filter still works; a failed server search is not worth a dialog.
                }
            }
        case .readForSave(let userID):
            read("save-check \(userID)") { [client, post] in
                do throws(LookerError) {
                    let current = try await client.credentialsEmail(userID: userID, fields: nil)
                    if Task.isCancelled { return }
                    post(.saveChecked(userID: userID, current: Mapping.credential(current)))
                } catch {
                    if Task.isCancelled { return }
                    post(.saveFailed(userID: userID, Mapping.failure(error)))
                }
            }
        case .spaceReloads(let afterMs):
            Task.detached { [post] in
                try? await Task.sleep(for: .milliseconds(afterMs))
                post(.reloadSpacingEnded)
            }
        case .expireFlash(let id, let afterMs):
            Task.detached { [post] in
                try? await Task.sleep(for: .milliseconds(afterMs))
                post(.flashExpired(id: id))
            }
        case .loadCatalog:
            read("catalog") { [client, post] in
                do throws(LookerError) {
                    let catalog = try await client.accessCatalog()
                    if Task.isCancelled { return }
                    post(.access(.catalogLoaded(catalog)))
                } catch {
                    if Task.isCancelled { return }
                    post(.access(.catalogFailed(Mapping.failure(error))))
                }
            }
        case .loadTab(let request, let userID, let tab, let delayMs):
            read("tab") { [client, post, showsWhereAndKeys] in
                if delayMs > 0 { try? await Task.sleep(for: .milliseconds(delayMs)) }
                if Task.isCancelled { return }
                do throws(LookerError) {
                    let content: TabContent
                    switch tab {
                    case .login, .access: content = .access(try await client.access(userID: userID))
                    case .attributes: content = .attributes(try await client.attributeValues(userID: userID))
                    case .sessions:
                        let (sessions, keys) = try await client.sessionsAndKeys(userID: userID)
                        content = showsWhereAndKeys ? .sessions(sessions, keys: keys)
                            : .sessions(sessions.map(\.withoutWhere), keys: keys.map(\.withoutClientID))
                    case .owned: content = .owned(try await client.owned(userID: userID, secrets: showsWhereAndKeys))
                    }
                    if Task.isCancelled { return }
                    post(.access(.tabLoaded(request: request, userID: userID, content)))
                } catch {
                    if Task.isCancelled { return }
                    post(.access(.tabFailed(request: request, userID: userID, tab: tab, Mapping.failure(error))))
                }
            }
        case .write(let write, let userID):
            send(write, userID)
        case .setJournalActor(let name):
            book.withLock { $0.actor = name }
        case .copyToClipboard:
            break   // the UI thread owns the terminal: the event loop does this one
        case .quit:
            cancelReads()
        case .startBulk, .resumeBulk, .pauseBulk, .proceedBulk, .stopBulk, .planUndo, .planRetry, .findInterruptedRuns, .listRuns, .planOffboard:
            break   // handled by `bulk` above
        }
    }

    /// Sends one write and journals it once the server confirms it, with the fields it changed.
    private func send(_ request: UserWrite, _ userID: String) {
        let key = PendingWrite(request.operation, userID)
        if request.operation.isAccess {
            write(key) { runner, client throws(LookerError) in
                switch try await client.perform(request, userID: userID) {
                case .changed(let before, let after):
                    runner.record(key, before: before, after: after)
                    let undo = request.accessInverse(before: before)
                    return .access(.changed(userID: userID, write: request, undo: try? undo.get(),
                                            undoRefusal: { if case .failure(let r) = undo { r.reason } else { nil } }(),
                                            row: await Self.listRow(client, userID)))
                case .unchanged(let reason):
                    return .access(.unchanged(userID: userID, key.operation, reason: "user #\(userID) \(reason): nothing sent"))
                case .rolesChanged(let current):
                    return .access(.rolesChanged(userID: userID, current: current, write: request))
                }
            }
            return
        }
        switch request {
        case .updateCredential(let before, let draft):
            write(key) { runner, client throws(LookerError) in
                let saved = try await client.updateCredentialsEmail(userID: userID, Mapping.write(draft))
                runner.recorder()?.recordSave(userID: userID, original: before, saved: saved, logger: runner.logger)
                return .saved(userID: userID, Mapping.credential(saved), row: await Self.listRow(client, userID))
            } failed: { .saveFailed(userID: userID, $0) }
        case .createLogin(let email):
            write(key) { runner, client throws(LookerError) in
                let created = try await client.createCredentialsEmail(userID: userID, WriteCredentialsEmail(email: email))
                runner.record(key, after: BulkSnapshot(email: created.email, forcedReset: nil, disabled: nil))
                return .lifecycle(.credentialCreated(userID: userID, Mapping.credential(created), row: await Self.listRow(client, userID)))
            }
        case .deleteLogin:
            write(key) { runner, client throws(LookerError) in
                let before = try? await client.credentialsEmail(userID: userID, fields: nil)
                try await client.deleteCredentialsEmail(userID: userID)
                runner.record(key, before: BulkSnapshot(email: before?.email, forcedReset: nil, disabled: nil))
                return .lifecycle(.credentialDeleted(userID: userID, row: await Self.listRow(client, userID)))
            }
        case .createResetURL(let expires):
            write(key) { runner, client throws(LookerError) in
                let c = try await client.createPasswordReset(userID: userID, expires: expires)
                runner.record(key)
                return .lifecycle(.resetURLCreated(userID: userID, Mapping.credential(c)))
            }
        case .sendResetEmail:
            write(key) { runner, client throws(LookerError) in
                let c = try await client.sendPasswordReset(userID: userID)
                runner.record(key)
                return .lifecycle(.resetEmailSent(userID: userID, email: c.email ?? ""))
            }
        case .setDisabled(let disabled):
            write(key) { runner, client throws(LookerError) in
                let updated = try await client.updateUser(id: userID, WriteUser(isDisabled: disabled))
                runner.record(key, before: BulkSnapshot(email: nil, forcedReset: nil, disabled: !disabled),
                              after: BulkSnapshot(email: nil, forcedReset: nil, disabled: updated.isDisabled))
                // The row is read again here; the reducer reads the credential again on `.lifecycle(.userChanged)`,
                // so the list row and the form both show the server's state.
                return .lifecycle(.userChanged(await Self.listRow(client, userID) ?? Mapping.row(updated)))
            }
        case .addRole, .removeRole, .addToGroup, .removeFromGroup, .setAttribute, .clearAttribute, .logout, .deleteAPIKey:
            break   // sent by `perform` above
        }
    }

    /// Cancels every read; writes go on (see the type's comment). Called on quit.
    public func cancelReads() {
        let reads = book.withLock { $0.reads.values.map(\.task) }
        for task in reads { task.cancel() }
    }

    /// Starts a read under `key`, cancelling the reads that ran under it before.
    private func read(_ key: String, _ work: @escaping @Sendable () async -> Void) {
        book.withLock { book in
            for read in book.reads.values where read.key == key { read.task.cancel() }
            book.nextID += 1
            let id = book.nextID
            // The task removes itself once done; it cannot get the lock before it is registered.
            let task = Task.detached { [self] in
                await work()
                _ = self.book.withLock { $0.reads.removeValue(forKey: id) }
            }
            book.reads[id] = (key, task)
        }
    }

    /// Starts a write unless the same one for the same user is in flight; posts what `work`
    /// returns, or `.lifecycle(.failed)` with the server's answer. Nothing cancels it.
    private func write(_ key: PendingWrite,
                       _ work: @escaping @Sendable (EffectRunner, any LookerService) async throws(LookerError) -> Action,
                       failed: (@Sendable (Failure) -> Action)? = nil) {
        if let refusal = book.withLock({ $0.writes.begin(key) }) {
            logger.warning("refused a write already in flight",
                           metadata: ["write": "\(key.operation.rawValue)", "user_id": "\(key.userID)"])
            post(.noticed(refusal))
            return
        }
        Task.detached { [self, client] in
            let answer: Action
            do throws(LookerError) {
                answer = try await work(self, client)
            } catch {
                let failure = Mapping.failure(error)
                answer = failed?(failure) ?? .lifecycle(.failed(userID: key.userID, operation: key.operation, failure))
            }
            // Done before posting, so a new write the answer allows is not refused.
            self.book.withLock { $0.writes.end(key) }
            self.post(answer)
        }
    }

    /// A recorder stamped with the API user known now; nil when nothing is journaled.
    func recorder() -> JournalRecorder? {
        journal.map { JournalRecorder(journal: $0, instance: client.instance, apiUser: book.withLock { $0.actor }) }
    }

    /// Journals a confirmed change; a journal that cannot be written is logged: the change stands.
    func record(_ write: PendingWrite, before: BulkSnapshot = .unknown, after: BulkSnapshot = .unknown) {
        let userID = write.userID
        let changes = FieldChange.changes(write.operation, before: before, after: after)
        guard let recorder = recorder() else { return }
        do { try recorder.record(JournalAction(write.operation), userID: userID, changes: changes) } catch {
            logger.warning("journal not written", metadata: ["user_id": "\(userID)", "error": "\(error)"])
        }
    }

    /// The user's list row read again after a change (nil if that read fails: the change stands).
    static func listRow(_ client: any LookerService, _ userID: String) async -> UserRow? {
        (try? await client.user(id: userID, fields: LookerClient.listFields)).map(Mapping.row)
    }
}

extension LookerService {
    /// Streams every page, one behind, so the last page can say "done" without an extra empty page.
    func streamUsers(generation: Int, post: @Sendable (Action) -> Void) async {
        do {
            var iterator = userPages(fields: LookerClient.listFields).makeAsyncIterator()
            var pending: [UserRow]? = nil
            while let page = try await iterator.next() {
                if Task.isCancelled { return }
                if let pending { post(.usersLoaded(generation: generation, rows: pending, done: false)) }
                pending = page.map(Mapping.row)
            }
            if Task.isCancelled { return }
            post(.usersLoaded(generation: generation, rows: pending ?? [], done: true))
        } catch {
            if Task.isCancelled { return }
            post(.usersFailed(generation: generation, Mapping.failure(LookerClient.wrap(error))))
        }
    }
}
