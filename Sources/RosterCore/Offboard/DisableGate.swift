import ScreenKit

/// An offboarding disables a user only once every hand-over row of that user has ended and none
/// failed: a user whose schedule could not be handed over stays enabled, and the run says which rows
/// failed. The runner holds each disable row here until then. Pure; rebuilt from the run file on resume.
public struct DisableGate: Sendable, Equatable {
    /// Per user: their disable row (plan index), while it waits.
    public private(set) var waiting: [String: Int] = [:]
    /// Per user: hand-over rows not ended yet.
    private var open: [String: Int] = [:]
    /// Per user: the hand-over rows that failed, in words ("schedule 17").
    private var failed: [String: [String]] = [:]

    public init() {}

    /// A disable row let go: run it, or, when `refusal` is set, end it failed with that message.
    public struct Release: Sendable, Equatable {
        public var index: Int
        public var refusal: String?

        public init(index: Int, refusal: String?) {
            self.index = index
            self.refusal = refusal
        }
    }

    /// For `plan` with `queue` (plan indices still to run) and the outcomes of rows already ended
    /// (by `PlanRow.key`). Returns the gate and the queue without the disable rows it holds; rows
    /// it lets go at once are in `released`. Plans that are not offboardings hold nothing.
    public static func make(plan: BulkPlan, queue: [Int], outcomes: [String: RowOutcome]) -> (gate: DisableGate, queue: [Int], released: [Release]) {
        var gate = DisableGate()
        guard plan.action.isOffboard else { return (gate, queue, []) }
        var rest: [Int] = []
        let queued = Set(queue)
        for index in queue {
            let row = plan.rows[index]
            if row.op == .setDisabled { gate.waiting[row.userID] = index } else { rest.append(index) }
        }
        for (index, row) in plan.rows.enumerated() where row.op.isHandOver && gate.waiting[row.userID] != nil {
            if queued.contains(index) {
                gate.open[row.userID, default: 0] += 1
            } else if case .failed = outcomes[row.key] {
                gate.failed[row.userID, default: []].append(Self.name(row))
            }
        }
        var released: [Release] = []
        for user in gate.waiting.keys.sorted() where gate.open[user, default: 0] == 0 {
            if let release = gate.release(user) { released.append(release) }
        }
        return (gate, rest, released)
    }

    /// A row ended with `outcome`. When it was the last hand-over row of its user, their disable row
    /// is let go.
    public mutating func ended(_ row: PlanRow, _ outcome: RowOutcome) -> Release? {
        guard row.op.isHandOver, waiting[row.userID] != nil else { return nil }
        if case .failed = outcome { failed[row.userID, default: []].append(Self.name(row)) }
        open[row.userID, default: 1] -= 1
        return open[row.userID, default: 0] <= 0 ? release(row.userID) : nil
    }

    private mutating func release(_ user: String) -> Release? {
        guard let index = waiting.removeValue(forKey: user) else { return nil }
        open[user] = nil
        let failures = failed.removeValue(forKey: user) ?? []
        guard !failures.isEmpty else { return Release(index: index, refusal: nil) }
        let shown = failures.prefix(5).joined(separator: ", ") + (failures.count > 5 ? ", …" : "")
        return Release(index: index, refusal: "left enabled: \(count: failures.count, "hand-over row") failed (\(shown))")
    }

    private static func name(_ row: PlanRow) -> String {
        row.item.map { "\($0.kind.noun) \(DisplayText.fit($0.id, width: 20))" } ?? row.op.rawValue
    }
}
