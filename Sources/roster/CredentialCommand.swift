import ArgumentParser
import Foundation
import LookerAPI
import RosterServices
import RosterCore
import ScreenKit

struct CredentialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credential", abstract: "Show and change a user's email/password credential.",
        subcommands: [Show.self, Update.self, Create.self, Delete.self, ResetURL.self, SendReset.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the email/password credential of a user.",
                                                        discussion: ExitStatus.helpText)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
        @Option(help: "table or json.") var format: ItemFormat = .table

        func run() async throws {
            try await withClient(global) { client in
                let credential = try await client.credentialsEmail(userID: id)
                try CredentialCommand.print(credential, format: format)
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change the email and/or the forced-reset flag; prints the updated credential.",
            discussion: "On 422 each field's error is printed on stderr and the exit code is 3.\n" + ExitStatus.helpText)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
        @Option(help: "The new login email.") var email: String?
        @Option(help: "Force a password reset at next login: true or false.") var forceReset: Bool?
        @Option(help: "table or json.") var format: ItemFormat = .table

        func validate() throws {
            if email == nil && forceReset == nil { throw ValidationError("nothing to change: give --email and/or --force-reset") }
        }

        func run() async throws {
            try await withClient(global) { client in
                let before = try await client.credentialsEmail(userID: id)
                let updated = try await client.updateCredentialsEmail(
                    userID: id, WriteCredentialsEmail(email: email, forcedPasswordResetAtNextLogin: forceReset))
                await journal(client, global, .updateCredential, userID: id,
                              changes: FieldChange.credential(email: before.email,
                                                              forcedReset: before.forcedPasswordResetAtNextLogin, to: updated))
                try CredentialCommand.print(updated, format: format)
            }
        }
    }

    static func print(_ credential: CredentialsEmail, format: ItemFormat) throws {
        var out = Output()
        let shown = masked(credential, reveal: false)
        if format == .json {
            try out.json(shown)
        } else {
            for (k, v) in rows(shown) { out.line(DisplayText.pad(k, width: 36) + "  " + DisplayText.fit(v, width: 400)) }
        }
        out.flush()
    }

    static func rows(_ c: CredentialsEmail) -> [(String, String)] {
        func b(_ v: Bool?) -> String { v.map { $0 ? "yes" : "no" } ?? unknownValue }
        return [
            ("user_id", c.userID?.rawValue ?? unknownValue), ("email", c.email ?? ""),
            ("forced_password_reset_at_next_login", b(c.forcedPasswordResetAtNextLogin)),
            ("is_disabled", b(c.isDisabled)), ("type", c.type ?? ""),
            ("created_at", c.createdAt ?? ""), ("logged_in_at", c.loggedInAt ?? ""),
            ("password_reset_url", c.passwordResetURL ?? "none"), ("password_reset_url_expired", b(c.passwordResetURLExpired)),
            ("account_setup_url", c.accountSetupURL ?? "none"), ("account_setup_url_expired", b(c.accountSetupURLExpired)),
            ("url", c.url ?? ""), ("user_url", c.userURL ?? ""),
            ("can", (c.can ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")),
        ]
    }
}
