import Foundation
import Sandbox
import Testing
import TestSupport

/// `O` in the real TUI against a sandbox process: a successor chosen in the picker, the preview
/// answered only by a key typed at it, the run's writes each once, the Owned tab emptied; read-only
/// refuses it.
@Suite(.serialized) struct OffboardTUITests {
    let roster = rosterBinary()

    @Test func aUserIsOffboardedFromThePickerAndTypeAheadNeverRunsIt() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "60"], logRequests: true)
        let t = try Tmux("\(roster) --write", env: sandbox.env)
        t.waitFor(text: "(all loaded)")
        try t.send("j", "j")
        t.waitFor(text: "  #3")
        // The Owned tab lists what user 3 owns (the seed gives them some of everything).
        for _ in 0..<4 { try t.send("]") }
        t.waitFor("user 3's things") { $0.contains("Schedules (1)") && $0.contains("API keys (1)") }
        try t.barrier("Escape")
        try t.send("O")
        t.waitFor(text: "Who takes over from user #3?")
        try t.type("ethan.brown")
        t.waitFor(text: "▸ Ethan Brown")
        // Enter and "y" in one burst: the "y" is typed before the preview exists and runs nothing.
        try t.send("Enter", "y")
        t.waitFor(text: "Nothing has been sent.")
        let rows = Int(t.line(containing: "to change")?.components(separatedBy: " · ")[1].split(separator: " ")[0] ?? "") ?? -1
        #expect(rows >= 7, "a row per thing and the disable row: \(t.screen)")
        let planned = try #require(sandbox.requestsBeforeMarker())
        #expect(planned.allSatisfy { !$0.mayChange }, "type-ahead sent a change: \(planned.filter(\.mayChange))")
        try t.send("y")
        t.waitFor(text: "Done (run ", timeout: 60)
        let sent = try #require(sandbox.requestsBeforeMarker())
        let writes = sent.filter { $0.mayChange && !$0.path.hasSuffix("/login") && !$0.path.hasSuffix("/logout") }
        #expect(writes.count == rows, "each step once: \(writes.map(\.path))")
        #expect(writes.last?.path.hasSuffix("/users/3") == true, "disabled last")
        try t.send("Escape")
        t.waitFor("the Owned tab read again") { $0.contains("Schedules (0)") && $0.contains("API keys (0)") }
    }

    @Test func readOnlyRefusesOffboarding() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "20"], logRequests: true)
        let t = try Tmux("\(roster) --read-only", env: sandbox.env)
        t.waitFor(text: "(all loaded)")
        try t.send("j", "j", "O")
        t.waitFor(text: "read-only: offboard")
        #expect(!t.screen.contains("Who takes over"))
        let sent = try #require(sandbox.requestsBeforeMarker())
        #expect(sent.allSatisfy { !$0.mayChange })
    }
}
