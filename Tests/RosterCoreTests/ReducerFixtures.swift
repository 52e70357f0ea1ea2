import Testing
@testable import RosterCore
import ScreenKit

/// Users and credentials the reducer and render tests share.
enum People {
    static let alice = UserRow(id: "1", name: "Alice Smith", email: "alice@acme.co", logins: ["email"], enabled: true,
                               emailLogin: "alice@acme.co", forcedReset: false)
    static let bob = UserRow(id: "2", name: "Bob Jones", email: "bob@acme.co", logins: ["email", "saml"], enabled: true,
                             emailLogin: "bob@acme.co", forcedReset: false, ssoEmail: "bob@acme.co")
    static let carol = UserRow(id: "3", name: "Carol Díaz", email: "carol@acme.co", logins: ["saml"], enabled: false,
                               ssoEmail: "carol@acme.co")
    static let dave = UserRow(id: "4", name: "Dave Li", email: "dli@acme.co", logins: ["email"], enabled: true,
                              emailLogin: "dli@acme.co", forcedReset: true)
    static let alina = UserRow(id: "5", name: "Alina Ortiz", email: "alina@example.org", logins: ["google"], enabled: true,
                               ssoEmail: "alina@example.org")
    static let all = [alice, bob, carol, dave, alina]

    static func credential(_ user: UserRow, forcedReset: Bool = false) -> Credential {
        Credential(userID: user.id, email: user.email, forcedPasswordResetAtNextLogin: forcedReset, isDisabled: false,
                       createdAt: "2024-03-02", loggedInAt: "2026-11-01", type: "email",
                       passwordResetURL: "https://acme.example/password/reset/s3cr3tT0ken", passwordResetURLExpired: false,
                       url: "https://acme.example/api/4.0/users/\(user.id)/credentials_email",
                       userURL: "https://acme.example/api/4.0/users/\(user.id)",
                       can: ["show_password_reset_url": true, "update": true])
    }

    /// Every user loaded, Alice selected, her credential in the form, focus on the list.
    static func loaded(readOnly: Bool = false, size: Size = Size(cols: 80, rows: 24)) -> AppState {
        var state = AppState(instance: "acme.looker.com", policy: Policy(readOnly: readOnly, reason: readOnly ? "--read-only" : "default"), size: size)
        _ = reduce(&state, .started)
        _ = reduce(&state, .usersLoaded(generation: 1, rows: all, done: true))
        _ = reduce(&state, .credentialLoaded(request: 1, userID: "1", credential(alice)))
        return state
    }

    /// `loaded()` with the focus in the form, on the email field.
    static func editing(readOnly: Bool = false) -> AppState {
        var state = loaded(readOnly: readOnly)
        _ = reduce(&state, .key(.enter))
        return state
    }
}

extension UserList {
    /// The ids of the rows that pass the filter, in order.
    var visibleIDs: [String] { visible.map { rows[Int($0)].id } }
}

/// Sends actions to a state and checks the exact change each one makes, like a TCA test store:
/// `change` applies the expected change to a copy of the state before the action; the state after
/// the action must equal it, and the effects must equal `effects`.
struct TestStore {
    var state: AppState

    init(_ state: AppState) { self.state = state }

    mutating func send(_ action: Action, effects expected: [Effect] = [],
                       sourceLocation: SourceLocation = #_sourceLocation,
                       _ change: (inout AppState) -> Void = { _ in }) {
        var expectedState = state
        change(&expectedState)
        let effects = reduce(&state, action)
        #expect(effects == expected, sourceLocation: sourceLocation)
        #expect(state == expectedState, sourceLocation: sourceLocation)
    }

    /// Types each character of `text` as a key.
    mutating func type(_ text: String) {
        for c in text { _ = reduce(&state, .key(.char(c))) }
    }
}
