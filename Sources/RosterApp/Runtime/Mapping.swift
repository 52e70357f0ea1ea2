import LookerAPI
import RosterCore
import ScreenKit

/// Turns the client's models and errors into the core's values. The core never sees HTTP.
public enum Mapping {
    public static func row(_ user: User) -> UserRow {
        UserRow(id: user.id?.rawValue ?? "", name: user.shownName, email: user.email ?? user.credentialsEmail?.email ?? "",
                logins: user.loginTypes, enabled: user.isDisabled.map { !$0 })
    }

    public static func credential(_ c: CredentialsEmail) -> Credential {
        Credential(userID: c.userID?.rawValue, email: c.email,
                       forcedPasswordResetAtNextLogin: c.forcedPasswordResetAtNextLogin, isDisabled: c.isDisabled,
                       createdAt: c.createdAt, loggedInAt: c.loggedInAt, type: c.type,
                       passwordResetURL: c.passwordResetURL, passwordResetURLExpired: c.passwordResetURLExpired,
                       accountSetupURL: c.accountSetupURL, accountSetupURLExpired: c.accountSetupURLExpired,
                       url: c.url, userURL: c.userURL, can: c.can ?? [:])
    }

    public static func failure(_ error: LookerError) -> Failure {
        let kind: Failure.Kind = switch error {
        case .validation: .validation
        case .badRequest: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .rateLimited: .rateLimited
        case .server: .server
        case .transport: .network
        case .undecodable: .undecodable
        case .readOnly: .readOnly
        case .loginFailed: .loginFailed
        }
        var fields: [String: String] = [:]
        var others: [String] = []
        var summary = error.summary
        if case .validation(let message, let details) = error {
            summary = "422 " + (message.message ?? "validation failed")
            for d in details {
                if FormField(rawValue: d.field) != nil {
                    fields[d.field] = fields[d.field].map { $0 + "; " + d.message } ?? d.message
                } else {
                    others.append(d.field.isEmpty ? d.message : "\(d.field): \(d.message)")
                }
            }
        }
        return Failure(kind: kind, summary: summary, fieldErrors: fields, otherErrors: others)
    }

    /// Only the writable fields that changed.
    public static func write(_ draft: CredentialDraft) -> WriteCredentialsEmail {
        WriteCredentialsEmail(email: draft.email, forcedPasswordResetAtNextLogin: draft.forcedReset)
    }
}
