import Foundation
import Testing
import TestSupport

/// A bulk domain rename in the real TUI against a sandbox process: killed with SIGKILL half-way,
/// offered for resuming at the next start, finished, then undone. The sandbox's request log shows
/// every targeted credential PATCHed exactly once per run.
@Suite(.serialized) struct BulkTUITests {
    let roster = rosterBinary()

    @Test func aDomainRenameKilledHalfWayResumesOnceEachThenUndoes() throws {
        // Every 25th request is refused; `Retry-After: 0` keeps the run's pauses short (without it
        // each 429 holds the whole run for a second or more, as it should against a real limit).
        let bench = try BulkBench(sandboxArguments: ["--users", "2000", "--rate-limit-every", "25", "--retry-after", "0"])
        let env = bench.env
        let loginEmails = { try bench.loginEmails().compactMapValues { $0 } }
        let patchesPerUser = { BulkBench.credentialPatches(bench.loggedRequests()) }
        // One user outside the rename already has the address one renamed user would get: that
        // row fails with Looker's 422, on its own row, and the others go on.
        let seeded = try loginEmails()
        let clashing = try #require(seeded.filter { $0.value.hasSuffix("@acme.com") && $0.key != "1" }.min { Int($0.key)! < Int($1.key)! })
        let holder = try #require(seeded.filter { $0.value.hasSuffix("@globex.io") }.min { Int($0.key)! < Int($1.key)! })
        let taken = String(clashing.value.dropLast("acme.com".count)) + "acme.io"
        let update = try runRoster(["credential", "update", holder.key, "--email", taken, "--write"], env: env)
        #expect(update.status == 0, "\(update.stderrText)")
        let before = try loginEmails()
        try Data().write(to: URL(fileURLWithPath: bench.requestLog))   // count the run's requests only (it is appended to)
        let targeted = Set(before.filter { $0.value.hasSuffix("@acme.com") }.keys)
        #expect(targeted.count > 1000, "the seed puts most email logins at acme.com")

        // Filter the acme.com logins, plan their rename and start it.
        let first = try Tmux("\(roster) --write --concurrency 4", env: env)
        first.waitFor(text: "(all loaded)", timeout: 60)
        try first.type("/")
        try first.type("domain:acme.com")
        try first.send("Enter")
        try first.type("b")
        first.waitFor(text: "Acting on the \(Self.grouped(targeted.count)) filtered rows.")
        try first.type("1")
        first.waitFor(text: "Set the email domain")
        // "from" is filled with the most common domain; the focus is on "to".
        try first.type("acme.io")
        try first.send("Enter")
        first.waitFor(text: "to change")
        let totals = first.line(containing: "to change") ?? ""
        let writes = Int(totals.components(separatedBy: " · ")[1].split(separator: " ")[0].replacingOccurrences(of: ",", with: "")) ?? -1
        // Seeded pairs share an address case-insensitively: both rows of each pair are skipped.
        #expect(writes > 1000 && writes <= targeted.count, "writes \(writes) of \(targeted.count)")
        // "y" does not confirm this many rows: the count must be typed.
        try first.type("y")
        first.waitFor(text: "type \(writes) to confirm")
        try first.type(String(writes))
        try first.send("Enter")
        first.waitFor(text: "in flight")
        // Kill it at about half.
        first.waitFor("about half the rows done", timeout: 120) { screen in
            guard let done = Self.done(in: screen) else { return false }
            return done >= writes / 2
        }
        try Self.kill9(first)
        first.waitFor(text: "EXIT=137")
        let afterKill = patchesPerUser()
        #expect(afterKill.values.allSatisfy { $0 == 1 }, "no credential PATCHed twice before the kill")
        #expect(afterKill.count < writes, "the kill came before the end")

        // The next start offers the interrupted run; resuming finishes it without a second PATCH.
        let second = try Tmux("\(roster) --write --concurrency 4", env: env)
        second.waitFor(text: "A bulk run did not finish", timeout: 60)
        try second.type("r")
        second.waitFor(text: "Done (run ", timeout: 180)
        let patched = patchesPerUser()
        #expect(patched.values.allSatisfy { $0 == 1 }, "every credential PATCHed once: \(patched.filter { $0.value != 1 })")
        #expect(Set(patched.keys).isSubset(of: targeted), "only acme.com logins were touched")
        #expect(patched.count == writes - 1, "each planned row applied once but the clashing one (\(patched.count) of \(writes))")
        #expect(patched[clashing.key] == nil)
        // The clashing row failed with the server's message, shown on its row.
        try second.type("f")
        second.waitFor("the failed row with its 422") { screen in
            screen.components(separatedBy: "\n").contains { $0.contains(" \(clashing.key) ") && $0.contains("422 email:") && $0.contains("already in use") }
        }
        try second.type("f")
        let renamed = try loginEmails()
        for id in patched.keys {
            #expect(renamed[id] == before[id].map { String($0.dropLast("acme.com".count)) + "acme.io" })
        }
        for (id, email) in before where !targeted.contains(id) {
            #expect(renamed[id] == email, "user \(id) was not targeted")
        }

        // Undo the whole run from the results: every address back.
        try second.type("u")
        second.waitFor(text: "Bulk: undo run")
        second.waitFor(text: "type \(writes - 1) to confirm")
        try second.type(String(writes - 1))
        try second.send("Enter")
        second.waitFor(text: "Done (run ", timeout: 180)
        let undone = try loginEmails()
        let wrong = before.filter { undone[$0.key] != $0.value }
        #expect(wrong.isEmpty, "undo restored every address; not: \(wrong.prefix(5).map { "\($0.key): \($0.value) is \(undone[$0.key] ?? "none")" }) of \(wrong.count); screen:\n\(second.screen)")
        // Both runs are on disk, listed newest first: the undo, then the rename, which says it was undone.
        try second.send("Escape")
        try second.type("B")
        second.waitFor("both runs listed") { screen in
            let lines = screen.components(separatedBy: "\n")
            guard let undo = lines.firstIndex(where: { $0.contains("finished") && $0.contains("undo run") }),
                  let rename = lines.firstIndex(where: { $0.contains("undone") && $0.contains("set domain acme.com") }) else { return false }
            return undo < rename
        }
        try second.send("Escape")
        try second.type("q")
        second.waitFor(text: "EXIT=0")
    }

    @Test func aBurstTypedAheadNeverAnswersTheBulkMenuOrThePreview() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "40"])
        let t = try Tmux("\(roster) --write", env: bench.env)
        t.waitFor(text: "(all loaded)")
        // One burst: open the menu, choose "disable", confirm. Only "b" was typed at a screen that
        // takes it; the rest was typed before the menu showed.
        try t.send("b", "4", "y", "Enter")
        t.waitFor(text: "typed before this showed was ignored: press again")
        #expect(t.screen.contains("Acting on all 40 users."), "the menu still asks")
        // Now the menu is on screen: "4" plans "disable"; the "y" typed in the same burst is early again.
        try t.send("4", "y")
        t.waitFor(text: "Bulk: disable")
        t.waitFor(text: "typed before this showed was ignored: press again")
        try t.send("Escape")
        t.waitFor("the panel to close") { !$0.contains("Bulk: disable") }
        try t.barrier()
        let writes = bench.loggedRequests().filter(\.mayChange)
        #expect(writes.isEmpty, "nothing was sent: \(writes.map(\.line))")
        try t.type("q")
        t.waitFor(text: "EXIT=0")
    }

    @Test func readOnlyOffersNoBulkAction() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "30"], logRequests: true)
        let t = try Tmux("\(roster) --read-only", env: sandbox.env)
        t.waitFor(text: "(all loaded)")
        try t.type("b")
        t.waitFor(text: "read-only: bulk action")
        #expect(!t.screen.contains("Acting on"))
        try t.barrier()
        let writes = (sandbox.requestsBeforeMarker() ?? []).filter(\.mayChange)
        #expect(writes.isEmpty, "nothing was sent: \(writes.map(\.line))")
        try t.type("q")
        t.waitFor(text: "EXIT=0")
    }

    /// 1204 → "1,204".
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        return String(digits.enumerated().flatMap { i, d in (i > 0 && (digits.count - i) % 3 == 0) ? [",", d] : [d] })
    }

    /// "[████░░░] 620/1,204 …" → 620.
    static func done(in screen: String) -> Int? {
        guard let line = screen.components(separatedBy: "\n").first(where: { $0.contains("] ") && $0.contains("/") }),
              let close = line.range(of: "] ") else { return nil }
        let rest = line[close.upperBound...]
        return Int(rest.prefix { $0 != "/" }.replacingOccurrences(of: ",", with: ""))
    }

    /// SIGKILL to the roster process in the pane (a child of the pane's shell).
    static func kill9(_ t: Tmux) throws {
        let shell = try Tmux.tmux(["list-panes", "-t", t.name, "-F", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        let pids = children.split(separator: " ").compactMap { Int32($0) }
        #expect(!pids.isEmpty, "the roster process was found")
        for pid in pids { kill(pid, SIGKILL) }
    }
}
