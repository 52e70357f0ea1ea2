import Testing
@testable import RosterCore
import ScreenKit

/// The filter with qualifiers in the app: typed a key at a time, an error keeps the last valid
/// result on screen and says why in the filter line, and the server is asked only for text.
@Suite struct QueryFilterTests {
    typealias P = People

    static func type(_ state: inout AppState, _ text: String) -> [Effect] {
        var effects: [Effect] = []
        for c in text { effects += reduce(&state, .key(.char(c))) }
        return effects
    }

    static func shown(_ state: AppState) -> [String] { state.list.visible.map { state.list.rows[Int($0)].id } }

    @Test func anInvalidQueryKeepsTheLastValidResult() {
        var state = P.loaded()
        _ = reduce(&state, .key(.char("/")))
        _ = Self.type(&state, "is:enabled")
        #expect(state.list.filterError == nil)
        #expect(Self.shown(state) == ["1", "2", "4", "5"])
        _ = Self.type(&state, " -")
        #expect(state.list.filterError?.reason == "\"-\" needs a term after it")
        #expect(Self.shown(state) == ["1", "2", "4", "5"])   // no flash to empty while it is wrong
        _ = Self.type(&state, "login:")
        #expect(state.list.filterError?.reason == "login: takes email, saml, google, oidc, ldap, looker_openid, workforce, embed, api, totp")
        #expect(Self.shown(state) == ["1", "2", "4", "5"])   // "-login" as text excluded nobody
        _ = Self.type(&state, "sa")
        #expect(state.list.filterError != nil)
        #expect(Self.shown(state) == ["1", "2", "4", "5"])
        _ = Self.type(&state, "ml")
        #expect(state.list.filterError == nil)
        #expect(Self.shown(state) == ["1", "4", "5"])        // Bob has a saml login
        _ = reduce(&state, .key(.backspace))
        #expect(state.list.filterError != nil)
        #expect(Self.shown(state) == ["1", "4", "5"])
        // Esc clears the filter and its error.
        _ = reduce(&state, .key(.escape))
        #expect(state.list.filterError == nil)
        #expect(Self.shown(state) == ["1", "2", "3", "4", "5"])
    }

    @Test func theFilterLineShowsTheErrorAndTheStatusLineTheWholeMessage() {
        var state = Screens.browsing(Size(cols: 80, rows: 24))
        state.focus = .filter
        state.list.setFilter("ali")
        state.list.setFilter("ali is:bogus")
        let lines = screen(state)
        #expect(Array(lines[1...4]) == [
            " Users 7 (all loaded)  filter: ali is:bogus   ! is: takes enabled or disabled, …",
            " ID▲    Name                     Email                         Login        On  ",
            "    1 ▸ Alice Smith              alice@acme.co                 email        ✓   ",
            "    6 ! al⟨ZWSP⟩ice              alice2@acme.co                google       ✓   ",
        ])
        #expect(lines[23] == " is: takes enabled or disabled, not \"bogus\"; valid: is:enabled is:disabled ha…  ")
        let frame = render(state)
        #expect(roles(frame.grid, y: 1, 47..<79) == [.error])
        #expect(roles(frame.grid, y: 23, 1..<78) == [.error])
        #expect(frame.cursor == Point(x: 43, y: 1))
    }

    @Test func theServerIsAskedForTextOnly() {
        var state = AppState(instance: "acme.looker.com", policy: .readWrite, size: Size(cols: 80, rows: 24))
        _ = reduce(&state, .started)
        _ = reduce(&state, .usersLoaded(generation: 1, rows: P.all, done: false))
        _ = reduce(&state, .key(.char("/")))
        _ = Self.type(&state, "is:enable")
        // "is:enable" does not parse; "is:enabled" has no text: the server's search is not asked.
        var effects = Self.type(&state, "d")
        #expect(!effects.contains { if case .searchUsers = $0 { true } else { false } })
        effects = Self.type(&state, " ann")
        #expect(effects.contains(.searchUsers(seq: state.searchSeq, text: "ann", delayMs: 150)))
    }

    @Test func theClockReachesTheList() {
        var state = P.loaded()
        _ = reduce(&state, .clockRead(epochSeconds: 1_796_040_000))
        #expect(state.list.today == 20_787)
    }
}
