import Dispatch
import Foundation
import LookerAPI
import RosterServices
import RosterCore
import ScreenKit

/// One bulk run in the CLI, from the question to the exit code. On a terminal (stdout is a tty) a
/// single progress line on stderr is redrawn in place; otherwise every row's outcome is one JSON
/// line on stdout, then a summary line. Each failed row is also `user ID: field: message` on
/// stderr. Ctrl-C stops the run after the requests in flight (the run file says "stopped"); a
/// second Ctrl-C quits at once, and the run stays resumable either way.
final class BulkConsole: @unchecked Sendable {
    enum Mode { case terminal, jsonLines }

    let mode: Mode
    private let drawsProgress: Bool
    // Guards everything below: the runner reports from its own executor, signals from a queue.
    private let lock = NSLock()
    private var runID: String?
    private var lastDraw = Date.distantPast
    private var lineShown = false
    private var interrupts = 0
    private var retryAt = Date.distantPast
    private var signalSource: (any DispatchSourceSignal)?

    /// "started" or "resumed", for the first line.
    private let verb: String

    init(resuming: Bool = false) {
        verb = resuming ? "resumed" : "started"
        mode = isatty(STDOUT_FILENO) == 1 ? .terminal : .jsonLines
        drawsProgress = mode == .terminal && isatty(STDERR_FILENO) == 1
    }

    /// Runs `body` (a start or resume of `runner`) with Ctrl-C wired to stopping it, then turns
    /// the run's end into the exit code: 0 all applied or skipped, 3 some failed, 130 stopped.
    func run(_ runner: BulkRunner, _ body: @escaping @Sendable (@escaping @Sendable (BulkEvent) -> Void) async throws -> RunSummary) async throws {
        installInterruptHandler(runner)
        let summary = try await body { [self] event in handle(event) }
        signalSource?.cancel()
        signal(SIGINT, SIG_DFL)
        lock.withLock { clearLine() }
        let id = summary.id
        if summary.phase != .finished {
            throw CLIFailure(.interrupted, "roster: run \(id) stopped with \(summary.remaining.counted("row")) left; "
                             + "resume with: roster bulk resume \(id)")
        }
        if summary.failed > 0 {
            throw CLIFailure(.validation, "roster: \(summary.failed.grouped) of \(BulkPreview.count(summary.total, "row")) "
                             + "failed (roster bulk show \(id))")
        }
    }

    /// The client got a 429 and retries after `delay`: the progress line says so until then.
    func rateLimited(for delay: Duration) {
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        lock.withLock { retryAt = max(retryAt, Date().addingTimeInterval(seconds)) }
    }

    // MARK: Events

    private func handle(_ event: BulkEvent) {
        lock.withLock {
            switch event {
            case .started(let id):
                runID = id
                clearLine()
                Diagnostics.write("roster: run \(id) \(verb) (roster bulk show \(id); Ctrl-C stops it, resumable)")
                if mode == .jsonLines { emit(StartLine(event: verb, runID: id)) }
            case .rowFinished(let key, let outcome):
                if case .failed(_, let message, let field) = outcome {
                    clearLine()
                    let row = RowLine(key: key, nil)
                    Diagnostics.write("user \(BulkPreview.shownID(row.userID))" + (row.item.map { " \($0)" } ?? "") + ": "
                                      + (field.map { "\($0): " } ?? "") + message)
                }
                if mode == .jsonLines { emit(RowLine(key: key, outcome)) }
            case .progress(let progress):
                draw(progress)
            case .ended(let summary):
                clearLine()
                if mode == .jsonLines {
                    emit(SummaryLine(summary))
                } else {
                    var out = Output()
                    out.line("\(summary.phase.rawValue): " + counts(applied: summary.applied, failed: summary.failed,
                                                                      skipped: summary.skipped, left: summary.remaining)
                             + " (run \(summary.id))")
                    out.flush()
                }
            }
        }
    }

    private func counts(applied: Int, failed: Int, skipped: Int, left: Int) -> String {
        "\(applied.grouped) applied, \(failed.grouped) failed, "
            + "\(skipped.grouped) skipped, \(left.grouped) left"
    }

    /// The progress line, at most ten times a second (always on a phase change or the last row).
    private func draw(_ p: BulkProgress) {
        guard drawsProgress else { return }
        let now = Date()
        guard p.phase != .running || p.remaining == 0 || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        var text = "\(p.done.grouped)/\(p.total.grouped) done: "
            + counts(applied: p.applied, failed: p.failed, skipped: p.skipped, left: p.remaining)
            + String(format: " · %.1f/s", p.rate)
        if let eta = p.eta { text += " · ETA " + eta.durationText }
        let wait = max(p.waitingSeconds, retryAt.timeIntervalSince(now))
        if wait > 0.05 { text += " · rate limited, waiting " + wait.durationText }
        if interrupts > 0 && p.phase == .running {
            text += " · stopping after the \(p.inFlight) in flight"
        } else if p.phase != .running {
            text += " · " + p.phase.rawValue
        }
        // Our own text (numbers and words), sanitized anyway; only the redraw codes are raw.
        Self.rawStderr("\r\u{1B}[K" + DisplayText.fit(text, width: max(20, Self.columns() - 1)))
        lineShown = true
    }

    private func clearLine() {
        guard lineShown else { return }
        Self.rawStderr("\r\u{1B}[K")
        lineShown = false
    }

    private func emit<T: Encodable>(_ line: T) {
        var out = Output()
        try? out.jsonLine(line)
        out.flush()
    }

    // MARK: Ctrl-C

    private func installInterruptHandler(_ runner: BulkRunner) {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "roster.bulk.sigint"))
        source.setEventHandler { [self] in
            let (count, id) = lock.withLock { () -> (Int, String?) in
                interrupts += 1
                clearLine()
                return (interrupts, runID)
            }
            let resume = id.map { "roster bulk resume \($0)" } ?? "roster bulk list, then roster bulk resume ID"
            if count == 1 {
                Diagnostics.write("roster: stopping after the requests in flight (Ctrl-C again quits at once)")
                Task { await runner.stop() }
            } else {
                Diagnostics.write("roster: quit; the run is resumable: \(resume)")
                exit(ExitStatus.interrupted.rawValue)
            }
        }
        source.resume()
        signalSource = source
    }

    // MARK: Asking

    /// Asks on the terminal before `writes` changes: `y` for a few, the exact count for more than
    /// 20. Without a terminal the answer must be `--yes`. Keys typed before the question appeared
    /// are discarded: only an answer typed while it was shown counts.
    static func confirm(writes: Int, yes: Bool, command: String) throws {
        if yes { return }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CLIFailure(.usage, "roster: bulk \(command): not on a terminal, so nothing to ask on: give --yes to make "
                             + "\(BulkPreview.count(writes, "change")) without asking")
        }
        tcflush(STDIN_FILENO, TCIFLUSH)
        let askCount = writes > BulkSession.typedConfirmAbove
        rawStderr(askCount ? "type \(writes) to confirm: " : "make \(BulkPreview.count(writes, "change"))? [y/N] ")
        let answer = (readLine(strippingNewline: true) ?? "").trimmingCharacters(in: .whitespaces)
        let ok = askCount ? answer.replacingOccurrences(of: ",", with: "") == String(writes) : ["y", "yes"].contains(answer.lowercased())
        guard ok else { throw CLIFailure(.other, "roster: aborted; nothing was sent") }
    }

    /// Writes `text` on stderr without a newline (a prompt, the progress line). The escape codes
    /// are the caller's own; anything else in `text` is Roster's words and numbers.
    static func rawStderr(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(STDERR_FILENO, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    static func columns() -> Int {
        var size = winsize()
        return ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
    }
}

// MARK: JSON lines

private struct StartLine: Encodable {
    var event: String
    var runID: String
    enum CodingKeys: String, CodingKey { case event, runID = "run_id" }
}

/// One row's outcome: `{"event":"row","user_id":"42","outcome":"failed","status":422,"field":"email","message":"…"}`.
/// One row's outcome as scripts read it: a JSON line of a run (`event` "row"), or a row of
/// `roster bulk show --format json` (no event; the user's name and the change, and an outcome
/// "pending" or "in_doubt" for a row without one).
struct RowLine: Encodable {
    var event: String? = "row"
    var userID: String
    /// An offboarding row's thing, "schedule/17"; absent for the other rows.
    var item: String?
    var name: String?
    var change: String?
    var outcome: String
    var reason: String?
    var status: Int?
    var field: String?
    var message: String?

    enum CodingKeys: String, CodingKey { case event, userID = "user_id", item, name, change, outcome, reason, status, field, message }

    /// `key` is the row's `PlanRow.key`: a user id, or "USER/KIND/ID" (user ids hold no `/`).
    init(key: String, _ outcome: RowOutcome?, inDoubt: Bool = false) {
        if let slash = key.firstIndex(of: "/") {
            userID = String(key[..<slash])
            item = String(key[key.index(after: slash)...])
        } else {
            userID = key
        }
        switch outcome {
        case nil:
            self.outcome = inDoubt ? "in_doubt" : "pending"
        case .applied:
            self.outcome = "applied"
        case .skipped(let why):
            self.outcome = "skipped"
            reason = why.text
        case .failed(let status, let message, let field):
            self.outcome = "failed"
            self.status = status
            self.field = field
            self.message = message
        }
    }
}

/// A run as scripts read it (the last JSON line of a run, and `bulk list --format json`).
struct SummaryLine: Encodable {
    var event = "summary"
    var runID: String
    var action: String
    var scope: String
    var instance: String
    var instanceURL: String
    var started: String
    var state: String
    var undoneBy: String?
    var total: Int
    var applied: Int
    var failed: Int
    var skipped: Int
    var remaining: Int

    enum CodingKeys: String, CodingKey {
        case event, runID = "run_id", action, scope, instance, instanceURL = "instance_url", started, state, undoneBy = "undone_by",
             total, applied, failed, skipped, remaining
    }

    init(_ s: RunSummary, event: String = "summary") {
        self.event = event
        runID = s.id
        action = s.action.title
        scope = s.scope
        instance = s.instance
        instanceURL = s.instanceURL
        started = s.started
        state = s.phase.rawValue
        undoneBy = s.undoneBy
        total = s.total
        applied = s.applied
        failed = s.failed
        skipped = s.skipped
        remaining = s.remaining
    }
}
