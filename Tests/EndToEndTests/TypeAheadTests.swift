import Foundation
import Testing

/// Smoke test of the type-ahead rule in a real terminal: the reported burst, over a slow link,
/// changes nothing on the server (request log), and the typed letters land in the email field.
@Suite(.serialized) struct TypeAheadSmokeTests {
    let roster = rosterBinary()

    static func writes(in log: String) -> [String] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .compactMap { entry -> String? in
                let method = entry["method"] as? String ?? ""
                let path = entry["path"] as? String ?? ""
                if method == "GET" || path.hasSuffix("/login") || path.hasSuffix("/logout") { return nil }
                return "\(method) \(path)"
            }
    }

    @Test(arguments: ["x", "D", "p", "e", "u", "c"])
    func theReportedBurstChangesNothing(letter: String) throws {
        let log = NSTemporaryDirectory() + "roster-burst-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let sandbox = try SandboxProcess(arguments: ["--users", "40", "--latency-ms", "300", "--request-log", log])
        let t = try Tmux("\(roster) --write", env: sandbox.env)
        t.waitFor(text: "(all loaded)", timeout: 30)
        // One send-keys: the whole burst reaches the terminal at once.
        try Tmux.tmux(["send-keys", "-t", t.name, "/", "ethan.brown@acme.com", "Enter", "Enter", letter, "y", "z"])
        t.waitFor("the letters in the email field") { $0.contains("ethan.brown@acme.com\(letter)yz") }
        // Wait past a few more round trips: nothing may follow.
        t.waitFor(text: "*Email", timeout: 5)
        #expect(Self.writes(in: log).isEmpty, "the burst changed the server: \(Self.writes(in: log))")
        try t.send("Escape")
        t.waitFor(text: "Revert?")
        try t.type("y")
        try t.send("Escape")
        try t.type("q")
        t.waitFor(text: "EXIT=0")
        #expect(Self.writes(in: log).isEmpty)
    }
}
