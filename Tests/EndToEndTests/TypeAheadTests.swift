import Foundation
import Testing
import TestSupport

/// Smoke test of the type-ahead rule in a real terminal: the reported burst, over a slow link,
/// changes nothing on the server (request log), and the typed letters land in the email field.
@Suite(.serialized) struct TypeAheadSmokeTests {
    let roster = rosterBinary()

    @Test(arguments: ["x", "D", "p", "e", "u", "c"])
    func theReportedBurstChangesNothing(letter: String) throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "40", "--latency-ms", "300"], logRequests: true)
        let t = try Tmux("\(roster) --write", env: sandbox.env)
        t.waitFor(text: "(all loaded)", timeout: 30)
        // One send-keys: the whole burst reaches the terminal at once.
        try Tmux.tmux(["send-keys", "-t", t.name, "/", "ethan.brown@acme.com", "Enter", "Enter", letter, "y", "z"])
        t.waitFor("the letters in the email field") { $0.contains("ethan.brown@acme.com\(letter)yz") }
        t.waitFor(text: "*Email", timeout: 5)
        // The barrier (Tab to the checkbox, where ? opens the help): the burst handled, nothing on its
        // way, the request log complete.
        try t.barrier("Tab")
        let writes = (sandbox.requestsBeforeMarker() ?? []).filter(\.mayChange)
        #expect(writes.isEmpty, "the burst changed the server: \(writes.map(\.line))")
        try t.send("Escape")
        t.waitFor(text: "Revert?")
        try t.type("y")
        try t.send("Escape")
        try t.type("q")
        t.waitFor(text: "EXIT=0")
        #expect((sandbox.requestsBeforeMarker() ?? []).filter(\.mayChange).isEmpty)
    }
}
