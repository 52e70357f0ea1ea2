import Foundation
import LookerAPI
import RosterApp
import RosterServices
import RosterCore
import Sandbox
import Synchronization
import Testing
import TestSupport

/// A clock for bulk runs that never waits: a sleep jumps the time to its end at once and is
/// recorded, so a run paced by Retry-After or backoff finishes as fast as the sandbox answers.
final class JumpingClock: Sendable {
    private let state = Mutex<(now: Double, waits: [Double])>((0, []))

    var bulkClock: BulkClock {
        BulkClock(now: { self.now }, sleep: { until in
            self.state.withLock { s in
                if until > s.now {
                    s.waits.append(until - s.now)
                    s.now = until
                }
            }
            await Task.yield()
        })
    }

    var now: Double { state.withLock { $0.now } }
    /// Every wait a sleep jumped over, in seconds.
    var waits: [Double] { state.withLock { $0.waits } }
}

/// Events of a run, collected for assertions.
final class BulkEvents: Sendable {
    private let stored = Recorder<BulkEvent>()

    var sink: @Sendable (BulkEvent) -> Void { { event in self.stored.append(event) } }
    var all: [BulkEvent] { stored.values }

    var finishedRows: [(String, RowOutcome)] {
        all.compactMap { if case .rowFinished(let id, let outcome) = $0 { (id, outcome) } else { nil } }
    }
    var progress: [BulkProgress] {
        all.compactMap { if case .progress(let p) = $0 { p } else { nil } }
    }
    var rowsFinished: Int { all.count { if case .rowFinished = $0 { true } else { false } } }
}

/// A sandbox, a client logged into it, and a run store and journal in a fresh directory, torn down
/// together. The client does not retry 429s itself, so the runner's pacing meets every one.
struct BulkHarness {
    let sandbox: Sandbox
    let client: LookerClient
    let store: RunStore
    let journal: Journal
    let directory: String
    let clock = JumpingClock()

    static func run(users: Int = 40, clientRetries: Int = 0, readOnly: Bool = false,
                    configure: (inout SandboxOptions) -> Void = { _ in },
                    _ body: (BulkHarness) async throws -> Void) async throws {
        var options = SandboxOptions()
        options.users = users
        configure(&options)
        let temporary = try TemporaryDirectory("roster-bulk-tests")
        defer { temporary.remove() }
        let directory = temporary.path
        try await SandboxRun.with(options, client: { makeClient($0, retries: clientRetries, readOnly: readOnly) }) { sandbox, client in
            try await body(BulkHarness(sandbox: sandbox, client: client, store: RunStore(directory: directory + "/state/roster/runs"),
                                       journal: Journal(path: directory + "/state/roster/journal.jsonl"), directory: directory))
        }
    }

    /// A client whose retries (when any) do not wait.
    static func makeClient(_ sandbox: Sandbox, retries: Int = 0, readOnly: Bool = false) -> LookerClient {
        sandbox.client(readOnly: readOnly, retry: RetryPolicy(maxRetries: retries, sleep: { _ in }))
    }

    func runner(growAfter: Int = 20) -> BulkRunner {
        BulkRunner(service: client, store: store, journal: journal, apiUser: "api-admin@acme.com",
                   clock: clock.bulkClock, pacing: Pacer.Settings(growAfter: growAfter))
    }

    /// What the planner would be given for these users, read straight from the sandbox's store.
    func subjects(_ ids: ClosedRange<Int>) async -> [BulkSubject] {
        var subjects: [BulkSubject] = []
        for id in ids {
            guard let user = await sandbox.user(id: String(id)) else { continue }
            subjects.append(BulkSubject(id: user.idString, name: user.displayName ?? "", loginEmail: user.emailCredential?.email,
                                        forcedReset: user.emailCredential?.forcedPasswordResetAtNextLogin,
                                        disabled: user.isDisabled, ssoEmail: user.ssoCredential?.email))
        }
        return subjects
    }

    /// The email login's address of each user, by id, straight from the sandbox ("-" for none).
    func addresses(_ ids: ClosedRange<Int>) async -> [String: String] {
        var result: [String: String] = [:]
        for id in ids { result[String(id)] = await sandbox.user(id: String(id))?.emailCredential?.email ?? "-" }
        return result
    }

    /// How many requests of `method` the sandbox saw on `path` (after `/api/4.0`) with each status.
    func requests(_ method: String, _ pathSuffix: (String) -> Bool) async -> [LoggedRequest] {
        await sandbox.requests().filter { $0.method == method && pathSuffix($0.path) }
    }

    /// The 2xx PATCHes of each user's email login, by user id.
    func credentialPatches() async -> [String: Int] {
        var counts: [String: Int] = [:]
        for r in await sandbox.requests() where r.method == "PATCH" && r.path.hasSuffix("/credentials_email") && r.status == 200 {
            counts[Self.userID(in: r.path), default: 0] += 1
        }
        return counts
    }

    static func userID(in path: String) -> String {
        let parts = path.split(separator: "/")
        guard let at = parts.firstIndex(of: "users"), at + 1 < parts.count else { return "" }
        return String(parts[at + 1])
    }

    /// A PATCH from another admin (another client), as a change made elsewhere.
    func changeElsewhere(_ userID: String, email: String? = nil, forced: Bool? = nil) async throws {
        let other = Self.makeClient(sandbox)
        _ = try await other.updateCredentialsEmail(userID: userID, WriteCredentialsEmail(email: email, forcedPasswordResetAtNextLogin: forced))
        await other.shutdown()
    }
}

extension RowOutcome {
    var isFailed: Bool { if case .failed = self { true } else { false } }
}
