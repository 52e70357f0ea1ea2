import Foundation
import Testing
import TestSupport

/// `roster users owned ID`, run as a user would against a sandbox process.
@Suite(.serialized) struct OwnedCLITests {
    @Test func theAdminsOwnedContentIsPrintedAsJSONAndTable() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "30"])
        let json = try runRoster(["users", "owned", "1", "--format", "json"], env: sandbox.env)
        #expect(json.status == 0, "\(json.stderrText)")
        let owned = try JSONSerialization.jsonObject(with: Data(json.stdoutText.utf8)) as? [String: Any] ?? [:]
        let plans = owned["scheduled_plans"] as? [[String: Any]] ?? []
        let alerts = owned["alerts"] as? [[String: Any]] ?? []
        let dashboards = owned["dashboards"] as? [[String: Any]] ?? []
        let folders = owned["folders"] as? [[String: Any]] ?? []
        #expect(plans.count == 2 && plans.allSatisfy { $0["user_id"] as? String == "1" })
        #expect(alerts.count == 2 && alerts.allSatisfy { $0["owner_id"] as? String == "1" })
        #expect(!dashboards.isEmpty && dashboards.allSatisfy { $0["user_id"] as? String == "1" })
        #expect(folders.count == 1, "the admin's one sub-folder")
        #expect(owned["personal_folder_id"] as? String == "1001")
        #expect(owned["api_keys"] as? Int == 1, "the key Roster logs in with")
        let secretKeys = plans.flatMap { $0["scheduled_plan_destination"] as? [[String: Any]] ?? [] }.filter { $0["secret_parameters"] != nil }
        #expect(secretKeys.isEmpty)

        let table = try runRoster(["users", "owned", "1"], env: sandbox.env)
        #expect(table.status == 0, "\(table.stderrText)")
        let text = table.stdoutText
        #expect(text.contains("Scheduled plans (2)") && text.contains("Alerts (2)") && text.contains("Dashboards (\(dashboards.count))"))
        #expect(text.contains("Sessions ") && text.contains("API keys 1"))
        for plan in plans { #expect(text.contains((plan["name"] as? String ?? "?").prefix(30))) }

        let missing = try runRoster(["users", "owned", "424242"], env: sandbox.env)
        #expect(missing.status == 4, "an unknown user is not found")
        let bad = try runRoster(["users", "owned", "not/an/id"], env: sandbox.env)
        #expect(bad.status == 2)
    }
}
