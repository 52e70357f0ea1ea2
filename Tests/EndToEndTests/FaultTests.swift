import Foundation
import Testing

/// The real binary against a misbehaving server: a listing whose body trickles one byte a second,
/// a request that is never answered, a logout that takes 3 s. The CLI must end with exit 8 within
/// `timeout` plus the backoff, the TUI must show the error and keep answering keys, and quitting
/// must not wait for the network. Every figure measured is printed.
@Suite(.serialized) struct FaultTests {
    let roster = rosterBinary()

    struct Run {
        var status: Int32
        var stderr: String
        var seconds: Double
    }

    /// Runs roster with `args`, killing it after `limit` seconds (a hang is the failure under test,
    /// so the wait is bounded). Output goes to files: no pipe can fill up and block it.
    func run(_ args: [String], env: [String: String], limit: Double) throws -> Run {
        let dir = NSTemporaryDirectory() + "roster-fault-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        FileManager.default.createFile(atPath: dir + "/out", contents: nil)
        FileManager.default.createFile(atPath: dir + "/err", contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: roster)
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = dir + "/state"
        environment["XDG_CONFIG_HOME"] = dir + "/config"
        environment.removeValue(forKey: "SSH_CONNECTION")
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.standardOutput = FileHandle(forWritingAtPath: dir + "/out")
        p.standardError = FileHandle(forWritingAtPath: dir + "/err")
        let start = Date()
        try p.run()
        while p.isRunning && Date().timeIntervalSince(start) < limit { usleep(20_000) }
        let seconds = Date().timeIntervalSince(start)
        if p.isRunning {
            kill(p.processIdentifier, SIGKILL)
            Issue.record("roster \(args.joined(separator: " ")) still ran after \(limit) s")
            let until = Date().addingTimeInterval(5)
            while p.isRunning && Date() < until { usleep(10_000) }
        }
        let err = (try? String(contentsOfFile: dir + "/err", encoding: .utf8)) ?? ""
        return Run(status: p.terminationStatus, stderr: err, seconds: seconds)
    }

    /// timeout 5 s + at most 8.4 s of backoff, and room for a busy machine.
    static let cliBound = 5 + 8.4 + 4

    @Test func usersListAgainstATricklingBodyExits8WithinTheBound() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "50", "--trickle", "users"])
        var env = sandbox.env
        env["LOOKERSDK_TIMEOUT"] = "5"
        let run = try run(["users", "list"], env: env, limit: 60)
        print("users list, trickling body, timeout 5: exit \(run.status) after \(String(format: "%.2f", run.seconds)) s")
        #expect(run.status == 8)
        #expect(run.stderr.contains("network error: \(sandbox.baseURL.dropFirst(7)): timed out after 5 s"), "\(run.stderr)")
        #expect(run.seconds >= 4.9 && run.seconds <= Self.cliBound)
    }

    @Test func usersListAgainstARequestNeverAnsweredExits8WithinTheBound() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "50", "--hang", "users"])
        var env = sandbox.env
        env["LOOKERSDK_TIMEOUT"] = "5"
        let run = try run(["users", "list", "--format", "json"], env: env, limit: 60)
        print("users list, request never answered, timeout 5: exit \(run.status) after \(String(format: "%.2f", run.seconds)) s")
        #expect(run.status == 8)
        #expect(run.stderr.contains("timed out after 5 s"), "\(run.stderr)")
        #expect(run.seconds >= 4.9 && run.seconds <= Self.cliBound)
    }

    @Test func usersListAgainstARefusedPortSaysSoPlainly() throws {
        let run = try run(["users", "list"], env: ["LOOKERSDK_BASE_URL": "http://127.0.0.1:9", "LOOKERSDK_CLIENT_ID": "id",
                                                   "LOOKERSDK_CLIENT_SECRET": "secret"], limit: 30)
        #expect(run.status == 8)
        #expect(run.stderr.contains("roster: network error: cannot connect to 127.0.0.1:9: connection refused"), "\(run.stderr)")
    }

    /// Polls until the pane shows `EXIT=`; returns the seconds from `start`.
    func secondsUntilExit(_ t: Tmux, from start: Date, limit: Double = 10) -> Double? {
        while Date().timeIntervalSince(start) < limit {
            if t.screen.contains("EXIT=") { return Date().timeIntervalSince(start) }
            usleep(10_000)
        }
        Issue.record("no EXIT= within \(limit) s; screen:\n\(t.screen)")
        return nil
    }

    @Test func quitDuringASlowLogoutTakesUnderHalfASecond() throws {
        let log = NSTemporaryDirectory() + "roster-fault-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let sandbox = try SandboxProcess(arguments: ["--users", "50", "--logout-delay-ms", "3000", "--request-log", log])
        var env = sandbox.env
        env["ROSTER_LOG_LEVEL"] = "debug"
        let t = try Tmux("\(roster) --read-only", env: env)
        t.waitFor(text: "(all loaded)")
        let start = Date()
        try t.send("q")
        let seconds = try #require(secondsUntilExit(t, from: start))
        print("q with a 3 s logout: EXIT= after \(String(format: "%.3f", seconds)) s (key to pane, tmux polling included)")
        #expect(t.screen.contains("EXIT=0"))
        #expect(seconds <= 1.5)
        if seconds > 1.5 { print((try? String(contentsOfFile: t.workDir + "/state/roster/roster.log", encoding: .utf8)) ?? "no log") }
        // The logout was sent (best effort): the sandbox logs it once its 3 s are over.
        let deadline = Date().addingTimeInterval(10)
        var logged = ""
        while Date() < deadline, !logged.contains("\"DELETE\"") {
            logged = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            usleep(100_000)
        }
        #expect(logged.contains("\"DELETE\""), "the logout reached the sandbox")
    }

    @Test func sigtermWhileARequestHangsExitsAtOnce() throws {
        let pidFile = NSTemporaryDirectory() + "roster-fault-\(UUID().uuidString).pid"
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        // The listing and the logout both hang: a signal must wait for neither.
        let sandbox = try SandboxProcess(arguments: ["--users", "50", "--hang", "users", "--hang", "logout"])
        let t = try Tmux("sh -c 'echo $$ > \(pidFile); exec \(roster) --read-only'", env: sandbox.env)
        t.waitFor(text: "loading users")
        let pid = try #require(Int32((try? String(contentsOfFile: pidFile, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""))
        let start = Date()
        #expect(kill(pid, SIGTERM) == 0)
        let seconds = try #require(secondsUntilExit(t, from: start))
        print("SIGTERM with a request hanging: EXIT= after \(String(format: "%.3f", seconds)) s")
        #expect(t.screen.contains("EXIT=143"))
        #expect(seconds <= 1.5)
    }

    @Test func theTUIShowsATricklingServersErrorAndKeepsAnsweringKeys() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "50", "--trickle", "users"])
        var env = sandbox.env
        env["LOOKERSDK_TIMEOUT"] = "3"
        let t = try Tmux("\(roster) --read-only", env: env)
        t.waitFor(text: "loading users")
        // While the listing trickles, keys still work.
        try t.type("?")
        t.waitFor(text: "key closes", timeout: 2)
        try t.send("Escape")
        t.waitFor("the overlay to close") { !$0.contains("key closes") }
        // timeout 3 s, one retry after about 1 s, another would not fit in 3 + 8.4 s: about 7 s.
        let start = Date()
        t.waitFor(text: "timed out after 3 s", timeout: 20)
        print("TUI, trickling listing, timeout 3: error shown after \(String(format: "%.1f", Date().timeIntervalSince(start))) s more")
        #expect(t.lines.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?.contains("timed out after 3 s") == true,
                "the error is on the status line (the last line)")
        try t.type("?")
        t.waitFor(text: "key closes", timeout: 2)
        try t.send("Escape")
        t.waitFor("the overlay to close") { !$0.contains("key closes") }
        try t.send("q")
        t.waitFor(text: "EXIT=0", timeout: 5)
    }
}
