import ArgumentParser
import Foundation
import LookerAPI
import RosterServices
import RosterCore
import ScreenKit

/// `roster journal`: the changes Roster made, oldest first.
struct JournalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Show the journal of changes (when, instance, user, action, field, before → after).",
        discussion: """
            The journal is $XDG_STATE_HOME/roster/journal.jsonl (default ~/.local/state/roster), one JSON \
            object per line; it never holds secrets. Lines that cannot be read are skipped.
            """ + "\n" + ExitStatus.helpText)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Option(help: "Show only the newest N entries.") var limit: Int?
    @Option(help: "table or json.") var format: Format = .table

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() async throws {
        let journal = Journal(path: StatePaths.journal(environment: ProcessInfo.processInfo.environment))
        let entries: [JournalEntry]
        do {
            entries = try journal.read(limit: limit)
        } catch {
            throw CLIFailure(.other, "roster: journal: \(DisplayText.fit(String(describing: error), width: 500))")
        }
        var out = Output()
        switch format {
        case .json:
            try out.json(entries)
        case .table:
            guard !entries.isEmpty else {
                out.line("no changes journaled")
                break
            }
            let rows = entries.map(Self.row)
            let table = TextTable(headers: ["TIME", "INSTANCE", "USER", "ACTION", "FIELD", "BEFORE → AFTER"], rows: rows,
                                  maxWidths: [20, 32, 12, 19, 35, 120])
            // Entries without values end in padding; trailing blanks only get in the way of diff and grep.
            out.line(Self.trimmed(table.headerLine))
            for row in rows { out.line(Self.trimmed(table.format(row))) }
        }
        out.flush()
    }

    static func trimmed(_ line: String) -> String {
        var line = Substring(line)
        while line.last == " " { line = line.dropLast() }
        return String(line)
    }

    static func row(_ e: JournalEntry) -> [String] {
        let change = e.before == nil && e.after == nil ? "" : "\(e.before ?? "(none)") → \(e.after ?? "(none)")"
        return [e.time, e.instance, e.userID, e.action.rawValue, e.field ?? "", change]
    }
}

/// Journals a change the server confirmed. A journal that cannot be written is a warning on stderr:
/// the change itself succeeded, so the exit code stays 0. A command makes one change, so the API user
/// is looked up here, once.
func journal(_ client: LookerClient, _ global: GlobalOptions, _ action: JournalAction, userID: String,
             changes: [FieldChange]) async {
    do {
        let path = StatePaths.journal(environment: global.environment)
        for warning in PrivateFiles.secure(path) { Diagnostics.warning(warning) }
        let apiUser = await JournalRecorder.apiUser(of: client)
        try JournalRecorder(environment: global.environment, instance: client.config.host, apiUser: apiUser)
            .record(action, userID: userID, changes: changes)
    } catch {
        let why = DisplayText.fit(String(describing: error), width: 500)
        Diagnostics.warning("the change was made but not journaled: \(why)")
    }
}
