import ArgumentParser
import Foundation
import LookerAPI
import RosterServices
import RosterCore
import ScreenKit

// The runs on disk: list them, show one row by row, resume one, undo one.

extension BulkCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the runs, newest first (id, state, action, counts, started).",
            discussion: ExitStatus.bulkHelpText)
        @OptionGroup var global: GlobalOptions
        @Option(help: "table or json.") var format: ItemFormat = .table

        func run() async throws {
            let runs = try BulkCommand.readRuns { try BulkCommand.store(global).list() }
            var out = Output()
            if format == .json {
                try out.json(runs.map { SummaryLine($0, event: "run") })
            } else if runs.isEmpty {
                out.line("no runs")
            } else {
                let cells = runs.map { r in
                    [r.id, r.phase.rawValue, r.action.title, r.applied.grouped, r.failed.grouped,
                     r.skipped.grouped, r.remaining.grouped, r.started, r.instance]
                }
                out.table(headers: ["ID", "STATE", "ACTION", "APPLIED", "FAILED", "SKIPPED", "LEFT", "STARTED", "INSTANCE"],
                          rows: cells, maxWidths: [40, 11, 48, 9, 9, 9, 9, 20, 40])
            }
            out.flush()
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a run: its rows, each change and how it ended.", discussion: ExitStatus.bulkHelpText)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The run id (roster bulk list).", transform: BulkCommand.runID) var id: String
        @Option(help: "table or json.") var format: ItemFormat = .table

        func run() async throws {
            let run = try BulkCommand.load(id, BulkCommand.store(global))
            let doubt = Set(run.inDoubt)
            var out = Output()
            if format == .json {
                try out.json(RunDocument(run))
            } else {
                let s = run.summary
                out.line("run \(s.id): \(s.action.title), \(s.scope), on \(s.instance), started \(s.started)")
                out.line("\(s.phase.rawValue): \(s.applied.grouped) applied, \(s.failed.grouped) failed, "
                         + "\(s.skipped.grouped) skipped, \(s.remaining.grouped) left of \(s.total.grouped)")
                let cells = run.plan.rows.map { row in
                    [BulkPreview.shownID(row.userID), row.name, BulkPreview.change(row),
                     BulkPreview.outcome(run.outcomes[row.key], inDoubt: doubt.contains(row.key))]
                }
                if !cells.isEmpty {
                    out.table(headers: ["ID", "NAME", "CHANGE", "OUTCOME"], rows: cells, maxWidths: [12, 32, 100, 160])
                }
            }
            out.flush()
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Carry on with a stopped or interrupted run; no row is changed twice.",
            discussion: """
                Rows already done are left alone; a row whose request was in flight when the run stopped is \
                re-read to learn whether it was applied. Output as for apply.
                """ + "\n" + ExitStatus.bulkHelpText)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The run id (roster bulk list).", transform: BulkCommand.runID) var id: String
        @Option(help: "Requests in flight at most, 1 to 16.", transform: BulkCommand.concurrency) var concurrency = 4

        func run() async throws {
            let config = try global.loadConfig()
            try BulkCommand.refuseInReadOnly(global, config, "resume")
            let run = try BulkCommand.load(id, BulkCommand.store(global))
            try BulkCommand.checkInstance(run.summary, config.looker)
            if run.summary.phase == .finished && run.summary.remaining == 0 && run.inDoubt.isEmpty {
                var out = Output()
                out.line("run \(id) is finished: nothing to resume")
                out.flush()
                return
            }
            let id = self.id, concurrency = self.concurrency
            let session = BulkConsole(resuming: true)
            try await BulkCommand.withRunner(global, config, session) { runner in
                try await session.run(runner) { events in
                    try await runner.resume(id: id, concurrency: concurrency, events: events)
                }
            }
        }
    }

    struct Undo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put back what a run changed (rows changed since are left alone); asks like apply.",
            discussion: ExitStatus.bulkHelpText)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The run id (roster bulk list).", transform: BulkCommand.runID) var id: String
        @Flag(help: "Do not ask.") var yes = false
        @Option(help: "Requests in flight at most, 1 to 16.", transform: BulkCommand.concurrency) var concurrency = 4

        func run() async throws {
            let config = try global.loadConfig()
            try BulkCommand.refuseInReadOnly(global, config, "undo")
            let store = BulkCommand.store(global)
            let run = try BulkCommand.load(id, store)
            try BulkCommand.checkInstance(run.summary, config.looker)
            let undo = try BulkCommand.readRuns { try store.undoPlan(of: id) }
            // The preview (and the count asked for) is what the undo would write now.
            let plan = try await withClient(global) { client in try await UndoPreview.reread(undo, service: client) }
            try await BulkCommand.execute(plan, global: global, config: config, yes: yes, concurrency: concurrency, command: "undo")
        }
    }

    /// A run id names a file: letters, digits, `.`, `_` and `-`, not starting with a dot.
    static func runID(_ text: String) throws -> String {
        guard !text.isEmpty, text.utf8.count <= 100, !text.hasPrefix("."),
              text.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) })
        else { throw ValidationError("'\(DisplayText.fit(text, width: 40))' is not a run id (see roster bulk list)") }
        return text
    }

    /// A run from disk; a run that is not there is exit 4.
    static func load(_ id: String, _ store: RunStore) throws -> LoadedRun {
        try readRuns { try store.load(id: id) }
    }

    /// Reading or running the runs on disk; their errors become exit codes with the store's words.
    static func readRuns<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw failure(error)
        }
    }

    static func failure(_ error: any Error) -> any Error {
        let code: ExitStatus
        switch error {
        case let failure as CLIFailure: return failure
        case let error as LookerError: return CLIFailure(error)
        case RunStoreError.notFound: code = .notFound
        case RunStoreError.invalidID, RunStoreError.otherInstance, RunStoreError.invalidPlan: code = .usage
        case RunStoreError.busy, RunStoreError.alreadyApplied, RunStoreError.undone, RunStoreError.changedSincePlanned:
            code = .conflict
        case BulkRunError.readOnly: code = .forbidden
        default: code = .other
        }
        return CLIFailure(code, "roster: " + DisplayText.fit(String(describing: error), width: 500))
    }

    /// A run belongs to the instance it was made on, its whole base URL (scheme, host, port, path):
    /// user ids elsewhere name other people. The runner and the store check it again.
    static func checkInstance(_ run: RunSummary, _ config: LookerConfig) throws {
        guard run.belongs(to: config.instanceURL) else {
            throw failure(RunStoreError.otherInstance(id: run.id, run: run.instanceURL, here: config.instanceURL))
        }
    }
}

/// `roster bulk show ID --format json`: the run's summary, then every row with its outcome.
private struct RunDocument: Encodable {
    var run: SummaryLine
    var rows: [RowLine]

    init(_ loaded: LoadedRun) {
        run = SummaryLine(loaded.summary, event: "run")
        let doubt = Set(loaded.inDoubt)
        rows = loaded.plan.rows.map { planned in
            var row = RowLine(key: planned.key, loaded.outcomes[planned.key], inDoubt: doubt.contains(planned.key))
            row.event = nil
            row.name = planned.name
            row.change = BulkPreview.change(planned, sideWidth: .max)
            return row
        }
    }
}
