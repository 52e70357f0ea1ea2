/// Which part of the screen takes keys.
public enum Focus: Sendable, Equatable {
    case list
    case filter     // typing into the list's filter
    case form
}

/// What the credential pane shows.
public enum Detail: Sendable, Equatable {
    case empty
    case loading(userID: String)
    case form(CredentialForm)
    /// The user has no email/password credential; these are the logins they do have.
    case missing(userID: String, logins: String)
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
    case conflict(server: CredentialView)
    case message(title: String, text: String)
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
}

/// The whole state of the TUI. Changed only by `reduce`.
public struct AppState: Sendable, Equatable {
    public var instance: String
    public var apiUser: String?
    public var readOnly: Bool
    public var demo: Bool
    /// Draw borders and marks in ASCII (non-UTF-8 locale or --ascii).
    public var ascii: Bool
    public var size: Size
    public var list = UserList()
    public var focus: Focus = .list
    public var detail: Detail = .empty
    public var overlay: Overlay = .none
    public var flash: Flash?
    /// Shown while the client waits out a 429.
    public var rateLimitNotice: String?
    public var quitting = false
    /// A move to carry out once the save under way succeeds.
    public var pendingMove: PendingMove?

    // Sequence numbers that let late answers be recognized and dropped.
    public var loadGeneration = 0
    public var detailRequest = 0
    public var searchSeq = 0
    var flashSeq = 0

    public init(instance: String, readOnly: Bool, demo: Bool = false, ascii: Bool = false, size: Size) {
        self.instance = instance
        self.readOnly = readOnly
        self.demo = demo
        self.ascii = ascii
        self.size = size
    }

    public var form: CredentialForm? {
        if case .form(let f) = detail { return f }
        return nil
    }

    public var isFormDirty: Bool { form?.isDirty ?? false }
}
