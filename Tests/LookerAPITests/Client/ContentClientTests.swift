import Foundation
import Testing
import LookerAPI
import Sandbox
import TestSupport

/// What a user owns, through the real client against the sandbox: schedules, alerts, the personal
/// folder and what is in it; each owner change or move sends exactly one key, once.
@Suite struct ContentClientTests {
    /// The PATCH bodies the sandbox saw, in order, for paths under `prefix`.
    static func patches(_ h: Harness, under prefix: String) async -> [String] {
        await h.sandbox.requests().filter { $0.method == "PATCH" && $0.path.hasPrefix("/api/4.0" + prefix) }.map { $0.body ?? "" }
    }

    @Test func theAdminsSchedulesAlertsAndPersonalFolderAreRead() async throws {
        try await Harness.run(users: 40) { h in
            let plans = try await h.client.scheduledPlans(userID: "1")
            #expect(plans.count == 2)
            #expect(plans.allSatisfy { $0.userID?.rawValue == "1" && ($0.lookID != nil) != ($0.dashboardID != nil) })
            #expect(plans.allSatisfy { (1...3).contains($0.scheduledPlanDestination?.count ?? 0) })
            let query = try #require(await h.sandbox.requests().last { $0.path == "/api/4.0/scheduled_plans" }?.query)
            #expect(Harness.queryValue("user_id", in: query) == "1")
            #expect(Harness.queryValue("all_users", in: query) == "true")

            let alerts = try await h.client.alerts()
            #expect(alerts.filter { $0.ownerID?.rawValue == "1" }.count == 2)
            #expect(alerts.allSatisfy { $0.threshold != nil && $0.cron != nil })

            let personal = try await h.client.folder(id: "1001")
            #expect(personal.isPersonal == true)
            #expect(personal.parentID?.rawValue == "2")
            let children = try await h.client.folderChildren(id: "1001")
            #expect(children.count == 1)
            #expect(children.allSatisfy { $0.isPersonalDescendant == true && $0.parentID?.rawValue == "1001" })
            var dashboards = try await h.client.folderDashboards(id: "1001")
            var looks = try await h.client.folderLooks(id: "1001")
            for child in children {
                let id = try #require(child.id?.rawValue)
                dashboards += try await h.client.folderDashboards(id: id)
                looks += try await h.client.folderLooks(id: id)
            }
            #expect(!dashboards.isEmpty, "every owner has a dashboard")
            #expect((dashboards.map(\.userID) + looks.map(\.userID)).allSatisfy { $0?.rawValue == "1" })
            let first = try #require(dashboards.first?.id?.rawValue)
            #expect(try await h.client.dashboard(id: first).title == dashboards.first?.title)
        }
    }

    @Test func alertsArePagedUntilAShortPageAndMatchOneBigPage() async throws {
        try await Harness.run(users: 120) { h in
            let whole = try await h.client.alerts(pageSize: 10_000)
            #expect(whole.count > 3)
            await h.sandbox.clearRequests()
            let paged = try await h.client.alerts(pageSize: 3)
            #expect(paged == whole)
            let offsets = await h.sandbox.requests().filter { $0.path == "/api/4.0/alerts/search" }
                .compactMap { Harness.queryValue("offset", in: $0.query) }
            #expect(offsets == stride(from: 0, through: whole.count, by: 3).map(String.init))
        }
    }

    @Test func aPlansNewOwnerIsTheOnlyKeySentAndItsDestinationsSurvive() async throws {
        try await Harness.run(users: 40) { h in
            let plan = try #require(try await h.client.scheduledPlans(userID: "1").first)
            let planID = try #require(plan.id?.rawValue)
            let answered = try await h.client.setScheduledPlanOwner(planID: planID, userID: "7")
            #expect(answered.userID?.rawValue == "7")
            #expect(await Self.patches(h, under: "/scheduled_plans") == [#"{"user_id":"7"}"#])
            let after = try await h.client.scheduledPlan(id: planID)
            #expect(after.userID?.rawValue == "7")
            #expect(after.scheduledPlanDestination == plan.scheduledPlanDestination)
            #expect(after.scheduledPlanDestination?.isEmpty == false)
            #expect(try await h.client.scheduledPlans(userID: "7").contains { $0.id?.rawValue == planID })
            #expect(try await h.client.scheduledPlans(userID: "1").allSatisfy { $0.id?.rawValue != planID })
        }
    }

    @Test func anAlertsNewOwnerIsTheOnlyKeySent() async throws {
        try await Harness.run(users: 40) { h in
            let alert = try #require(try await h.client.alerts().first { $0.ownerID?.rawValue == "1" })
            let alertID = try #require(alert.id?.rawValue)
            let answered = try await h.client.setAlertOwner(alertID: alertID, ownerID: "5")
            #expect(answered.ownerID?.rawValue == "5")
            #expect(await Self.patches(h, under: "/alerts") == [#"{"owner_id":"5"}"#])
            let after = try await h.client.alert(id: alertID)
            #expect(after.ownerID?.rawValue == "5")
            #expect(after.ownerDisplayName != alert.ownerDisplayName)
            #expect(after.threshold == alert.threshold && after.cron == alert.cron && after.isDisabled == alert.isDisabled)
        }
    }

    @Test func dashboardsAndLooksMoveWithOnlyTheirFolderSent() async throws {
        try await Harness.run(users: 40) { h in
            let dashboard = try #require(try await h.client.folderDashboards(id: "1001").first?.id?.rawValue)
            let moved = try await h.client.moveDashboard(id: dashboard, folderID: "1003")
            #expect(moved.folderID?.rawValue == "1003")
            #expect(moved.userID?.rawValue == "1", "moving does not change the owner")
            #expect(try await h.client.folderDashboards(id: "1003").contains { $0.id?.rawValue == dashboard })
            #expect(try await h.client.folderDashboards(id: "1001").allSatisfy { $0.id?.rawValue != dashboard })
            let look = try #require(try await h.client.folderLooks(id: "1").first?.id?.rawValue, "the Shared folder has looks")
            #expect(try await h.client.moveLook(id: look, folderID: "1003").folderID?.rawValue == "1003")
            #expect(try await h.client.look(id: look).folderID?.rawValue == "1003")
            #expect(await Self.patches(h, under: "/dashboards") == [#"{"folder_id":"1003"}"#])
            #expect(await Self.patches(h, under: "/looks") == [#"{"folder_id":"1003"}"#])
        }
    }

    @Test func unknownRecordsAre404AndUnknownSuccessorsOrFolders422NamingTheField() async throws {
        try await Harness.run(users: 40) { h in
            let c = h.client
            let missing: [() async throws -> Void] = [
                { _ = try await c.scheduledPlan(id: "999999") },
                { _ = try await c.setScheduledPlanOwner(planID: "999999", userID: "2") },
                { _ = try await c.alert(id: "999999") },
                { _ = try await c.setAlertOwner(alertID: "999999", ownerID: "2") },
                { _ = try await c.folder(id: "999999") },
                { _ = try await c.folderChildren(id: "999999") },
                { _ = try await c.folderDashboards(id: "999999") },
                { _ = try await c.moveDashboard(id: "999999", folderID: "1001") },
                { _ = try await c.moveLook(id: "999999", folderID: "1001") },
            ]
            for call in missing {
                let error = await failure(of: call)
                #expect(error?.status == 404, "\(String(describing: error))")
            }
            let plan = try #require(try await c.scheduledPlans(userID: "1").first?.id?.rawValue)
            let alert = try #require(try await c.alerts().first?.id?.rawValue)
            let dashboard = try #require(try await c.folderDashboards(id: "1001").first?.id?.rawValue)
            let refused: [(String, () async throws -> Void)] = [
                ("user_id", { _ = try await c.setScheduledPlanOwner(planID: plan, userID: "999999") }),
                ("owner_id", { _ = try await c.setAlertOwner(alertID: alert, ownerID: "999999") }),
                ("folder_id", { _ = try await c.moveDashboard(id: dashboard, folderID: "999999") }),
            ]
            let patchesBefore = await h.sandbox.requests().count { $0.method == "PATCH" }
            for (field, call) in refused {
                guard case .validation(_, let details)? = await failure(of: call) else {
                    Issue.record("expected a 422 naming \(field)")
                    continue
                }
                #expect(details.map(\.field) == [field])
            }
            let patchesAfter = await h.sandbox.requests().count { $0.method == "PATCH" }
            #expect(patchesAfter == patchesBefore + refused.count, "each refused write was sent once, not retried")
            #expect(try await c.scheduledPlan(id: plan).userID?.rawValue == "1")
            #expect(try await c.dashboard(id: dashboard).folderID?.rawValue == "1001")
        }
    }

    @Test func aReadOnlyClientSendsNoneOfTheseWrites() async throws {
        try await Harness.run(users: 5, readOnly: true) { h in
            let c = h.client
            let calls: [() async throws -> Void] = [
                { _ = try await c.setScheduledPlanOwner(planID: "1", userID: "2") },
                { _ = try await c.setAlertOwner(alertID: "1", ownerID: "2") },
                { _ = try await c.moveDashboard(id: "1", folderID: "1002") },
                { _ = try await c.moveLook(id: "1", folderID: "1002") },
            ]
            for call in calls {
                guard case .readOnly? = await failure(of: call) else {
                    Issue.record("expected a read-only refusal")
                    continue
                }
            }
            let sent = try #require(try await h.sandbox.requestsBeforeMarker())
            #expect(sent.allSatisfy { !$0.mayChange }, "\(sent.filter(\.mayChange).map(\.line))")
        }
    }
}
