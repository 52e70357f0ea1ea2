import Foundation
import Testing
import TestSupport

/// `roster roles list`, `groups list` and `attributes list`, run as a user would against a sandbox process.
@Suite(.serialized) struct AccessCLITests {
    @Test func rolesAndGroupsAreListedInEveryFormat() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "30"])
        for command in ["roles", "groups", "attributes"] {
            let json = try runRoster([command, "list", "--format", "json"], env: sandbox.env)
            #expect(json.status == 0, "\(json.stderrText)")
            let records = try JSONSerialization.jsonObject(with: Data(json.stdoutText.utf8)) as? [[String: Any]] ?? []
            #expect(!records.isEmpty, "\(command): the seed has some")
            let names = records.compactMap { $0["name"] as? String }
            #expect(names.count == records.count, "\(command): every record is named")

            let csv = try runRoster([command, "list", "--format", "csv"], env: sandbox.env)
            #expect(csv.status == 0)
            let lines = csv.stdoutText.split(separator: "\n")
            #expect(lines.count == records.count + 1, "\(command): a header and a line per record")
            #expect(lines.first?.hasPrefix("id,name,") == true)

            let table = try runRoster([command, "list"], env: sandbox.env)
            #expect(table.status == 0)
            let tableLines = table.stdoutText.split(separator: "\n")
            #expect(tableLines.count == records.count + 1)
            for name in names.prefix(5) { #expect(table.stdoutText.contains(name.prefix(30)), "\(command): \(name)") }
        }
        let roles = try runRoster(["roles", "list", "--format", "csv"], env: sandbox.env)
        #expect(roles.stdoutText.contains(",Admin,"), "the built-in Admin role")
        let groups = try runRoster(["groups", "list", "--format", "json"], env: sandbox.env)
        let external = (try JSONSerialization.jsonObject(with: Data(groups.stdoutText.utf8)) as? [[String: Any]] ?? [])
            .filter { $0["externally_managed"] as? Bool == true }
        #expect(!external.isEmpty, "the seed has an externally managed group, and the JSON says so")
        let attributes = try runRoster(["attributes", "list", "--format", "json"], env: sandbox.env)
        let hidden = (try JSONSerialization.jsonObject(with: Data(attributes.stdoutText.utf8)) as? [[String: Any]] ?? [])
            .filter { $0["value_is_hidden"] as? Bool == true }
        #expect(!hidden.isEmpty, "the seed has an attribute with hidden values")
        #expect(hidden.allSatisfy { ($0["default_value"] as? String).map { $0 == "••••••• (hidden)" } ?? true },
                "a hidden attribute's default is masked: \(hidden)")
        // The sandbox's hidden attribute has a default ("changeme"): no format prints it.
        for format in ["json", "csv", "table"] {
            let run = try runRoster(["attributes", "list", "--format", format], env: sandbox.env)
            #expect(run.status == 0)
            #expect(!run.stdoutText.contains("changeme"), "\(format) printed a hidden default")
        }
    }
}
