import Foundation
import LookerAPI
import Logging
import RosterApp
import RosterServices
import RosterCore
import ScreenKit
import Sandbox
import Synchronization
import Testing
import TestSupport

/// Log lines kept in memory, to check what a component logged.
final class JournalLogCapture: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger {
        Logger(label: "test") { _ in Handler(capture: self) }
    }

    struct Handler: LogHandler {
        let capture: JournalLogCapture
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            capture.lines.withLock { $0.append("\(event.level) \(event.message)") }
        }
    }
}

/// A sandbox, a client logged into it, a journal in a temporary directory, and the id of a seeded
/// user with an email login; all torn down together.
struct JournalSandbox {
    let sandbox: Sandbox
    let client: LookerClient
    let dir: TemporaryDirectory
    let userID: String
    var journalPath: String { dir.path + "/roster/journal.jsonl" }

    static func run(_ body: (JournalSandbox) async throws -> Void) async throws {
        var options = SandboxOptions()
        options.users = 30
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        try await SandboxRun.with(options, client: { $0.client(retry: .standard) }) { sandbox, client in
            let users = try await client.usersPage(search: nil, limit: 30, offset: 0, fields: LookerClient.listFields, sorts: "id")
            let withEmail = try #require(users.first { $0.id?.rawValue != "1" && $0.credentialsEmail != nil && $0.isDisabled != true })
            try await body(JournalSandbox(sandbox: sandbox, client: client, dir: dir, userID: try #require(withEmail.id?.rawValue)))
        }
    }
}

@Suite("Journal recorder against the sandbox")
struct JournalRecorderTests {
    static let fixedTime = Date(timeIntervalSince1970: 1_738_315_800) // 2025-01-31T09:30:00Z

    @Test("a saved form with two changed fields records two entries, stamped with host and API user")
    func savedFormRecordsEachField() async throws {
        try await JournalSandbox.run { env in
            let before = try await env.client.credentialsEmail(userID: env.userID)
            let oldEmail = try #require(before.email)
            let oldForced = before.forcedPasswordResetAtNextLogin ?? false
            let saved = try await env.client.updateCredentialsEmail(
                userID: env.userID, WriteCredentialsEmail(email: "journal.test@acme.com", forcedPasswordResetAtNextLogin: !oldForced))
            let recorder = JournalRecorder(journal: Journal(path: env.journalPath), instance: env.client.config.host,
                                           apiUser: await JournalRecorder.apiUser(of: env.client), now: { Self.fixedTime })
            let original = Credential(userID: env.userID, email: oldEmail, forcedPasswordResetAtNextLogin: oldForced)
            let log = JournalLogCapture()
            recorder.recordSave(userID: env.userID, original: original, saved: saved, logger: log.logger)
            #expect(log.lines.withLock { $0 } == [])
            #expect(try Journal(path: env.journalPath).read() == [
                JournalEntry(time: "2025-01-31T09:30:00Z", instance: "127.0.0.1", apiUser: "api-admin@acme.com",
                             userID: env.userID, action: .updateCredential, field: "email",
                             before: oldEmail, after: "journal.test@acme.com"),
                JournalEntry(time: "2025-01-31T09:30:00Z", instance: "127.0.0.1", apiUser: "api-admin@acme.com",
                             userID: env.userID, action: .updateCredential, field: "forced_password_reset_at_next_login",
                             before: String(oldForced), after: String(!oldForced)),
            ])
        }
    }

    @Test("a real reset URL from the server never lands in the journal")
    func resetURLNotJournaled() async throws {
        try await JournalSandbox.run { env in
            let answer = try await env.client.createPasswordReset(userID: env.userID, expires: true)
            let url = try #require(answer.passwordResetURL)
            #expect(url.contains("://"))
            let recorder = JournalRecorder(journal: Journal(path: env.journalPath), instance: env.client.config.host, apiUser: nil)
            // Even a caller that wrongly passes the URL as a value does not get it written.
            try recorder.record(.createResetURL, userID: env.userID,
                                      changes: [FieldChange(field: "password_reset_url", before: nil, after: url)])
            try recorder.record(.sendResetEmail, userID: env.userID)
            let text = try journalFileText(env.journalPath)
            #expect(!text.contains(url))
            #expect(!text.contains("://"))
            let token = try #require(url.split(separator: "/").last.map(String.init))
            #expect(!text.contains(token))
            let read = try Journal(path: env.journalPath).read()
            #expect(read.map(\.action) == [.createResetURL, .sendResetEmail])
            #expect(read.allSatisfy { $0.before == nil && $0.after == nil })
        }
    }

    @Test("nothing changed, nothing recorded, no file created")
    func noChangeNoFile() async throws {
        try await JournalSandbox.run { env in
            let recorder = JournalRecorder(journal: Journal(path: env.journalPath), instance: env.client.config.host, apiUser: nil)
            let entries = try recorder.record(
                .enable, userID: env.userID, changes: [FieldChange(field: JournalField.isDisabled, before: false, after: false)])
            #expect(entries == [])
            #expect(!FileManager.default.fileExists(atPath: env.dir.path + "/roster"))
        }
    }

    @Test("a journal that cannot be written is a logged warning, not a failed save")
    func unwritableJournalIsWarning() async throws {
        try await JournalSandbox.run { env in
            // A regular file where the directory should be: the journal cannot be created.
            #expect(FileManager.default.createFile(atPath: env.dir.path + "/roster", contents: Data("x".utf8)))
            let saved = try await env.client.updateCredentialsEmail(
                userID: env.userID, WriteCredentialsEmail(email: "journal.blocked@acme.com"))
            let recorder = JournalRecorder(journal: Journal(path: env.journalPath), instance: env.client.config.host, apiUser: nil)
            let log = JournalLogCapture()
            recorder.recordSave(userID: env.userID, original: Credential(email: "old@acme.com"),
                                      saved: saved, logger: log.logger)
            #expect(log.lines.withLock { $0 } == ["warning journal not written"])
        }
    }
}
