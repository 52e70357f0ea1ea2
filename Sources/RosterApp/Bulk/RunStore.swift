import Foundation
import RosterCore

/// The runs on disk: one file per run under `$XDG_STATE_HOME/roster/runs/` (directory 0700, files
/// 0600). A run file is JSON lines: a header with the plan, then one fsynced line before each request
/// (intent) and one after (outcome), and a line when the run pauses, stops or finishes. A crash or
/// `kill -9` loses at most the outcome of the requests in flight, which resuming learns by re-reading.
public final class RunStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `$XDG_STATE_HOME/roster/runs` (else `~/.local/state/roster/runs`).
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        fatalError("RunStore is being written")
    }

    /// Every run, newest first.
    public func list() throws -> [RunSummary] {
        fatalError("RunStore is being written")
    }

    /// One run as it stands on disk.
    public func load(id: String) throws -> LoadedRun {
        fatalError("RunStore is being written")
    }

    /// The inverse of the rows run `id` applied, newest state first: each applied row's after → before
    /// (a sent reset email is a skipped row, `cannotUndo`). Runs through the same runner.
    public func undoPlan(of id: String) throws -> BulkPlan {
        fatalError("RunStore is being written")
    }

    /// The failed rows of run `id`, planned again (same before → after; re-read before writing as always).
    public func retryPlan(of id: String) throws -> BulkPlan {
        fatalError("RunStore is being written")
    }
}

/// A run read back from its file.
public struct LoadedRun: Sendable, Equatable {
    public var summary: RunSummary
    public var plan: BulkPlan
    /// Outcome of each finished row, by user id.
    public var outcomes: [String: RowOutcome]
    /// Rows with an intent and no outcome: the request may or may not have been applied.
    public var inDoubt: [String]

    public init(summary: RunSummary, plan: BulkPlan, outcomes: [String: RowOutcome], inDoubt: [String]) {
        self.summary = summary
        self.plan = plan
        self.outcomes = outcomes
        self.inDoubt = inDoubt
    }
}
