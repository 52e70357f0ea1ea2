import ScreenKit

/// Which part of the screen takes keys.
public enum Focus: Sendable, Equatable {
    case list
    case filter     // typing into the list's filter
    case form
    /// A tab beside Login (Access, Attributes, Sessions & keys).
    case tab
}

/// What the credential pane shows.
public enum Detail: Sendable, Equatable {
    case empty
    case loading(userID: String)
    case form(CredentialForm)
    /// The user has no email/password credential; these are the logins they do have.
    case missing(userID: String, logins: [String])
    case failed(userID: String, message: String)

    public var userID: String? {
        switch self {
        case .empty: nil
        case .loading(let id), .missing(let id, _), .failed(let id, _): id
        case .form(let f): f.userID
        }
    }
}

/// A short message in the status line that clears itself.
public struct Flash: Sendable, Equatable {
    public enum Level: Sendable, Equatable { case info, success, warning, error }
    public var id: Int
    public var text: String
    public var level: Level
}

/// A question that blocks other keys until answered.
public enum Dialog: Sendable, Equatable {
    /// The form has unsaved edits and the user asked to leave it (`then` is what to do after).
    case leaveDirtyForm(then: PendingMove)
    case revert
    /// The credential changed on the server since the form loaded it.
    case conflict(server: Credential)
    case message(title: String, text: String)
    /// Create an email/password login for a user who has none: the email to use.
    case createCredential(userID: String, email: TextField, error: String?)
    /// Delete the email/password login: the admin must type the login's email to confirm.
    case confirmDelete(userID: String, email: String, typed: TextField)
    /// Create a one-time reset URL: expiring after 60 minutes, or not.
    case resetURL(userID: String)
    case confirmSendReset(userID: String, email: String)
    case confirmDisable(userID: String, name: String, disable: Bool)
    case confirmUndo(UndoRecord)
    /// A bulk run stopped before its end (a crash, a kill, a stop): resume it?
    case resumeRun(RunSummary)
    /// Choose a role or a group to give the user; typing filters the choices.
    case pick(Picker)
    /// A change that cannot be undone (log out, clear a hidden value): yes or no.
    case confirmAccess(userID: String, write: UserWrite, question: String)
    /// Delete an API key: the last four characters of its client id must be typed.
    case confirmDeleteKey(userID: String, key: APIKeyInfo, typed: TextField)
    /// The direct roles changed on the server since the tab showed them.
    case rolesChanged(userID: String, current: [String], write: UserWrite)
}

/// A change made in this run, kept so `u` can apply its inverse (through the same path, journaled too).
public enum UndoRecord: Sendable, Equatable {
    /// A saved form: the writable fields before and after.
    case credential(userID: String, before: CredentialDraft, after: CredentialDraft)
    case disabled(userID: String, wasDisabled: Bool)
    case created(userID: String, email: String)
    case deleted(userID: String, email: String, forcedReset: Bool)
    /// A role, group or attribute change: the write that takes it back, in words too.
    case access(userID: String, inverse: UserWrite, description: String)

    public var userID: String {
        switch self {
        case .credential(let id, _, _), .disabled(let id, _), .created(let id, _), .deleted(let id, _, _), .access(let id, _, _): id
        }
    }

    /// The write that takes the change back. A saved form's inverse is written as is: what this run
    /// wrote is what it knows of the server, so there is no re-read before it.
    public var inverse: UserWrite {
        switch self {
        case .credential(_, let before, let after):
            .updateCredential(before: Credential(email: after.email, forcedPasswordResetAtNextLogin: after.forcedReset),
                              draft: before)
        case .disabled(_, let was): .setDisabled(was)
        case .created: .deleteLogin
        case .deleted(_, let email, _): .createLogin(email: email)
        case .access(_, let inverse, _): inverse
        }
    }

    /// What undoing does, in words.
    public var inverseDescription: String {
        switch self {
        case .credential(let id, let before, _):
            var parts: [String] = []
            if let e = before.email { parts.append("email back to \(e)") }
            if let f = before.forcedReset { parts.append("force reset back to \(f ? "yes" : "no")") }
            return "user #\(id): set " + parts.joined(separator: ", ")
        case .disabled(let id, let was): return "user #\(id): \(was ? "disable" : "enable") again"
        case .created(let id, let email): return "user #\(id): delete the email login \(email) just created"
        case .deleted(let id, let email, _): return "user #\(id): create the email login \(email) again"
        case .access(let id, _, let description): return "user #\(id): \(description)"
        }
    }
}

/// What was asked for when a dirty form was in the way.
public enum PendingMove: Sendable, Equatable {
    case select(index: Int)
    case reload
    case quit
    case toList
}

/// What is on top of the panes.
public enum Overlay: Sendable, Equatable {
    case none
    case help
    case dialog(Dialog)
    /// The bulk panel; what it shows, and its stage, is `AppState.bulk` (the one place the stage lives).
    case bulk
}

/// The whole state of the TUI. Changed only by `reduce`.
public struct AppState: Sendable, Equatable {
    public var instance: String
    public var apiUser: String?
    /// The API user's id (bulk plans never disable it).
    public var apiUserID: String?
    /// What this process may do, decided at start: read-only and why, the served viewer.
    public var policy: Policy
    public var demo: Bool
    /// Draw borders and marks in ASCII (non-UTF-8 locale or --ascii).
    public var ascii: Bool
    public var size: Size
    public var list = UserList()
    /// The instance's roles, groups and attributes (empty until read).
    public var catalog = AccessCatalog.empty
    /// The detail pane's tabs beside Login.
    public var tabs = TabsState()
    public var focus: Focus = .list
    public var detail: Detail = .empty
    public var overlay: Overlay = .none
    public var flash: Flash?
    /// Shown while the client waits out a 429.
    public var rateLimitNotice: String?
    public var quitting = false
    /// `q` came while a write was on its way: quit as soon as it is answered.
    public var quitWhenDone = false
    /// A move to carry out once the save under way succeeds.
    public var pendingMove: PendingMove?
    /// Single-user changes: the writes on their way and what `u` can undo (Lifecycle.swift).
    public var lifecycle = LifecycleState()
    /// The status line while a lifecycle write is on its way ("creating…").
    public var writeStatus: String? { lifecycle.status }

    // Type-ahead: a key counts only on the screen it was typed at.
    /// The number of the frame on the screen now (the event loop reports each one it draws).
    public var shownFrame = 0
    /// The first frame that showed the overlay on top now; nil until it has been drawn.
    public var overlayShownAt: Int?
    /// Keys typed before the overlay on top was drawn, ignored; the overlay says "press again".
    public var staleKeys = 0
    /// Printable keys typed into the form while its credential was loading, for the email field.
    public var typedWhileLoading: [Key] = []
    /// `r` came while users were loading or a reload had just started: one more load starts when
    /// neither holds (one load at a time, a second apart; however often `r` came, one load follows).
    public var reloadQueued = false
    /// A reload started less than a second ago (`.reloadSpacingEnded` ends it).
    public var reloadSpacing = false
    /// The first help row shown.
    public var helpScroll = 0

    // Bulk actions.
    /// The bulk action on screen or running, if any.
    public var bulk: BulkSession?
    /// Requests a bulk run keeps in flight at most (`--concurrency`).
    public var bulkConcurrency = 4

    // Marks: the users a bulk action will take (Space, `*`, `U`). Ids, so they survive filtering,
    // sorting and reloads. Choosing is not changing: allowed read-only.
    /// The marked users' ids.
    public var marked: Set<String> = []

    // Sequence numbers that let late answers be recognized and dropped.
    public var loadGeneration = 0
    public var detailRequest = 0
    public var searchSeq = 0
    var flashSeq = 0

    public init(instance: String, policy: Policy, demo: Bool = false, ascii: Bool = false, size: Size) {
        self.instance = instance
        self.policy = policy
        self.demo = demo
        self.ascii = ascii
        self.size = size
    }

    /// Nothing may change (shown as a badge; `policy.refusal` is what refuses).
    public var readOnly: Bool { policy.readOnly }
    /// The viewer of a `roster serve` session.
    public var viewer: String? { policy.viewer }

    public var form: CredentialForm? {
        if case .form(let f) = detail { return f }
        return nil
    }

    public var isFormDirty: Bool { form?.isDirty ?? false }

    /// Any write is on its way: a lifecycle write (`lifecycle.writes`), a save (`form.saving`) or a bulk run. Quitting waits for it.
    public var isWriting: Bool { !lifecycle.writes.isEmpty || form?.saving == true || bulkActive }

    /// Where a key lands now: what is on top, else what has focus.
    public var keyContext: KeyContext {
        switch overlay {
        case .help: return .help
        case .dialog(let dialog): return .dialog(dialog.kind)
        case .bulk: return .bulk(bulk?.stage ?? .done)
        case .none: break
        }
        switch focus {
        case .list: return .list
        case .filter: return .filter
        case .form:
            if let form { return form.focus == .email ? .formEmail : .formCheckbox }
            if case .loading = detail { return .formLoading }
            return .list
        case .tab:
            if tabs.editing != nil { return .attributeEdit }
            return tabs.current == .login ? .list : .tab(tabs.current)
        }
    }
}

extension Dialog {
    public var kind: DialogKind {
        switch self {
        case .leaveDirtyForm: .leaveDirty
        case .revert: .revert
        case .conflict: .conflict
        case .message: .message
        case .createCredential: .create
        case .confirmDelete: .delete
        case .resetURL: .resetURL
        case .confirmSendReset: .sendReset
        case .confirmDisable: .disable
        case .confirmUndo: .undo
        case .resumeRun: .resumeRun
        case .pick: .pick
        case .confirmAccess: .confirmAccess
        case .confirmDeleteKey: .deleteKey
        case .rolesChanged: .rolesChanged
        }
    }
}
