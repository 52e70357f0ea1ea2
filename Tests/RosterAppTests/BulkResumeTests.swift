import Foundation
import LookerAPI
import RosterApp
import RosterServices
import RosterCore
import Sandbox
import Testing

/// Runs that stop and go on: pause and stop, a crash with requests in doubt, undo, retry of the
/// failed rows, and a write whose answer never came. Every row is changed at most once.
@Suite struct BulkResumeTests {
    static let rename = BulkAction.setDomain(from: "acme.com", to: "acme.io")

    @Test func pauseThenStopThenResumeAppliesEveryRowExactlyOnce() async throws {
        try await BulkHarness.run(users: 80, configure: { $0.latencyMs = 15 }) { h in
            let plan = BulkPlanner.plan(Self.rename, scope: "", subjects: await h.subjects(1...80))
            let runner = h.runner()
            let events = BulkEvents()
            let first = Task { try await runner.start(plan: plan, concurrency: 4, events: events.sink) }
            try await until(within: .seconds(20)) { events.rowsFinished >= 8 }
            await runner.pause()
            // Paused: what was in flight finishes, nothing new starts.
            try await until(within: .seconds(20)) { events.progress.last.map { $0.phase == .paused && $0.inFlight == 0 } ?? false }
            let whilePaused = events.rowsFinished
            let progress = try #require(await runner.progress)
            #expect(progress.phase == .paused)
            #expect(progress.done == whilePaused + plan.skipCount)
            await runner.stop()
            let stopped = try await first.value
            #expect(stopped.phase == .stopped)
            #expect(events.rowsFinished == whilePaused, "nothing ran after the pause")
            #expect(stopped.applied == whilePaused)
            #expect(try h.store.load(id: stopped.id).summary.phase == .stopped)

            let resumedEvents = BulkEvents()
            let resumed = try await h.runner().resume(id: stopped.id, concurrency: 4, events: resumedEvents.sink)
            #expect(resumed.phase == .finished)
            #expect(resumed.applied == plan.writeCount)
            #expect(resumedEvents.finishedRows.count == plan.writeCount - whilePaused)
            let patches = await h.credentialPatches()
            #expect(patches.count == plan.writeCount)
            #expect(patches.values.allSatisfy { $0 == 1 })
            #expect(try h.journal.read().count == plan.writeCount)
        }
    }

    @Test func afterACrashRowsInDoubtAreSettledByRereadingAndNoneIsWrittenTwice() async throws {
        try await BulkHarness.run(users: 30) { h in
            let plan = BulkPlanner.plan(Self.rename, scope: "", subjects: await h.subjects(2...30))
            let rows = plan.rows.filter { $0.skip == nil }
            let (applied, notApplied, untouched) = (rows[0], rows[1], rows[2])
            // The process that ran it wrote two intents; one request reached Looker, then kill -9.
            let file = try h.store.create(plan: plan, instance: h.client.instance, instanceURL: h.client.instanceURL)
            try file.intent(key: applied.userID)
            try file.intent(key: notApplied.userID)
            try await h.changeElsewhere(applied.userID, email: applied.after.email)
            file.close()
            let crashed = try h.store.load(id: file.id)
            #expect(crashed.summary.phase == .interrupted)
            #expect(crashed.inDoubt == [applied.userID, notApplied.userID])

            let events = BulkEvents()
            let summary = try await h.runner().resume(id: file.id, concurrency: 4, events: events.sink)
            #expect(summary.phase == .finished)
            #expect(summary.applied == rows.count)
            let patches = await h.credentialPatches()
            #expect(patches[applied.userID] == 1, "only the write before the crash")
            #expect(patches[notApplied.userID] == 1)
            #expect(patches[untouched.userID] == 1)
            #expect(patches.values.allSatisfy { $0 == 1 })
            for row in rows {
                #expect(await h.sandbox.user(id: row.userID)?.emailCredential?.email == row.after.email)
            }
            #expect(try h.journal.read().contains { $0.userID == applied.userID && $0.after == applied.after.email })
            #expect(try h.store.load(id: file.id).inDoubt.isEmpty)
        }
    }

    @Test func aResetEmailInDoubtIsNeverSentAgain() async throws {
        try await BulkHarness.run(users: 12) { h in
            let plan = BulkPlanner.plan(.sendReset, scope: "", subjects: await h.subjects(2...12))
            let rows = plan.rows.filter { $0.skip == nil }
            let file = try h.store.create(plan: plan, instance: h.client.instance, instanceURL: h.client.instanceURL)
            try file.intent(key: rows[0].userID)
            file.close()
            let summary = try await h.runner().resume(id: file.id, concurrency: 2, events: { _ in })
            #expect(try h.store.load(id: summary.id).outcomes[rows[0].userID] == .skipped(.maybeSent))
            let sent = await h.requests("POST") { $0.hasSuffix("/send_password_reset") }.map { BulkHarness.userID(in: $0.path) }
            #expect(!sent.contains(rows[0].userID))
            #expect(Set(sent) == Set(rows.dropFirst().map(\.userID)))
            #expect(sent.count == rows.count - 1)
        }
    }

    @Test func aRunIsRunByOneProcessAtATimeAndAFinishedRunIsNotResumed() async throws {
        try await BulkHarness.run(users: 10) { h in
            let plan = BulkPlanner.plan(.forceReset(true), scope: "", subjects: await h.subjects(2...10))
            let file = try h.store.create(plan: plan, instance: h.client.instance, instanceURL: h.client.instanceURL)
            await #expect(throws: RunStoreError.busy(file.id)) {
                try await h.runner().resume(id: file.id, concurrency: 4, events: { _ in })
            }
            file.close()
            let summary = try await h.runner().resume(id: file.id, concurrency: 4, events: { _ in })
            #expect(summary.phase == .finished)
            await #expect(throws: RunStoreError.alreadyFinished(file.id)) {
                try await h.runner().resume(id: file.id, concurrency: 4, events: { _ in })
            }
        }
    }

    @Test func undoRestoresEveryAddressAndLeavesARowChangedSinceAlone() async throws {
        try await BulkHarness.run(users: 40) { h in
            let original = await h.addresses(1...40)
            let plan = BulkPlanner.plan(Self.rename, scope: "", subjects: await h.subjects(1...40))
            let run = try await h.runner().start(plan: plan, concurrency: 4, events: { _ in })
            #expect(run.applied == plan.writeCount)
            let rows = plan.rows.filter { $0.skip == nil }
            let changedSince = rows[3]
            try await h.changeElsewhere(changedSince.userID, email: "someone-else@globex.io")
            await h.sandbox.clearRequests()

            let undo = try h.store.undoPlan(of: run.id)
            #expect(undo.rows.count == rows.count)
            let events = BulkEvents()
            let undone = try await h.runner().start(plan: undo, concurrency: 4, events: events.sink)
            #expect(undone.applied == rows.count - 1)
            #expect(events.finishedRows.first { $0.0 == changedSince.userID }?.1 == .skipped(.changedElsewhere))
            let now = await h.addresses(1...40)
            for (id, address) in original where id != changedSince.userID {
                #expect(now[id] == address, "user \(id) restored")
            }
            #expect(now[changedSince.userID] == "someone-else@globex.io")
            #expect(await h.credentialPatches().count == rows.count - 1)
            // The undo is a run too: it can be undone, which renames them again.
            let redo = try h.store.undoPlan(of: undone.id)
            #expect(redo.action == .undo(runID: undone.id))
            #expect(redo.rows.count == rows.count - 1)
        }
    }

    @Test func retryTakesOnlyTheFailedRows() async throws {
        try await BulkHarness.run(users: 20) { h in
            let plan = BulkPlanner.plan(.disable, scope: "", subjects: await h.subjects(2...12))
            let victim = try #require(plan.rows.first { $0.skip == nil })
            await h.sandbox.inject(Fault(method: "PATCH", pathPattern: "users/\(victim.userID)", status: 403,
                                         body: #"{"message":"Not allowed on Looker (Google Cloud core)"}"#,
                                         contentType: "application/json"))
            let first = try await h.runner().start(plan: plan, concurrency: 4, events: { _ in })
            #expect(first.failed == 1)
            #expect(try h.store.load(id: first.id).outcomes[victim.userID]
                == .failed(status: 403, message: "Not allowed on Looker (Google Cloud core)", field: nil))
            let retry = try h.store.retryPlan(of: first.id)
            #expect(retry.rows.map(\.userID) == [victim.userID])
            #expect(retry.action == .disable)
            await h.sandbox.clearRequests()
            let second = try await h.runner().start(plan: retry, concurrency: 4, events: { _ in })
            #expect(second.applied == 1)
            #expect(await h.requests("PATCH") { _ in true }.map(\.path) == ["/api/4.0/users/\(victim.userID)"])
            #expect(await h.sandbox.user(id: victim.userID)?.isDisabled == true)
        }
    }

    @Test func aWriteWithoutAnAnswerIsSettledByARereadAndLeftForRetry() async throws {
        try await BulkHarness.run(users: 10, configure: { $0.hangPaths = ["users/*/credentials_email"] }) { h in
            let config = LookerConfig(baseURL: h.sandbox.baseURL, clientID: h.sandbox.clientID,
                                      clientSecret: h.sandbox.clientSecret, timeoutSeconds: 1)
            let impatient = LookerClient(config: config, readOnly: false, retry: RetryPolicy(maxRetries: 0, sleep: { _ in }))
            let plan = BulkPlanner.plan(.forceReset(true), scope: "", subjects: await h.subjects(2...6))
            #expect(plan.writeCount > 0)
            let runner = BulkRunner(service: impatient, store: h.store, journal: h.journal, apiUser: nil, clock: h.clock.bulkClock)
            let summary = try await runner.start(plan: plan, concurrency: 4, events: { _ in })
            await impatient.shutdown()
            #expect(summary.failed == plan.writeCount)
            let run = try h.store.load(id: summary.id)
            for row in plan.rows where row.skip == nil {
                let outcome = try #require(run.outcomes[row.userID])
                guard case .failed(let status, let message, _) = outcome else {
                    Issue.record("user \(row.userID): \(outcome)")
                    continue
                }
                #expect(status == 0)
                #expect(message.hasPrefix("network error"))
            }
            #expect(try h.store.retryPlan(of: summary.id).rows.count == plan.writeCount)
            #expect(try h.journal.read().isEmpty)
        }
    }
}
