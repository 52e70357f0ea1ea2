import Foundation
import Testing

/// `roster bulk`, the real binary against a sandbox process whose request log is the witness: a
/// domain rename over 2,000 users under rate limiting writes each targeted user exactly once, a
/// kill -9 half-way and a resume still write each once, and undo puts every address back.
@Suite(.serialized) struct BulkTests {
    @Test func domainRenameWritesEachUserOnceThroughA422AKillAResumeAndAnUndo() throws {
        // Retry-After: 0 keeps the test fast (without it each 429 costs a 1 s backoff: 104 s in all
        // instead of 14 s); every 25th request is still refused, which is what exactly-once is about.
        let bench = try BulkBench(sandboxArguments: ["--users", "2000", "--rate-limit-every", "25", "--retry-after", "0"])
        let original = try bench.loginEmails()
        #expect(original.count == 2000)

        // Run 1: plan, then apply without a terminal (JSON lines).
        let planPath = bench.dir + "/rename.json"
        let planned = try bench.roster(["bulk", "plan", "--where", "domain:acme.com", "--set-domain", "acme.com=acme.io",
                                        "--out", planPath, "--format", "json"])
        #expect(planned.status == 0, "\(planned.stderrText)")
        let plan = try PlanDocument(planned.stdout)
        #expect(plan.writes.count > 500, "a few hundred users at acme.com: \(plan.writes.count)")
        // A taken address: after the plan, Y (outside it) takes X's new address, so X alone gets a 422.
        let (x, taken) = try #require(plan.writes.sorted { Int($0.key)! < Int($1.key)! }.dropFirst(10).first)
        let xEmail = try #require(original[x] ?? nil)
        // Y is the first user by id whose address no other user holds in any case: the seed plants
        // case-duplicate pairs, and Looker refuses to give a pair's address back once it is changed
        // (a dictionary's order picked such a Y now and then, and the restore below got a 422).
        var holders: [String: Int] = [:]
        for case let email? in original.values { holders[email.lowercased(), default: 0] += 1 }
        let (y, yEmail) = try #require(original.compactMap { id, email in email.map { (id, $0) } }
            .filter { $0.1.hasSuffix("@globex.io") && holders[$0.1.lowercased()] == 1 }
            .min { Int($0.0)! < Int($1.0)! })
        #expect(try bench.roster(["credential", "update", y, "--email", taken]).status == 0)
        let mark = bench.loggedRequests().count
        var clock = Date()
        let apply = try bench.roster(["bulk", "apply", planPath, "--yes"])
        print("bulk apply: \(plan.writes.count) of \(plan.rows) rows written in \(String(format: "%.1f", -clock.timeIntervalSinceNow)) s, "
              + "\(bench.loggedRequests().dropFirst(mark).count { $0.status == 429 }) answers 429")
        #expect(apply.status == 3, "one row failed: \(apply.stderrText.suffix(2000))")
        let failures = apply.stderrText.split(separator: "\n").filter { $0.hasPrefix("user ") }
        #expect(failures.count == 1 && failures.first?.hasPrefix("user \(x): email: ") == true, "\(failures)")
        let lines = RunLines(apply.stdoutText)
        #expect(lines.users("failed") == [x])
        #expect(Set(lines.users("applied")) == Set(plan.writes.keys).subtracting([x]))
        #expect(lines.summary?["failed"] as? Int == 1)
        var patches = BulkBench.credentialPatches(bench.loggedRequests().dropFirst(mark))
        #expect(patches.values.allSatisfy { $0 == 1 }, "no user written twice")
        #expect(Set(patches.keys) == Set(plan.writes.keys).subtracting([x]), "the targeted users, and only they, written")
        #expect(bench.loggedRequests().dropFirst(mark).contains { $0.status == 429 }, "the sandbox did rate-limit the run")
        let afterRun1 = try bench.loginEmails()
        for (id, target) in plan.writes where id != x { #expect(afterRun1[id] == target, "user \(id)") }
        #expect(afterRun1[x] == xEmail)
        for (id, email) in original where plan.writes[id] == nil && id != y { #expect(afterRun1[id] == email, "user \(id) untouched") }
        let restored = try bench.roster(["credential", "update", y, "--email", yEmail])
        #expect(restored.status == 0, "\(restored.stderrText)")

        // Run 2: acme.io → acme.net, killed with SIGKILL about half-way, then resumed.
        let before2 = try bench.loginEmails()
        let plan2Path = bench.dir + "/second.json"
        let planned2 = try bench.roster(["bulk", "plan", "--where", "domain:acme.io", "--set-domain", "acme.io=acme.net",
                                         "--out", plan2Path, "--format", "json"])
        #expect(planned2.status == 0, "\(planned2.stderrText)")
        let plan2 = try PlanDocument(planned2.stdout)
        let mark2 = bench.loggedRequests().count
        let killed = try bench.start(["bulk", "apply", plan2Path, "--yes", "--concurrency", "2"])
        let half = plan2.writes.count / 2
        #expect(killed.waitUntil(timeout: 60) { RunLines($0.stdout).rows.count >= half }, "half the rows done: \(killed.stderr)")
        kill(killed.process.processIdentifier, SIGKILL)
        killed.process.waitUntilExit()
        let done = RunLines(killed.stdout)
        let runID = try #require(done.runID)
        #expect(done.rows.count < plan2.writes.count, "killed before the end: \(done.rows.count) of \(plan2.writes.count)")
        clock = Date()
        let resumed = try bench.roster(["bulk", "resume", runID])
        print("killed after \(done.rows.count) of \(plan2.writes.count) rows; resumed in \(String(format: "%.1f", -clock.timeIntervalSinceNow)) s")
        #expect(resumed.status == 0, "\(resumed.stderrText.suffix(2000))")
        patches = BulkBench.credentialPatches(bench.loggedRequests().dropFirst(mark2))
        #expect(patches.values.allSatisfy { $0 == 1 }, "no user written twice across the kill: \(patches.filter { $0.value > 1 })")
        #expect(Set(patches.keys) == Set(plan2.writes.keys))
        let afterRun2 = try bench.loginEmails()
        for (id, target) in plan2.writes { #expect(afterRun2[id] == target, "user \(id)") }
        let shown = try bench.roster(["bulk", "show", runID, "--format", "json"])
        let run = (try JSONSerialization.jsonObject(with: shown.stdout) as? [String: Any])?["run"] as? [String: Any]
        #expect(run?["state"] as? String == "finished")
        #expect(run?["applied"] as? Int == plan2.writes.count)

        // Undo run 2: every address as it was before it.
        let mark3 = bench.loggedRequests().count
        let undo = try bench.roster(["bulk", "undo", runID, "--yes"])
        #expect(undo.status == 0, "\(undo.stderrText.suffix(2000))")
        #expect(try bench.loginEmails() == before2)
        patches = BulkBench.credentialPatches(bench.loggedRequests().dropFirst(mark3))
        #expect(patches.count == plan2.writes.count && patches.values.allSatisfy { $0 == 1 })
        let list = try bench.roster(["bulk", "list", "--format", "json"])
        let runs = try JSONSerialization.jsonObject(with: list.stdout) as? [[String: Any]] ?? []
        #expect(runs.count == 3, "rename, second rename, its undo")
    }
}
