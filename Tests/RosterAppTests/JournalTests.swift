import Foundation
import RosterApp
import RosterServices
import RosterCore
import Testing
import TestSupport

@Suite("Journal file")
struct JournalFileTests {
    @Test("entries written are read back in order, in a directory created on demand")
    func roundTrip() throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let journal = Journal(path: dir.path + "/state/roster/journal.jsonl")
        let written = [sampleEntry("1"), sampleEntry("2", .disable, field: JournalField.isDisabled, before: "false", after: "true"),
                       sampleEntry("3", .createResetURL, field: nil, before: nil, after: nil)]
        for e in written { try journal.append(e) }
        #expect(try journal.read() == written)
        #expect(try journal.read(limit: nil).map(\.userID) == ["1", "2", "3"])
    }

    @Test("each entry is one line with every key, absent values as null")
    func oneLinePerEntry() throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let path = dir.path + "/journal.jsonl"
        let journal = Journal(path: path)
        try journal.append(sampleEntry("42"))
        // A newline inside a value must not split the entry.
        try journal.append(sampleEntry("43", before: "line\none", after: nil))
        try journal.append([sampleEntry("44"), sampleEntry("45", .createLogin, before: nil, after: "new@acme.com")])
        let text = try journalFileText(path)
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5)
        #expect(lines[4] == "")
        #expect(lines[0] == #"{"action":"update_credential","after":"b@acme.com","api_user":"api-admin@acme.com","before":"a@acme.com","field":"email","instance":"looker.acme.com","time":"2025-01-31T09:30:00Z","user_id":"42"}"#)
        #expect(lines[1] == #"{"action":"update_credential","after":null,"api_user":"api-admin@acme.com","before":"line\none","field":"email","instance":"looker.acme.com","time":"2025-01-31T09:30:00Z","user_id":"43"}"#)
        #expect(try journal.read().map(\.userID) == ["42", "43", "44", "45"])
        #expect(try journal.read()[1].before == "line\none")
    }

    @Test("the file is created with mode 0600 in a directory with mode 0700")
    func permissions() throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let path = dir.path + "/roster/journal.jsonl"
        try Journal(path: path).append(sampleEntry("1"))
        #expect(try journalFileMode(path) == 0o600)
        #expect(try journalFileMode(dir.path + "/roster") == 0o700)
    }

    @Test("an existing file with looser permissions is tightened to 0600")
    func tightensPermissions() throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let path = dir.path + "/journal.jsonl"
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
        try Journal(path: path).append(sampleEntry("1"))
        #expect(try journalFileMode(path) == 0o600)
    }

    @Test("corrupt lines are skipped, the others still read")
    func corruptLinesSkipped() throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let path = dir.path + "/journal.jsonl"
        let journal = Journal(path: path)
        try journal.append(sampleEntry("1"))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        handle.write(Data("not json at all\n{\"time\":\"x\"}\n\u{1B}[31m\n[1,2]\n".utf8))
        try handle.close()
        try journal.append(sampleEntry("2"))
        #expect(try journal.read().map(\.userID) == ["1", "2"])
    }

    @Test("a torn last line does not swallow the next entry")
    func tornLine() throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let path = dir.path + "/journal.jsonl"
        let journal = Journal(path: path)
        try journal.append(sampleEntry("1"))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        handle.write(Data(#"{"action":"update_cred"#.utf8))
        try handle.close()
        try journal.append(sampleEntry("2"))
        #expect(try journal.read().map(\.userID) == ["1", "2"])
        #expect(try journalFileText(path).split(separator: "\n").count == 3)
    }

    @Test("limit keeps the newest entries, newest last")
    func limit() throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let journal = Journal(path: dir.path + "/journal.jsonl")
        for i in 1...5 { try journal.append(sampleEntry(String(i))) }
        #expect(try journal.read(limit: 2).map(\.userID) == ["4", "5"])
        #expect(try journal.read(limit: 1).map(\.userID) == ["5"])
        #expect(try journal.read(limit: 0).map(\.userID) == [])
        #expect(try journal.read(limit: 9).map(\.userID) == ["1", "2", "3", "4", "5"])
    }

    @Test("reading a journal that does not exist gives nothing and creates nothing")
    func missingFile() throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let path = dir.path + "/roster/journal.jsonl"
        #expect(try Journal(path: path).read() == [])
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/roster"))
    }

    @Test("entries of an unknown action from a newer version still read")
    func unknownAction() throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let path = dir.path + "/journal.jsonl"
        let line = #"{"action":"rename_user","after":"B","api_user":null,"before":"A","field":"first_name","instance":"h","time":"t","user_id":"7"}"#
        try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: path))
        #expect(try Journal(path: path).read() == [JournalEntry(time: "t", instance: "h", apiUser: nil, userID: "7",
                                                               action: "rename_user", field: "first_name",
                                                               before: "A", after: "B")])
    }
}

@Suite("Journal secrets")
struct JournalSecretTests {
    static let resetURL = "https://looker.acme.com/password/reset/9f8e7d6c5b4a3f2e1d0c"

    @Test("a password reset entry never holds the URL, whatever it was given")
    func resetURLNeverWritten() throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let path = dir.path + "/journal.jsonl"
        let journal = Journal(path: path)
        try journal.append(sampleEntry("42", .createResetURL, field: "password_reset_url", before: nil, after: Self.resetURL))
        try journal.append(sampleEntry("42", .sendResetEmail, field: nil, before: Self.resetURL, after: Self.resetURL))
        let text = try journalFileText(path)
        #expect(!text.contains("9f8e7d6c5b4a3f2e1d0c"))
        #expect(!text.contains("://"))
        #expect(!text.contains("password/reset"))
        let read = try journal.read()
        #expect(read.map(\.before) == [nil, nil])
        #expect(read.map(\.after) == [nil, nil])
        #expect(read.map(\.action) == [.createResetURL, .sendResetEmail])
    }

    @Test("a URL slipped into any other entry is replaced by (hidden)")
    func urlInOtherEntriesHidden() throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let path = dir.path + "/journal.jsonl"
        let journal = Journal(path: path)
        try journal.append(sampleEntry("42", .updateCredential, field: "account_setup_url", before: "old", after: Self.resetURL))
        let text = try journalFileText(path)
        #expect(!text.contains("9f8e7d6c5b4a3f2e1d0c"))
        #expect(try journal.read() == [sampleEntry("42", .updateCredential, field: "account_setup_url", before: "old",
                                             after: "(hidden)")])
    }

    @Test("entries are redacted when made, not only when written")
    func redactedOnInit() {
        let e = sampleEntry("1", .createResetURL, field: nil, before: "x", after: Self.resetURL)
        #expect(e.before == nil)
        #expect(e.after == nil)
    }
}

@Suite("Journal entries for an action")
struct JournalEntriesTests {
    let time = Date(timeIntervalSince1970: 1_738_315_800) // 2025-01-31T09:30:00Z

    @Test("two changed fields give two entries, one per field")
    func twoFields() {
        let entries = JournalEntry.entries(
            for: .updateCredential, userID: "42",
            changes: [FieldChange(field: JournalField.email, before: "a@acme.com", after: "b@acme.com"),
                      FieldChange(field: JournalField.forcedPasswordReset, before: false, after: true)],
            time: time, instance: "looker.acme.com", apiUser: "api-admin@acme.com")
        #expect(entries == [
            JournalEntry(time: "2025-01-31T09:30:00Z", instance: "looker.acme.com", apiUser: "api-admin@acme.com",
                         userID: "42", action: .updateCredential, field: "email", before: "a@acme.com", after: "b@acme.com"),
            JournalEntry(time: "2025-01-31T09:30:00Z", instance: "looker.acme.com", apiUser: "api-admin@acme.com",
                         userID: "42", action: .updateCredential, field: "forced_password_reset_at_next_login",
                         before: "false", after: "true"),
        ])
    }

    @Test("fields that stayed the same give no entry")
    func unchangedFieldsSkipped() {
        let entries = JournalEntry.entries(
            for: .updateCredential, userID: "42",
            changes: [FieldChange(field: JournalField.email, before: "a@acme.com", after: "a@acme.com"),
                      FieldChange(field: JournalField.forcedPasswordReset, before: false, after: true)],
            time: time, instance: "h", apiUser: nil)
        #expect(entries.map(\.field) == ["forced_password_reset_at_next_login"])
        let none = JournalEntry.entries(
            for: .disable, userID: "42", changes: [FieldChange(field: JournalField.isDisabled, before: true, after: true)],
            time: time, instance: "h", apiUser: nil)
        #expect(none == [])
    }

    @Test("an action without fields gives one entry without field or values")
    func noFields() {
        let entries = JournalEntry.entries(for: .sendResetEmail, userID: "7", changes: [], time: time,
                                           instance: "h", apiUser: nil)
        #expect(entries == [JournalEntry(time: "2025-01-31T09:30:00Z", instance: "h", apiUser: nil, userID: "7",
                                         action: .sendResetEmail)])
    }
}

/// The journal's names come from the operations, and are the ones journals already hold.
@Suite struct JournalNamesTests {
    @Test func everyOperationIsJournaledUnderItsKnownName() {
        // The names journals on disk already hold: they never change.
        let known: [UserOperation: JournalAction] = [
            .updateCredential: "update_credential", .createLogin: "create_credential", .deleteLogin: "delete_credential",
            .createResetURL: "password_reset_url", .sendResetEmail: "send_password_reset", .disable: "disable_user",
            .enable: "enable_user", .addRole: "add_role", .removeRole: "remove_role", .addToGroup: "add_to_group",
            .removeFromGroup: "remove_from_group", .setAttribute: "set_attribute", .clearAttribute: "clear_attribute",
            .logout: "logout", .deleteAPIKey: "delete_api_key", .handOverSchedule: "hand_over_schedule",
            .handOverAlert: "hand_over_alert", .moveDashboard: "move_dashboard", .moveLook: "move_look",
        ]
        for operation in UserOperation.allCases {
            #expect(JournalAction(operation) == known[operation], "\(operation)")
            #expect(JournalAction(operation).carriesSecrets == (operation == .createResetURL || operation == .sendResetEmail))
            #expect(JournalAction(operation).operation == operation)
        }
    }
}
