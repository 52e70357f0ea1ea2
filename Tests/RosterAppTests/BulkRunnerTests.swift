import Foundation
import LookerAPI
import RosterApp
import RosterServices
import RosterCore
import Sandbox
import Synchronization
import Testing

/// Bulk runs through the real client against the sandbox over loopback: pacing under 429s, rows
/// re-read before they are written, the server's refusals per row, read-only.
@Suite struct BulkRunnerTests {
    static let rename = BulkAction.setDomain(from: "acme.com", to: "acme.io")

    @Test func aDomainRenameUnderRateLimitsPatchesEachTargetOnceAndNothingElse() async throws {
        try await BulkHarness.run(users: 300, configure: {
            $0.rateLimitEvery = 7
            $0.retryAfterSeconds = 2
        }) { h in
            let before = await h.addresses(1...300)
            let plan = BulkPlanner.plan(Self.rename, scope: "300 marked", subjects: await h.subjects(1...300))
            #expect(plan.writeCount > 100, "the seed puts about half the users at acme.com")
            let events = BulkEvents()
            let summary = try await h.runner().start(plan: plan, concurrency: 4, events: events.sink)

            #expect(summary.phase == .finished)
            #expect(summary.applied == plan.writeCount)
            #expect(summary.failed == 0)
            #expect(summary.skipped == plan.skipCount)
            let written = Set(plan.rows.filter { $0.skip == nil }.map(\.userID))
            let patches = await h.credentialPatches()
            #expect(Set(patches.keys) == written, "only the targeted credentials were written")
            #expect(patches.values.allSatisfy { $0 == 1 }, "each exactly once")
            let after = await h.addresses(1...300)
            for row in plan.rows {
                let expected = row.skip == nil ? row.after.email ?? "-" : before[row.userID]
                #expect(after[row.userID] == expected, "user \(row.userID)")
            }
            // The sandbox refused some requests; none failed a row, the wait it asked for was kept,
            // and the limit went down.
            let refused = await h.sandbox.requests().count { $0.status == 429 }
            #expect(refused > 20)
            #expect(h.clock.waits.contains { $0 >= 2 }, "Retry-After honoured: \(h.clock.waits.prefix(5))")
            #expect(events.progress.contains { $0.waitingSeconds > 0 }, "the wait shows")
            #expect(events.progress.map(\.concurrency).min() == 1)
            #expect(events.progress.map(\.concurrency).max() == 4)
            #expect(events.finishedRows.count == plan.writeCount)
            #expect(events.all.first == .started(runID: summary.id))
            #expect(events.all.last == .ended(summary))
            // On disk and in the journal.
            let run = try h.store.load(id: summary.id)
            #expect(run.summary == summary)
            #expect(run.inDoubt.isEmpty)
            let journal = try h.journal.read()
            #expect(journal.count == plan.writeCount)
            #expect(Set(journal.map(\.userID)) == written)
            let first = try #require(plan.rows.first { $0.skip == nil })
            #expect(journal.contains { $0.userID == first.userID && $0.action == .updateCredential && $0.field == "email"
                && $0.before == first.before.email && $0.after == first.after.email && $0.apiUser == "api-admin@acme.com" })
        }
    }

    @Test func withoutRetryAfterTheRunBacksOffAndFailsNoRow() async throws {
        try await BulkHarness.run(users: 30) { h in
            let plan = BulkPlanner.plan(.forceReset(true), scope: "", subjects: await h.subjects(2...30))
            await h.sandbox.inject(Fault(method: "PATCH", pathPattern: "users/*/credentials_email", status: 429,
                                         body: #"{"message":"Too Many Requests"}"#, contentType: "application/json", remaining: 6))
            let summary = try await h.runner().start(plan: plan, concurrency: 4, events: { _ in })
            #expect(summary.applied == plan.writeCount)
            #expect(summary.failed == 0)
            let waits = h.clock.waits
            #expect(waits.contains(1) && waits.contains(2), "doubling from 1 s: \(waits)")
            #expect(waits.allSatisfy { $0 <= 30 })
            for row in plan.rows where row.skip == nil {
                #expect(await h.sandbox.user(id: row.userID)?.emailCredential?.forcedPasswordResetAtNextLogin == true)
            }
        }
    }

    @Test func aHardLimitOnResetEmailsSlowsTheRunButFailsNoRowAndSendsEachOnce() async throws {
        try await BulkHarness.run(users: 20) { h in
            let plan = BulkPlanner.plan(.sendReset, scope: "", subjects: await h.subjects(2...20))
            // Looker allows a few reset emails per minutes: most sends are refused for a while.
            await h.sandbox.inject(Fault(method: "POST", pathPattern: "users/*/credentials_email/send_password_reset", status: 429,
                                         body: "", contentType: "text/plain", remaining: 25))
            let events = BulkEvents()
            let summary = try await h.runner().start(plan: plan, concurrency: 4, events: events.sink)
            #expect(summary.failed == 0)
            #expect(summary.applied == plan.writeCount)
            let sent = await h.requests("POST") { $0.hasSuffix("/send_password_reset") }.filter { $0.status == 200 }
            #expect(sent.count == plan.writeCount)
            #expect(Set(sent.map { BulkHarness.userID(in: $0.path) }).count == plan.writeCount, "each user once")
            #expect(h.clock.waits.reduce(0, +) > 30, "the run waited rather than failing")
            let journal = try h.journal.read()
            #expect(journal.allSatisfy { $0.action == .sendResetEmail && $0.before == nil && $0.after == nil })
        }
    }

    @Test func progressCarriesTheRateOfTheLastSecondsAndAnETA() async throws {
        try await BulkHarness.run(users: 60) { h in
            // Every look at this clock moves it on by 50 ms, so rows take time as they go.
            let ticks = Mutex(0.0)
            let clock = BulkClock(now: { ticks.withLock { $0 += 0.05; return $0 } }, sleep: { _ in })
            let plan = BulkPlanner.plan(.disable, scope: "", subjects: await h.subjects(2...60))
            let events = BulkEvents()
            let runner = BulkRunner(service: h.client, store: h.store, journal: nil, apiUser: nil, clock: clock)
            let summary = try await runner.start(plan: plan, concurrency: 1, events: events.sink)
            #expect(summary.applied == plan.writeCount)
            let measured = events.progress.filter { $0.rate > 0 }
            #expect(measured.count > plan.writeCount / 2)
            for p in measured {
                // At most a few rows a second: each row looks at the clock several times.
                #expect(p.rate < 10)
                #expect(abs((p.eta ?? -1) - Double(p.remaining) / p.rate) < 1e-9)
            }
            #expect(events.progress.first?.eta == nil, "unknown before anything finished")
            #expect(events.progress.last?.remaining == 0)
        }
    }

    @Test func aRealPerEndpointLimitOnResetEmailsIsWaitedOutInRealTime() async throws {
        // Three reset emails a second, as Looker limits them (a few per minutes, scaled down); the
        // runner waits the Retry-After the sandbox sends on the real clock.
        try await BulkHarness.run(users: 24, configure: {
            $0.endpointLimits = [EndpointLimit(.sendPasswordReset, requests: 3, windowSeconds: 1)]
        }) { h in
            let plan = BulkPlanner.plan(.sendReset, scope: "", subjects: await h.subjects(2...24))
            #expect(plan.writeCount >= 12)
            let runner = BulkRunner(service: h.client, store: h.store, journal: h.journal, apiUser: nil, clock: .system)
            let started = ContinuousClock.now
            let summary = try await runner.start(plan: plan, concurrency: 4, events: { _ in })
            let elapsed = ContinuousClock.now - started
            #expect(summary.failed == 0)
            #expect(summary.applied == plan.writeCount)
            let sends = await h.requests("POST") { $0.hasSuffix("/send_password_reset") }
            let sent = sends.filter { $0.status == 200 }.map { BulkHarness.userID(in: $0.path) }
            #expect(sent.count == plan.writeCount)
            #expect(Set(sent).count == plan.writeCount, "each user once")
            #expect(sends.contains { $0.status == 429 })
            // n sends at 3 a second cannot take less than (n - 3) / 3 seconds.
            #expect(elapsed >= .seconds(Double(plan.writeCount - 3) / 3))
        }
    }

    @Test func waitingOutALimitSleepsAFewTimesAndNeverSpins() async throws {
        // Retry-Afters that keep moving the wake-up later replace the timer; a replaced timer must
        // not fire (it did, and its wake-up replaced the new one: a loop of tasks, CPU and memory).
        try await BulkHarness.run(users: 40, configure: {
            $0.endpointLimits = [EndpointLimit(.credentialsEmail, requests: 6, windowSeconds: 1)]
        }) { h in
            let plan = BulkPlanner.plan(.forceReset(true), scope: "", subjects: await h.subjects(2...30))
            #expect(plan.writeCount >= 15)
            let sleeps = Mutex(0)
            // The real clock: the sandbox's window is real time, and the waits it makes are what is tested.
            let system = BulkClock.system
            let clock = BulkClock(now: system.now, sleep: { until in
                sleeps.withLock { $0 += 1 }
                try await system.sleep(until)
            })
            let runner = BulkRunner(service: h.client, store: h.store, journal: h.journal, apiUser: nil, clock: clock)
            let summary = try await runner.start(plan: plan, concurrency: 8, events: { _ in })
            #expect(summary.failed == 0)
            #expect(summary.applied == plan.writeCount)
            let refused = await h.requests("PATCH") { $0.hasSuffix("/credentials_email") }.filter { $0.status == 429 }.count
            #expect(refused > 0, "the limit was reached")
            // A wait per refusal burst, and once the rate is learned at most one per row (the
            // starts are spaced); the loop this guards against slept 142,077 times in 3 s.
            #expect(sleeps.withLock { $0 } <= 2 * refused + plan.writeCount + 4,
                    "\(sleeps.withLock { $0 }) sleeps for \(refused) refusals and \(plan.writeCount) rows")
        }
    }

    @Test func aRowChangedOnTheServerAfterThePlanIsSkippedAsChangedElsewhere() async throws {
        try await BulkHarness.run(users: 30) { h in
            let plan = BulkPlanner.plan(Self.rename, scope: "", subjects: await h.subjects(2...30))
            let target = try #require(plan.rows.first { $0.skip == nil })
            try await h.changeElsewhere(target.userID, email: "moved@globex.io")
            await h.sandbox.clearRequests()
            let events = BulkEvents()
            let summary = try await h.runner().start(plan: plan, concurrency: 4, events: events.sink)
            #expect(summary.applied == plan.writeCount - 1)
            #expect(events.finishedRows.first { $0.0 == target.userID }?.1 == .skipped(.changedElsewhere))
            #expect(await h.credentialPatches()[target.userID] == nil, "not written")
            #expect(await h.sandbox.user(id: target.userID)?.emailCredential?.email == "moved@globex.io")
            #expect(try h.store.load(id: summary.id).outcomes[target.userID] == .skipped(.changedElsewhere))
        }
    }

    @Test func a422FailsOnlyItsRowWithTheFieldsMessage() async throws {
        try await BulkHarness.run(users: 30) { h in
            let subjects = await h.subjects(2...6)
            let taken = try #require(await h.subjects(10...30).compactMap(\.loginEmail).first, "another user's address")
            var targets: [String: String] = [:]
            for s in subjects where s.loginEmail != nil { targets[s.id] = "new-\(s.id)@globex.io" }
            let victim = try #require(subjects.first { $0.loginEmail != nil })
            targets[victim.id] = taken
            let plan = BulkPlanner.plan(.setEmails, scope: "CSV", subjects: subjects, targets: targets)
            let events = BulkEvents()
            let summary = try await h.runner().start(plan: plan, concurrency: 2, events: events.sink)
            #expect(summary.failed == 1)
            #expect(summary.applied == plan.writeCount - 1)
            let outcome = events.finishedRows.first { $0.0 == victim.id }?.1
            #expect(outcome == .failed(status: 422, message: "'\(taken)' is already in use by another user", field: "email"))
            #expect(try h.store.retryPlan(of: summary.id).rows.map(\.userID) == [victim.id])
        }
    }

    @Test func aReadOnlyClientRefusesTheRunBeforeAnyFileOrRequest() async throws {
        try await BulkHarness.run(users: 10, readOnly: true) { h in
            let plan = BulkPlanner.plan(.disable, scope: "", subjects: await h.subjects(2...5))
            await #expect(throws: BulkRunError.readOnly) {
                try await h.runner().start(plan: plan, concurrency: 4, events: { _ in })
            }
            #expect(!FileManager.default.fileExists(atPath: h.store.directory))
            #expect(await h.sandbox.requests().allSatisfy { $0.method == "GET" || $0.path.hasSuffix("/login") })
        }
    }

    @Test func aWriteRefusedInReadOnlyModeIsAFailedRowNotACrash() async throws {
        try await BulkHarness.run(users: 10, readOnly: true) { h in
            // The same read-only client behind a service that does not say so, so the runner starts:
            // each write is refused by the client itself.
            let plan = BulkPlanner.plan(.disable, scope: "", subjects: await h.subjects(2...5))
            let runner = BulkRunner(service: Opaque(client: h.client), store: h.store, journal: h.journal, apiUser: nil,
                                    clock: h.clock.bulkClock)
            let summary = try await runner.start(plan: plan, concurrency: 4, events: { _ in })
            #expect(summary.failed == plan.writeCount)
            let run = try h.store.load(id: summary.id)
            for row in plan.rows where row.skip == nil {
                #expect(run.outcomes[row.userID] == .failed(status: 0, message: "refused in read-only mode: PATCH /users/\(row.userID)", field: nil))
            }
            #expect(await h.sandbox.requests().allSatisfy { $0.method == "GET" || $0.path.hasSuffix("/login") })
            #expect(try h.journal.read().isEmpty)
        }
    }
}

/// Forwards every call to a client, hiding its type.
struct Opaque: LookerService {
    let client: LookerClient
    var instance: String { client.instance }
    var instanceURL: String { client.instanceURL }
    /// Says it is not read-only, so the runner starts and the client's own refusal is what is tested.
    var readOnly: Bool { false }
    func me(fields: String?) async throws(LookerError) -> User { try await client.me(fields: fields) }
    func userPages(fields: String) -> UserPages { client.userPages(fields: fields) }
    func usersPage(search: UserSearch?, limit: Int, offset: Int, fields: String?, sorts: String) async throws(LookerError) -> [User] {
        try await client.usersPage(search: search, limit: limit, offset: offset, fields: fields, sorts: sorts)
    }
    func user(id: String, fields: String?) async throws(LookerError) -> User { try await client.user(id: id, fields: fields) }
    func updateUser(id: String, _ body: WriteUser) async throws(LookerError) -> User { try await client.updateUser(id: id, body) }
    func credentialsEmail(userID: String, fields: String?) async throws(LookerError) -> CredentialsEmail {
        try await client.credentialsEmail(userID: userID, fields: fields)
    }
    func updateCredentialsEmail(userID: String, _ body: WriteCredentialsEmail) async throws(LookerError) -> CredentialsEmail {
        try await client.updateCredentialsEmail(userID: userID, body)
    }
    func createCredentialsEmail(userID: String, _ body: WriteCredentialsEmail) async throws(LookerError) -> CredentialsEmail {
        try await client.createCredentialsEmail(userID: userID, body)
    }
    func deleteCredentialsEmail(userID: String) async throws(LookerError) { try await client.deleteCredentialsEmail(userID: userID) }
    func createPasswordReset(userID: String, expires: Bool) async throws(LookerError) -> CredentialsEmail {
        try await client.createPasswordReset(userID: userID, expires: expires)
    }
    func sendPasswordReset(userID: String) async throws(LookerError) -> CredentialsEmail { try await client.sendPasswordReset(userID: userID) }
    func roles(fields: String?) async throws(LookerError) -> [LookerAPI.Role] { try await client.roles(fields: fields) }
    func groupsWithHierarchy(fields: String?) async throws(LookerError) -> [GroupHierarchy] { try await client.groupsWithHierarchy(fields: fields) }
    func userAttributes(fields: String?) async throws(LookerError) -> [UserAttribute] { try await client.userAttributes(fields: fields) }
    func userRoles(userID: String, directOnly: Bool, fields: String?) async throws(LookerError) -> [LookerAPI.Role] {
        try await client.userRoles(userID: userID, directOnly: directOnly, fields: fields)
    }
    func setUserRoles(userID: String, roleIDs: [String]) async throws(LookerError) -> [LookerAPI.Role] { try await client.setUserRoles(userID: userID, roleIDs: roleIDs) }
    func addUserToGroup(groupID: String, userID: String) async throws(LookerError) -> User { try await client.addUserToGroup(groupID: groupID, userID: userID) }
    func removeUserFromGroup(groupID: String, userID: String) async throws(LookerError) { try await client.removeUserFromGroup(groupID: groupID, userID: userID) }
    func userAttributeValues(userID: String, fields: String?) async throws(LookerError) -> [UserAttributeWithValue] {
        try await client.userAttributeValues(userID: userID, fields: fields)
    }
    func setUserAttributeValue(userID: String, attributeID: String, value: String) async throws(LookerError) -> UserAttributeWithValue {
        try await client.setUserAttributeValue(userID: userID, attributeID: attributeID, value: value)
    }
    func deleteUserAttributeValue(userID: String, attributeID: String) async throws(LookerError) {
        try await client.deleteUserAttributeValue(userID: userID, attributeID: attributeID)
    }
    func sessions(userID: String) async throws(LookerError) -> [Session] { try await client.sessions(userID: userID) }
    func deleteSession(userID: String, sessionID: String) async throws(LookerError) { try await client.deleteSession(userID: userID, sessionID: sessionID) }
    func apiKeys(userID: String) async throws(LookerError) -> [CredentialsApi3] { try await client.apiKeys(userID: userID) }
    func deleteAPIKey(userID: String, keyID: String) async throws(LookerError) { try await client.deleteAPIKey(userID: userID, keyID: keyID) }
    func scheduledPlans(userID: String, fields: String?) async throws(LookerError) -> [ScheduledPlan] { try await client.scheduledPlans(userID: userID, fields: fields) }
    func scheduledPlan(id: String, fields: String?) async throws(LookerError) -> ScheduledPlan { try await client.scheduledPlan(id: id, fields: fields) }
    func setScheduledPlanOwner(planID: String, userID: String) async throws(LookerError) -> ScheduledPlan {
        try await client.setScheduledPlanOwner(planID: planID, userID: userID)
    }
    func alerts(pageSize: Int, fields: String?) async throws(LookerError) -> [Alert] { try await client.alerts(pageSize: pageSize, fields: fields) }
    func alert(id: String) async throws(LookerError) -> Alert { try await client.alert(id: id) }
    func setAlertOwner(alertID: String, ownerID: String) async throws(LookerError) -> Alert { try await client.setAlertOwner(alertID: alertID, ownerID: ownerID) }
    func folder(id: String, fields: String?) async throws(LookerError) -> Folder { try await client.folder(id: id, fields: fields) }
    func folderChildren(id: String, fields: String?) async throws(LookerError) -> [Folder] { try await client.folderChildren(id: id, fields: fields) }
    func folderDashboards(id: String, fields: String?) async throws(LookerError) -> [Dashboard] { try await client.folderDashboards(id: id, fields: fields) }
    func folderLooks(id: String, fields: String?) async throws(LookerError) -> [Look] { try await client.folderLooks(id: id, fields: fields) }
    func dashboard(id: String, fields: String?) async throws(LookerError) -> Dashboard { try await client.dashboard(id: id, fields: fields) }
    func look(id: String, fields: String?) async throws(LookerError) -> Look { try await client.look(id: id, fields: fields) }
    func moveDashboard(id: String, folderID: String) async throws(LookerError) -> Dashboard { try await client.moveDashboard(id: id, folderID: folderID) }
    func moveLook(id: String, folderID: String) async throws(LookerError) -> Look { try await client.moveLook(id: id, folderID: folderID) }
}
