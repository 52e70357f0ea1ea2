import Foundation
import Testing
import TestSupport

/// `roster offboard` planned, applied, killed with SIGKILL half-way, resumed, and undone, as an admin
/// would, against a sandbox whose request log says what was sent.
@Suite(.serialized) struct OffboardCLITests {
    /// What `users owned --format json` lists, by kind: ids.
    struct Owned {
        var byKind: [String: [String]] = [:]
        init(_ data: Data) throws {
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            for kind in Self.kinds { byKind[kind] = (json[kind] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
        }
        static let kinds = ["schedules", "alerts", "dashboards", "looks", "sessions", "api_keys"]
        var total: Int { byKind.values.map(\.count).reduce(0, +) }
        subscript(_ kind: String) -> [String] { byKind[kind] ?? [] }
    }

    func owned(_ bench: BulkBench, _ id: String) throws -> Owned {
        let run = try bench.roster(["users", "owned", id, "--format", "json"])
        #expect(run.status == 0, "users owned \(id): \(run.stderrText)")
        return try Owned(run.stdout)
    }

    func isDisabled(_ bench: BulkBench, _ id: String) throws -> Bool? {
        let run = try bench.roster(["users", "show", id, "--format", "json"])
        return (try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])?["is_disabled"] as? Bool
    }

    @Test func offboardingHandsOverSurvivesAKillAndIsUndone() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "60", "--latency-ms", "120"])
        // A leaver who owns some of everything, and a successor who owns nothing.
        var leaver: (id: String, owned: Owned)?
        var successor: String?
        for id in 2...40 {
            let mine = try owned(bench, String(id))
            if leaver == nil, Owned.kinds.allSatisfy({ !mine[$0].isEmpty }) { leaver = (String(id), mine) }
            if successor == nil, mine.total == 0, try isDisabled(bench, String(id)) == false { successor = String(id) }
            if leaver != nil && successor != nil { break }
        }
        let (a, before) = try #require(leaver, "the sandbox seeds a user who owns every kind")
        let s = try #require(successor)

        // Read-only refuses to write the plan, and `bulk apply` of it.
        let refused = try bench.roster(["offboard", a, "--to", s, "--out", bench.dir + "/ro.json", "--read-only"])
        #expect(refused.status == 5 && !FileManager.default.fileExists(atPath: bench.dir + "/ro.json"), "\(refused.stderrText)")
        #expect(try bench.roster(["offboard", a, "--to", a]).status == 2, "a leaver is not their own successor")
        #expect(try bench.roster(["offboard", a, "--to", "987654"]).status == 4, "an unknown successor is not found")

        let planPath = bench.dir + "/leave.json"
        let planned = try bench.roster(["offboard", a, "--to", s, "--out", planPath, "--format", "json"])
        #expect(planned.status == 0, "\(planned.stderrText)")
        let plan = try JSONSerialization.jsonObject(with: planned.stdout) as? [String: Any] ?? [:]
        let rows = plan["rows"] as? [[String: Any]] ?? []
        let items = rows.compactMap { $0["item"] as? [String: Any] }
        #expect(items.count == before.total, "a row per thing owned")
        #expect(rows.last?["op"] as? String == "setDisabled", "the disable row comes last")
        #expect(rows.allSatisfy { $0["skip"] == nil }, "nothing skipped")
        let table = try bench.roster(["offboard", a, "--to", s])
        #expect(table.stdoutText.contains("cannot be undone") && table.stdoutText.contains("enabled → disabled"), "\(table.stdoutText)")

        // Applied one row at a time, killed half-way, resumed.
        let mark = bench.loggedRequests().count
        let killed = try bench.start(["bulk", "apply", planPath, "--yes", "--concurrency", "1"])
        #expect(killed.waitUntil(timeout: 60) { RunLines($0.stdout).rows.count >= rows.count / 2 }, "half the rows done: \(killed.stderr)")
        kill(killed.process.processIdentifier, SIGKILL)
        killed.process.waitUntilExit()
        let runID = try #require(RunLines(killed.stdout).runID)
        #expect(RunLines(killed.stdout).rows.count < rows.count, "killed before the end")
        let clock = Date()
        let resumed = try bench.roster(["bulk", "resume", runID])
        #expect(resumed.status == 0, "\(resumed.stderrText)")
        let writes = bench.loggedRequests().dropFirst(mark).filter { $0.method != "GET" && !$0.path.hasSuffix("/login") && !$0.path.hasSuffix("/logout") }
        var seen: [String: Int] = [:]
        for w in writes where (200..<300).contains(w.status) { seen[w.method + " " + w.path, default: 0] += 1 }
        #expect(seen.values.allSatisfy { $0 == 1 }, "no step written twice: \(seen)")
        #expect(seen.count == rows.count, "every step written once: \(seen.keys.sorted())")
        let disableAt = writes.lastIndex { $0.path.hasSuffix("/users/\(a)") }
        #expect(disableAt == writes.indices.last, "the user is disabled after every hand-over step")
        print("offboard: \(rows.count) steps, \(writes.count) writes and \(bench.loggedRequests().count - mark) requests over both processes; "
              + "resume took \(String(format: "%.1f", -clock.timeIntervalSinceNow)) s")
        let after = try owned(bench, a)
        #expect(after.total == 0, "nothing left with the leaver: \(after.byKind)")
        let taken = try owned(bench, s)
        for kind in ["schedules", "alerts"] { #expect(Set(taken[kind]) == Set(before[kind]), "\(kind)") }
        for kind in ["dashboards", "looks"] { #expect(Set(taken[kind]).isSuperset(of: before[kind]), "\(kind)") }
        #expect(try isDisabled(bench, a) == true)
        let journal = try bench.roster(["journal", "--format", "json"])
        #expect(journal.stdoutText.contains("hand_over_schedule") && journal.stdoutText.contains("move_look"), "journaled")

        // Undo: everything back but sessions and keys (the preview said so); the user enabled again.
        let undo = try bench.roster(["bulk", "undo", runID, "--yes"])
        #expect(undo.status == 0, "\(undo.stderrText)")
        let back = try owned(bench, a)
        for kind in ["schedules", "alerts", "dashboards", "looks"] { #expect(Set(back[kind]) == Set(before[kind]), "\(kind)") }
        #expect(back["sessions"].isEmpty && back["api_keys"].isEmpty, "sessions and keys stay gone")
        #expect(try isDisabled(bench, a) == false)
    }
}
