import Testing
@testable import RosterCore
import ScreenKit

/// The users pane: title and filter, columns and sort mark, rows, selection and scrolling.
@Suite struct RenderListTests {
    typealias S = Screens
    static let size = Size(cols: 80, rows: 24)

    @Test func theFilterShowsInTheTitleWithItsMatchCountAndTheCursor() {
        var state = S.browsing(Self.size)
        state.focus = .filter
        state.list.setFilter("ali")
        #expect(Array(screen(state)[1...5]) == [
            " Users 7 (all loaded)  filter: ali   2 matches                                  ",
            " ID▲    Name                     Email                         Login        On  ",
            "    1 ▸ Alice Smith              alice@acme.co                 email        ✓   ",
            "    6 ! al⟨ZWSP⟩ice              alice2@acme.co                google       ✓   ",
            "                                                                                ",
        ])
        let frame = render(state)
        #expect(frame.cursor == Point(x: 34, y: 1))
        #expect(roles(frame.grid, y: 1, 31..<34) == [.inputFocused])
        #expect(roles(frame.grid, y: 1, 21..<31) == [.dim])
        #expect(screen(state)[23] == " type to filter  enter keep  esc clear  ↑/↓ move                                ")
    }

    @Test func onANarrowScreenTheTypedFilterWinsOverTheCount() {
        var state = S.browsing(Size(cols: 50, rows: 12))
        state.focus = .filter
        state.list.setFilter("zzz")
        state.list.progress = .loading
        state.detail = .empty
        #expect(Array(screen(state)[1...3]) == [
            " Users 7 loaded, more coming  filter: zzz         ",
            " ID▲    Name       Email         Login        On  ",
            "  no loaded user matches; asking the server…      ",
        ])
        #expect(render(state).cursor == Point(x: 41, y: 1))
        #expect(screen(state)[8] == " no user selected                                 ")
    }

    @Test func aHostileFilterIsShownNotInterpreted() {
        var state = S.browsing(Self.size)
        state.focus = .filter
        state.list.setFilter("\u{1b}[2J")
        #expect(Array(screen(state)[1...3]) == [
            " Users 7 (all loaded)  filter: ␛[2J   1 match                                   ",
            " ID▲    Name                     Email                         Login        On  ",
            "    4 ▸ ␛[2J evil                a␍b@acme.co                   email        ✓   ",
        ])
        #expect(render(state).cursor == Point(x: 35, y: 1))
    }

    @Test func anEmptyListSaysWhy() {
        var state = AppState(instance: "acme.looker.com", policy: .readWrite, size: Size(cols: 50, rows: 12))
        #expect(Array(screen(state)[1...3]) == [
            " Users 0 loading…                                 ",
            " ID▲  Name        Email          Login        On  ",
            "  loading…                                        ",
        ])
        state.list.progress = .failed("connection refused")
        #expect(Array(screen(state)[1...3]) == [
            " Users 0 (loading failed: r retries)              ",
            " ID▲  Name        Email          Login        On  ",
            "  loading failed: connection refused              ",
        ])
        state.list.progress = .complete
        #expect(screen(state)[3] == "  no users                                        ")
    }

    @Test func theSortColumnCarriesTheDirectionMark() {
        var state = S.browsing(Self.size, selected: 3)
        state.list.setSort(.id, descending: true)
        #expect(Array(screen(state)[2...9]) == [
            " ID▼    Name                     Email                         Login        On  ",
            " 1204   Bartholomew Bartholomew… bart@acme.co                  email        ✓   ",
            "    6 ! al⟨ZWSP⟩ice              alice2@acme.co                google       ✓   ",
            "    5 ! ⟨9B⟩31m                  admin⟨RLO⟩gpj.exe             email        ✓   ",
            "    4 ▸ ␛[2J evil                a␍b@acme.co                   email        ✓   ",
            "    3   José 😀 Núñez            jose@acme.es                  none         ✗   ",
            "    2   世蓮 花子                hanako@acme.jp                email,saml   ✓   ",
            "    1   Alice Smith              alice@acme.co                 email        ✓   ",
        ])
        state.list.setSort(.email, descending: false)
        #expect(screen(state)[2] == " ID     Name                     Email▲                        Login        On  ")
    }

    @Test func theSelectedRowIsHighlightedButHiddenCharactersStayMarked() {
        let grid = render(S.browsing(Self.size, selected: 3)).grid
        #expect(grid[8, 6] == Cell(text: "␛", width: 1, role: .escaped))
        #expect(grid[34, 6] == Cell(text: "␍", width: 1, role: .escaped))
        #expect(roles(grid, y: 6, 0..<8) == [.selection])
        #expect(roles(grid, y: 6, 9..<34) == [.selection])
        #expect(roles(grid, y: 6, 35..<80) == [.selection])
        // Unselected rows with hidden characters carry a warning mark in the pointer column.
        #expect(grid[6, 7] == Cell(text: "!", width: 1, role: .warning))
        #expect(grid[6, 3] == Cell(text: " ", width: 1, role: .normal))
    }

    @Test func theListScrollsToKeepTheSelectionInView() {
        var state = AppState(instance: "acme.looker.com", policy: .readWrite, size: Self.size)
        state.list.add((1...30).map {
            UserRow(id: "\($0)", name: "User \($0)", email: "u\($0)@acme.co", logins: ["email"], enabled: $0 % 7 != 0)
        })
        state.list.progress = .complete
        state.list.select(index: 20)
        state.list.scrollToSelection(height: Layout(Self.size).listRows)
        #expect(Array(screen(state)[0...12]) == [
            " roster  acme.looker.com                                                        ",
            " Users 30 (all loaded)                                                          ",
            " ID▲   Name                     Email                          Login        On  ",
            "  13   User 13                  u13@acme.co                    email        ✓   ",
            "  14   User 14                  u14@acme.co                    email        ✗   ",
            "  15   User 15                  u15@acme.co                    email        ✓   ",
            "  16   User 16                  u16@acme.co                    email        ✓   ",
            "  17   User 17                  u17@acme.co                    email        ✓   ",
            "  18   User 18                  u18@acme.co                    email        ✓   ",
            "  19   User 19                  u19@acme.co                    email        ✓   ",
            "  20   User 20                  u20@acme.co                    email        ✓   ",
            "  21 ▸ User 21                  u21@acme.co                    email        ✗   ",
            "────────────────────────────────────────────────────────────────────────────────",
        ])
    }
}
