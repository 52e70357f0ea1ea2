import Foundation
import Testing
import TestSupport

/// What `roster bulk` refuses and reports: read-only mode before anything is asked or sent, a CSV
/// with bad lines (every one, as FILE:LINE: reason, nothing planned), a bad filter, a plan made
/// for another instance, no terminal and no --yes; and the terminal's question, Ctrl-C and a CSV
/// mapping by old address, end to end.
@Suite(.serialized) struct BulkGuardTests {
    @Test func readOnlyRefusesEveryBulkChangeBeforeAskingOrSending() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "60"])
        let planPath = bench.dir + "/plan.json"
        let planned = try bench.roster(["bulk", "plan", "--where", "has:email", "--force-reset", "true", "--out", planPath])
        #expect(planned.status == 0, "\(planned.stderrText)")
        #expect(planned.stdoutText.contains("plan written to"))
        let ssh = ["SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"]
        for (args, env) in [(["bulk", "apply", planPath, "--yes", "--read-only"], [:]), (["bulk", "apply", planPath, "--yes"], ssh),
                            (["bulk", "resume", "some-run", "--read-only"], [:]), (["bulk", "undo", "some-run", "--yes"], ssh)] {
            let run = try bench.roster(args, extraEnv: env)
            #expect(run.status == 5, "\(args): \(run.stderrText)")
            #expect(run.stderrText.contains("refused: read-only mode"), "\(args): \(run.stderrText)")
        }
        let out = bench.dir + "/ro-plan.json"
        let ro = try bench.roster(["bulk", "plan", "--where", "has:email", "--disable", "--out", out, "--read-only"])
        #expect(ro.status == 5)
        #expect(!FileManager.default.fileExists(atPath: out), "read-only writes no plan file")
        let preview = try bench.roster(["bulk", "plan", "--where", "has:email", "--disable", "--read-only"])
        #expect(preview.status == 0, "previewing only reads: \(preview.stderrText)")
        // Every run has ended (nothing is in flight): the marker completes the log.
        let writes = bench.loggedRequests().filter(\.mayChange)
        #expect(writes.isEmpty, "nothing but reads was sent: \(writes.map(\.line))")
        let runs = (try? FileManager.default.contentsOfDirectory(atPath: bench.dir + "/state/roster/runs")) ?? []
        #expect(runs.isEmpty, "no run was started: \(runs)")
    }

    @Test func aCSVWithBadLinesReportsEachOneAndPlansNothing() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "30"])
        let csv = try bench.write("""
            user_id,email
            2,two@acme.io
            4/2,x@acme.io
            5,not an address
            6,"six@acme.io",extra
            2,again@acme.io
            7,\u{1B}[2Jseven@acme.io
            8,"eight@acme.io

            """, to: "map.csv")
        let out = bench.dir + "/never.json"
        let run = try bench.roster(["bulk", "plan", "--csv", csv, "--out", out])
        #expect(run.status == 2)
        let lines = run.stderrText.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(csv):3: '4/2' is not a user id (letters, digits, _ and - only)"), "\(lines)")
        #expect(lines.contains("\(csv):4: 'not an address' is not a valid email address"))
        #expect(lines.contains("\(csv):5: expected 2 fields, found 3"))
        #expect(lines.contains("\(csv):6: user 2 is already mapped on line 2"))
        #expect(lines.contains { $0.hasPrefix("\(csv):7: '␛[2Jseven@acme.io'") }, "the escape arrives as a placeholder: \(lines)")
        #expect(lines.contains("\(csv):8: a quoted field is not closed"))
        #expect(!run.stderr.contains(0x1B), "no raw escape reaches the terminal")
        #expect(lines.last == "roster: nothing planned")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(bench.loggedRequests().isEmpty, "a bad file is found before anything is sent")
        let header = try bench.write("id,mail\n2,two@acme.io\n", to: "header.csv")
        let bad = try bench.roster(["bulk", "plan", "--csv", header])
        #expect(bad.status == 2)
        #expect(bad.stderrText.contains("\(header):1: the header must be user_id,email or old_email,new_email"))
    }

    @Test func aCSVByOldAddressIsAppliedAndUnknownRowsAreSkipped() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "40"])
        let emails = try bench.loginEmails()
        let targets = emails.compactMap { id, email in email.map { (id, $0) } }.sorted { Int($0.0)! < Int($1.0)! }.dropFirst(3).prefix(3)
        #expect(targets.count == 3)
        var csv = "old_email,new_email\n"
        // Quoted fields, and old addresses in another case than the server's.
        for (i, (_, email)) in targets.enumerated() { csv += "\"\(email.uppercased())\", \"new.\(i)@acme.io\"\r\n" }
        csv += "nobody@nowhere.example,ghost@acme.io\nnoone@nowhere.example,spirit@acme.io\n"
        let path = try bench.write(csv, to: "old-new.csv")
        let planPath = bench.dir + "/csv-plan.json"
        let planned = try bench.roster(["bulk", "plan", "--csv", path, "--out", planPath])
        #expect(planned.status == 0, "\(planned.stderrText)")
        #expect(planned.stdoutText.contains("line 5  ") && planned.stdoutText.contains("skipped: unknown user: no email login is nobody@nowhere.example"),
                "\(planned.stdoutText)")
        #expect(planned.stdoutText.contains("5 users: 3 to change, 2 skipped (unknown user 2)"), "\(planned.stdoutText)")
        let apply = try bench.roster(["bulk", "apply", planPath, "--yes"])
        #expect(apply.status == 0, "\(apply.stderrText)")
        #expect(RunLines(apply.stdoutText).summary?["skipped"] as? Int == 2, "each unknown row counted once")
        let after = try bench.loginEmails()
        for (i, (id, _)) in targets.enumerated() { #expect(after[id] == "new.\(i)@acme.io") }
        #expect(BulkBench.credentialPatches(bench.loggedRequests()).count == 3)
    }

    @Test func usageMistakesAreExit2AndSendNoChange() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "30"])
        let badWhere = try bench.roster(["bulk", "plan", "--where", "is:bogus", "--disable"])
        #expect(badWhere.status == 2)
        #expect(badWhere.stderrText.contains("--where: ") && badWhere.stderrText.contains("valid: "), "\(badWhere.stderrText)")
        #expect(try bench.roster(["bulk", "plan", "--where", "is:disabled"]).status == 2, "no action")
        #expect(try bench.roster(["bulk", "plan", "--where", "is:disabled", "--enable", "--disable"]).status == 2, "two actions")
        #expect(try bench.roster(["bulk", "plan", "--where", "has:email", "--set-domain", "acme.com"]).status == 2)
        let planPath = bench.dir + "/plan.json"
        #expect(try bench.roster(["bulk", "plan", "--where", "has:email", "--force-reset", "true", "--out", planPath]).status == 0)
        let noTerminal = try bench.roster(["bulk", "apply", planPath])
        #expect(noTerminal.status == 2)
        #expect(noTerminal.stderrText.contains("give --yes"), "\(noTerminal.stderrText)")
        let other = try SandboxProcess(arguments: ["--users", "30"])
        let elsewhere = try bench.roster(["bulk", "apply", planPath, "--yes"], extraEnv: other.env)
        #expect(elsewhere.status == 2)
        #expect(elsewhere.stderrText.contains("was planned for \(bench.sandbox.baseURL)"), "\(elsewhere.stderrText)")
        #expect(try bench.roster(["bulk", "show", "no-such-run"]).status == 4)
        #expect(try bench.roster(["bulk", "show", "../etc"]).status == 2)
        // Every run has ended (nothing is in flight): the marker completes the log.
        let writes = bench.loggedRequests().filter(\.mayChange)
        #expect(writes.isEmpty, "nothing was sent: \(writes.map(\.line))")
    }

    @Test func ctrlCStopsAfterTheRequestsInFlightAndTheRunResumes() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "400", "--latency-ms", "10"])
        let planPath = bench.dir + "/plan.json"
        let planned = try bench.roster(["bulk", "plan", "--where", "has:email", "--force-reset", "true", "--out", planPath,
                                        "--format", "json"])
        let plan = try PlanDocument(planned.stdout)
        #expect(plan.writes.count > 100)
        let run = try bench.start(["bulk", "apply", planPath, "--yes", "--concurrency", "2"])
        #expect(run.waitUntil(timeout: 60) { RunLines($0.stdout).rows.count >= 20 })
        kill(run.process.processIdentifier, SIGINT)
        let status = run.waitForExit(timeout: 30)
        #expect(status == 130, "\(run.stderr)")
        let id = try #require(RunLines(run.stdout).runID)
        #expect(run.stderr.contains("resume with: roster bulk resume \(id)"), "\(run.stderr)")
        let shown = try bench.roster(["bulk", "list", "--format", "json"])
        let runs = try JSONSerialization.jsonObject(with: shown.stdout) as? [[String: Any]] ?? []
        #expect(runs.first?["state"] as? String == "stopped")
        let left = runs.first?["remaining"] as? Int ?? 0
        #expect(left > 0)
        let resumed = try bench.roster(["bulk", "resume", id])
        #expect(resumed.status == 0, "\(resumed.stderrText)")
        let patches = BulkBench.credentialPatches(bench.loggedRequests())
        #expect(Set(patches.keys) == Set(plan.writes.keys) && patches.values.allSatisfy { $0 == 1 })
    }

    /// The writes are never answered, so the first Ctrl-C's "after the requests in flight" never
    /// comes: the second one must quit at once, and the run must resume elsewhere.
    @Test func aSecondCtrlCQuitsAtOnceAndTheRunStaysResumable() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "60", "--hang", "users/*/credentials_email"])
        let planPath = bench.dir + "/plan.json"
        let planned = try bench.roster(["bulk", "plan", "--where", "has:email", "--force-reset", "true", "--out", planPath,
                                        "--format", "json"])
        let plan = try PlanDocument(planned.stdout)
        let run = try bench.start(["bulk", "apply", planPath, "--yes", "--concurrency", "2"])
        #expect(run.waitUntil(timeout: 30) { _ in bench.requests().contains { $0.method == "PATCH" && $0.status == 0 } },
                "a write is hanging")
        kill(run.process.processIdentifier, SIGINT)
        #expect(run.waitUntil(timeout: 10) { $0.stderr.contains("Ctrl-C again quits at once") })
        #expect(run.process.isRunning, "still waiting for the write in flight")
        let second = Date()
        kill(run.process.processIdentifier, SIGINT)
        #expect(run.waitForExit(timeout: 10) == 130)
        #expect(-second.timeIntervalSinceNow < 2, "quit at once")
        let id = try #require(RunLines(run.stdout).runID)
        #expect(run.stderr.contains("quit; the run is resumable: roster bulk resume \(id)"), "\(run.stderr)")
        // The same instance (its address, port included) and seed, answering this time: the rows in
        // doubt are re-read, the rest written.
        let port = try #require(URLComponents(string: bench.sandbox.baseURL)?.port)
        kill(bench.sandbox.process.processIdentifier, SIGKILL)
        bench.sandbox.process.waitUntilExit()
        let answering = try SandboxProcess(arguments: ["--users", "60", "--port", String(port)])
        #expect(answering.baseURL == bench.sandbox.baseURL)
        let resumed = try bench.roster(["bulk", "resume", id], extraEnv: answering.env)
        #expect(resumed.status == 0, "\(resumed.stderrText)")
        let lines = RunLines(resumed.stdoutText)
        #expect(Set(lines.users("applied")) == Set(plan.writes.keys), "every planned row applied once the server answers")
    }

    @Test func hostileNamesReachNoTerminalFromThePreviewTheRunOrShow() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "20", "--hostile-names"])
        let planPath = bench.dir + "/plan.json"
        let table = try bench.roster(["bulk", "plan", "--all-users", "--disable", "--out", planPath])
        #expect(table.status == 0, "\(table.stderrText)")
        #expect(table.stdoutText.contains("␛"), "the hostile names are there, shown as placeholders")
        let json = try bench.roster(["bulk", "plan", "--all-users", "--disable", "--format", "json"])
        #expect((try? JSONSerialization.jsonObject(with: json.stdout)) != nil, "valid JSON")
        let apply = try bench.roster(["bulk", "apply", planPath, "--yes"])
        #expect(apply.status == 0, "\(apply.stderrText)")
        let id = try #require(RunLines(apply.stdoutText).runID)
        let show = try bench.roster(["bulk", "show", id])
        let showJSON = try bench.roster(["bulk", "show", id, "--format", "json"])
        for (what, bytes) in [("plan", table.stdout), ("plan json", json.stdout), ("apply", apply.stdout), ("apply stderr", apply.stderr),
                              ("show", show.stdout), ("show json", showJSON.stdout)] {
            #expect(terminalHazards(bytes).isEmpty, "\(what): \(terminalHazards(bytes).prefix(3))")
        }
    }

    @Test func onATerminalApplyAsksForTheCountAndAbortsOnAnythingElse() throws {
        let bench = try BulkBench(sandboxArguments: ["--users", "80"])
        let planPath = bench.dir + "/plan.json"
        let planned = try bench.roster(["bulk", "plan", "--where", "has:email", "--force-reset", "true", "--out", planPath,
                                        "--format", "json"])
        let count = try PlanDocument(planned.stdout).writes.count
        #expect(count > 20)
        let env = bench.env.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        let tmux = try Tmux("env \(env) '\(rosterBinary())' bulk apply '\(planPath)'", cols: 140, rows: 30)
        tmux.waitFor(text: "type \(count) to confirm:")
        try tmux.type("\(count - 1)")
        try tmux.send("Enter")
        tmux.waitFor(text: "EXIT=1")
        #expect(tmux.screen.contains("aborted; nothing was sent"))
        // Every run has ended (nothing is in flight): the marker completes the log.
        let writes = bench.loggedRequests().filter(\.mayChange)
        #expect(writes.isEmpty, "nothing was sent: \(writes.map(\.line))")
        let again = try Tmux("env \(env) '\(rosterBinary())' bulk apply '\(planPath)'", cols: 140, rows: 30)
        again.waitFor(text: "type \(count) to confirm:")
        try again.type("\(count)")
        try again.send("Enter")
        again.waitFor(text: "EXIT=0", timeout: 60)
        #expect(again.screen.contains("finished: \(count) applied, 0 failed"), "\(again.screen)")
        #expect(BulkBench.credentialPatches(bench.loggedRequests()).count == count)
    }
}
