import Testing
@testable import RosterCore
import ScreenKit

/// Loading users and credentials: generations and request numbers keep late answers out.
@Suite struct ReducerLoadingTests {
    typealias P = People
    static let size = Size(cols: 80, rows: 24)

    @Test func startingLoadsTheAPIUserAndTheFirstGenerationOfUsers() {
        var store = TestStore(AppState(instance: "acme.looker.com", policy: .readWrite, size: Self.size))
        store.send(.started, effects: [.loadMe, .loadCatalog, .loadUsers(generation: 1), .findInterruptedRuns]) { $0.loadGeneration = 1 }
        // The journal learns who makes the changes from here, once; no GET /user per change.
        store.send(.meLoaded(name: "api-admin"), effects: [.setJournalActor("api-admin")]) { $0.apiUser = "api-admin" }
    }

    @Test func theFirstPageSelectsTheFirstUserAndFetchesTheirCredentialAtOnce() {
        var store = TestStore(AppState(instance: "acme.looker.com", policy: .readWrite, size: Self.size))
        store.send(.started, effects: [.loadMe, .loadCatalog, .loadUsers(generation: 1), .findInterruptedRuns]) { $0.loadGeneration = 1 }
        store.send(.usersLoaded(generation: 1, rows: [P.alice, P.bob], done: false),
                   effects: [.fetchCredential(request: 1, userID: "1", delayMs: 0)]) {
            $0.list.add([P.alice, P.bob])
            $0.detailRequest = 1
            $0.detail = .loading(userID: "1")
        }
        #expect(store.state.list.visibleIDs == ["1", "2"])
        #expect(store.state.list.selectedRow == P.alice)
        #expect(store.state.list.progress == .loading)

        // A page of an older generation (before a reload) changes nothing.
        store.send(.usersLoaded(generation: 0, rows: [P.carol], done: true))

        // The last page: no new fetch, the selection stays on Alice.
        store.send(.usersLoaded(generation: 1, rows: [P.carol, P.dave, P.alina], done: true)) {
            $0.list.add([P.carol, P.dave, P.alina])
            $0.list.progress = .complete
        }
        #expect(store.state.list.visibleIDs == ["1", "2", "3", "4", "5"])
        #expect(store.state.list.selectedRow == P.alice)
    }

    @Test func reloadStartsANewGenerationAndDropsPagesOfTheOldOne() {
        var store = TestStore(P.loaded())
        store.send(.key(.char("r")), effects: [.loadUsers(generation: 2), .loadCatalog, .spaceReloads(afterMs: 1000)]) {
            $0.loadGeneration = 2
            $0.reloadSpacing = true
            $0.list.reset()
            $0.detail = .empty
            $0.detailRequest = 2
        }
        #expect(store.state.list.count == 0)
        store.send(.usersLoaded(generation: 1, rows: [P.alice], done: true))
        store.send(.usersLoaded(generation: 2, rows: [P.bob], done: true),
                   effects: [.fetchCredential(request: 3, userID: "2", delayMs: 0)]) {
            $0.list.add([P.bob])
            $0.list.progress = .complete
            $0.detailRequest = 3
            $0.detail = .loading(userID: "2")
        }
    }

    @Test func failingToLoadUsersShowsWhyAndHowToRetry() {
        var store = TestStore(AppState(instance: "acme.looker.com", policy: .readWrite, size: Self.size))
        store.send(.started, effects: [.loadMe, .loadCatalog, .loadUsers(generation: 1), .findInterruptedRuns]) { $0.loadGeneration = 1 }
        let failure = Failure(kind: .network, summary: "connection refused")
        store.send(.usersFailed(generation: 0, failure))
        store.send(.usersFailed(generation: 1, failure), effects: [.expireFlash(id: 1, afterMs: 8000)]) {
            $0.list.progress = .failed("connection refused")
            $0.flashSeq = 1
            $0.flash = Flash(id: 1, text: "loading users failed: connection refused", level: .error)
        }
    }

    @Test func aLateCredentialNeverLandsOnTheWrongRow() {
        var store = TestStore(P.loaded())
        store.send(.key(.char("j")), effects: [.fetchCredential(request: 2, userID: "2", delayMs: 60)]) {
            $0.list.select(index: 1)
            $0.detailRequest = 2
            $0.detail = .loading(userID: "2")
        }
        store.send(.key(.char("j")), effects: [.fetchCredential(request: 3, userID: "3", delayMs: 60)]) {
            $0.list.select(index: 2)
            $0.detailRequest = 3
            $0.detail = .loading(userID: "3")
        }
        // Bob's answers come after the selection moved on to Carol: all ignored.
        store.send(.credentialLoaded(request: 2, userID: "2", P.credential(P.bob)))
        store.send(.credentialMissing(request: 2, userID: "2"))
        store.send(.credentialFailed(request: 2, userID: "2", Failure(kind: .server, summary: "500")))
        // The current request number with another user's id is not trusted either.
        store.send(.credentialLoaded(request: 3, userID: "2", P.credential(P.bob)))

        store.send(.credentialLoaded(request: 3, userID: "3", P.credential(P.carol))) {
            $0.detail = .form(CredentialForm(userID: "3", credential: P.credential(P.carol)))
        }
    }

    @Test func aUserWithoutAnEmailCredentialShowsTheLoginsTheyHave() {
        var store = TestStore(P.loaded())
        store.send(.key(.char("G")), effects: [.fetchCredential(request: 2, userID: "5", delayMs: 60)]) {
            $0.list.select(index: 4)
            $0.detailRequest = 2
            $0.detail = .loading(userID: "5")
        }
        store.send(.credentialMissing(request: 2, userID: "5")) {
            $0.detail = .missing(userID: "5", logins: ["google"])
        }
        store.send(.key(.enter), effects: [.expireFlash(id: 1, afterMs: 4000)]) {
            $0.flashSeq = 1
            $0.flash = Flash(id: 1, text: "this user has no email/password login (c creates one)", level: .info)
        }
        #expect(store.state.focus == .list)
    }

    @Test func aFailedCredentialFetchShowsTheMessageAndReturnsFocusToTheList() {
        var state = P.loaded()
        _ = reduce(&state, .key(.char("j")))
        state.focus = .form
        var store = TestStore(state)
        store.send(.credentialFailed(request: 2, userID: "2", Failure(kind: .forbidden, summary: "403 forbidden: Not allowed"))) {
            $0.detail = .failed(userID: "2", message: "403 forbidden: Not allowed")
            $0.focus = .list
        }
    }

    @Test func rateLimitingShowsANoticeUntilTheNextResult() {
        var store = TestStore(AppState(instance: "acme.looker.com", policy: .readWrite, size: Self.size))
        store.send(.started, effects: [.loadMe, .loadCatalog, .loadUsers(generation: 1), .findInterruptedRuns]) { $0.loadGeneration = 1 }
        store.send(.rateLimited(seconds: 2)) { $0.rateLimitNotice = "rate limited, retrying in 2 s" }
        store.send(.rateLimited(seconds: 2.6)) { $0.rateLimitNotice = "rate limited, retrying in 3 s" }
        store.send(.rateLimited(seconds: 0.4)) { $0.rateLimitNotice = "rate limited, retrying in <1 s" }
        store.send(.usersLoaded(generation: 1, rows: [P.alice], done: true),
                   effects: [.fetchCredential(request: 1, userID: "1", delayMs: 0)]) {
            $0.rateLimitNotice = nil
            $0.list.add([P.alice])
            $0.list.progress = .complete
            $0.detailRequest = 1
            $0.detail = .loading(userID: "1")
        }
        store.send(.rateLimited(seconds: 2)) { $0.rateLimitNotice = "rate limited, retrying in 2 s" }
        store.send(.credentialLoaded(request: 1, userID: "1", P.credential(P.alice))) {
            $0.rateLimitNotice = nil
            $0.detail = .form(CredentialForm(userID: "1", credential: P.credential(P.alice)))
        }
    }

    @Test func anyAnswerFromTheServerEndsTheRateLimitNotice() {
        var state = P.loaded()
        let answers: [Action] = [
            .meLoaded(name: "api-admin"),
            .meFailed(Failure(kind: .unauthorized, summary: "401")),
            .searchAnswered(seq: 0, rows: []),
            .credentialMissing(request: 1, userID: "1"),
            .saveFailed(userID: "1", Failure(kind: .server, summary: "500")),
        ]
        for answer in answers {
            _ = reduce(&state, .rateLimited(seconds: 2))
            _ = reduce(&state, answer)
            #expect(state.rateLimitNotice == nil, "after \(answer)")
        }
    }

    @Test func aFlashExpiresOnlyByItsOwnID() {
        var store = TestStore(P.loaded())
        store.send(.noticed("theme 'neon' not found"), effects: [.expireFlash(id: 1, afterMs: 4000)]) {
            $0.flashSeq = 1
            $0.flash = Flash(id: 1, text: "theme 'neon' not found", level: .warning)
        }
        store.send(.noticed("profile 'prod' has no base_url"), effects: [.expireFlash(id: 2, afterMs: 4000)]) {
            $0.flashSeq = 2
            $0.flash = Flash(id: 2, text: "profile 'prod' has no base_url", level: .warning)
        }
        // The first flash's timer must not clear the second flash.
        store.send(.flashExpired(id: 1))
        store.send(.flashExpired(id: 2)) { $0.flash = nil }
    }

    @Test func resizingKeepsTheSelectionOnScreen() {
        var state = P.loaded()
        _ = reduce(&state, .key(.char("G")))
        var store = TestStore(state)
        // 50×12 stacks the panes: the list shows 3 rows, so row 4 scrolls the top to row 2.
        store.send(.resized(Size(cols: 50, rows: 12))) {
            $0.size = Size(cols: 50, rows: 12)
            $0.list.scrollTop = 2
        }
        store.send(.resized(Size(cols: 120, rows: 40))) {
            $0.size = Size(cols: 120, rows: 40)
            $0.list.scrollTop = 0
        }
    }
}
