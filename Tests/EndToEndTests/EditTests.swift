import Foundation
import Sandbox
import Testing
import TestSupport

/// Editing the credential in the real TUI against a sandbox process (its request log is checked).
@Suite(.serialized) struct EditTests {
    let roster = rosterBinary()

    @Test func invalidEmailShowsTheServersMessageAndKeepsTheTextThenAFixSaves() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "40"])
        let t = try Tmux("\(roster) --write", env: sandbox.env)
        t.waitFor(text: "(all loaded)")
        t.waitFor(text: "Email      api-admin@acme.com")
        // Give user 2 the API admin's email: locally valid, refused by the server (taken).
        try t.send("j")
        t.waitFor(text: "Email      ethan.brown@acme.com")   // the credential is loaded: Enter goes into the form
        let taken = "api-admin@acme.com"
        try t.send("Enter")
        try t.send("C-u")
        try t.type(taken)
        try t.send("C-s")
        t.waitFor(text: "Not saved: 422")
        #expect(t.screen.contains("! '\(taken)' is already"), "the sandbox's message is under the field")
        #expect(t.screen.contains("*Email      \(taken)"), "the typed text is still there, marked as changed")

        try t.send("C-u")
        try t.type("renamed.two@example.com")
        try t.send("C-s")
        t.waitFor(text: "Saved renamed.two@example.com")
        t.waitFor("the list row to show the new email") { $0.components(separatedBy: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("2 ") && $0.contains("renamed.two@example.com") } }
        try t.send("Escape")
        try t.send("q")
        t.waitFor(text: "EXIT=0")
    }

    @Test func forcedResetToggleSaves() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "40"])
        let t = try Tmux("\(roster) --write", env: sandbox.env)
        t.waitFor(text: "Email      api-admin@acme.com")
        try t.send("Enter")
        try t.send("Tab")
        try t.send("Space")
        t.waitFor(text: "[x]")
        try t.send("C-s")
        t.waitFor(text: "Saved api-admin@acme.com")
        // Reload from the server: the flag stuck.
        try t.send("Escape")
        try t.type("r")
        t.waitFor(text: "(all loaded)")
        t.waitFor("the reloaded credential with the flag set") { $0.contains("Email      api-admin@acme.com") && $0.contains("[x]") }
        try t.send("q")
        t.waitFor(text: "EXIT=0")
    }

    @Test func saveUnderLatencyLeavesTheUIResponsive() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "20", "--latency-ms", "1500"])
        let t = try Tmux("\(roster) --write", env: sandbox.env)
        t.waitFor(text: "(all loaded)", timeout: 30)
        t.waitFor(text: "Email      api-admin@acme.com", timeout: 30)
        try t.send("Enter")
        try t.send("C-u")
        try t.type("slow.save@example.com")
        try t.send("C-s")
        t.waitFor(text: "saving…")
        // While the save is in flight, keys are still answered: the help overlay opens and closes.
        try t.send("Tab")
        try t.type("?")
        t.waitFor(text: "key closes", timeout: 3)
        try t.send("Escape")
        t.waitFor(text: "Saved slow.save@example.com", timeout: 30)
        try t.send("Escape")
        try t.send("q")
        t.waitFor(text: "EXIT=0")
    }

    @Test func rateLimitedSaveShowsTheWaitingStateThenSucceeds() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "20", "--rate-limit-every", "2", "--retry-after", "2"])
        let t = try Tmux("\(roster) --write", env: sandbox.env)
        t.waitFor(text: "Email      api-admin@acme.com", timeout: 40)
        try t.send("Enter")
        try t.send("C-u")
        try t.type("limited@example.com")
        try t.send("C-s")
        t.waitFor(text: "rate limited, retrying in 2 s", timeout: 20)
        t.waitFor(text: "Saved limited@example.com", timeout: 40)
        try t.send("Escape")
        try t.send("q")
        t.waitFor(text: "EXIT=0")
    }

    @Test func readOnlyTUISendsNothingButReadsUnderRandomKeys() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "60"], logRequests: true)
        let t = try Tmux("\(roster) --read-only", env: sandbox.env)
        t.waitFor(text: "(all loaded)")
        #expect(t.screen.contains("READ-ONLY"))
        let seed = ProcessInfo.processInfo.environment["ROSTER_E2E_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64(UInt32.max))
        print("read-only random keys: seed \(seed) (ROSTER_E2E_SEED=\(seed) replays it)")
        var rng = SplitMix64(seed: seed)
        let keys = ["j", "k", "Enter", "Tab", "BTab", "Space", "C-s", "C-u", "C-w", "Escape", "BSpace", "Up", "Down",
                    "s", "S", "g", "G", "/", "a", "x", "@", "1", "y", "d", "k", "t", "PgDn", "PgUp", "C-r", "r", "?"]
        for _ in 0..<60 {
            let batch = (0..<50).map { _ in keys.randomElement(using: &rng)! }
            try Tmux.tmux(["send-keys", "-t", t.name] + batch)
        }
        // Back in the list, the barrier: every key handled, nothing on its way, the request log complete.
        try t.backToList()
        try t.barrier()
        let sent = try #require(sandbox.requestsBeforeMarker())
        #expect(sent.count > 3)
        for request in sent {
            #expect(!request.mayChange, "read-only TUI sent \(request.line)")
        }
        try t.send("q")
        t.waitFor(text: "EXIT=0", timeout: 30)
    }

    @Test func disableThenUndoGoesThroughTheAPI() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "20"], logRequests: true)
        let t = try Tmux("\(roster) --write", env: sandbox.env)
        t.waitFor(text: "Email      api-admin@acme.com")
        try t.send("j")
        t.waitFor(text: "#2")
        try t.type("x")
        t.waitFor(text: "Disable Ethan Brown (#2)?")
        try t.type("y")
        t.waitFor(text: "Ethan Brown is now disabled")
        try t.type("u")
        t.waitFor(text: "user #2: enable again")
        try t.type("y")
        t.waitFor(text: "Ethan Brown is now enabled")
        try t.send("q")
        t.waitFor(text: "EXIT=0")
        let patches = (sandbox.requestsBeforeMarker() ?? []).filter { $0.method == "PATCH" && $0.path == "/api/4.0/users/2" }
            .compactMap(\.body)
        #expect(patches == [#"{"is_disabled":true}"#, #"{"is_disabled":false}"#])
    }
}
