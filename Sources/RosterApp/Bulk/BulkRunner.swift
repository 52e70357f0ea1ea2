import Foundation
import LookerAPI
import RosterCore

/// What a run reports while it goes.
public enum BulkEvent: Sendable, Equatable {
    /// The run file exists; `id` names it (`roster bulk show ID`).
    case started(runID: String)
    case rowFinished(userID: String, RowOutcome)
    /// Counters, rate and ETA; sent at least on every row finished and every phase change.
    case progress(BulkProgress)
    /// The run ended (finished, or stopped by the admin) and its file says so.
    case ended(RunSummary)
}

/// Runs a plan against Looker: a few requests in flight (halving on 429 and honouring Retry-After,
/// growing back slowly), each row re-read right before it is written and skipped as "changed
/// elsewhere" when it no longer matches the plan's before, every request written to the run file
/// before it is sent and its outcome after. A write is never cancelled half-way and never sent twice;
/// pausing or stopping lets the requests in flight finish and starts nothing new.
public actor BulkRunner {
    public init<S: LookerService>(service: S, store: RunStore, journal: Journal?, apiUser: String?) {
        fatalError("BulkRunner is being written")
    }

    /// Writes a new run file for `plan` and runs it. Events arrive on `events` until `.ended`.
    public func start(plan: BulkPlan, concurrency: Int, events: @escaping @Sendable (BulkEvent) -> Void) async throws -> RunSummary {
        fatalError("BulkRunner is being written")
    }

    /// Continues run `id` (interrupted, stopped or paused in another process): rows with an outcome are
    /// left alone; rows in doubt are re-read to learn whether they were applied; the rest run as planned.
    public func resume(id: String, concurrency: Int, events: @escaping @Sendable (BulkEvent) -> Void) async throws -> RunSummary {
        fatalError("BulkRunner is being written")
    }

    /// Nothing new starts; requests in flight finish. `proceed()` continues.
    public func pause() {}
    public func proceed() {}
    /// Ends the run after the requests in flight; the run file says "stopped" (resumable).
    public func stop() {}
}
