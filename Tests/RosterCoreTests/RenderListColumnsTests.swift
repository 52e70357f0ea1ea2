import Testing
@testable import RosterCore
import ScreenKit

/// The list's optional roles and groups columns: off by default, toggled by their keys, names from
/// the catalog (sanitized, cut to the column), ids before the catalog is read.
@Suite struct RenderListColumnsTests {
    static let size = Size(cols: 80, rows: 24)

    static func state(catalog: AccessCatalog? = ListAccessFilterTests.catalog) -> AppState {
        var state = AppState(instance: "acme.looker.com", policy: .readWrite, size: Self.size)
        state.list = ListAccessFilterTests.list(catalog: nil)
        if let catalog { _ = reduce(&state, .access(.catalogLoaded(catalog))) }
        return state
    }

    @Test func theColumnsAreOffUntilTheirKeysArePressed() {
        var state = Self.state()
        #expect(Array(screen(state)[2...4]) == [
            " ID▲  Name                      Email                          Login        On  ",
            "  1 ▸ Ann                       ann@acme.com                   email        ✓   ",
            "  2   Bob                       bob@acme.com                   email        ✓   ",
        ])
        _ = reduce(&state, .key(.char("R")))
        #expect(state.list.showsRoles && !state.list.showsGroups)
        // Every role held, directly or through a group (Bob's come with Data Platform and Engineering).
        #expect(Array(screen(state)[2...8]) == [
            " ID▲  Name               Email                  Login        On  Roles          ",
            "  1 ▸ Ann                ann@acme.com           email        ✓   Admin          ",
            "  2   Bob                bob@acme.com           email        ✓   Developer, Su… ",
            "  3   Cat                cat@acme.com           email        ✓   Developer, Us… ",
            "  4   Dan                dan@acme.com           saml         ✓   Sales Explorer ",
            "  5   Eve                eve@acme.com           email        ✗   Sales Explorer ",
            "  6   Fay                fay@acme.com           email        ✓   User, Viewer,… ",
        ])
        _ = reduce(&state, .key(.char("M")))
        #expect(Array(screen(state)[2...8]) == [
            " ID▲  Name             Email               Login        On  Roles     Groups    ",
            "  1 ▸ Ann              ann@acme.com        email        ✓   Admin     All Users ",
            "  2   Bob              bob@acme.com        email        ✓   Develope… All User… ",
            "  3   Cat              cat@acme.com        email        ✓   Develope… Engineer… ",
            "  4   Dan              dan@acme.com        saml         ✓   Sales Ex… Sales EM… ",
            "  5   Eve              eve@acme.com        email        ✗   Sales Ex…           ",
            "  6   Fay              fay@acme.com        email        ✓   User, Vi… Twins, O… ",
        ])
        _ = reduce(&state, .key(.char("R")))
        #expect(!state.list.showsRoles && state.list.showsGroups)
        #expect(screen(state)[3] == "  1 ▸ Ann                ann@acme.com           email        ✓   All Users      ")
        _ = reduce(&state, .key(.char("M")))
        #expect(screen(state)[3] == "  1 ▸ Ann                       ann@acme.com                   email        ✓   ")
    }

    @Test func namesFromTheServerAreSanitizedAndIdsShowBeforeTheCatalog() {
        var state = Self.state(catalog: nil)
        state.list.showsRoles = true
        state.list.showsGroups = true
        #expect(screen(state)[3] == "  1 ▸ Ann              ann@acme.com        email        ✓   #2        #1        ")
        #expect(screen(state)[8] == "  6   Fay              fay@acme.com        email        ✓   #r-x      #g-y, #9  ")
        let hostile = AccessCatalog(roles: [AccessCatalog.Role(id: "2", name: "\u{1b}]52;c;ZXZpbA==\u{7}x")],
                                    groups: [AccessCatalog.Group(id: "1", name: "a\u{202E}b")], attributes: [])
        _ = reduce(&state, .access(.catalogLoaded(hostile)))
        #expect(screen(state)[3] == "  1 ▸ Ann              ann@acme.com        email        ✓   ␛]52;c;Z… a⟨RLO⟩b   ")
        let frame = render(state)
        #expect(roles(frame.grid, y: 3, 60..<61) == [.escaped])
        #expect(roles(frame.grid, y: 3, 71..<76) == [.escaped])
    }
}
