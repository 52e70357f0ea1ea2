import ArgumentParser
import Foundation
import LookerAPI
import RosterServices
import RosterCore
import ScreenKit

// The credential's and the user's life cycle: create, delete, reset, disable, enable. Each reads
// what it is about to change first, so the journal can say what it was; read-only refusal comes
// from the client, which sends nothing but GET.

extension CredentialCommand {
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a user an email/password login; prints the new credential.",
            discussion: """
                Fails with exit code 1 and the server's message when the user already has one (409). \
                On 422 each field's error is printed on stderr and the exit code is 3.
                """ + "\n" + ExitStatus.helpText)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
        @Option(help: "The login email.") var email: String
        @Option(help: "Force a password reset at first login: true or false.") var forceReset: Bool?
        @Option(help: "table or json.") var format: ItemFormat = .table

        func run() async throws {
            try await withClient(global) { client in
                let created = try await client.createCredentialsEmail(
                    userID: id, WriteCredentialsEmail(email: email, forcedPasswordResetAtNextLogin: forceReset))
                let after = BulkSnapshot(email: created.email, forcedReset: forceReset == nil ? nil : created.forcedPasswordResetAtNextLogin,
                                         disabled: nil)
                await journal(client, global, .createLogin, userID: id,
                              changes: FieldChange.changes(.createLogin, before: .unknown, after: after))
                try CredentialCommand.print(created, format: format)
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a user's email/password login (needs --yes).",
            discussion: "The user can no longer log in with email and password.\n" + ExitStatus.helpText)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
        @Flag(help: "Confirm the deletion.") var yes = false

        func validate() throws {
            if !yes {
                throw ValidationError("deleting the email/password login of user \(DisplayText.fit(id, width: 40)) needs --yes")
            }
        }

        func run() async throws {
            try await withClient(global) { client in
                let before = try await client.credentialsEmail(userID: id)
                try await client.deleteCredentialsEmail(userID: id)
                await journal(client, global, .deleteLogin, userID: id,
                              changes: FieldChange.changes(.deleteLogin, before: BulkSnapshot(email: before.email, forcedReset: nil, disabled: nil),
                                                           after: .unknown))
                var out = Output()
                let email = before.email.map { " (\(DisplayText.fit($0, width: 200)))" } ?? ""
                out.line("deleted the email/password login of user \(DisplayText.fit(id, width: 40))\(email)")
                out.flush()
            }
        }
    }

    struct ResetURL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-url",
            abstract: "Make a new one-time password reset URL and print it (and nothing else) on stdout.",
            discussion: """
                The URL is a secret: it is never logged nor journaled (the journal records that one was made). \
                A new URL replaces the previous one.
                """ + "\n" + ExitStatus.helpText)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
        @Option(help: "Whether the URL expires after 60 minutes: true or false.") var expires = true

        func run() async throws {
            try await withClient(global) { client in
                let answer = try await client.createPasswordReset(userID: id, expires: expires)
                await journal(client, global, .createResetURL, userID: id, changes: [])
                guard let url = answer.passwordResetURL, !url.isEmpty else {
                    throw CLIFailure(.other, "roster: the server answered without a reset URL")
                }
                // Printed raw for scripts to use; a URL with control characters is not a URL.
                guard !DisplayText.isSuspicious(url), !url.contains(where: \.isWhitespace) else {
                    throw CLIFailure(.other, "roster: the server's reset URL holds control or invisible characters; not printed")
                }
                var out = Output()
                out.line(url)
                out.flush()
            }
        }
    }

    struct SendReset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send-reset",
            abstract: "Email the user a password reset link (or the account setup link if never set up).",
            discussion: ExitStatus.helpText)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String

        func run() async throws {
            try await withClient(global) { client in
                let answer = try await client.sendPasswordReset(userID: id)
                await journal(client, global, .sendResetEmail, userID: id, changes: [])
                var out = Output()
                if let email = answer.email, !email.isEmpty {
                    out.line("sent a password reset email to \(DisplayText.fit(email, width: 200))")
                } else {
                    out.line("sent a password reset email to user \(DisplayText.fit(id, width: 40))")
                }
                out.flush()
            }
        }
    }
}

extension UsersCommand {
    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable a user: no login of any kind works until enabled again.", discussion: ExitStatus.helpText)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String

        func run() async throws {
            try await setDisabled(true, id: id, global: global)
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled user.", discussion: ExitStatus.helpText)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String

        func run() async throws {
            try await setDisabled(false, id: id, global: global)
        }
    }

    static func setDisabled(_ disabled: Bool, id: String, global: GlobalOptions) async throws {
        try await withClient(global) { client in
            let fields = "id,is_disabled,display_name,first_name,last_name,email"
            let before = try await client.user(id: id, fields: fields)
            let after = try await client.updateUser(id: id, WriteUser(isDisabled: disabled))
            await journal(client, global, disabled ? .disable : .enable, userID: id,
                          changes: FieldChange.changes(disabled ? .disable : .enable,
                                                       before: BulkSnapshot(email: nil, forcedReset: nil, disabled: before.isDisabled ?? false),
                                                       after: BulkSnapshot(email: nil, forcedReset: nil, disabled: after.isDisabled ?? false)))
            let name = after.shownName.isEmpty ? "" : " (\(DisplayText.fit(after.shownName, width: 80)))"
            let state = (after.isDisabled ?? false) ? "disabled" : "enabled"
            let already = (before.isDisabled ?? false) == (after.isDisabled ?? false) ? " (it already was)" : ""
            var out = Output()
            out.line("user \(DisplayText.fit(id, width: 40))\(name): \(state)\(already)")
            out.flush()
        }
    }
}
