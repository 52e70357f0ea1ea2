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
        var summaries: [RunSummary] = []
        try forEachRun { summaries.append($0.summary) }
        return summaries
    }

    /// Reads every run, newest first, one at a time (a run's plan is let go before the next is read).
    private func forEachRun(_ body: (LoadedRun) -> Void) throws {
        guard FileManager.default.fileExists(atPath: directory) else { return }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw RunStoreError.system("opendir", errno, directory)
        }
        let ids = names.filter { $0.hasSuffix(".jsonl") }.map { String($0.dropLast(6)) }.filter(Self.isValidID)
        for id in ids.sorted(by: >) {
            if let run = try? load(id: id) { body(run) }
        }
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
            if let skip = row.skip { outcomes[row.key] = .skipped(skip) }
        }
        var seen: [String: RowSeen] = [:]
        var pending: Set<String> = []
        var lastPhase: RunPhase = .running
        var undoneBy: String?
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
                    if let change = record.seen { seen[user] = change }
                }
            case .phase: if let phase = record.phase { lastPhase = phase }
            case .undone: undoneBy = record.undoneBy ?? undoneBy
            }
        }
        let phase: RunPhase
        if lastPhase == .finished {
            phase = undoneBy == nil ? .finished : .undone
        } else if Self.isLocked(path) {
            phase = lastPhase == .paused ? .paused : .running
        } else if undoneBy != nil {
            phase = .undone
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
                                 instanceURL: header.instanceURL ?? "", started: header.time, phase: phase, total: plan.rows.count,
                                 applied: counts.applied, failed: counts.failed, skipped: counts.skipped, undoneBy: undoneBy)
        let inDoubt = plan.rows.map(\.key).filter { pending.contains($0) && outcomes[$0] == nil }
        return LoadedRun(summary: summary, plan: plan, outcomes: outcomes, inDoubt: inDoubt, seen: seen)
    }

    /// The inverse of the rows run `id` applied (`BulkPlan.undo`). Throws `busy` while a process
    /// runs the run, `undone` once it was undone.
    public func undoPlan(of id: String) throws -> BulkPlan {
        try Self.undoPlan(of: try load(id: id))
    }

    static func undoPlan(of run: LoadedRun) throws -> BulkPlan {
        do {
            return try BulkPlan.undo(of: run.summary, plan: run.plan, outcomes: run.outcomes, inDoubt: run.inDoubt, seen: run.seen)
        } catch {
            throw RunStoreError(error)
        }
    }

    /// The failed rows of run `id`, planned again (`BulkPlan.retry`).
    public func retryPlan(of id: String) throws -> BulkPlan {
        let run = try load(id: id)
        do {
            return try BulkPlan.retry(of: run.summary, plan: run.plan, outcomes: run.outcomes)
        } catch {
            throw RunStoreError(error)
        }
    }

    // MARK: - Writing

    /// Creates the file of a new run for `plan` on the instance whose host is `instance` and whose
    /// whole base URL is `instanceURL`, writes its header and holds its lock.
    ///
    /// A plan is applied once per instance: while a run of the same plan (same action and rows)
    /// on the same instance is under way anywhere, this throws `alreadyApplied(running: true)`;
    /// once one exists in any state, it throws `alreadyApplied(running: false)` unless `again`.
    /// Two processes creating at once are serialised by a lock on the store, so the second sees the
    /// first's run. An undo (`.undo(runID)`) first marks its run undone, under that run's lock:
    /// from then on that run is never resumed (and a second undo of it is refused), and the undo's
    /// rows must be the ones the run holds now (`changedSincePlanned` otherwise).
    public func create(plan: BulkPlan, instance: String, instanceURL: String, again: Bool = false) throws -> RunFile {
        try makeDirectory()
        let guardFD = try lockStore()
        defer { Foundation.close(guardFD) }
        let key = try Self.planKey(plan, instanceURL: instanceURL)
        for prior in try priorRuns(key: key) {
            guard let run = try? load(id: prior), run.summary.instanceURL == instanceURL,
                  run.plan.action == plan.action, run.plan.rows == plan.rows else { continue }
            let running = run.summary.phase == .running || run.summary.phase == .paused
            if running || !again {
                throw RunStoreError.alreadyApplied(by: run.summary.id, running: running, started: run.summary.started)
            }
        }
        let date = now()
        var target: RunFile?
        defer { target?.close() }
        if case .undo(let runID) = plan.action {
            target = try beginUndo(of: runID, plan: plan, instanceURL: instanceURL)
        }
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
            // The run it undoes says so before the undo's own file has a header: a crash between
            // the two leaves that run refusing to resume and pointing at an undo that never began
            // (which a new undo may then replace).
            try target?.undone(by: id)
            try file.append(.header(id: id, instance: instance, instanceURL: instanceURL, plan: plan, time: started))
            try recordPlan(key: key, id: id)
            return file
        }
        throw RunStoreError.system("open", EEXIST, directory)
    }

    /// Locks run `runID` for its undo and checks that `plan` undoes what it holds now. The caller
    /// writes the `undone` line and closes it.
    private func beginUndo(of runID: String, plan: BulkPlan, instanceURL: String) throws -> RunFile {
        let file = try open(id: runID)
        do {
            // Read under the lock: no process can resume it while the undo is checked and marked.
            let run = try load(id: runID)
            guard run.summary.belongs(to: instanceURL) else {
                throw RunStoreError.otherInstance(id: runID, run: run.summary.instanceURL, here: instanceURL)
            }
            if let by = run.summary.undoneBy, FileManager.default.fileExists(atPath: directory + "/" + by + ".jsonl") {
                throw RunStoreError.undone(id: runID, by: by)
            }
            var fresh = run
            fresh.summary.undoneBy = nil
            fresh.summary.phase = .interrupted
            let now = try Self.undoPlan(of: fresh).rows
            // The undo may skip rows its preview found changed, never write a row the run does not hold.
            let same = now.count == plan.rows.count && zip(now, plan.rows).allSatisfy { held, planned in
                held == planned || (held.key == planned.key && planned.skip != nil)
            }
            guard same else { throw RunStoreError.changedSincePlanned(runID) }
            return file
        } catch {
            file.close()
            throw error
        }
    }

    // MARK: - Plans applied

    /// The store-wide lock that serialises run creation (held for the few milliseconds a create
    /// takes; a process that cannot get it within 10 s is told the store is busy).
    private func lockStore() throws -> Int32 {
        let path = directory + "/.create.lock"
        let fd = Foundation.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw RunStoreError.system("open", errno, path) }
        for _ in 0..<1_000 {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return fd }
            guard errno == EWOULDBLOCK || errno == EINTR else { break }
            usleep(10_000)
        }
        let code = errno
        Foundation.close(fd)
        throw RunStoreError.system("flock", code, path)
    }

    private var indexPath: String { directory + "/plans.idx" }

    /// The runs whose plan has `key`, from the index of applied plans. Without an index (a store
    /// from before it, or one deleted by hand) every run is read once and the index written again,
    /// so a missing index never lets a plan run twice.
    private func priorRuns(key: String) throws -> [String] {
        if let data = FileManager.default.contents(atPath: indexPath) {
            return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
                let parts = line.split(separator: " ")
                return parts.count == 2 && parts[0] == key ? String(parts[1]) : nil
            }
        }
        var lines = ""
        var matching: [String] = []
        try forEachRun { run in
            guard let runKey = try? Self.planKey(run.plan, instanceURL: run.summary.instanceURL) else { return }
            lines += runKey + " " + run.summary.id + "\n"
            if runKey == key { matching.append(run.summary.id) }
        }
        try appendIndex(lines)
        return matching
    }

    private func recordPlan(key: String, id: String) throws {
        try appendIndex(key + " " + id + "\n")
    }

    private func appendIndex(_ text: String) throws {
        let fd = Foundation.open(indexPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw RunStoreError.system("open", errno, indexPath) }
        defer { Foundation.close(fd) }
        guard !text.isEmpty else { return }
        do throws(PrivateFiles.CallFailed) {
            try PrivateFiles.writeSynced(fd, Data(text.utf8))
        } catch {
            throw RunStoreError.system(error.call, error.code, indexPath)
        }
    }

    /// The index key of a plan on an instance: FNV-1a (64 bits) of the instance URL, the action and
    /// the rows, encoded with sorted keys. Only a key: a match is then compared whole.
    static func planKey(_ plan: BulkPlan, instanceURL: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        mix(instanceURL.utf8)
        mix([0])
        mix(try encoder.encode(plan.action))
        mix([0])
        mix(try encoder.encode(plan.rows))
        return String(hash, radix: 16)
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
    /// What each applied access row's write found and left, by user id (what its undo puts back).
    public var seen: [String: RowSeen]

    public init(summary: RunSummary, plan: BulkPlan, outcomes: [String: RowOutcome], inDoubt: [String], seen: [String: RowSeen] = [:]) {
        self.summary = summary
        self.plan = plan
        self.outcomes = outcomes
        self.inDoubt = inDoubt
        self.seen = seen
    }
}
