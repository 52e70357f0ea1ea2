import Foundation
import LookerAPI
import RosterApp
import RosterServices
import RosterCore
import ScreenKit
import Testing

/// The reducer and the runner together, as the event loop runs them, on the fake service: the core
/// decides (write or ask), the runner only does the IO.
@Suite("Effect runner with the reducer")
struct EffectRunnerLoopTests {
    /// A state, a runner, and the pump between them.
    final class Loop {
        let h = RunnerHarness()
        var state = AppState(instance: "looker.fake.test", policy: .readWrite, size: Size(cols: 100, rows: 30))
        var consumed = 0

        func dispatch(_ action: Action) {
            for effect in reduce(&state, action) {
                if case .expireFlash = effect { continue }   // timers are not what these tests are about
                h.runner.run(effect)
            }
        }

        /// Feeds what the runner posted back into the reducer until `condition` holds.
        func pump(until condition: (AppState) -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            try await until(within: .seconds(10), sourceLocation: sourceLocation) {
                let posted = h.posted.all
                while consumed < posted.count {
                    consumed += 1
                    dispatch(posted[consumed - 1])
                }
                return condition(state)
            }
        }

        /// Started, Alice (user 7) listed, her credential in the form, the journal's actor known.
        func started(credential: CredentialsEmail) async throws {
            h.fake.on(.me, .user(Served.user("1", "API", "api-admin@acme.com")))
            h.fake.on(.users, .pages([[Served.user("7", "Alice Smith", credential.email ?? "")]]))
            h.fake.on(.credential, user: "7", .credential(credential))
            dispatch(.started)
            try await pump { $0.form?.userID == "7" && $0.apiUser != nil }
        }

        /// Focus in the form, the email field replaced by `email`.
        func type(_ email: String) {
            dispatch(.key(.enter))
            dispatch(.key(.ctrl("u")))
            for c in email { dispatch(.key(.char(c))) }
        }
    }

    @Test func aSaveReadsFirstThenWritesWhenNothingChanged() async throws {
        let loop = Loop()
        try await loop.started(credential: Served.credential("7", "alice@acme.co"))
        loop.h.fake.on(.updateCredential, .credential(Served.credential("7", "alice@acme.com")))
        loop.h.fake.on(.user, .user(Served.user("7", "Alice Smith", "alice@acme.com")))
        loop.type("alice@acme.com")
        loop.dispatch(.key(.ctrl("s")))
        loop.dispatch(.key(.ctrl("s")))   // a second Ctrl-S while saving sends nothing more
        try await loop.pump { $0.flash?.text == "Saved alice@acme.com" }
        #expect(loop.h.fake.calls.filter { $0.userID == "7" }.map(\.endpoint) == [.credential, .credential, .updateCredential, .user])
        #expect(loop.state.list.row(id: "7")?.email == "alice@acme.com", "the list row agrees with the form")
        #expect(loop.state.form?.original.email == "alice@acme.com")
        try await loop.h.settled()
    }

    @Test func aSaveOverAChangedCredentialAsksAndSendsNothing() async throws {
        let loop = Loop()
        try await loop.started(credential: Served.credential("7", "alice@acme.co"))
        // Someone else changed it meanwhile.
        loop.h.fake.on(.credential, user: "7", .credential(Served.credential("7", "alice@corp.co", forced: true)))
        loop.type("alice@acme.com")
        loop.dispatch(.key(.ctrl("s")))
        try await loop.pump { $0.overlay != .none }
        guard case .dialog(.conflict(let server)) = loop.state.overlay else {
            Issue.record("expected the conflict dialog, got \(loop.state.overlay)")
            return
        }
        #expect(server.email == "alice@corp.co")
        try await loop.h.settled()
        #expect(loop.h.fake.calls(.updateCredential) == [])

        // Keep mine: written at once, no third read, both fields as the form shows them.
        loop.h.fake.on(.updateCredential, .credential(Served.credential("7", "alice@acme.com", forced: false)))
        loop.h.fake.on(.user, .user(Served.user("7", "Alice Smith", "alice@acme.com")))
        loop.dispatch(.key(.char("k")))
        try await loop.pump { $0.flash?.text == "Saved alice@acme.com" }
        #expect(loop.h.fake.calls(.credential).count == 2)
        #expect(loop.h.fake.calls(.updateCredential).map(\.detail) == ["email=alice@acme.com forced=false"])
    }

    @Test func disablingShowsInTheListRowAndTheForm() async throws {
        let loop = Loop()
        try await loop.started(credential: Served.credential("7", "alice@acme.co"))
        #expect(loop.state.form?.original.isDisabled == false)
        loop.h.fake.on(.updateUser, user: "7", .user(Served.user("7", "Alice Smith", "alice@acme.co", disabled: true)))
        loop.h.fake.on(.user, user: "7", .user(Served.user("7", "Alice Smith", "alice@acme.co", disabled: true)))
        loop.h.fake.on(.credential, user: "7", .credential(Served.credential("7", "alice@acme.co", disabled: true)))
        loop.dispatch(.key(.char("x")))
        loop.dispatch(.key(.char("y")))
        try await loop.pump { $0.list.row(id: "7")?.enabled == false && $0.form?.original.isDisabled == true }
        #expect(loop.h.fake.calls.filter { $0.userID == "7" }.map(\.endpoint) == [.credential, .updateUser, .user, .credential])
        try await loop.h.settled()
    }
}
