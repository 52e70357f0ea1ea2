import ScreenKit

/// Everything that can happen to the app: keys, resizes, and the results of effects. Named as facts.
public enum Action: Sendable, Equatable {
    case started
    /// A key. `seen` is the number of the last frame on the screen when it was typed (the event loop
    /// stamps every key); nil means the frame on the screen now.
    case key(Key, seen: Int? = nil)
    /// Keys read at once (a paste, a held key, type-ahead over a slow link), all typed at frame `seen`.
    /// Applied as if sent one by one, in order, at a bounded cost (see `reduceKeys`).
    case keys([Key], seen: Int? = nil)
    /// The event loop drew frame `n`: the screen now shows the state as it is.
    case frameShown(Int)
    case resized(Size)
    /// Who Roster acts as: the name the journal stamps, and the id bulk plans protect.
    case meLoaded(name: String, id: String? = nil)
    case meFailed(Failure)
    case usersLoaded(generation: Int, rows: [UserRow], done: Bool)
    case usersFailed(generation: Int, Failure)
    case searchAnswered(seq: Int, rows: [UserRow])
    case credentialLoaded(request: Int, userID: String, Credential)
    case credentialMissing(request: Int, userID: String)
    case credentialFailed(request: Int, userID: String, Failure)
    case saved(userID: String, Credential, row: UserRow?)
    case saveFailed(userID: String, Failure)
    /// The credential as the server has it now, read just before a save; the reducer compares it
    /// with what the form loaded and either writes or asks whose version wins.
    case saveChecked(userID: String, current: Credential)
    case rateLimited(seconds: Double)
    /// A second has passed since a reload started (`.spaceReloads`): another may start.
    case reloadSpacingEnded
    case flashExpired(id: Int)
    /// Something the shell wants the user to know (a bad theme file, a config warning).
    case noticed(String)
    /// The shell's clock, in seconds since 1970: sent at start and when the minute changes, so the
    /// filter's relative `last-login:<90d` terms count from today.
    case clockRead(epochSeconds: Int64)
    /// The answer to a lifecycle write (create, delete, reset URL, reset email, disable/enable).
    case lifecycle(LifecycleEvent)
    /// A bulk run's reports and the run store's answers.
    case bulk(BulkReport)
    /// The rest of the user: the catalog, the tabs' reads and the answers to access writes.
    case access(AccessEvent)
}

/// The detail pane's tabs.
public enum DetailTab: String, Sendable, Equatable, CaseIterable {
    case login, access, attributes, sessions, owned

    public var title: String {
        switch self {
        case .login: "Login"
        case .access: "Access"
        case .attributes: "Attributes"
        case .sessions: "Sessions & keys"
        case .owned: "Owned"
        }
    }
}

/// What a tab beside Login shows, as read from the server.
public enum TabContent: Sendable, Equatable {
    case access(UserAccess)
    case attributes([AttributeValue])
    case sessions([SessionInfo], keys: [APIKeyInfo])
    /// What the user owns (schedules, alerts, content, sessions, keys): what offboarding hands over.
    case owned(OwnedSummary)
}

/// The catalog, the tabs' reads, and what access writes did (their failures come as `.lifecycle(.failed)`).
public enum AccessEvent: Sendable, Equatable {
    case catalogLoaded(AccessCatalog)
    case catalogFailed(Failure)
    case tabLoaded(request: Int, userID: String, TabContent)
    case tabFailed(request: Int, userID: String, tab: DetailTab, Failure)
    /// The write changed the user; `note` says what ("added the role Admin"); `undo` takes it back
    /// (nil when nothing can, `undoRefusal` says why); `row` is the user's list row read again.
    case changed(userID: String, write: UserWrite, undo: UserWrite?, undoRefusal: String?, row: UserRow?)
    /// Nothing was sent: the user already was as asked.
    case unchanged(userID: String, UserOperation, reason: String)
    /// The direct roles changed on the server since the tab showed them: nothing was sent.
    case rolesChanged(userID: String, current: [String], write: UserWrite)
}

/// The answers to lifecycle writes (see Lifecycle.swift); each clears its own write in flight.
public enum LifecycleEvent: Sendable, Equatable {
    case credentialCreated(userID: String, Credential, row: UserRow?)
    case credentialDeleted(userID: String, row: UserRow?)
    /// A new reset URL exists (the view carries it; it is a secret).
    case resetURLCreated(userID: String, Credential)
    case resetEmailSent(userID: String, email: String)
    case userChanged(UserRow)
    /// The write failed; `operation` names it.
    case failed(userID: String, operation: UserOperation, Failure)
}

/// A bulk run's reports and the run store's answers (see BulkFlow.swift).
public enum BulkReport: Sendable, Equatable {
    /// The run file exists under this id.
    case started(runID: String)
    /// `key`: the row's `PlanRow.key`.
    case rowFinished(key: String, RowOutcome)
    case progressed(BulkProgress)
    /// The run finished or was stopped; its file says so.
    case ended(RunSummary)
    /// The run could not start or read its file (shown through the grid, which sanitizes).
    case failed(String)
    /// An undo or retry plan, read from a run file.
    case planned(BulkPlan)
    /// A run being resumed, as its file has it.
    case resumed(runID: String, plan: BulkPlan, outcomes: [String: RowOutcome])
    /// Runs that stopped before their end (found at start).
    case interruptedRunsFound([RunSummary])
    /// This instance's runs, newest first (answers `.listRuns`).
    case runsListed([RunSummary])
}

/// Work for the shell to do, named as commands. Effects are values: tests compare them.
public enum Effect: Sendable, Equatable {
    case loadMe
    /// Stream every user page; results come back as `.usersLoaded(generation:…)`.
    case loadUsers(generation: Int)
    /// Answer `.reloadSpacingEnded` after `afterMs` (so a held `r` reloads once a second at most).
    case spaceReloads(afterMs: Int)
    /// Fetch a credential after `delayMs` (so fast scrolling fetches only where it stops); cancels the previous fetch.
    case fetchCredential(request: Int, userID: String, delayMs: Int)
    /// Ask the server's search while not every user is loaded.
    case searchUsers(seq: Int, text: String, delayMs: Int)
    /// Read the credential again before saving (a read: cancellable); answers `.saveChecked` or `.saveFailed`.
    case readForSave(userID: String)
    case expireFlash(id: Int, afterMs: Int)
    /// A change to one user (a write: never cancelled, never sent twice at once). Answered by the
    /// operation's own fact (`.saved`, `.credentialCreated`, …) or by its failure.
    case write(UserWrite, userID: String)
    /// The API user to stamp journal entries with (learned once, at start).
    case setJournalActor(String)
    /// Put app-chosen text on the terminal's clipboard (OSC 52, size-capped).
    case copyToClipboard(String)
    /// Write a run file for the plan and run it (a write: never cancelled half-way; pausing and
    /// stopping let requests in flight finish).
    case startBulk(BulkPlan, concurrency: Int)
    /// Continue a run from its file.
    case resumeBulk(runID: String, concurrency: Int)
    case pauseBulk
    case proceedBulk
    case stopBulk
    /// Read a run file and plan the inverse of what it applied (answers `.bulkPlanned`).
    case planUndo(runID: String)
    /// Read a run file and plan its failed rows again (answers `.bulkPlanned`).
    case planRetry(runID: String)
    /// Look for runs that stopped before their end (answers `.interruptedRunsFound`).
    case findInterruptedRuns
    /// Read this instance's runs (answers `.runsListed`).
    case listRuns
    /// Read the roles, groups and attributes (answers `.access(.catalogLoaded)`).
    case loadCatalog
    /// Read what the leavers own and plan their offboarding to `successorID` (reads only; answers
    /// `.bulk(.planned)` or `.bulk(.failed)`).
    case planOffboard(leaverIDs: [String], successorID: String, apiUserID: String?)
    /// Read what a tab shows for a user after `delayMs` (a read: cancels the previous tab read).
    case loadTab(request: Int, userID: String, tab: DetailTab, delayMs: Int)
    case quit
}

/// What a write sends, one case per `UserOperation` (disable and enable share `setDisabled`).
public enum UserWrite: Sendable, Equatable {
    /// The draft's fields; journaled from `before`, answered by `.saved` with the list row read again,
    /// or `.saveFailed`.
    case updateCredential(before: Credential, draft: CredentialDraft)
    case createLogin(email: String)
    case deleteLogin
    case createResetURL(expires: Bool)
    case sendResetEmail
    case setDisabled(Bool)
    /// Adds a direct role. `expected`: the direct set the screen showed; when the server's differs the
    /// write is not sent and `.access(.rolesChanged)` asks. nil (bulk, CLI): applied to whatever is there.
    case addRole(roleID: String, expected: [String]?)
    case removeRole(roleID: String, expected: [String]?)
    case addToGroup(groupID: String)
    case removeFromGroup(groupID: String)
    /// `name` is for the journal and messages; `hidden` values are journaled masked.
    case setAttribute(attributeID: String, name: String, value: String, hidden: Bool)
    case clearAttribute(attributeID: String, name: String, hidden: Bool)
    /// One session, or every session when nil.
    case logout(sessionID: String?)
    case deleteAPIKey(keyID: String)

    public var operation: UserOperation {
        switch self {
        case .updateCredential: .updateCredential
        case .createLogin: .createLogin
        case .deleteLogin: .deleteLogin
        case .createResetURL: .createResetURL
        case .sendResetEmail: .sendResetEmail
        case .setDisabled(let disabled): disabled ? .disable : .enable
        case .addRole: .addRole
        case .removeRole: .removeRole
        case .addToGroup: .addToGroup
        case .removeFromGroup: .removeFromGroup
        case .setAttribute: .setAttribute
        case .clearAttribute: .clearAttribute
        case .logout: .logout
        case .deleteAPIKey: .deleteAPIKey
        }
    }
}
