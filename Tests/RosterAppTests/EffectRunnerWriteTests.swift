import Foundation
import LookerAPI
import RosterApp
import RosterServices
import RosterCore
import ScreenKit
import Testing
import TestSupport

/// Writes: never cancelled (not by a newer effect, `cancelReads()` or quit), never sent twice at
/// once, journaled with the API user the runner was told, and followed by the re-reads that keep
/// the list row and the form in agreement.
@Suite("Effect runner: writes")
struct EffectRunnerWriteTests {
    static let draft = CredentialDraft(email: "alice@acme.com")
    static let before = Credential(email: "alice@acme.co", forcedPasswordResetAtNextLogin: false)
    static let patch = Effect.write(.updateCredential(before: before, draft: draft), userID: "7")

    @Test func aPatchInFlightOutlivesCancelReadsAndQuit() async throws {
        let h = RunnerHarness()
        let gate = h.fake.hold(.updateCredential)
        let saved = Served.credential("7", "alice@acme.com")
        let reread = Served.user("7", "Alice Smith", "alice@acme.com")
        h.fake.on(.updateCredential, .credential(saved))
        h.fake.on(.user, user: "7", .user(reread))
        h.runner.run(Self.patch)
        try await until { h.fake.calls(.updateCredential).count == 1 }
        #expect(h.runner.writesInFlight == 1)
        h.runner.cancelReads()
        h.runner.run(.quit)
        h.runner.run(.fetchCredential(request: 9, userID: "7", delayMs: 60_000))   // a newer effect on the same user
        #expect(h.runner.writesInFlight == 1)
        gate.open()
        let answer = try await h.posted.first { $0.caseName == "saved" }
        #expect(answer == .saved(userID: "7", Mapping.credential(saved), row: Mapping.row(reread)))
        #expect(h.fake.calls(.updateCredential) == [FakeLooker.Call(endpoint: .updateCredential, userID: "7",
                                                                    detail: "email=alice@acme.com forced=-")])
        h.runner.cancelReads()
        try await h.settled()
    }

    @Test func aSecondSaveOfTheSameUserIsRefusedWhileTheFirstIsInFlight() async throws {
        let h = RunnerHarness()
        let gate = h.fake.hold(.updateCredential, user: "7")
        h.fake.on(.updateCredential, user: "7", .credential(Served.credential("7", "alice@acme.com")))
        h.fake.on(.updateCredential, user: "8", .credential(Served.credential("8", "bob@acme.com")))
        h.fake.on(.user, .user(Served.user("7", "Alice Smith", "alice@acme.com")))
        h.runner.run(Self.patch)
        try await until { h.fake.calls(.updateCredential).count == 1 }
        h.runner.run(Self.patch)
        let refusal = try await h.posted.first { $0.caseName == "noticed" }
        #expect(refusal == .noticed("already saving the credential of user #7: not sent twice"))
        #expect(h.log.lines.withLock { $0 } == ["warning refused a write already in flight"])
        // Another user's save is a different write: it goes while the first is held.
        h.runner.run(.write(.updateCredential(before: Self.before, draft: CredentialDraft(email: "bob@acme.com")), userID: "8"))
        _ = try await h.posted.first { if case .saved("8", _, _) = $0 { true } else { false } }
        gate.open()
        _ = try await h.posted.first { if case .saved("7", _, _) = $0 { true } else { false } }
        try await h.settled()
        #expect(h.fake.calls(.updateCredential).map(\.userID) == ["7", "8"])
        // Once answered, the same save may be sent again.
        h.runner.run(Self.patch)
        try await until { h.fake.calls(.updateCredential).count == 3 }
        try await h.settled()
    }

    /// Each write, the endpoint it calls, and the answer it ends with.
    struct WriteCase: Sendable, CustomTestStringConvertible {
        let effect: Effect
        let endpoint: FakeLooker.Endpoint
        let answerCase: String
        var testDescription: String { endpoint.rawValue }
    }

    static let writes: [WriteCase] = [
        WriteCase(effect: patch, endpoint: .updateCredential, answerCase: "saved"),
        WriteCase(effect: .write(.createLogin(email: "alice@acme.co"), userID: "7"), endpoint: .createCredential, answerCase: "lifecycle.credentialCreated"),
        WriteCase(effect: .write(.deleteLogin, userID: "7"), endpoint: .deleteCredential, answerCase: "lifecycle.credentialDeleted"),
        WriteCase(effect: .write(.createResetURL(expires: true), userID: "7"), endpoint: .passwordReset, answerCase: "lifecycle.resetURLCreated"),
        WriteCase(effect: .write(.sendResetEmail, userID: "7"), endpoint: .sendReset, answerCase: "lifecycle.resetEmailSent"),
        WriteCase(effect: .write(.setDisabled(true), userID: "7"), endpoint: .updateUser, answerCase: "lifecycle.userChanged"),
    ]

    @Test(arguments: writes)
    func everyWriteIsSentOnceAtATime(_ w: WriteCase) async throws {
        let h = RunnerHarness()
        let credential = Served.credential("7", "alice@acme.co")
        for endpoint in [FakeLooker.Endpoint.credential, .updateCredential, .createCredential, .passwordReset, .sendReset] {
            h.fake.on(endpoint, .credential(credential))
        }
        h.fake.on(.deleteCredential, .done)
        h.fake.on(.user, .user(Served.user("7", "Alice Smith", "alice@acme.co")))
        h.fake.on(.updateUser, .user(Served.user("7", "Alice Smith", "alice@acme.co", disabled: true)))
        let gate = h.fake.hold(w.endpoint)
        h.runner.run(w.effect)
        try await until { h.fake.calls(w.endpoint).count == 1 }
        // A second Enter in the create dialog, a second `y`: refused, not queued, not sent.
        h.runner.run(w.effect)
        _ = try await h.posted.first { $0.caseName == "noticed" }
        h.runner.cancelReads()
        gate.open()
        _ = try await h.posted.first { $0.caseName == w.answerCase }
        try await h.settled()
        #expect(h.fake.calls(w.endpoint).count == 1)
        #expect(h.posted.all.filter { $0.caseName == w.answerCase }.count == 1)
    }

    @Test func theJournalIsStampedWithTheAPIUserFromStateWithoutAskingTheServer() async throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let journal = Journal(path: dir.path + "/journal.jsonl")
        let h = RunnerHarness(journal: journal)
        h.fake.on(.updateCredential, .credential(Served.credential("7", "alice@acme.com")))
        h.fake.on(.user, .user(Served.user("7", "Alice Smith", "alice@acme.com")))
        h.fake.on(.updateUser, .user(Served.user("7", "Alice Smith", "alice@acme.com", disabled: true)))
        h.runner.run(.setJournalActor("api-admin@acme.com"))
        h.runner.run(Self.patch)
        _ = try await h.posted.first { $0.caseName == "saved" }
        h.runner.run(.setJournalActor("other-admin@acme.com"))
        h.runner.run(.write(.setDisabled(true), userID: "7"))
        _ = try await h.posted.first { $0.caseName == "lifecycle.userChanged" }
        try await h.settled()
        let entries = try journal.read()
        #expect(entries.map(\.apiUser) == ["api-admin@acme.com", "other-admin@acme.com"])
        #expect(entries.map(\.instance) == [h.fake.instance, h.fake.instance])
        #expect(entries.map(\.action) == [.updateCredential, .disable])
        #expect(entries.first?.before == "alice@acme.co")
        #expect(entries.first?.after == "alice@acme.com")
        #expect(h.fake.calls(.me) == [], "no GET /user per change")
    }

    @Test func aFailedWriteJournalsNothing() async throws {
        let dir = try TemporaryDirectory("roster-journal-tests")
        defer { dir.remove() }
        let journal = Journal(path: dir.path + "/journal.jsonl")
        let h = RunnerHarness(journal: journal)
        h.fake.on(.updateCredential, .failure(.forbidden(ServerMessage(message: "Not allowed"))))
        h.runner.run(.setJournalActor("api-admin@acme.com"))
        h.runner.run(Self.patch)
        _ = try await h.posted.first { $0.caseName == "saveFailed" }
        try await h.settled()
        #expect(!FileManager.default.fileExists(atPath: journal.path))
        #expect(h.fake.calls(.user) == [], "no re-read after a refused change")
    }
}
