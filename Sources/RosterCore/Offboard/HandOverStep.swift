/// Where one owned thing stands when an offboarding row re-reads it: gone (deleted, or a session or
/// key no longer there), or held: by an owner (a schedule, an alert), in a folder (a dashboard, a
/// look), or "present" (a session, a key).
public enum Holding: Sendable, Equatable {
    case gone
    case held(String)

    /// What a session or API key row reads while the thing is still there.
    public static let present = Holding.held("present")
}

extension PlanRow {
    /// What the row's thing was planned to be before and after: owner to owner, folder to folder,
    /// present to gone.
    public var plannedHolding: (before: Holding, after: Holding) {
        switch op {
        case .setScheduleOwner, .setAlertOwner: (before.owner.map(Holding.held) ?? .gone, after.owner.map(Holding.held) ?? .gone)
        case .moveDashboard, .moveLook: (before.folder.map(Holding.held) ?? .gone, after.folder.map(Holding.held) ?? .gone)
        default: (.present, .gone)
        }
    }

    /// The step for an offboarding row, given its thing as re-read now. Held as planned before: send.
    /// Already as planned after: an earlier process's request (in doubt), else nothing to do. Gone:
    /// nothing to hand over. Anything else: someone changed it since the plan, so it is left alone.
    public func handOverStep(now: Holding, inDoubt: Bool) -> RowStep {
        let (planned, wanted) = plannedHolding
        if now == wanted {
            if inDoubt { return .alreadyApplied }
            return .skip(.nothingToDo(op == .deleteSession || op == .deleteAPIKey ? "already ended" : "already handed over"))
        }
        if now == planned { return .send }
        if now == .gone { return .skip(.nothingToDo("no longer exists")) }
        return .skip(.changedElsewhere)
    }

    /// The outcome of an offboarding request whose answer never came, from a re-read after it (nil
    /// when that failed too).
    public func settleHandOver(now: Holding?, network: String) -> RowOutcome {
        guard let now else { return .failed(status: 0, message: network + " (not known whether it was applied)", field: nil) }
        let (planned, wanted) = plannedHolding
        if now == wanted { return .applied }
        if now == planned { return .failed(status: 0, message: network, field: nil) }
        return .skipped(.changedElsewhere)
    }
}
