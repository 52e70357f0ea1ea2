import Foundation
import ScreenKit

/// A user as the list shows it. Built by the shell from the API's `User`; the core never sees HTTP.
public struct UserRow: Sendable, Equatable {
    public var id: String
    public var name: String
    public var email: String
    /// Login kinds ("email", "saml"…), as the server lists them.
    public var logins: [String]
    /// Enabled (not disabled); nil when the server did not say (a `fields` list left it out).
    public var enabled: Bool?
    /// The name or email holds control, bidi or zero-width characters: the row gets a warning mark.
    public let suspicious: Bool
    /// Numeric id for sorting (non-numeric ids sort after numeric ones).
    let numericID: Int64

    public init(id: String, name: String, email: String, logins: [String], enabled: Bool?) {
        self.id = id
        self.name = name
        self.email = email
        self.logins = logins
        self.enabled = enabled
        numericID = Int64(id) ?? Int64.max
        suspicious = DisplayText.isSuspicious(name) || DisplayText.isSuspicious(email)
    }

    /// What the filter searches: "name\u{0}email", case-folded and in one Unicode normal form, so
    /// "é" typed matches "e" + U+0301 stored. Kept once per user, in the list's key buffer.
    static func searchKey(name: String, email: String) -> [UInt8] {
        Array((folded(name) + "\u{0}" + folded(email)).utf8)
    }

    /// Lower-cased and composed (NFC); ASCII text skips the normalization.
    static func folded(_ text: String) -> String {
        let lower = text.lowercased()
        return lower.utf8.allSatisfy { $0 < 0x80 } ? lower : lower.precomposedStringWithCanonicalMapping
    }

    /// The login kinds for a narrow column: "email,saml".
    public var loginsText: String { logins.joined(separator: ",") }

    public static func == (a: UserRow, b: UserRow) -> Bool {
        a.id == b.id && a.name == b.name && a.email == b.email && a.logins == b.logins && a.enabled == b.enabled
    }
}

/// The email/password credential of a user: the model the form edits and the list row follows. `passwordResetURL` and
/// `accountSetupURL` are secrets: the view shows them masked unless the user reveals them.
public struct Credential: Sendable, Equatable {
    public var userID: String?
    public var email: String?
    public var forcedPasswordResetAtNextLogin: Bool?
    public var isDisabled: Bool?
    public var createdAt: String?
    public var loggedInAt: String?
    public var type: String?
    public var passwordResetURL: String?
    public var passwordResetURLExpired: Bool?
    public var accountSetupURL: String?
    public var accountSetupURLExpired: Bool?
    public var url: String?
    public var userURL: String?
    public var can: [String: Bool]

    public init(userID: String? = nil, email: String? = nil, forcedPasswordResetAtNextLogin: Bool? = nil,
                isDisabled: Bool? = nil, createdAt: String? = nil, loggedInAt: String? = nil, type: String? = nil,
                passwordResetURL: String? = nil, passwordResetURLExpired: Bool? = nil, accountSetupURL: String? = nil,
                accountSetupURLExpired: Bool? = nil, url: String? = nil, userURL: String? = nil, can: [String: Bool] = [:]) {
        self.userID = userID
        self.email = email
        self.forcedPasswordResetAtNextLogin = forcedPasswordResetAtNextLogin
        self.isDisabled = isDisabled
        self.createdAt = createdAt
        self.loggedInAt = loggedInAt
        self.type = type
        self.passwordResetURL = passwordResetURL
        self.passwordResetURLExpired = passwordResetURLExpired
        self.accountSetupURL = accountSetupURL
        self.accountSetupURLExpired = accountSetupURLExpired
        self.url = url
        self.userURL = userURL
        self.can = can
    }
}

/// A failed call, as the core needs to know it: what kind, the server's message (untrusted, sanitized
/// when drawn) and, for 422, the per-field errors.
public struct Failure: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case validation, badRequest, unauthorized, forbidden, notFound, conflict, rateLimited, server, network, undecodable, readOnly, loginFailed
    }
    public var kind: Kind
    /// One line for the status line, e.g. "403 forbidden: Not allowed".
    public var summary: String
    public var fieldErrors: [String: String]
    /// Field errors for fields the form does not have (shown at the top of the form).
    public var otherErrors: [String]

    public init(kind: Kind, summary: String, fieldErrors: [String: String] = [:], otherErrors: [String] = []) {
        self.kind = kind
        self.summary = summary
        self.fieldErrors = fieldErrors
        self.otherErrors = otherErrors
    }
}
