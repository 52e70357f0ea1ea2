import RosterCore
import ScreenKit
import Testing

/// The core's side of a served session: the header names the viewer, and nothing that shows or
/// copies a secret URL works, even on a form that somehow holds one.
@Suite struct ServedStateTests {
    func servedState() -> AppState {
        var state = AppState(instance: "acme.looker.com", policy: Policy(readOnly: true, reason: "--read-only"), size: Size(cols: 100, rows: 24))
        state.policy = Policy(readOnly: true, reason: "served", viewer: "alice@laptop")
        state.apiUser = "api-admin"
        return state
    }

    @Test func theHeaderSaysWhoIsViewing() {
        let header = render(servedState()).grid.lines[0]
        #expect(header.contains("viewing as alice@laptop, read-only"))
        #expect(header.contains("READ-ONLY"))
        #expect(!header.contains("as api-admin"), "the viewer, not the API user, is named")
    }

    @Test func ctrlRRevealsNothingAndPAndYAreRefused() {
        var state = servedState()
        _ = reduce(&state, .usersLoaded(generation: state.loadGeneration, rows: [UserRow(id: "1", name: "Alice", email: "a@x.io", logins: ["email"], enabled: true)], done: true))
        let credential = Credential(userID: "1", email: "a@x.io", passwordResetURL: "https://acme.looker.com/password/reset/SECRET")
        _ = reduce(&state, .credentialLoaded(request: state.detailRequest, userID: "1", credential))
        _ = reduce(&state, .key(.tab))
        guard case .form = state.detail else {
            Issue.record("the form did not open: \(state.detail)")
            return
        }
        for key in [Key.tab, .ctrl("r")] { _ = reduce(&state, .key(key)) }
        #expect(state.form?.revealSecrets == false)
        #expect(!render(state).grid.lines.joined().contains("SECRET"))
        for key in [Key.char("p"), .char("y")] {
            let effects = reduce(&state, .key(key))
            #expect(!effects.contains { if case .copyToClipboard = $0 { true } else { false } })
            #expect(!effects.contains { if case .write(.createResetURL, _) = $0 { true } else { false } })
            #expect(state.overlay == .none)
        }
    }
}
