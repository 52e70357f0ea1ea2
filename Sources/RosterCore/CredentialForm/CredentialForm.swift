import ScreenKit

/// The editable fields of the credential form, in Tab order.
public enum FormField: String, CaseIterable, Sendable {
    case email
    case forcedReset = "forced_password_reset_at_next_login"
}

/// The credential form of one user: the values loaded from the server, the draft the admin is
/// typing, and errors per field. A failed save keeps the draft untouched.
public struct CredentialForm: Sendable, Equatable {
    public var userID: String
    public var original: Credential
    public var email: TextField
    public var forcedReset: Bool
    public var focus: FormField = .email
    public var errors: [FormField: String] = [:]
    /// Server errors for fields the form does not have.
    public var otherErrors: [String] = []
    public var saving = false
    public var revealSecrets = false

    public init(userID: String, credential: Credential) {
        self.userID = userID
        original = credential
        email = TextField(credential.email ?? "")
        forcedReset = credential.forcedPasswordResetAtNextLogin ?? false
    }

    public var emailChanged: Bool { email.text != (original.email ?? "") }
    public var forcedResetChanged: Bool { forcedReset != (original.forcedPasswordResetAtNextLogin ?? false) }
    public var isDirty: Bool { emailChanged || forcedResetChanged }

    /// Only the changed writable fields.
    public var draft: CredentialDraft {
        CredentialDraft(email: emailChanged ? email.text : nil, forcedReset: forcedResetChanged ? forcedReset : nil)
    }

    /// Checks before sending: blank or plainly malformed email. The server stays the authority.
    public func localErrors() -> [FormField: String] {
        guard emailChanged else { return [:] }
        return Self.emailProblem(email.text.trimmingSpaces).map { [.email: $0] } ?? [:]
    }

    /// The form as loaded: every edit and error dropped.
    public func reverted() -> CredentialForm { CredentialForm(userID: userID, credential: original) }

    /// Takes the server's answer after a save: the new original, the draft reset to it.
    public mutating func saved(_ credential: Credential) {
        let reveal = revealSecrets
        let focus = self.focus
        self = CredentialForm(userID: userID, credential: credential)
        self.revealSecrets = reveal
        self.focus = focus
    }
}

/// The writable fields to send; nil means unchanged (not sent).
public struct CredentialDraft: Sendable, Equatable {
    public var email: String?
    public var forcedReset: Bool?
    public init(email: String? = nil, forcedReset: Bool? = nil) {
        self.email = email
        self.forcedReset = forcedReset
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
