import Foundation
import LookerAPI
import RosterApp
import RosterServices
import RosterCore
import ScreenKit
import Testing

/// Reads: they answer with what the server said, a newer read cancels the older one under the same
/// key, and `cancelReads()` silences every one of them.
@Suite("Effect runner: reads")
struct EffectRunnerReadTests {
    @Test func readForSavePostsTheServersValuesAndWritesNothing() async throws {
        let h = RunnerHarness()
        let server = Served.credential("7", "alice@corp.co", forced: true)
        h.fake.on(.credential, user: "7", .credential(server))
        h.runner.run(.readForSave(userID: "7"))
        let answer = try await h.posted.first { $0.caseName == "saveChecked" }
        #expect(answer == .saveChecked(userID: "7", current: Mapping.credential(server)))
        try await h.settled()
        #expect(h.fake.calls.map(\.endpoint) == [.credential], "a read, and only a read: the reducer decides what follows")
        #expect(h.posted.all.count == 1)
    }

    @Test(arguments: [
        (LookerError.notFound(ServerMessage(message: "Not found")), Failure.Kind.notFound, "404 not found: Not found"),
        (LookerError.forbidden(ServerMessage(message: "Denied on Looker (Google Cloud core)")), Failure.Kind.forbidden,
         "403 forbidden: Denied on Looker (Google Cloud core)"),
    ])
    func aFailedReadForSaveIsASaveFailure(_ error: LookerError, _ kind: Failure.Kind, _ summary: String) async throws {
        let h = RunnerHarness()
        h.fake.on(.credential, user: "7", .failure(error))
        h.runner.run(.readForSave(userID: "7"))
        let answer = try await h.posted.first { $0.caseName == "saveFailed" }
        #expect(answer == .saveFailed(userID: "7", Failure(kind: kind, summary: summary)))
        try await h.settled()
        #expect(!h.fake.calls.contains { $0.endpoint.isWrite })
    }

    @Test func aNewerCredentialFetchCancelsTheOlderWhoseAnswerIsNeverPosted() async throws {
        let h = RunnerHarness()
        let gate = h.fake.hold(.credential, user: "7")
        h.fake.on(.credential, user: "7", .credential(Served.credential("7", "alice@acme.co")))
        h.fake.on(.credential, user: "8", .credential(Served.credential("8", "bob@acme.co")))
        h.runner.run(.fetchCredential(request: 1, userID: "7", delayMs: 0))
        try await until { h.fake.calls(.credential).count == 1 }
        h.runner.run(.fetchCredential(request: 2, userID: "8", delayMs: 0))
        _ = try await h.posted.first { $0.caseName == "credentialLoaded" }
        // The server answers the older request after all; the runner must drop that answer.
        gate.open()
        try await h.settled()
        #expect(h.fake.calls(.credential).map(\.userID) == ["7", "8"])
        #expect(h.posted.all == [.credentialLoaded(request: 2, userID: "8", Mapping.credential(Served.credential("8", "bob@acme.co")))])
    }

    @Test func aDelayedFetchOvertakenWhileWaitingNeverReachesTheServer() async throws {
        let h = RunnerHarness()
        h.fake.on(.credential, .credential(Served.credential("8", "bob@acme.co")))
        // Scrolling past a row: its fetch waits, and the next row's fetch cancels it before it is sent.
        h.runner.run(.fetchCredential(request: 1, userID: "7", delayMs: 60_000))
        h.runner.run(.fetchCredential(request: 2, userID: "8", delayMs: 0))
        _ = try await h.posted.first { $0.caseName == "credentialLoaded" }
        try await h.settled()
        #expect(h.fake.calls(.credential).map(\.userID) == ["8"])
    }

    @Test func cancelReadsSilencesEveryReadInFlight() async throws {
        let h = RunnerHarness()
        let gates = [h.fake.hold(.credential, user: "7"), h.fake.hold(.credential, user: "9"), h.fake.hold(.me), h.fake.hold(.search)]
        h.fake.on(.credential, .credential(Served.credential("7", "alice@acme.co")))
        h.fake.on(.me, .user(Served.user("1", "API", "api-admin@acme.com")))
        h.fake.on(.search, .users([Served.user("7", "Alice", "alice@acme.co")]))
        h.runner.run(.fetchCredential(request: 1, userID: "7", delayMs: 0))
        h.runner.run(.readForSave(userID: "9"))
        h.runner.run(.loadMe)
        h.runner.run(.searchUsers(seq: 1, text: "ali", delayMs: 0))
        try await until { h.fake.calls.count == 4 }
        #expect(h.runner.readsInFlight == 4)
        h.runner.cancelReads()
        for gate in gates { gate.open() }
        try await h.settled()
        #expect(h.posted.all == [])
    }

    @Test func quittingCancelsReadsToo() async throws {
        let h = RunnerHarness()
        let gate = h.fake.hold(.credential)
        h.fake.on(.credential, .credential(Served.credential("7", "alice@acme.co")))
        h.runner.run(.readForSave(userID: "7"))
        try await until { h.fake.calls.count == 1 }
        h.runner.run(.quit)
        gate.open()
        try await h.settled()
        #expect(h.posted.all == [])
    }

    @Test func usersStreamOneBehindSoTheLastPageSaysDone() async throws {
        let h = RunnerHarness()
        let (a, b, c) = (Served.user("1", "Ann", "ann@acme.co"), Served.user("2", "Ben", "ben@acme.co"),
                         Served.user("3", "Cy", "cy@acme.co"))
        h.fake.on(.users, .pages([[a, b], [c]]))
        h.runner.run(.loadUsers(generation: 4))
        _ = try await h.posted.first { if case .usersLoaded(_, _, true) = $0 { true } else { false } }
        #expect(h.posted.all == [.usersLoaded(generation: 4, rows: [Mapping.row(a), Mapping.row(b)], done: false),
                                 .usersLoaded(generation: 4, rows: [Mapping.row(c)], done: true)])
    }

    @Test func aFailedUserStreamSaysWhy() async throws {
        let h = RunnerHarness()
        h.fake.on(.users, .failure(.server(status: 502, ServerMessage(message: "Bad Gateway"))))
        h.runner.run(.loadUsers(generation: 1))
        let answer = try await h.posted.first { $0.caseName == "usersFailed" }
        #expect(answer == .usersFailed(generation: 1, Failure(kind: .server, summary: "502 server error: Bad Gateway")))
    }

    @Test func theAPIUserIsNamedByEmailThenNameThenID() async throws {
        let h = RunnerHarness()
        h.fake.on(.me, .user(User(displayName: "API Admin", id: "12")), .user(User(id: "12")))
        h.runner.run(.loadMe)
        _ = try await h.posted.first { $0 == .meLoaded(name: "API Admin", id: "12") }
        h.runner.run(.loadMe)
        // As the journal and `roster` commands name it.
        _ = try await h.posted.first { $0 == .meLoaded(name: "id 12", id: "12") }
    }
}
