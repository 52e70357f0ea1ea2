import Foundation
import Testing
import TestSupport

/// The scriptable twins, run as a user would: the real binary against a sandbox process.
@Suite(.serialized) struct CLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func roster(_ args: [String], env: [String: String], cwd: String? = nil) throws -> Run {
        let run = try runRoster(args, env: env, cwd: cwd)
        return Run(status: run.status, stdout: run.stdoutText, stderr: run.stderrText)
    }

    @Test func listsEveryUserAsJSONAndCSV() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "1234"])
        let json = try roster(["users", "list", "--format", "json", "--page-size", "500"], env: sandbox.env)
        #expect(json.status == 0)
        let users = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(users.count == 1234)
        #expect(Set(users.compactMap { $0["id"] as? String }).count == 1234, "every user exactly once")
        let urls = users.compactMap { ($0["credentials_email"] as? [String: Any])?["password_reset_url"] as? String }
        #expect(!urls.isEmpty, "some seeded users have a reset URL")
        #expect(urls.allSatisfy { $0 == "••••••• (hidden)" }, "reset URLs are masked in the JSON listing")
        #expect(!json.stdout.contains("/password/reset/"))
        let csv = try roster(["users", "list", "--format", "csv"], env: sandbox.env)
        #expect(csv.stdout.split(separator: "\n").count == 1235)
        #expect(csv.stdout.hasPrefix("id,name,email,logins,enabled\n"))
    }

    @Test func pagingStopsAtTheEndInEveryFormat() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "40"], logRequests: true)
        var requests = 0
        // 40 users: an exact multiple of 10 (an empty page ends it), and not one of 7 or of 100.
        for (size, format) in [(10, "json"), (10, "csv"), (7, "table"), (100, "json")] {
            let run = try roster(["users", "list", "--format", format, "--page-size", String(size)], env: sandbox.env)
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n").count
            #expect(lines == (format == "json" ? 42 : 41), "40 users once each, page size \(size), \(format)")
            let listed = sandbox.requests().filter { $0.method == "GET" && $0.path == "/api/4.0/users" }.count
            let pages = listed - requests
            requests = listed
            // Every page, the empty or short one that ends it, and at most one request past it.
            #expect(pages >= 40 / size + 1 && pages <= 40 / size + 2, "\(pages) list requests at page size \(size)")
        }
    }

    @Test func updateWithAnInvalidEmailPrintsFieldErrorsAndExits3() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "20"])
        let run = try roster(["credential", "update", "2", "--email", "not an email"], env: sandbox.env)
        #expect(run.status == 3)
        #expect(run.stderr.contains("  email: 'not an email' is not a valid email address"))
        let ok = try roster(["credential", "update", "2", "--email", "two@example.com", "--format", "json"], env: sandbox.env)
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("\"email\" : \"two@example.com\""))
    }

    @Test func exitCodesMeanWhatHelpSays() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "20"])
        #expect(try roster(["users", "show", "99999"], env: sandbox.env).status == 4)
        let ro = try roster(["credential", "update", "2", "--email", "a@b.co", "--read-only"], env: sandbox.env)
        #expect(ro.status == 5)
        #expect(ro.stderr.contains("read-only"))
        var bad = sandbox.env
        bad["LOOKERSDK_CLIENT_SECRET"] = "wrong-secret-value"
        let login = try roster(["users", "list"], env: bad)
        #expect(login.status == 7)
        #expect(login.stderr.contains("login failed: check client_id/client_secret for \(sandbox.baseURL)"))
        #expect(!login.stderr.contains("wrong-secret-value"), "the secret is never echoed")
        var closed = sandbox.env
        closed["LOOKERSDK_BASE_URL"] = "http://127.0.0.1:9"
        #expect(try roster(["users", "list"], env: closed).status == 8)
        #expect(try roster(["users", "list", "--format", "xml"], env: sandbox.env).status == 2)
        #expect(try roster(["credential", "delete", "2"], env: sandbox.env).status == 2, "delete needs --yes")
    }

    @Test func aBadConfigNamesFileLineAndKey() throws {
        let temporary = try TemporaryDirectory("roster-cli")
        defer { temporary.remove() }
        let dir = temporary.path
        try "[Looker]\nbase_url=https://acme.looker.com\nclient_id=abc\nclient_secret=s#;= x\nverify_ssl=maybe\n"
            .write(toFile: dir + "/looker.ini", atomically: true, encoding: .utf8)
        chmod(dir + "/looker.ini", 0o600)
        let run = try roster(["config", "show"], env: [:], cwd: dir)
        #expect(run.status == 2)
        #expect(run.stderr.contains("looker.ini:5: verify_ssl: expected true or false, got 'maybe'"))
        #expect(!run.stderr.contains("s#;= x"))
    }

    @Test func configShowMasksTheSecret() throws {
        let run = try roster(["config", "show"], env: ["LOOKERSDK_BASE_URL": "https://acme.looker.com", "LOOKERSDK_CLIENT_ID": "abc",
                                                      "LOOKERSDK_CLIENT_SECRET": "very-secret-#;="])
        #expect(run.status == 0)
        #expect(run.stdout.contains("client_secret = ******** (hidden)"))
        #expect(!run.stdout.contains("very-secret"))
    }
}
