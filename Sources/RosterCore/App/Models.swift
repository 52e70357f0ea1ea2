import Foundation
import ScreenKit

/// A user as the list shows it. Built by the shell from the API's `User`; the core never sees HTTP.
///
/// Kept small, since the list holds one per user (100,000 and more): the email login's address and
/// the SSO email share `email`'s storage when they are the same address (the usual case), the last
/// login is a UTC day number, the flags are bits, and the direct role and group ids are one word
/// (`AccessIDs`; the list shares one copy among rows with the same ids).
public struct UserRow: Sendable, Equatable {
    public var id: String
    public var name: String
    public var email: String {
        didSet { if oldValue != email { emailChanged(from: oldValue) } }
    }
    /// Login kinds ("email", "saml"…), as the server lists them.
    public var logins: [String]
    /// Addresses that differ from `email`: [email login, SSO email], each present only when it differs.
    private var otherEmails: [String]?
    /// Numeric id for sorting (non-numeric ids sort after numeric ones).
    let numericID: Int64
    /// Epoch day (UTC) of the latest login over every credential; `Int32.min`: never (or not known).
    private var lastLoginStorage: Int32
    /// Enabled (not disabled); nil when the server did not say (a `fields` list left it out).
    public var enabled: Bool?
    private var bits: UInt16
    /// The direct role ids and direct group ids (see `AccessIDs`): one word, no allocation when empty.
    private var access: AccessIDs

    private enum Bit {
        static let hasEmailLogin: UInt16 = 1, emailLoginDiffers: UInt16 = 2, hasSSOEmail: UInt16 = 4, ssoDiffers: UInt16 = 8
        static let forcedKnown: UInt16 = 16, forced: UInt16 = 32, totp: UInt16 = 64, suspicious: UInt16 = 128
        static let sessionKnown: UInt16 = 256, session: UInt16 = 512, apiKeyKnown: UInt16 = 1024, apiKey: UInt16 = 2048
    }

    public init(id: String, name: String, email: String, logins: [String], enabled: Bool?,
                emailLogin: String? = nil, forcedReset: Bool? = nil, lastLoginDay: Int32? = nil,
                ssoEmail: String? = nil, hasTOTP: Bool = false,
                roleIDs: [String] = [], groupIDs: [String] = [], hasSession: Bool? = nil, hasAPIKey: Bool? = nil) {
        self.id = id
        self.name = name
        self.email = email
        self.logins = logins
        self.enabled = enabled
        numericID = Int64(id) ?? Int64.max
        lastLoginStorage = Int32.min
        bits = DisplayText.isSuspicious(name) || DisplayText.isSuspicious(email) ? Bit.suspicious : 0
        access = AccessIDs(roles: roleIDs, groups: groupIDs)
        self.emailLogin = emailLogin
        self.ssoEmail = ssoEmail
        self.forcedReset = forcedReset
        self.lastLoginDay = lastLoginDay
        self.hasTOTP = hasTOTP
        self.hasSession = hasSession
        self.hasAPIKey = hasAPIKey
    }

    /// The name or email holds control, bidi or zero-width characters: the row gets a warning mark.
    public var suspicious: Bool { bits & Bit.suspicious != 0 }

    /// The roles given to the user directly (not through a group), as the server lists them.
    public var roleIDs: [String] {
        get { access.roles }
        set { access = AccessIDs(roles: newValue, groups: access.groups) }
    }

    /// The groups the user is directly in (not the groups those sit in), as the server lists them.
    public var groupIDs: [String] {
        get { access.groups }
        set { access = AccessIDs(roles: access.roles, groups: newValue) }
    }

    /// The compact form of `roleIDs` and `groupIDs`, for the list's filter (which shares one copy
    /// among the rows that have the same ids).
    var accessIDs: AccessIDs {
        get { access }
        set { access = newValue }
    }

    /// The user has an open web session; nil when the server did not say (`sessions` not loaded).
    public var hasSession: Bool? {
        get { tristate(Bit.sessionKnown, Bit.session) }
        set { setTristate(newValue, Bit.sessionKnown, Bit.session) }
    }

    /// The user has an API key (an API3 credential); nil when the server did not say.
    public var hasAPIKey: Bool? {
        get { tristate(Bit.apiKeyKnown, Bit.apiKey) }
        set { setTristate(newValue, Bit.apiKeyKnown, Bit.apiKey) }
    }

    private func tristate(_ known: UInt16, _ value: UInt16) -> Bool? {
        bits & known == 0 ? nil : bits & value != 0
    }

    private mutating func setTristate(_ newValue: Bool?, _ known: UInt16, _ value: UInt16) {
        bits &= ~(known | value)
        if let newValue { bits |= known | (newValue ? value : 0) }
    }

    /// The address of the user's email/password login; nil when they have none (or it was not loaded).
    public var emailLogin: String? {
        get { extra(Bit.hasEmailLogin, Bit.emailLoginDiffers, slot: 0) }
        set { setExtra(newValue, Bit.hasEmailLogin, Bit.emailLoginDiffers, slot: 0) }
    }

    /// The first email among the SSO logins (saml, oidc, google, ldap, looker_openid, workforce); nil if none.
    public var ssoEmail: String? {
        get { extra(Bit.hasSSOEmail, Bit.ssoDiffers, slot: 1) }
        set { setExtra(newValue, Bit.hasSSOEmail, Bit.ssoDiffers, slot: 1) }
    }

    /// The email login forces a password reset at next login; nil when not known (or no email login).
    public var forcedReset: Bool? {
        get { bits & Bit.forcedKnown == 0 ? nil : bits & Bit.forced != 0 }
        set {
            bits &= ~(Bit.forcedKnown | Bit.forced)
            if let newValue { bits |= Bit.forcedKnown | (newValue ? Bit.forced : 0) }
        }
    }

    /// The UTC day (days since 1970-01-01) of the latest login over all credentials; nil: never.
    public var lastLoginDay: Int32? {
        get { lastLoginStorage == Int32.min ? nil : lastLoginStorage }
        set { lastLoginStorage = newValue.map { max($0, Int32.min + 1) } ?? Int32.min }
    }

    /// The user has a second factor (TOTP) credential.
    public var hasTOTP: Bool {
        get { bits & Bit.totp != 0 }
        set { bits = newValue ? bits | Bit.totp : bits & ~Bit.totp }
    }

    private func extra(_ has: UInt16, _ differs: UInt16, slot: Int, base: String? = nil) -> String? {
        guard bits & has != 0 else { return nil }
        guard bits & differs != 0, let others = otherEmails else { return base ?? email }
        // The email login's slot comes first when both differ.
        return others[slot == 1 && bits & Bit.emailLoginDiffers != 0 ? 1 : 0]
    }

    private mutating func setExtra(_ value: String?, _ has: UInt16, _ differs: UInt16, slot: Int) {
        store(login: slot == 0 ? value : emailLogin, sso: slot == 1 ? value : ssoEmail)
    }

    /// Keeps each address that equals `email` as `email` itself (one string for both).
    private mutating func store(login: String?, sso: String?) {
        bits &= ~(Bit.hasEmailLogin | Bit.emailLoginDiffers | Bit.hasSSOEmail | Bit.ssoDiffers)
        var others: [String] = []
        if let login {
            bits |= Bit.hasEmailLogin
            if login != email { bits |= Bit.emailLoginDiffers; others.append(login) }
        }
        if let sso {
            bits |= Bit.hasSSOEmail
            if sso != email { bits |= Bit.ssoDiffers; others.append(sso) }
        }
        otherEmails = others.isEmpty ? nil : others
    }

    /// `email` changed: the addresses that were shared with the old one keep the old value.
    private mutating func emailChanged(from old: String) {
        guard bits & (Bit.hasEmailLogin | Bit.hasSSOEmail) != 0 else { return }
        store(login: extra(Bit.hasEmailLogin, Bit.emailLoginDiffers, slot: 0, base: old),
              sso: extra(Bit.hasSSOEmail, Bit.ssoDiffers, slot: 1, base: old))
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
            && a.emailLogin == b.emailLogin && a.ssoEmail == b.ssoEmail && a.forcedReset == b.forcedReset
            && a.lastLoginDay == b.lastLoginDay && a.hasTOTP == b.hasTOTP
            && a.access == b.access && a.hasSession == b.hasSession && a.hasAPIKey == b.hasAPIKey
    }
}

/// A user's direct role ids and direct group ids in one word. Looker's ids are numeric strings, so
/// the usual form is one array of Int32: the number of roles, then the roles, then the groups; no
/// roles and no groups is the empty array, which allocates nothing. An id that is not the canonical
/// spelling of an Int32 ("007", "r-1", "99999999999") turns the whole value into the strings form,
/// so every id reads back exactly as it was given.
enum AccessIDs: Sendable, Hashable {
    case numeric([Int32])
    case text(TextIDs)

    /// The strings form, behind one reference so the enum stays one word.
    final class TextIDs: Sendable, Hashable {
        let roles: [String]
        let groups: [String]

        init(roles: [String], groups: [String]) {
            self.roles = roles
            self.groups = groups
        }

        static func == (a: TextIDs, b: TextIDs) -> Bool { a.roles == b.roles && a.groups == b.groups }

        func hash(into hasher: inout Hasher) {
            hasher.combine(roles)
            hasher.combine(groups)
        }
    }

    init(roles: [String], groups: [String]) {
        if roles.isEmpty && groups.isEmpty {
            self = .numeric([])
            return
        }
        var numbers: [Int32] = []
        numbers.reserveCapacity(1 + roles.count + groups.count)
        numbers.append(Int32(roles.count))
        for id in roles + groups {
            guard let n = Self.number(id) else {
                self = .text(TextIDs(roles: roles, groups: groups))
                return
            }
            numbers.append(n)
        }
        self = .numeric(numbers)
    }

    /// `id` as an Int32 when it spells one exactly (digits, no sign, no leading zero).
    static func number(_ id: String) -> Int32? {
        guard let n = Int32(id), n >= 0, String(n) == id else { return nil }
        return n
    }

    var roles: [String] {
        switch self {
        case .numeric(let n): n.isEmpty ? [] : n[1 ..< 1 + Int(n[0])].map { String($0) }
        case .text(let t): t.roles
        }
    }

    var groups: [String] {
        switch self {
        case .numeric(let n): n.isEmpty ? [] : n[(1 + Int(n[0]))...].map { String($0) }
        case .text(let t): t.groups
        }
    }

    var isEmpty: Bool {
        if case .numeric(let n) = self { n.isEmpty } else { false }
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
