import Foundation
import Sandbox
import Testing
import TestSupport

/// A plan is applied once per instance, a run is bound to its whole instance, a plan file is
/// checked before it is trusted, and an undone run stays undone: the real binary against sandbox
/// processes, their request logs the witness.
@Suite(.serialized) struct BulkOnceTests {
    /// The writes `bench`'s sandbox logged (after the first `from`), once every run has ended: a
    /// marker completes the log first.
    static func writes(_ bench: BulkBench, from mark: Int = 0, sourceLocation: SourceLocation = #_sourceLocation) -> [LoggedRequest] {
        bench.loggedRequests(sourceLocation: sourceLocation).dropFirst(mark).filter(\.mayChange)
    }

    /// Plans a domain rename of every acme.com login into `name` and returns its path and document.
    static func planRename(_ bench: BulkBench, _ name: String) throws -> (String, PlanDocument) {
        let path = bench.dir + "/" + name
        let planned = try bench.roster(["bulk", "plan", "--where", "domain:acme.com", "--set-domain", "acme.com=acme.io",
                                        "--out", path, "--format", "json"])
        #expect(planned.status == 0, "\(planned.stderrText)")
        return (path, try PlanDocument(planned.stdout))
    }

    /// Starts `bulk apply` slowly, kills it with SIGKILL after `rows` rows and returns the run id.
    static func killedRun(_ bench: BulkBench, _ planPath: String, after rows: Int) throws -> String {
        let killed = try bench.start(["bulk", "apply", planPath, "--yes", "--concurrency", "1"])
        #expect(killed.waitUntil(timeout: 60) { RunLines($0.stdout).rows.count >= rows }, "rows done: \(killed.stderr)")
        kill(killed.process.processIdentifier, SIGKILL)
        killed.process.waitUntilExit()
        return try #require(RunLines(killed.stdout).runID)
    }

    @Test func aRunKilledOnOneInstanceIsNeitherResumedNorUndoneOnAnotherOnTheSameHost() throws {
        let a = try BulkBench(sandboxArguments: ["--users", "300", "--latency-ms", "15"])
        // The same seed on another port: the same ids and addresses, another Looker.
        let b = try BulkBench(sandboxArguments: ["--users", "300"])
        #expect(URL(string: a.sandbox.baseURL)?.host == URL(string: b.sandbox.baseURL)?.host)
        let (planPath, plan) = try Self.planRename(a, "rename.json")
        #expect(plan.writes.count > 100)
        let runID = try Self.killedRun(a, planPath, after: 10)

        let resumed = try a.roster(["bulk", "resume", runID], extraEnv: b.sandbox.env)
        #expect(resumed.status == 2, "refused as a usage error: \(resumed.stderrText)")
        #expect(resumed.stderrText.contains("was made on \(Self.instanceURL(a.sandbox.baseURL))"), "\(resumed.stderrText)")
        let undone = try a.roster(["bulk", "undo", runID, "--yes"], extraEnv: b.sandbox.env)
        #expect(undone.status == 2, "\(undone.stderrText)")
        let applied = try a.roster(["bulk", "apply", planPath, "--yes"], extraEnv: b.sandbox.env)
        #expect(applied.status == 2, "the plan file is bound the same way: \(applied.stderrText)")
        let elsewhere = Self.writes(b)
        #expect(elsewhere.isEmpty, "nothing written to the other instance: \(elsewhere.map(\.line))")

        // On its own instance it resumes, each row once.
        let own = try a.roster(["bulk", "resume", runID])
        #expect(own.status == 0, "\(own.stderrText.suffix(1000))")
        let patches = BulkBench.credentialPatches(a.loggedRequests())
        #expect(patches.values.allSatisfy { $0 == 1 } && Set(patches.keys) == Set(plan.writes.keys))
    }

    /// `https://127.0.0.1:PORT` as Roster spells an instance.
    static func instanceURL(_ base: String) -> String {
        guard let c = URLComponents(string: base), let host = c.host, let scheme = c.scheme else { return base }
        return "\(scheme)://\(host):\(c.port ?? (scheme == "http" ? 80 : 443))"
    }

    @Test func twoAppliesOfOnePlanAtOnceWriteEachUserOnceAndASecondApplyIsRefused() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "300", "--latency-ms", "10"])
        let (planPath, plan) = try Self.planRename(bench, "rename.json")
        let first = try bench.start(["bulk", "apply", planPath, "--yes", "--concurrency", "2"])
        let second = try bench.start(["bulk", "apply", planPath, "--yes", "--concurrency", "2"])
        let statuses = [first.waitForExit(timeout: 120), second.waitForExit(timeout: 120)]
        #expect(statuses.sorted { ($0 ?? -1) < ($1 ?? -1) } == [0, 9], "one ran, one was refused: \(statuses) \(first.stderr) \(second.stderr)")
        let refused = statuses[0] == 9 ? first : second
        #expect(refused.stderr.contains("this plan is being applied right now") || refused.stderr.contains("already applied"),
                "\(refused.stderr)")
        var patches = BulkBench.credentialPatches(bench.loggedRequests())
        #expect(patches.values.allSatisfy { $0 == 1 }, "no user written twice: \(patches.filter { $0.value > 1 }.count)")
        #expect(Set(patches.keys) == Set(plan.writes.keys))

        // Once more, after the end: refused with a word, nothing sent.
        let mark = bench.loggedRequests().count
        let again = try bench.roster(["bulk", "apply", planPath, "--yes"])
        #expect(again.status == 9, "\(again.stderrText)")
        #expect(again.stderrText.contains("already applied as run") && again.stderrText.contains("--again"), "\(again.stderrText)")
        #expect(Self.writes(bench, from: mark).isEmpty)
        // --again is a new run: every row is re-read and found changed, so still nothing is written.
        let forced = try bench.roster(["bulk", "apply", planPath, "--yes", "--again"])
        #expect(forced.status == 0, "\(forced.stderrText)")
        patches = BulkBench.credentialPatches(bench.loggedRequests().dropFirst(mark))
        #expect(patches.isEmpty, "rows already renamed are skipped: \(patches.count)")
    }

    @Test func aResetEmailPlanAppliedTwiceSendsEachEmailOnce() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "60"])
        let path = bench.dir + "/reset.json"
        let planned = try bench.roster(["bulk", "plan", "--where", "has:email is:enabled", "--send-reset", "--out", path, "--format", "json"])
        #expect(planned.status == 0, "\(planned.stderrText)")
        let writes = try PlanDocument(planned.stdout).writes.count
        #expect(writes > 10)
        #expect(try bench.roster(["bulk", "apply", path, "--yes"]).status == 0)
        let second = try bench.roster(["bulk", "apply", path, "--yes"])
        #expect(second.status == 9, "\(second.stderrText)")
        let sent = bench.loggedRequests().filter { $0.method == "POST" && $0.path.hasSuffix("/send_password_reset") }
        #expect(sent.count == writes, "each email sent once: \(sent.count) for \(writes) rows")
    }

    @Test func whereTakesANegatedQualifierFirstAndAnEmptyOneIsRefused() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "40"])
        let negated = try bench.roster(["bulk", "plan", "--where", "-last-login:<90d", "--disable", "--format", "json"])
        #expect(negated.status == 0, "\(negated.stderrText)")
        let stale = try PlanDocument(negated.stdout)
        #expect(stale.json["scope"] as? String == "filter -last-login:<90d")
        let empty = try bench.roster(["bulk", "plan", "--where", "", "--disable"])
        #expect(empty.status == 2 && empty.stderrText.contains("--all-users"), "\(empty.stderrText)")
        let all = try bench.roster(["bulk", "plan", "--all-users", "--disable", "--format", "json"])
        #expect(all.status == 0, "\(all.stderrText)")
        let everyone = try PlanDocument(all.stdout)
        #expect(everyone.rows == (try bench.loginEmails()).count && everyone.rows > stale.rows)
        #expect(everyone.json["scope"] as? String == "every user")
    }

    @Test func anEditedPlanFileIsRefusedWholeWithEachProblemNamed() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "200"])
        let (planPath, plan) = try Self.planRename(bench, "rename.json")
        let original = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: planPath))) as! [String: Any]
        let rows = original["rows"] as! [[String: Any]]
        let written = try #require(rows.firstIndex { $0["skip"] == nil })
        let id = rows[written]["user_id"] as! String
        #expect(plan.writes[id] != nil)
        func edited(_ name: String, _ change: (inout [[String: Any]]) -> Void) throws -> String {
            var copy = original
            var r = rows
            change(&r)
            copy["rows"] = r
            let path = bench.dir + "/" + name
            try JSONSerialization.data(withJSONObject: copy).write(to: URL(fileURLWithPath: path))
            return path
        }
        let cases: [(String, String, (inout [[String: Any]]) -> Void)] = [
            ("op.json", "does not belong in a plan", { $0[written]["op"] = "deleteLogin" }),
            ("after.json", "is not", { r in
                var after = r[written]["after"] as! [String: Any]
                after["email"] = "mallory@evil.example"
                r[written]["after"] = after
            }),
            ("twice.json", "the same user appears more than once", { $0.append($0[written]) }),
            ("id.json", "not a user id", { $0[written]["user_id"] = "" }),
            ("path.json", "not a user id", { $0[written]["user_id"] = "1/credentials_email" }),
            ("same.json", "nothing to change", { $0[written]["after"] = $0[written]["before"] }),
        ]
        let mark = bench.loggedRequests().count
        for (name, words, change) in cases {
            let path = try edited(name, change)
            let run = try bench.roster(["bulk", "apply", path, "--yes"])
            #expect(run.status == 2, "\(name): \(run.stderrText)")
            #expect(run.stderrText.contains("row \(written + 1)") || name == "twice.json", "\(name): \(run.stderrText)")
            #expect(run.stderrText.contains(words) && run.stderrText.contains("nothing applied"), "\(name): \(run.stderrText)")
        }
        #expect(Self.writes(bench, from: mark).isEmpty, "nothing written for any edited plan")
        #expect(bench.loggedRequests().dropFirst(mark).allSatisfy { !$0.path.hasSuffix("/users/") }, "no request for an empty id")
    }

    @Test func anUndoneInterruptedRunIsNeverResumed() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "300", "--latency-ms", "15"])
        let before = try bench.loginEmails()
        let (planPath, plan) = try Self.planRename(bench, "rename.json")
        let runID = try Self.killedRun(bench, planPath, after: 10)
        let undo = try bench.roster(["bulk", "undo", runID, "--yes"])
        #expect(undo.status == 0, "\(undo.stderrText.suffix(1000))")
        let mark = bench.loggedRequests().count
        let resumed = try bench.roster(["bulk", "resume", runID])
        #expect(resumed.status == 9, "\(resumed.stderrText)")
        #expect(resumed.stderrText.contains("is being undone by run"), "\(resumed.stderrText)")
        #expect(Self.writes(bench, from: mark).isEmpty)
        let undoAgain = try bench.roster(["bulk", "undo", runID, "--yes"])
        #expect(undoAgain.status == 9, "\(undoAgain.stderrText)")
        let list = try bench.roster(["bulk", "list", "--format", "json"])
        let runs = try JSONSerialization.jsonObject(with: list.stdout) as? [[String: Any]] ?? []
        #expect(runs.first { $0["run_id"] as? String == runID }?["state"] as? String == "undone", "\(list.stdoutText)")
        let after = try bench.loginEmails()
        for id in plan.writes.keys { #expect(after[id] == before[id], "user \(id) put back") }
    }
}
