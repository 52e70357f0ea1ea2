import Foundation
import RosterCore
import Synchronization

/// One line of a run file. The first line is the header (the plan); then, per row, an intent
/// before its request is sent and an outcome after it, or `refused` when Looker answered 429 (the
/// request changed nothing and the row runs again); and a phase line when the run pauses, goes on,
/// stops or finishes.
struct RunRecord: Codable, Sendable, Equatable {
    enum Kind: String, Codable, Sendable {
        case header, intent, outcome, refused, phase, undone
    }

    var type: Kind
    /// ISO 8601 UTC.
    var time: String
    // header
    var version: Int?
    var id: String?
    var instance: String?
    /// The instance's whole base URL (`LookerConfig.instanceURL`); runs are bound to it.
    var instanceURL: String?
    var plan: BulkPlan?
    // intent, outcome, refused: the row's key (`PlanRow.key`; the user id for every row but
    // offboarding's, so files written before keys stay readable)
    var user: String?
    var outcome: RowOutcome?
    /// What an applied access row's write found and left (absent for the other rows and in older files).
    var seen: RowSeen?
    // phase
    var phase: RunPhase?
    // undone: the run that undoes this one
    var undoneBy: String?

    static let version = 1

    static func header(id: String, instance: String, instanceURL: String, plan: BulkPlan, time: String) -> RunRecord {
        RunRecord(type: .header, time: time, version: version, id: id, instance: instance, instanceURL: instanceURL, plan: plan)
    }
}

/// A run file open for appending, holding its lock (`flock`, exclusive) until `close()` or
/// deinit, so no second process runs the same run. Every line is one `write(2)` followed by
/// `fsync`: when `intent` returns, the line is on disk, and only then is the request sent.
public final class RunFile: Sendable {
    public let id: String
    public let path: String
    /// When the run started (ISO 8601 UTC), for a file this process created; nil for one opened to resume.
    public let started: String?
    /// The descriptor (-1 once closed), and whether the file may end in a torn line (true until
    /// the first append: while the lock is held nobody else writes, so one check is enough).
    private let state: Mutex<(fd: Int32, unchecked: Bool)>
    private let now: @Sendable () -> Date

    init(id: String, path: String, fd: Int32, started: String? = nil, now: @escaping @Sendable () -> Date) {
        self.id = id
        self.path = path
        self.started = started
        self.state = Mutex((fd, true))
        self.now = now
    }

    deinit {
        close()
    }

    /// The request of the row `key` names (`PlanRow.key`: the user id, or "USER/KIND/ID") is about to be sent.
    public func intent(key: String) throws {
        try append(RunRecord(type: .intent, time: stamp(), user: key))
    }

    /// How the row `key` names ended, with what its write found and left when it is an access row.
    public func outcome(key: String, _ outcome: RowOutcome, seen: RowSeen? = nil) throws {
        try append(RunRecord(type: .outcome, time: stamp(), user: key, outcome: outcome, seen: seen))
    }

    /// The row's request was answered 429: nothing changed, the row runs again later.
    public func refused(key: String) throws {
        try append(RunRecord(type: .refused, time: stamp(), user: key))
    }

    /// The run paused, went on, stopped or finished.
    public func phase(_ phase: RunPhase) throws {
        try append(RunRecord(type: .phase, time: stamp(), phase: phase))
    }

    /// Run `undoRunID` is undoing this run: it is never resumed again.
    public func undone(by undoRunID: String) throws {
        try append(RunRecord(type: .undone, time: stamp(), undoneBy: undoRunID))
    }

    /// Releases the lock and closes the file; later appends fail. Safe to call twice.
    public func close() {
        state.withLock { state in
            guard state.fd >= 0 else { return }
            _ = flock(state.fd, LOCK_UN)
            _ = Foundation.close(state.fd)
            state.fd = -1
        }
    }

    func append(_ record: RunRecord) throws {
        var data = try JSONLines.line(record)
        try state.withLock { state in
            let fd = state.fd
            guard fd >= 0 else { throw RunStoreError.closed(id) }
            // A kill in the middle of a write can leave a torn line; the next one starts on its own.
            do throws(PrivateFiles.CallFailed) {
                if state.unchecked {
                    // The descriptor is opened for reading too, so the last byte can be read.
                    guard let ends = try PrivateFiles.endsWithNewline(fd) else { throw .init(call: "pread", code: errno) }
                    if !ends { data.insert(0x0A, at: 0) }
                    state.unchecked = false
                }
                try PrivateFiles.writeSynced(fd, data)
            } catch {
                throw RunStoreError.system(error.call, error.code, path)
            }
        }
    }

    private func stamp() -> String {
        RunStore.iso8601(now())
    }
}

/// Why a run could not be read, written or continued. Holds ids, paths and system messages.
public enum RunStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The core's refusal to plan an undo or retry, as the store says it.
    init(_ refusal: RunPlanRefusal) {
        switch refusal {
        case .busy(let id): self = .busy(id)
        case .undone(let id, let by): self = .undone(id: id, by: by)
        }
    }

    /// Another process (or another runner here) is running this run.
    case busy(String)
    case notFound(String)
    /// Not a run id (ids are like `20261130-153012-4f2a`).
    case invalidID(String)
    /// The file has no readable header.
    case corrupt(String)
    case alreadyFinished(String)
    /// The run was made on another instance (or recorded only its host): its ids name other people there.
    case otherInstance(id: String, run: String, here: String)
    /// An undo of the run has begun (run `by`): resuming it would write what the undo puts back.
    case undone(id: String, by: String)
    /// The same plan, on the same instance, is being applied (`running`) or was applied as run `by`.
    case alreadyApplied(by: String, running: Bool, started: String)
    /// The run changed between planning its undo (or retry) and starting it: plan again.
    case changedSincePlanned(String)
    /// The plan does not hold together (a hand-edited or damaged plan file): nothing was sent.
    case invalidPlan([PlanProblem])
    case closed(String)
    case system(String, Int32, String)

    public var description: String {
        switch self {
        case .busy(let id): "run \(id) is being run by another Roster process (wait for it, or stop it there)"
        case .notFound(let id): "no run \(id) (roster bulk list shows the runs)"
        case .invalidID(let id): "\(id) is not a run id"
        case .corrupt(let path): "\(path) is not a run file (its first line is not a run header)"
        case .alreadyFinished(let id): "run \(id) has already finished"
        case .otherInstance(let id, let run, let here):
            run.isEmpty
                ? "run \(id) does not record which instance it was made on (only its host): it is not resumed or undone here (\(here))"
                : "run \(id) was made on \(run), not on \(here) (the configured instance): ids there name other people"
        case .undone(let id, let by): "run \(id) is being undone by run \(by): it is not resumed (resume \(by) instead)"
        case .alreadyApplied(let by, let running, let started):
            running
                ? "this plan is being applied right now as run \(by) (started \(started)): wait for it, or stop it there"
                : "this plan was already applied as run \(by) (started \(started)): roster bulk show \(by); "
                    + "to apply it again anyway, say --again"
        case .changedSincePlanned(let id): "run \(id) changed since this was planned: plan again"
        case .invalidPlan(let problems):
            "the plan does not hold together, nothing was sent:\n" + problems.prefix(20).map { "  " + $0.text }.joined(separator: "\n")
                + (problems.count > 20 ? "\n  … and \(problems.count - 20) more" : "")
        case .closed(let id): "run \(id) is closed"
        case .system(let call, let code, let path): "\(call) \(path): \(String(cString: strerror(code)))"
        }
    }
}
