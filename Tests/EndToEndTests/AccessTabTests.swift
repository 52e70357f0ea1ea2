import Foundation
import Sandbox
import Testing
import TestSupport

/// The detail pane's tabs in the real TUI against a sandbox process: a role given through the picker
/// and taken back with `u`, each one request; a session's log-out answered only by a key typed at its
/// question; read-only mode shows the tabs and changes nothing.
@Suite(.serialized) struct AccessTabTests {
    let roster = rosterBinary()

    @Test func aRoleIsGivenThroughThePickerAndUndoneEachWithOnePut() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "40"], logRequests: true)
        let t = try Tmux("\(roster) --write", env: sandbox.env)
        t.waitFor(text: "(all loaded)")
        try t.send("j", "j", "j")
        t.waitFor(text: "  #4")
        try t.send("]")
        t.waitFor(text: "[Access]")
        t.waitFor("user 4's roles") { $0.contains("Roles") && $0.contains("direct") && $0.contains("  #4") }
        let before = t.screen
        #expect(!before.contains("Finance Viewer"))
        try t.send("Enter")
        // A change key counts only once the lines it acts on have been drawn before it was read: the
        // barrier's help, opened and closed, is a frame drawn after them.
        try t.barrier()
        try t.send("a")
        t.waitFor(text: "Give a role to user #4")
        try t.type("FINANCE")
        t.waitFor(text: "▸ Finance Viewer")
        try t.send("Enter")
        t.waitFor(text: "Gave user #4 the role Finance Viewer")
        t.waitFor("the tab read again") { $0.components(separatedBy: "\n").contains { $0.contains("Finance Viewer") && $0.contains("direct") } }
        try t.barrier()
        try t.send("u")
        t.waitFor(text: "take the role Finance Viewer away again")
        try t.send("y")
        t.waitFor(text: "Took the role Finance Viewer from user #4")
        t.waitFor("the role gone from the tab") { !$0.components(separatedBy: "\n").contains { $0.contains("Finance Viewer") && $0.contains("direct") } }
        try t.barrier("Escape")
        let sent = try #require(sandbox.requestsBeforeMarker())
        let puts = sent.filter { $0.method == "PUT" }
        #expect(puts.count == 2, "one PUT to give, one to take back: \(puts.map(\.path))")
        #expect(puts.allSatisfy { $0.path.hasSuffix("/users/4/roles") })
        try t.send("q")
        t.waitFor(text: "EXIT=0")
    }

    @Test func logOutAsksAndAYesTypedAheadDoesNotAnswer() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "120"], logRequests: true)
        // The first user (after the API user) with a session, as the CLI lists them.
        let id = try #require(try (2...80).first { id in
            let run = try runRoster(["users", "sessions", String(id), "--format", "json"], env: sandbox.env)
            return run.status == 0 && run.stdoutText.contains("\"ip_address\"")
        }, "a user with a session among the first 80")
        let t = try Tmux("\(roster) --write", env: sandbox.env)
        t.waitFor(text: "(all loaded)")
        try t.send(contentsOf: Array(repeating: "j", count: id - 1))
        t.waitFor(text: "  #\(id)")
        try t.send("]", "]", "]")
        t.waitFor(text: "Sessions & keys")
        t.waitFor("the sessions of #\(id)") { $0.contains("API keys") && $0.contains("  #\(id)") && !$0.contains("loading…") }
        try t.send("Enter")
        try t.barrier()
        // `d` and `y` in one burst: the `y` was typed before the question showed.
        try t.send("d", "y")
        t.waitFor(text: "Log out session")
        try t.barrier("Escape")   // Esc cancels the question; then nothing may be on its way
        var sent = try #require(sandbox.requestsBeforeMarker())
        #expect(!sent.contains { $0.method == "DELETE" && $0.path.contains("/sessions/") }, "no session was logged out by a key typed ahead")
        // Asked again and answered at the question: one DELETE.
        try t.send("d")
        t.waitFor(text: "Log out session")
        try t.send("y")
        t.waitFor(text: "Logged out session")
        try t.barrier("Escape")
        sent = try #require(sandbox.requestsBeforeMarker())
        #expect(sent.filter { $0.method == "DELETE" && $0.path.contains("/sessions/") }.count == 1)
        try t.send("q")
        t.waitFor(text: "EXIT=0")
    }

    @Test func readOnlyShowsEveryTabAndRefusesEveryChange() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "40"], logRequests: true)
        let t = try Tmux("\(roster) --read-only", env: sandbox.env)
        t.waitFor(text: "(all loaded)")
        try t.send("]")
        t.waitFor("the access tab") { $0.contains("[Access]") && $0.contains("Roles") }
        try t.send("Enter")
        try t.barrier()
        try t.send("a")
        t.waitFor(text: "read-only: give a role is off")
        try t.send("]")
        t.waitFor(text: "warehouse_password = (hidden)")
        try t.barrier()
        try t.send("Enter")
        t.waitFor(text: "read-only: edit the value in place is off")
        try t.barrier("Escape")
        let sent = try #require(sandbox.requestsBeforeMarker())
        #expect(sent.allSatisfy { !$0.mayChange }, "read-only sent a change")
        try t.send("q")
        t.waitFor(text: "EXIT=0")
    }
}
