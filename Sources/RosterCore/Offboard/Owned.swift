import ScreenKit

/// The kinds of thing a user owns that offboarding hands over or ends, in the order a plan lists them.
public enum OwnedKind: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    case schedule, alert, dashboard, look, session
    case apiKey = "api_key"

    /// Singular noun for rows and messages: "schedule", "API key".
    public var noun: String {
        switch self {
        case .schedule: "schedule"
        case .alert: "alert"
        case .dashboard: "dashboard"
        case .look: "look"
        case .session: "session"
        case .apiKey: "API key"
        }
    }

    /// Plural heading: "Schedules", "API keys".
    public var heading: String {
        switch self {
        case .schedule: "Schedules"
        case .alert: "Alerts"
        case .dashboard: "Dashboards"
        case .look: "Looks"
        case .session: "Sessions"
        case .apiKey: "API keys"
        }
    }

    /// Whether offboarding hands it to the successor (the rest are ended).
    public var handedOver: Bool { self != .session && self != .apiKey }
}

/// One thing a user owns: a schedule, an alert, a dashboard or look of their personal folder (or a
/// sub-folder of it), a session or an API key. Names and details are server text: sanitized when shown.
public struct OwnedItem: Sendable, Equatable, Codable {
    public var kind: OwnedKind
    public var id: String
    /// Title or name; for a session its browser/IP summary, for a key its masked form.
    public var name: String
    /// More for people: "dashboard 12 · 2 destinations · enabled", the folder's name, "last used …".
    public var detail: String

    public init(kind: OwnedKind, id: String, name: String, detail: String = "") {
        self.kind = kind
        self.id = id
        self.name = name
        self.detail = detail
    }
}

/// Everything one user owns, as read for the Owned tab, `roster users owned` and offboarding.
public struct OwnedSummary: Sendable, Equatable {
    public var userID: String
    public var personalFolderID: String?
    /// Every item, grouped by kind in `OwnedKind`'s order. For a dashboard or look `folderOf` says where it is.
    public var items: [OwnedItem]
    /// Dashboard and look id → the folder holding it now (the plan's "before").
    public var folderOf: [String: String]
    /// Sub-folders read stopped at the cap: there may be more content than listed.
    public var truncated: Bool

    public init(userID: String, personalFolderID: String?, items: [OwnedItem], folderOf: [String: String] = [:], truncated: Bool = false) {
        self.userID = userID
        self.personalFolderID = personalFolderID
        self.items = items
        self.folderOf = folderOf
        self.truncated = truncated
    }

    public func count(_ kind: OwnedKind) -> Int { items.count { $0.kind == kind } }

    /// "2 schedules, 1 alert, 3 dashboards, 0 looks, 1 session, 1 API key".
    public var counts: String {
        OwnedKind.allCases.map { kind in
            let n = count(kind)
            return "\(n) \(kind.noun)\(n == 1 ? "" : "s")"
        }.joined(separator: ", ")
    }

    public var isEmpty: Bool { items.isEmpty }
}
