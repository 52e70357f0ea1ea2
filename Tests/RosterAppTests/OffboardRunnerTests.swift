import Foundation
import LookerAPI
import RosterApp
import RosterServices
import RosterCore
import Sandbox
import Testing

/// Offboarding runs through the real client against the sandbox: each row reads its thing before it
/// writes, a thing changed elsewhere is left alone, and the user is disabled only once every hand-over
/// row of theirs has succeeded.
@Suite struct OffboardRunnerTests {
    @Test func aFailedHandOverLeavesTheUserEnabledUntilARetryHandsItOver() async throws {
        try await BulkHarness.run(users: 60) { h in
            // User 3 owns some of everything in the seeded sandbox; user 2 nothing.
            let plan = try await h.client.offboardPlan(leaverIDs: ["3"], successorID: "2", apiUserID: "1")
            let kinds = Set(plan.rows.compactMap(\.item?.kind))
            #expect(kinds == Set(OwnedKind.allCases), "the plan has a row of every kind: \(kinds)")
            let schedule = try #require(plan.rows.first { $0.op == .setScheduleOwner })
            let alert = try #require(plan.rows.first { $0.op == .setAlertOwner })
            // Someone hands the schedule to user 4 after the plan; Looker refuses the alert's first write.
            _ = try await h.client.setScheduledPlanOwner(planID: schedule.item!.id, userID: "4")
            await h.sandbox.inject(Fault(method: "PATCH", pathPattern: "alerts/\(alert.item!.id)", status: 422,
                                         body: #"{"message":"Validation Failed","errors":[{"field":"owner_id","code":"invalid","message":"cannot own"}]}"#,
                                         contentType: "application/json", remaining: 1))
            await h.sandbox.clearRequests()
            let first = try await h.runner().start(plan: plan, concurrency: 4, events: { _ in })
            let run = try h.store.load(id: first.id)
            #expect(run.outcomes[schedule.key] == .skipped(.changedElsewhere))
            #expect(run.outcomes[alert.key] == .failed(status: 422, message: "cannot own", field: "owner_id"))
            #expect(run.outcomes["3"] == .failed(status: 0, message: "left enabled: 1 hand-over row failed (alert \(alert.item!.id))", field: nil))
            #expect(first.failed == 2 && first.skipped == 1 && first.applied == plan.rows.count - 3)
            #expect(await h.sandbox.user(id: "3")?.isDisabled == false, "left enabled")
            let requests = await h.sandbox.requests()
            #expect(!requests.contains { $0.method == "PATCH" && $0.path.hasSuffix("/users/3") }, "no disable sent")
            #expect(!requests.contains { $0.method == "PATCH" && $0.path.hasSuffix("/scheduled_plans/\(schedule.item!.id)") },
                    "the schedule changed elsewhere is not written")
            #expect(requests.filter { $0.method == "PATCH" && $0.path.contains("/scheduled_plans/") }.allSatisfy {
                $0.body?.contains("scheduled_plan_destination") != true }, "a schedule's destinations are never sent")

            // The failed rows planned again: the alert is handed over, then the user disabled.
            let retry = try h.store.retryPlan(of: first.id)
            #expect(retry.rows.map(\.key) == [alert.key, "3"])
            let second = try await h.runner().start(plan: retry, concurrency: 4, events: { _ in })
            #expect(second.applied == 2 && second.failed == 0)
            #expect(await h.sandbox.user(id: "3")?.isDisabled == true)
            let journal = try h.journal.read()
            #expect(journal.contains { $0.field == "alert.\(alert.item!.id).owner_id" && $0.before == "3" && $0.after == "2" })
            #expect(journal.contains { $0.userID == "3" && $0.field == "is_disabled" })
        }
    }
}
