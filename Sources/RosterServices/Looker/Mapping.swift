import LookerAPI
import RosterCore
import ScreenKit

/// Turns the client's models and errors into the core's values. The core never sees HTTP.
public enum Mapping {
    /// The list's row for a user, from the fields `LookerClient.listFields` asks for. Addresses equal
    /// to the user's email are stored once (see `UserRow`).
    public static func row(_ user: User) -> UserRow {
        let email = user.email ?? user.credentialsEmail?.email ?? ""
        let shared = { (address: String?) in address.map { $0 == email ? email : $0 } }
        let nonEmpty = { (address: String?) in address?.isEmpty == false ? address : nil }
        let sso = nonEmpty(user.credentialsSaml?.email) ?? nonEmpty(user.credentialsOidc?.email)
            ?? nonEmpty(user.credentialsGoogle?.email) ?? nonEmpty(user.credentialsLdap?.email)
            ?? nonEmpty(user.credentialsLookerOpenid?.email) ?? nonEmpty(user.credentialsWorkforce?.email)
        return UserRow(id: user.id?.rawValue ?? "", name: user.shownName, email: email,
                       logins: user.loginTypes, enabled: user.isDisabled.map { !$0 },
                       emailLogin: shared(user.credentialsEmail.map { $0.email ?? "" }),
                       forcedReset: user.credentialsEmail?.forcedPasswordResetAtNextLogin,
                       lastLoginDay: lastLoginDay(user), ssoEmail: shared(sso),
                       hasTOTP: user.credentialsTotp != nil,
                       roleIDs: user.roleIDs?.map(\.rawValue) ?? [], groupIDs: user.groupIDs?.map(\.rawValue) ?? [],
                       hasSession: user.sessions.map { !$0.isEmpty }, hasAPIKey: user.credentialsApi3.map { !$0.isEmpty })
    }

    /// The latest `logged_in_at` over every credential, as a UTC day; nil when none has one.
    static func lastLoginDay(_ user: User) -> Int32? {
        // No array per user: this runs for every user of every page.
        var latest: Int64?
        func consider(_ stamp: String?) {
            guard let stamp, let seconds = LoginTime.epochSeconds(from: stamp) else { return }
            if latest.map({ seconds > $0 }) ?? true { latest = seconds }
        }
        consider(user.credentialsEmail?.loggedInAt)
        consider(user.credentialsSaml?.loggedInAt)
        consider(user.credentialsGoogle?.loggedInAt)
        consider(user.credentialsOidc?.loggedInAt)
        consider(user.credentialsLdap?.loggedInAt)
        consider(user.credentialsLookerOpenid?.loggedInAt)
        consider(user.credentialsWorkforce?.loggedInAt)
        for embed in user.credentialsEmbed ?? [] { consider(embed.loggedInAt) }
        return latest.map(LoginTime.day(ofEpochSeconds:))
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

    /// A refusal as a bulk row's outcome: the status, the server's words (for a 422 each field's
    /// message, not the generic top line) and the field a 422 named first. The same words as
    /// `failure`, in the shape a run file keeps.
    public static func outcome(_ error: LookerError) -> RowOutcome {
        switch error {
        case .validation(let top, let details):
            guard let first = details.first else {
                return .failed(status: 422, message: top.message ?? "validation failed", field: nil)
            }
            let message = details.map { $0.field.isEmpty || $0.field == first.field ? $0.message : "\($0.field): \($0.message)" }
                .joined(separator: "; ")
            return .failed(status: 422, message: message, field: first.field.isEmpty ? nil : first.field)
        case .transport, .readOnly, .loginFailed:
            return .failed(status: 0, message: error.summary, field: nil)
        default:
            let text = error.serverMessage?.message.flatMap { $0.isEmpty ? nil : $0 }
            return .failed(status: error.status ?? 0, message: text ?? error.summary, field: nil)
        }
    }

    /// Only the writable fields that changed.
    public static func write(_ draft: CredentialDraft) -> WriteCredentialsEmail {
        WriteCredentialsEmail(email: draft.email, forcedPasswordResetAtNextLogin: draft.forcedReset)
    }
}
