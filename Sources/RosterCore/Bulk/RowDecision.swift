/// What a bulk run does with one row, decided from what a re-read found. Pure: the runner only
/// re-reads, writes the run file, sends and journals as these say.
public enum RowStep: Sendable, Equatable {
    /// Send the row's request (its intent line is written first).
    case send
    /// An earlier process's request for this row was applied: record it as applied, send nothing.
    case alreadyApplied
    /// Send nothing; the row ends skipped for this reason.
    case skip(SkipReason)
}

extension PlanRow {
    /// The step for this row given the user as re-read now. `inDoubt`: an earlier process wrote the
    /// row's intent and no outcome, so its request may have been applied.
    public func step(current: BulkSnapshot, inDoubt: Bool) -> RowStep {
        if inDoubt {
            // Never a reset email twice: no re-read can tell whether it went.
            if op == .sendReset { return .skip(.maybeSent) }
            if holdsAfter(current) { return .alreadyApplied }
        }
        return holdsBefore(current) ? .send : .skip(.changedElsewhere)
    }

    /// The outcome of a request whose answer never came (the connection broke), from a re-read made
    /// after it (nil when that re-read failed too). `network` says what broke. An outcome of
    /// `.applied` is journaled like any applied row.
    public func settle(afterLostAnswer now: BulkSnapshot?, network: String) -> RowOutcome {
        if op == .sendReset { return .skipped(.maybeSent) }
        guard let now else { return .failed(status: 0, message: network + " (not known whether it was applied)", field: nil) }
        if holdsAfter(now) { return .applied }
        if holdsBefore(now) { return .failed(status: 0, message: network, field: nil) }
        return .skipped(.changedElsewhere)
    }
}
