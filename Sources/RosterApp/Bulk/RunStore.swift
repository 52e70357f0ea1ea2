import Foundation
import RosterCore

/// The runs on disk: one file per run under `$XDG_STATE_HOME/roster/runs/` (directory 0700, files
/// 0600). A run file is JSON lines: a header with the plan, then one fsynced line before each request
/// (intent) and one after (outcome), and a line when the run pauses, stops or finishes. A crash or
/// `kill -9` loses at most the outcome of the requests in flight, which resuming learns by re-reading.
///
/// A process running a run holds an exclusive `flock` on its file: a second one gets
/// `RunStoreError.busy`, and a file with no end line whose lock nobody holds is `interrupted`.
public final class RunStore: Sendable {
    public let directory: String
    let now: @Sendable () -> Date

    public init(directory: String) {
        self.directory = directory
        self.now = { Date() }
    }

    /// A store whose clock is given (run ids and line times come from it).
    public init(directory: String, now: @escaping @Sendable () -> Date) {
        self.directory = directory
        self.now = now
    }

    /// `$XDG_STATE_HOME/roster/runs` (else `~/.local/state/roster/runs`).
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        StatePaths.directory(environment: environment) + "/runs"
    }

    /// Every run, newest first. Files that are not runs are left out.
    public func list() throws -> [RunSummary] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw RunStoreError.system("opendir", errno, directory)
        }
        let ids = names.filter { $0.hasSuffix(".jsonl") }.map { String($0.dropLast(6)) }.filter(Self.isValidID)
        return ids.sorted(by: >).compactMap { try? load(id: $0).summary }
    }

    /// One run as it stands on disk.
    public func load(id: String) throws -> LoadedRun {
        let path = try path(of: id)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileManager.default.fileExists(atPath: path) ? RunStoreError.system("read", EACCES, path) : RunStoreError.notFound(id)
        }
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: true).makeIterator()
        guard let first = lines.next(), let header = try? Self.decoder.decode(RunRecord.self, from: Data(first)),
              header.type == .header, let plan = header.plan else {
            throw RunStoreError.corrupt(path)
        }
        var outcomes: [String: RowOutcome] = [:]
        for row in plan.rows {
            if let skip = row.skip { outcomes[row.userID] = .skipped(skip) }
        }
        var pending: Set<String> = []
        var lastPhase: RunPhase = .running
        // A line that does not decode is a torn last line (a kill during a write) or damage: skipped.
        while let line = lines.next() {
            guard let record = try? Self.decoder.decode(RunRecord.self, from: Data(line)) else { continue }
            switch record.type {
            case .header: continue
            case .intent: if let user = record.user { pending.insert(user) }
            case .refused: if let user = record.user { pending.remove(user) }
            case .outcome:
                if let user = record.user, let outcome = record.outcome {
                    pending.remove(user)
                    outcomes[user] = outcome
                }
            case .phase: if let phase = record.phase { lastPhase = phase }
            }
        }
        let phase: RunPhase
        if lastPhase == .finished {
            phase = .finished
        } else if Self.isLocked(path) {
            phase = lastPhase == .paused ? .paused : .running
        } else {
            phase = lastPhase == .stopped ? .stopped : .interrupted
        }
        var counts = (applied: 0, failed: 0, skipped: 0)
        for outcome in outcomes.values {
            switch outcome {
            case .applied: counts.applied += 1
            case .failed: counts.failed += 1
            case .skipped: counts.skipped += 1
            }
        }
        let summary = RunSummary(id: id, action: plan.action, scope: plan.scope, instance: header.instance ?? "",
                                 started: header.time, phase: phase, total: plan.rows.count,
                                 applied: counts.applied, failed: counts.failed, skipped: counts.skipped)
        let inDoubt = plan.rows.map(\.userID).filter { pending.contains($0) && outcomes[$0] == nil }
        return LoadedRun(summary: summary, plan: plan, outcomes: outcomes, inDoubt: inDoubt)
    }

    /// The inverse of the rows run `id` applied, newest state first: each applied row's after → before
    /// (a sent reset email is a skipped row, `cannotUndo`). Runs through the same runner.
    ///
    /// The rows go in reverse order (the last change is undone first, as a chain of renames needs).
    /// Rows in doubt (an interrupted run) are included: the runner re-reads each row and writes it
    /// only when it still holds what the run wrote, so a row the run never changed is skipped.
    /// Throws `busy` while a process runs the run.
    public func undoPlan(of id: String) throws -> BulkPlan {
        let run = try load(id: id)
        guard run.summary.phase != .running, run.summary.phase != .paused else { throw RunStoreError.busy(id) }
        let doubt = Set(run.inDoubt)
        var rows: [PlanRow] = []
        for row in run.plan.rows.reversed() where run.outcomes[row.userID] == .applied || doubt.contains(row.userID) {
            rows.append(Self.inverse(of: row))
        }
        return BulkPlan(action: .undo(runID: id), scope: "undo of run \(id)", rows: rows)
    }

    /// The failed rows of run `id`, planned again (same before → after; re-read before writing as always).
    public func retryPlan(of id: String) throws -> BulkPlan {
        let run = try load(id: id)
        guard run.summary.phase != .running, run.summary.phase != .paused else { throw RunStoreError.busy(id) }
        let rows = run.plan.rows.filter {
            if case .failed = run.outcomes[$0.userID] { return true }
            return false
        }.map { row in
            var again = row
            again.skip = nil
            return again
        }
        return BulkPlan(action: run.plan.action, scope: "failed rows of run \(id)", rows: rows)
    }

    /// The row that undoes `row`: its after → before, with the inverse request.
    static func inverse(of row: PlanRow) -> PlanRow {
        let op: BulkOp
        switch row.op {
        case .patchEmail, .setForcedReset, .setDisabled: op = row.op
        case .createLogin: op = .deleteLogin
        case .deleteLogin: op = .createLogin
        case .sendReset:
            return PlanRow(userID: row.userID, name: row.name, op: .sendReset, before: row.after, after: row.after, skip: .cannotUndo)
        }
        return PlanRow(userID: row.userID, name: row.name, op: op, before: row.after, after: row.before)
    }

    // MARK: - Writing

    /// Creates the file of a new run for `plan` on `instance`, writes its header and holds its lock.
    public func create(plan: BulkPlan, instance: String) throws -> RunFile {
        try makeDirectory()
        let date = now()
        for _ in 0..<8 {
            let id = Self.newID(date)
            let path = directory + "/" + id + ".jsonl"
            let fd = Foundation.open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw RunStoreError.system("open", errno, path)
            }
            _ = fchmod(fd, 0o600)
            guard Self.lock(fd) else {
                Foundation.close(fd)
                throw RunStoreError.busy(id)
            }
            let started = Self.iso8601(date)
            let file = RunFile(id: id, path: path, fd: fd, started: started, now: now)
            try file.append(.header(id: id, instance: instance, plan: plan, time: started))
            return file
        }
        throw RunStoreError.system("open", EEXIST, directory)
    }

    /// Opens run `id` to continue it, holding its lock; `busy` when another process runs it.
    public func open(id: String) throws -> RunFile {
        let path = try path(of: id)
        let fd = Foundation.open(path, O_RDWR | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else {
            throw errno == ENOENT ? RunStoreError.notFound(id) : RunStoreError.system("open", errno, path)
        }
        _ = fchmod(fd, 0o600)
        guard Self.lock(fd) else {
            Foundation.close(fd)
            throw RunStoreError.busy(id)
        }
        return RunFile(id: id, path: path, fd: fd, now: now)
    }

    private func makeDirectory() throws {
        if !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: Int(PrivateFiles.directoryMode)])
            } catch {
                throw RunStoreError.system("mkdir", errno == 0 ? EACCES : errno, directory)
            }
        }
        // The plans hold every targeted address: a directory someone loosened is tightened.
        _ = chmod(directory, PrivateFiles.directoryMode)
    }

    // MARK: - Ids, paths, locks

    private func path(of id: String) throws -> String {
        guard Self.isValidID(id) else { throw RunStoreError.invalidID(id) }
        return directory + "/" + id + ".jsonl"
    }

    /// Letters, digits and `-` only: an id never names a path outside the directory.
    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") }
    }

    /// `20261130-153012-4f2a`: UTC time of the start (so names sort by age) and 16 random bits.
    static func newID(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        let stamp = String(format: "%04d%02d%02d-%02d%02d%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                           Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        return stamp + "-" + String(format: "%04x", UInt16.random(in: .min ... .max))
    }

    /// Takes the exclusive lock without blocking. A reader checking the lock holds it for a moment,
    /// so a few short tries pass that; a real holder keeps it.
    private static func lock(_ fd: Int32) -> Bool {
        for attempt in 0..<20 {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return true }
            guard errno == EWOULDBLOCK || errno == EINTR else { return false }
            if attempt < 19 { usleep(5_000) }
        }
        return false
    }

    /// Whether some process holds the run's lock (is running it).
    static func isLocked(_ path: String) -> Bool {
        let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { Foundation.close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            _ = flock(fd, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    static func iso8601(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    static let decoder = JSONDecoder()
}

/// A run read back from its file.
public struct LoadedRun: Sendable, Equatable {
    public var summary: RunSummary
    public var plan: BulkPlan
    /// Outcome of each finished row, by user id (the rows the plan skipped included, as `.skipped`).
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
