/// What this process may do, decided once at start (`Policy.decide` in RosterServices) and never
/// changed after: whether it may change anything and why, and who views it when it is a session of
/// `roster serve` (such a session is read-only, sees no secret URL and copies nothing).
///
/// The core asks it at one gate (`refusal(_:)`, used by the key router and by every reducer path
/// that would start a write); the client refuses to send writes on its own as well.
public struct Policy: Sendable, Equatable {
    public var readOnly: Bool
    /// Why, in words ("--read-only", "read_only = true in the profile", "default"…).
    public var reason: String
    /// The viewer of a `roster serve` session; nil for a terminal of one's own.
    public var viewer: String?

    public init(readOnly: Bool, reason: String, viewer: String? = nil) {
        self.readOnly = readOnly || viewer != nil
        self.reason = viewer == nil ? reason : "a roster serve session"
        self.viewer = viewer
    }

    /// May change anything (the default of a terminal of one's own).
    public static let readWrite = Policy(readOnly: false, reason: "default")

    /// What a command or a path of the core needs.
    public enum Need: Sendable, Equatable {
        /// A change on the server (or a run file): `what` says which, for the refusal.
        case change(String)
        /// Showing a reset or setup URL.
        case secrets
        /// Putting text on the terminal's clipboard.
        case clipboard
    }

    /// Why `need` is refused, nil when it is allowed. The one place the policy is read for a decision.
    public func refusal(_ need: Need) -> String? {
        switch need {
        case .change(let what): readOnly ? "read-only: \(what) is off" : nil
        case .secrets: viewer == nil ? nil : "reset and setup URLs are not available over roster serve"
        case .clipboard: viewer == nil ? nil : "the clipboard is not available over roster serve"
        }
    }

    public var canRevealSecrets: Bool { refusal(.secrets) == nil }
    public var canUseClipboard: Bool { refusal(.clipboard) == nil }
}
