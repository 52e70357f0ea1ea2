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
        func items(_ kind: String) -> [[String: Any]] { owned[kind] as? [[String: Any]] ?? [] }
        let plans = items("schedules"), alerts = items("alerts"), dashboards = items("dashboards"), looks = items("looks")
        #expect(plans.count == 2 && alerts.count == 2, "the admin's two schedules and two alerts")
        #expect(!dashboards.isEmpty && dashboards.allSatisfy { ($0["folder_id"] as? String)?.isEmpty == false })
        #expect(dashboards.contains { $0["detail"] as? String == "personal folder" }, "in the personal folder")
        #expect(owned["personal_folder_id"] as? String == "1001")
        #expect(items("api_keys").count == 1, "the key Roster logs in with")
        #expect(plans.allSatisfy { ($0["detail"] as? String ?? "").contains("destination") }, "how many destinations each delivers to")
        #expect(!json.stdoutText.contains("secret_parameters") && !json.stdoutText.contains("client_secret"))

        let table = try runRoster(["users", "owned", "1"], env: sandbox.env)
        #expect(table.status == 0, "\(table.stderrText)")
        let text = table.stdoutText
        #expect(text.contains("Schedules (2)") && text.contains("Alerts (2)") && text.contains("Dashboards (\(dashboards.count))")
                && text.contains("Looks (\(looks.count))"))
        #expect(text.contains("Sessions (") && text.contains("API keys (1)"))
        for plan in plans { #expect(text.contains((plan["name"] as? String ?? "?").prefix(30))) }

        let missing = try runRoster(["users", "owned", "424242"], env: sandbox.env)
        #expect(missing.status == 4, "an unknown user is not found")
        let bad = try runRoster(["users", "owned", "not/an/id"], env: sandbox.env)
        #expect(bad.status == 2)
    }
}
