import Foundation
import RosterCore

/// What a journal entry records: one kind of change. Unknown kinds (from a newer Roster) still
/// decode, so an old binary can read a newer journal.
public struct JournalAction: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The journal's name for `operation` (the operation says it: `UserOperation.journalName`).
    public init(_ operation: UserOperation) { rawValue = operation.journalName }

    // One name per operation, the operation's own.
    public static let updateCredential = JournalAction(.updateCredential)
    public static let createLogin = JournalAction(.createLogin)
    public static let deleteLogin = JournalAction(.deleteLogin)
    public static let createResetURL = JournalAction(.createResetURL)
    public static let sendResetEmail = JournalAction(.sendResetEmail)
    public static let disable = JournalAction(.disable)
    public static let enable = JournalAction(.enable)

    /// The operation this entry records; nil for a name this version does not know.
    public var operation: UserOperation? { UserOperation.allCases.first { $0.journalName == rawValue } }

    /// Actions whose answers carry secrets (reset or setup URLs): their entries never hold a value.
    public var carriesSecrets: Bool { operation?.answerHoldsSecret ?? false }
}

/// The names journal entries give to the fields they record, as the API spells them.
public enum JournalField {
    public static let email = "email"
    public static let forcedPasswordReset = "forced_password_reset_at_next_login"
    public static let isDisabled = "is_disabled"
    /// The direct role ids, comma-separated.
    public static let roleIDs = "role_ids"
    /// The groups the user is directly in, comma-separated.
    public static let groupIDs = "group_ids"
    /// The session logged out.
    public static let session = "session"
    /// The API key deleted (its id and client id).
    public static let apiKey = "api_key"
    /// One user attribute's value, by the attribute's name.
    public static func attribute(_ name: String) -> String { "attribute." + name }
    /// A field of one thing a user owned: "schedule.17.owner_id" (just the field when not known).
    public static func owned(_ item: OwnedItem?, _ field: String) -> String {
        item.map { "\($0.kind.rawValue).\($0.id).\(field)" } ?? field
    }
}

/// One successful change on a Looker instance, as one line of the journal.
///
/// Guarantees: `before` and `after` never hold a secret. Entries of actions that produce reset or
/// setup URLs hold no values at all, and any value that looks like a URL is replaced by `hidden`
/// when the entry is made (see `redacted`). Absent values are written as JSON `null`.
public struct JournalEntry: Codable, Sendable, Equatable {
    /// When the change was confirmed by the server: ISO 8601, UTC (`2025-01-31T09:30:00Z`).
    public var time: String
    /// The host of the Looker instance that was changed.
    public var instance: String
    /// Who made the change, as the API user's email or id, when it could be found out.
    public var apiUser: String?
    public var userID: String
    public var action: JournalAction
    /// The field that changed; nil for actions on the whole user or credential without a value.
    public var field: String?
    public var before: String?
    public var after: String?

    /// What a value that looks like a URL is written as.
    public static let hidden = "(hidden)"

    public init(time: String, instance: String, apiUser: String?, userID: String, action: JournalAction,
                field: String? = nil, before: String? = nil, after: String? = nil) {
        self.time = time
        self.instance = instance
        self.apiUser = apiUser
        self.userID = userID
        self.action = action
        self.field = field
        self.before = before
        self.after = after
        self = redacted
    }

    /// This entry with every secret removed. Roster's recorded fields (emails, flags) are never URLs,
    /// so a URL in a value can only be a secret that slipped in.
    public var redacted: JournalEntry {
        var copy = self
        if action.carriesSecrets {
            copy.before = nil
            copy.after = nil
        }
        copy.before = copy.before.map(Self.hidingURL)
        copy.after = copy.after.map(Self.hidingURL)
        return copy
    }

    private static func hidingURL(_ value: String) -> String {
        value.contains("://") ? hidden : value
    }

    enum CodingKeys: String, CodingKey {
        case time, instance
        case apiUser = "api_user"
        case userID = "user_id"
        case action, field, before, after
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(time: try c.decode(String.self, forKey: .time),
                  instance: try c.decode(String.self, forKey: .instance),
                  apiUser: try c.decodeIfPresent(String.self, forKey: .apiUser),
                  userID: try c.decode(String.self, forKey: .userID),
                  action: try c.decode(JournalAction.self, forKey: .action),
                  field: try c.decodeIfPresent(String.self, forKey: .field),
                  before: try c.decodeIfPresent(String.self, forKey: .before),
                  after: try c.decodeIfPresent(String.self, forKey: .after))
    }

    // Absent values are written as null so every line has the same keys (easier for jq and awk).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(time, forKey: .time)
        try c.encode(instance, forKey: .instance)
        try c.encode(apiUser, forKey: .apiUser)
        try c.encode(userID, forKey: .userID)
        try c.encode(action, forKey: .action)
        try c.encode(field, forKey: .field)
        try c.encode(before, forKey: .before)
        try c.encode(after, forKey: .after)
    }
}

/// One field's value before and after a change, as the journal writes it.
public struct FieldChange: Sendable, Equatable {
    public var field: String
    public var before: String?
    public var after: String?

    public init(field: String, before: String?, after: String?) {
        self.field = field
        self.before = before
        self.after = after
    }

    public init(field: String, before: Bool?, after: Bool?) {
        self.init(field: field, before: before.map(String.init), after: after.map(String.init))
    }
}

extension JournalEntry {
    /// The entries for one action: one per field whose value really changed. An action recorded
    /// without fields (a reset URL, a reset email) gives one entry with no field; fields that all
    /// stayed the same give none, since nothing changed.
    public static func entries(for action: JournalAction, userID: String, changes: [FieldChange], time: Date,
                               instance: String, apiUser: String?) -> [JournalEntry] {
        let stamp = time.formatted(.iso8601)
        if changes.isEmpty {
            return [JournalEntry(time: stamp, instance: instance, apiUser: apiUser, userID: userID, action: action)]
        }
        return changes.filter { $0.before != $0.after }.map {
            JournalEntry(time: stamp, instance: instance, apiUser: apiUser, userID: userID, action: action,
                         field: $0.field, before: $0.before, after: $0.after)
        }
    }
}
