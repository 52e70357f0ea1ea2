import Foundation
import LookerAPI
import RosterCore

/// What a run reports while it goes.
public enum BulkEvent: Sendable, Equatable {
    /// The run file exists; `id` names it (`roster bulk show ID`).
    case started(runID: String)
    /// A row this process ran has its outcome (rows the plan skipped, and rows finished before a
    /// resume, are counted in `progress` but not reported one by one).
    /// `key` is the row's `PlanRow.key` (the user id, or "USER/KIND/ID" for an offboarding row).
    case rowFinished(key: String, RowOutcome)
    /// Counters, rate and ETA; sent at least on every row finished and every phase change.
    case progress(BulkProgress)
    /// The run ended (finished, or stopped by the admin) and its file says so.
    case ended(RunSummary)
}

/// Why a run could not start.
public enum BulkRunError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The client refuses every change (read-only mode): nothing is planned to disk or sent.
    case readOnly
    /// This runner is already running a run.
    case alreadyRunning(String)
    /// The run file could not be written during the run; it stopped before sending anything more.
    case storeFailed(String)

    public var description: String {
        switch self {
        case .readOnly: "refused in read-only mode: a bulk run changes users (use --write)"
        case .alreadyRunning(let id): "run \(id) is still running here"
        case .storeFailed(let why): "the run file could not be written, so the run stopped: \(why)"
        }
    }
}

/// The runner's time: seconds from an arbitrary start, and a sleep until such an instant. Tests
/// give one that jumps instead of waiting.
public struct BulkClock: Sendable {
    public var now: @Sendable () -> Double
    public var sleep: @Sendable (_ until: Double) async throws -> Void

    public init(now: @escaping @Sendable () -> Double, sleep: @escaping @Sendable (_ until: Double) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// The monotonic clock.
    public static var system: BulkClock {
        let start = ContinuousClock.now
        return BulkClock(now: {
            let (s, atto) = (ContinuousClock.now - start).components
            return Double(s) + Double(atto) / 1e18
        }, sleep: { until in
            try await ContinuousClock().sleep(until: start + .microseconds(Int64((until * 1e6).rounded(.up))))
        })
    }
}

/// Runs a plan against Looker: a few requests in flight (halving on 429 and honouring Retry-After,
/// growing back slowly), each row re-read right before it is written and skipped as "changed
/// elsewhere" when it no longer matches the plan's before, every request written to the run file
/// before it is sent and its outcome after. A write is never cancelled half-way and never sent twice;
/// pausing or stopping lets the requests in flight finish and starts nothing new. A 429 fails no row:
/// the row waits for the pacer and runs again. Memory stays flat: finished rows leave counters only.
public actor BulkRunner {
    let service: any LookerService
    let store: RunStore
    let recorder: JournalRecorder?
    let clock: BulkClock
    let pacing: Pacer.Settings
    let readOnly: Bool
    /// The id of the API user Roster acts as, when known: no plan disables it or deletes its login.
    let apiUserID: String?

    // One run at a time; nil between runs.
    private var run: Execution?
    private var waiter: CheckedContinuation<Void, Never>?
    private var signalled = false

    /// `clock` and `pacing` (how fast the limit grows, the backoff) are for tests and tuning; the
    /// concurrency comes with each run.
    public init<S: LookerService>(service: S, store: RunStore, journal: Journal?, apiUser: String?, apiUserID: String? = nil,
                                  clock: BulkClock = .system, pacing: Pacer.Settings = Pacer.Settings()) {
        self.apiUserID = apiUserID
        self.service = service
        self.store = store
        self.recorder = journal.map { JournalRecorder(journal: $0, instance: service.instance, apiUser: apiUser) }
        self.clock = clock
        self.pacing = pacing
        self.readOnly = service.readOnly
    }

    /// Writes a new run file for `plan` and runs it. Events arrive on `events` until `.ended`.
    ///
    /// The plan is checked first (`BulkPlan.problems`: a plan file may have been edited by hand),
    /// and a plan already applied on this instance is refused unless `again` (see `RunStore.create`).
    public func start(plan: BulkPlan, concurrency: Int, again: Bool = false,
                      events: @escaping @Sendable (BulkEvent) -> Void) async throws -> RunSummary {
        guard !readOnly else { throw BulkRunError.readOnly }
        if let run { throw BulkRunError.alreadyRunning(run.file.id) }
        let problems = plan.problems(apiUserID: apiUserID)
        guard problems.isEmpty else { throw RunStoreError.invalidPlan(problems) }
        let file = try store.create(plan: plan, instance: service.instance, instanceURL: service.instanceURL, again: again)
        let base = RunSummary(id: file.id, action: plan.action, scope: plan.scope, instance: service.instance,
                              instanceURL: service.instanceURL, started: file.started ?? "", phase: .running,
                              total: plan.rows.count, applied: 0, failed: 0, skipped: plan.skipCount)
        let queue = plan.rows.indices.filter { plan.rows[$0].skip == nil }
        return try await execute(file: file, base: base, plan: plan, queue: queue, inDoubt: [], outcomes: [:],
                                 concurrency: concurrency, events: events)
    }

    /// Continues run `id` (interrupted, stopped or paused in another process): rows with an outcome are
    /// left alone; rows in doubt are re-read to learn whether they were applied; the rest run as planned.
    public func resume(id: String, concurrency: Int, events: @escaping @Sendable (BulkEvent) -> Void) async throws -> RunSummary {
        guard !readOnly else { throw BulkRunError.readOnly }
        if let run { throw BulkRunError.alreadyRunning(run.file.id) }
        let file = try store.open(id: id)
        // Read under the lock: no other process can add lines now.
        let loaded = try store.load(id: id)
        // Ids name other people on another instance; an undone run's rows are being put back.
        let refusal: RunStoreError? =
            if !loaded.summary.belongs(to: service.instanceURL) {
                .otherInstance(id: id, run: loaded.summary.instanceURL, here: service.instanceURL)
            } else if let by = loaded.summary.undoneBy {
                .undone(id: id, by: by)
            } else if loaded.summary.phase == .finished {
                .alreadyFinished(id)
            } else {
                nil
            }
        if let refusal {
            file.close()
            throw refusal
        }
        let problems = loaded.plan.problems(apiUserID: apiUserID)
        guard problems.isEmpty else {
            file.close()
            throw RunStoreError.invalidPlan(problems)
        }
        try file.phase(.running)
        let plan = loaded.plan
        let queue = plan.rows.indices.filter { plan.rows[$0].skip == nil && loaded.outcomes[plan.rows[$0].key] == nil }
        return try await execute(file: file, base: loaded.summary, plan: plan, queue: queue, inDoubt: Set(loaded.inDoubt),
                                 outcomes: loaded.outcomes, concurrency: concurrency, events: events)
    }

    /// Nothing new starts; requests in flight finish. `proceed()` continues.
    public func pause() {
        guard let run, !run.paused, !run.stopping else { return }
        run.paused = true
        try? run.file.phase(.paused)
        report()
    }

    public func proceed() {
        guard let run, run.paused else { return }
        run.paused = false
        try? run.file.phase(.running)
        report()
        signal()
    }

    /// Ends the run after the requests in flight; the run file says "stopped" (resumable).
    public func stop() {
        guard let run, !run.stopping else { return }
        run.stopping = true
        run.paused = false
        signal()
    }

    /// The counters of the run under way, nil between runs.
    public var progress: BulkProgress? {
        run.map { $0.progress(now: clock.now()) }
    }

    // MARK: - The loop

    private func execute(file: RunFile, base: RunSummary, plan: BulkPlan, queue: [Int], inDoubt: Set<String>,
                         outcomes: [String: RowOutcome], concurrency: Int,
                         events: @escaping @Sendable (BulkEvent) -> Void) async throws -> RunSummary {
        var settings = pacing
        settings.concurrency = max(1, concurrency)
        // An offboarding's disable rows wait for their user's hand-over rows (`DisableGate`).
        let (gate, queue, released) = DisableGate.make(plan: plan, queue: queue, outcomes: outcomes)
        let run = Execution(file: file, base: base, plan: plan, queue: queue, inDoubt: inDoubt,
                            pacer: Pacer(settings), started: clock.now(), events: events)
        run.gate = gate
        for release in released { run.release(release) }
        self.run = run
        defer {
            run.timer?.cancel()
            file.close()
            self.run = nil
        }
        events(.started(runID: file.id))
        report()
        var work = BulkRowWork(service: service, file: file, recorder: recorder)
        if plan.rows.contains(where: { $0.skip == nil && ($0.op == .addToGroup || $0.op == .removeFromGroup) }) {
            // Unread (an error), no group is known to be managed; the server still refuses a synced one.
            let catalog = try? await service.accessCatalog()
            for group in catalog?.groups ?? [] { work.groups[group.id] = group }
        }
        await withTaskCancellationHandler {
            while true {
                launch(run, work)
                if run.inFlight == 0 && (run.queue.isEmpty || run.stopping) { break }
                await waitForSignal()
            }
        } onCancel: {
            Task { await self.stop() }
        }
        if let failure = run.storeFailure { throw BulkRunError.storeFailed(failure) }
        let finished = run.queue.isEmpty
        try file.phase(finished ? .finished : .stopped)
        run.phase = finished ? .finished : .stopped
        report()
        let summary = run.summary()
        events(.ended(summary))
        return summary
    }

    /// Starts as many rows as the pacer allows; arms a wake-up for when it allows more.
    private func launch(_ run: Execution, _ work: BulkRowWork) {
        guard !run.paused, !run.stopping else { return }
        let now = clock.now()
        var launched = 0
        while !run.queue.isEmpty, run.pacer.mayStart(inFlight: run.inFlight, now: now) {
            launched += 1
            run.pacer.started(now: now)
            let index = run.queue.removeFirst()
            let row = run.plan.rows[index]
            let job = BulkRowWork.Job(index: index, row: row, inDoubt: run.inDoubt.contains(row.key),
                                      refusal: run.refusals.removeValue(forKey: index))
            run.inFlight += 1
            Task.detached { [clock] in
                let result = await work.run(job)
                await self.finished(job, result, sent: now, at: clock.now())
            }
        }
        let next = run.pacer.nextStart
        if !run.queue.isEmpty, run.inFlight < run.pacer.limit, now < next, run.timerUntil < next {
            let until = next
            run.timerUntil = until
            run.timer?.cancel()
            run.timer = Task { [clock] in
                // A cancelled timer was replaced by a later one: it must not fire, or the new one
                // is cancelled and replaced in turn, a loop that spins without sleeping.
                do { try await clock.sleep(until) } catch { return }
                self.timerFired(until)
            }
        }
        if launched > 0 { report() }
    }

    private func timerFired(_ until: Double) {
        guard let run, run.timerUntil == until else { return }
        run.timerUntil = -.infinity
        signal()
    }

    private func finished(_ job: BulkRowWork.Job, _ result: BulkRowWork.Result, sent: Double, at now: Double) {
        guard let run else { return }
        run.inFlight -= 1
        switch result {
        case .finished(let outcome):
            run.pacer.succeeded(now: now)
            run.inDoubt.remove(job.row.key)
            run.count(outcome, at: now)
            run.events(.rowFinished(key: job.row.key, outcome))
            if let release = run.gate.ended(job.row, outcome) { run.release(release) }
        case .rateLimited(let retryAfter, let stillInDoubt):
            run.pacer.rateLimited(now: now, sent: sent, retryAfter: retryAfter)
            if !stillInDoubt { run.inDoubt.remove(job.row.key) }
            run.queue.append(job.index)
        case .storeFailed(let why):
            // Nothing more may be sent without its intent on disk; the row stays in doubt.
            run.storeFailure = run.storeFailure ?? why
            run.stopping = true
        }
        report()
        signal()
    }

    private func report() {
        guard let run else { return }
        run.events(.progress(run.progress(now: clock.now())))
    }

    private func signal() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            signalled = true
        }
    }

    private func waitForSignal() async {
        if signalled {
            signalled = false
            return
        }
        await withCheckedContinuation { waiter = $0 }
    }
}

/// The state of the run under way; only the runner's actor touches it.
private final class Execution {
    let file: RunFile
    let base: RunSummary
    let plan: BulkPlan
    /// Plan indices still to run, in order; a row refused with 429 goes to the back.
    var queue: FIFO<Int>
    var inDoubt: Set<String>
    var pacer: Pacer
    let started: Double
    let events: @Sendable (BulkEvent) -> Void
    var inFlight = 0
    var paused = false
    var stopping = false
    var phase: RunPhase = .running
    var applied: Int
    var failed: Int
    var skipped: Int
    /// When rows finished lately (for the rate); at most `rateWindow` seconds' worth.
    var recent = FIFO<Double>()
    var timer: Task<Void, Never>?
    var timerUntil = -Double.infinity
    var storeFailure: String?
    /// Disable rows waiting for their user's hand-over rows (offboarding only).
    var gate = DisableGate()
    /// Disable rows let go with a refusal (a hand-over row failed): they end failed, unsent.
    var refusals: [Int: String] = [:]

    static let rateWindow = 10.0

    func release(_ release: DisableGate.Release) {
        if let refusal = release.refusal { refusals[release.index] = refusal }
        queue.append(release.index)
    }

    init(file: RunFile, base: RunSummary, plan: BulkPlan, queue: [Int], inDoubt: Set<String>, pacer: Pacer, started: Double,
         events: @escaping @Sendable (BulkEvent) -> Void) {
        self.file = file
        self.base = base
        self.plan = plan
        self.queue = FIFO(queue)
        self.inDoubt = inDoubt
        self.pacer = pacer
        self.started = started
        self.events = events
        applied = base.applied
        failed = base.failed
        skipped = base.skipped
    }

    func count(_ outcome: RowOutcome, at now: Double) {
        switch outcome {
        case .applied: applied += 1
        case .failed: failed += 1
        case .skipped: skipped += 1
        }
        recent.append(now)
    }

    func progress(now: Double) -> BulkProgress {
        while let first = recent.first, first < now - Self.rateWindow { recent.removeFirst() }
        let span = min(Self.rateWindow, now - started)
        let rate = span >= 1 ? Double(recent.count) / span : 0
        var progress = BulkProgress(total: plan.rows.count, applied: applied, failed: failed, skipped: skipped,
                                    inFlight: inFlight, concurrency: pacer.limit, rate: rate, eta: nil,
                                    phase: paused ? .paused : phase, waitingSeconds: pacer.waiting(now: now))
        if rate > 0 { progress.eta = Double(progress.remaining) / rate }
        return progress
    }

    func summary() -> RunSummary {
        var summary = base
        summary.phase = phase
        summary.applied = applied
        summary.failed = failed
        summary.skipped = skipped
        return summary
    }
}
