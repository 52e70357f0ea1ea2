import RosterCore
import Testing

/// Offboarding in the core: the plan (a row per owned thing, then the disable row), what a
/// hand-edited plan may not do, the row decisions on re-read, the disable gate, and undo.
@Suite struct OffboardTests {
    static func owned(_ user: String, _ kinds: [OwnedKind]) -> OwnedSummary {
        var folderOf: [String: String] = [:]
        let items = kinds.enumerated().map { index, kind in
            let item = OwnedItem(kind: kind, id: "\(user)\(index)", name: "\(kind.noun) \(index)")
            if kind == .dashboard || kind == .look { folderOf[kind.rawValue + "/" + item.id] = "10\(user)" }
            return item
        }
        return OwnedSummary(userID: user, personalFolderID: "10\(user)", items: items, folderOf: folderOf)
    }

    static func leaver(_ id: String, disabled: Bool = false) -> BulkSubject {
        BulkSubject(id: id, name: "User \(id)", loginEmail: nil, forcedReset: nil, disabled: disabled, ssoEmail: nil)
    }

    static let everything: [OwnedKind] = [.apiKey, .look, .schedule, .session, .alert, .dashboard]

    static func plan(keepSessions: Bool = false, keepKeys: Bool = false, leavers: [BulkSubject] = [leaver("5")],
                     apiUserID: String? = nil) -> BulkPlan {
        let request = OffboardRequest(leavers: leavers, successorID: "9", successorName: "Nine", folderID: "109",
                                      keepSessions: keepSessions, keepAPIKeys: keepKeys)
        var owned: [String: OwnedSummary] = [:]
        for l in leavers { owned[l.id] = Self.owned(l.id, everything) }
        return OffboardPlanner.plan(request, owned: owned, apiUserID: apiUserID)
    }

    @Test func eachThingOwnedIsARowInKindOrderThenTheDisableRow() {
        let plan = Self.plan()
        #expect(plan.rows.map(\.op) == [.setScheduleOwner, .setAlertOwner, .moveDashboard, .moveLook, .deleteSession, .deleteAPIKey, .setDisabled])
        #expect(plan.rows.allSatisfy { $0.skip == nil && $0.userID == "5" })
        let schedule = plan.rows[0]
        #expect(schedule.before.owner == "5" && schedule.after.owner == "9" && schedule.key == "5/schedule/52")
        #expect(plan.rows[2].before.folder == "105" && plan.rows[2].after.folder == "109")
        #expect(plan.rows[6].key == "5" && plan.rows[6].after.disabled == true)
        #expect(plan.rows[4].change.contains("cannot be undone") && plan.rows[5].change.contains("cannot be undone"))
        #expect(Set(plan.rows.map(\.key)).count == plan.rows.count, "every row has its own key")
        #expect(plan.problems(apiUserID: "1") == [])
        #expect(plan.action == .offboard(successorID: "9", successorName: "Nine", folderID: "109"))
    }

    @Test func keptSessionsAndKeysAndDisabledLeaversAreSkippedRows() {
        let plan = Self.plan(keepSessions: true, keepKeys: true, leavers: [Self.leaver("5", disabled: true)])
        #expect(plan.rows.filter { $0.skip != nil }.map(\.op) == [.deleteSession, .deleteAPIKey, .setDisabled])
        #expect(plan.rows.last?.skip == .alreadySo)
        #expect(plan.writeCount == 4)
    }

    @Test func theAPIUserIsNeverOffboarded() {
        let plan = Self.plan(leavers: [Self.leaver("1"), Self.leaver("5")], apiUserID: "1")
        #expect(plan.rows.filter { $0.userID == "1" }.allSatisfy { $0.skip == .apiUser })
        #expect(plan.rows.filter { $0.userID == "5" }.allSatisfy { $0.skip == nil })
        #expect(OffboardPlanner.check(leavers: ["5"], successorID: "5", successorEnabled: true) == .successorLeaves("5"))
        #expect(OffboardPlanner.check(leavers: ["5"], successorID: "9", successorEnabled: false) == .successorDisabled("9"))
        #expect(OffboardPlanner.check(leavers: [], successorID: "9", successorEnabled: true) == .noLeavers)
    }

    @Test func aHandEditedPlanIsRefusedRowByRow() {
        var plan = Self.plan(leavers: [Self.leaver("5"), Self.leaver("6")])
        plan.rows[0].after.owner = "8"                       // someone else than the successor
        plan.rows[1].before.owner = "6"                      // another user's alert in user 5's rows
        plan.rows[2].after.folder = "../1"                   // not a folder id
        plan.rows[3].item?.kind = .dashboard                 // a look request for a dashboard
        plan.rows.append(plan.rows[4])                       // the same session twice
        plan.rows[6].after.disabled = false                  // enabling in an offboarding
        let problems = plan.problems(apiUserID: "6")
        #expect(problems.map(\.row) == [1, 2, 3, 4, 7, 12, 13, 14, 15], "\(problems.map(\.text))")
        #expect(problems.contains { $0.reason.contains("the API user") }, "user 6 is the API user here")
    }

    @Test func aRowDecidesFromWhatItReadsNow() {
        let plan = Self.plan()
        let schedule = plan.rows[0], session = plan.rows[4]
        #expect(schedule.handOverStep(now: .held("5"), inDoubt: false) == .send)
        #expect(schedule.handOverStep(now: .held("9"), inDoubt: true) == .alreadyApplied)
        #expect(schedule.handOverStep(now: .held("9"), inDoubt: false) == .skip(.nothingToDo("already handed over")))
        #expect(schedule.handOverStep(now: .held("7"), inDoubt: true) == .skip(.changedElsewhere))
        #expect(schedule.handOverStep(now: .gone, inDoubt: false) == .skip(.nothingToDo("no longer exists")))
        #expect(session.handOverStep(now: .present, inDoubt: false) == .send)
        #expect(session.handOverStep(now: .gone, inDoubt: true) == .alreadyApplied)
        #expect(schedule.settleHandOver(now: .held("9"), network: "reset") == .applied)
        #expect(schedule.settleHandOver(now: .held("5"), network: "reset") == .failed(status: 0, message: "reset", field: nil))
        #expect(schedule.settleHandOver(now: nil, network: "reset") == .failed(status: 0, message: "reset (not known whether it was applied)", field: nil))
    }

    @Test func theDisableRowWaitsForEveryHandOverRowAndStaysWhenOneFailed() {
        let plan = Self.plan(leavers: [Self.leaver("5"), Self.leaver("6")])
        let queue = Array(plan.rows.indices)
        var (gate, rest, released) = DisableGate.make(plan: plan, queue: queue, outcomes: [:])
        #expect(released.isEmpty && rest.count == queue.count - 2, "both disable rows held")
        let five = plan.rows.indices.filter { plan.rows[$0].userID == "5" && plan.rows[$0].op.isHandOver }
        let six = plan.rows.indices.filter { plan.rows[$0].userID == "6" && plan.rows[$0].op.isHandOver }
        for i in five.dropLast() { #expect(gate.ended(plan.rows[i], .applied) == nil) }
        #expect(gate.ended(plan.rows[five.last!], .skipped(.changedElsewhere)) == DisableGate.Release(index: 6, refusal: nil))
        #expect(gate.ended(plan.rows[six[0]], .failed(status: 422, message: "no", field: nil)) == nil)
        for i in six.dropFirst().dropLast() { #expect(gate.ended(plan.rows[i], .applied) == nil) }
        let release = gate.ended(plan.rows[six.last!], .applied)
        #expect(release?.index == 13 && release?.refusal == "left enabled: 1 hand-over row failed (schedule 62)")

        // Resumed: a failure recorded by the earlier process still holds the user back.
        let outcomes = [plan.rows[six[0]].key: RowOutcome.failed(status: 422, message: "no", field: nil)]
        (gate, rest, released) = DisableGate.make(plan: plan, queue: [13], outcomes: outcomes)
        #expect(rest.isEmpty && released == [DisableGate.Release(index: 13, refusal: "left enabled: 1 hand-over row failed (schedule 62)")])
        #expect(DisableGate.make(plan: BulkPlan(action: .disable, scope: "", rows: plan.rows), queue: queue, outcomes: [:]).queue == queue,
                "only offboardings hold rows")
    }

    @Test func undoHandsBackAndEnablesButSaysSessionsAndKeysCannotComeBack() throws {
        let plan = Self.plan()
        let summary = RunSummary(id: "r1", action: plan.action, scope: plan.scope, instance: "i", started: "", phase: .finished,
                                 total: plan.rows.count, applied: plan.rows.count, failed: 0, skipped: 0)
        let outcomes = Dictionary(uniqueKeysWithValues: plan.rows.map { ($0.key, RowOutcome.applied) })
        let undo = try BulkPlan.undo(of: summary, plan: plan, outcomes: outcomes, inDoubt: [])
        #expect(undo.rows.first?.op == .setDisabled && undo.rows.first?.after.disabled == false, "enabled first")
        let schedule = try #require(undo.rows.first { $0.op == .setScheduleOwner })
        #expect(schedule.before.owner == "9" && schedule.after.owner == "5" && schedule.skip == nil)
        let ended = undo.rows.filter { $0.op == .deleteSession || $0.op == .deleteAPIKey }
        #expect(ended.count == 2 && ended.allSatisfy { if case .noInverse = $0.skip { true } else { false } })
        #expect(undo.problems() == [])
    }
}
