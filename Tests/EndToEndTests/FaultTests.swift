import Foundation
import Testing
import TestSupport

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
        let dir = try TemporaryDirectory("roster-fault")
        defer { dir.remove() }
        let start = Date()
        let p = try Background(args, env: env.merging(["XDG_STATE_HOME": dir.path + "/state", "XDG_CONFIG_HOME": dir.path + "/config"]) { $1 },
                               dir: dir.path)
        let status = p.waitForExit(timeout: limit)
        let seconds = Date().timeIntervalSince(start)
        if status == nil { Issue.record("roster \(args.joined(separator: " ")) still ran after \(limit) s") }
        return Run(status: status ?? -1, stderr: p.stderr, seconds: seconds)
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
        if Wait.until(seconds: limit - Date().timeIntervalSince(start), interval: 0.01, { t.screen.contains("EXIT=") }) {
            return Date().timeIntervalSince(start)
        }
        Issue.record("no EXIT= within \(limit) s; screen:\n\(t.screen)")
        return nil
    }

    @Test func quitDuringASlowLogoutTakesUnderHalfASecond() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "50", "--logout-delay-ms", "3000"], logRequests: true)
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
        #expect(Wait.until(seconds: 10) { sandbox.requests().contains { $0.method == "DELETE" } }, "the logout reached the sandbox")
    }

    @Test func sigtermWhileARequestHangsExitsAtOnce() throws {
        // The listing and the logout both hang: a signal must wait for neither.
        let sandbox = try SandboxProcess(arguments: ["--users", "50", "--hang", "users", "--hang", "logout"])
        let t = try Tmux("\(roster) --read-only", env: sandbox.env, recordingPID: true)
        t.waitFor(text: "loading users")
        let pid = try #require(t.pid())
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
