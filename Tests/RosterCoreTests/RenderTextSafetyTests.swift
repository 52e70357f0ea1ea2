import Testing
@testable import RosterCore
import ScreenKit

/// Untrusted text on screen: hidden characters become visible placeholders, wide and combining
/// text keeps its columns, and no frame at any size holds a raw control character or a ragged line.
@Suite struct RenderTextSafetyTests {
    typealias S = Screens
    static let size = Size(cols: 80, rows: 24)

    @Test func hostileNamesAndEmailsShowAsPlaceholders() {
        let state = S.browsing(Self.size)
        #expect(Array(screen(state)[6...8]) == [
            "    4 ! ␛[2J evil                a␍b@acme.co                   email        ✓   ",
            "    5 ! ⟨9B⟩31m                  admin⟨RLO⟩gpj.exe             email        ✓   ",
            "    6 ! al⟨ZWSP⟩ice              alice2@acme.co                google       ✓   ",
        ])
        let grid = render(state).grid
        #expect(roles(grid, y: 6, 8..<9) == [.escaped])
        #expect(roles(grid, y: 6, 9..<17) == [.normal])
        #expect(roles(grid, y: 7, 8..<12) == [.escaped])
        #expect(columns(of: "⟨RLO⟩", in: grid, y: 7) == 38..<43)
        #expect(roles(grid, y: 7, 38..<43) == [.escaped])
        #expect(roles(grid, y: 8, 10..<16) == [.escaped])
    }

    @Test func wideAndCombiningTextKeepsItsColumns() {
        let grid = render(S.browsing(Self.size)).grid
        #expect(grid[8, 4] == Cell(text: "世", width: 2, role: .normal))
        #expect(grid[9, 4].isContinuation)
        #expect(grid[13, 4] == Cell(text: "花", width: 2, role: .normal))
        // "José": the accent rides on its e, one column.
        #expect(grid[11, 5] == Cell(text: "e\u{301}", width: 1, role: .dim))
        #expect(grid[13, 5] == Cell(text: "😀", width: 2, role: .dim))
        #expect(grid[15, 5] == Cell(text: " ", width: 1, role: .dim))
        #expect(grid[16, 5] == Cell(text: "N", width: 1, role: .dim))
        // After the wide text, the next column starts where it always does.
        #expect(columns(of: "hanako@acme.jp", in: grid, y: 4) == 33..<47)
        #expect(columns(of: "jose@acme.es", in: grid, y: 5) == 33..<45)
    }

    @Test func aThreeHundredCharacterNameIsCutWithAnEllipsis() {
        let lines = screen(S.browsing(Self.size))
        #expect(lines[9] == " 1204   Bartholomew Bartholomew… bart@acme.co                  email        ✓   ")
    }

    @Test func hostileHeaderAndStatusTextIsShownNotInterpreted() {
        var state = S.browsing(Self.size, readOnly: true)
        state.instance = "\u{1b}]0;pwned\u{7}acme.looker.com"
        state.apiUser = "\u{202E}nimda"
        state.flash = Flash(id: 1, text: "theme \u{1b}[1m'neon'\r not found", level: .warning)
        let lines = screen(state)
        #expect(lines[0] == " roster  ␛]0;pwned␇acme.looker.com  as ⟨RLO⟩nimda                    READ-ONLY  ")
        #expect(lines[23] == " theme ␛[1m'neon'␍ not found                                                    ")
        let grid = render(state).grid
        #expect(grid[9, 0].role == .escaped)
        #expect(grid[7, 23].role == .escaped)
    }

    @Test func asciiModeDrawsOnlyASCIIMarks() {
        var state = S.browsing(Self.size, selected: 2, ascii: true)
        state.list.setSort(.name, descending: true)
        #expect(screen(state) == [
            " roster  acme.looker.com  as api-admin                                          ",
            " Users 7 (all loaded)                                                           ",
            " ID     Namev                    Email                         Login        On  ",
            "    2   世蓮 花子                hanako@acme.jp                email,saml   y   ",
            "    5 ! <9B>31m                  admin<RLO>gpj.exe             email        y   ",
            "    3 > José 😀 Núñez            jose@acme.es                  none         n   ",
            " 1204   Bartholomew Bartholomew~ bart@acme.co                  email        y   ",
            "    6 ! al<ZWSP>ice              alice2@acme.co                google       y   ",
            "    1   Alice Smith              alice@acme.co                 email        y   ",
            "    4 ! ^[2J evil                a^b@acme.co                   email        y   ",
            "                                                                                ",
            "                                                                                ",
            "--------------------------------------------------------------------------------",
            " Email/password credential  [Login] Access  Attributes  Sessions & keys  Owned  ",
            " User       José 😀 Núñez  #3                                                   ",
            " Email      jose@acme.es                                                        ",
            " Force password reset at next login  [ ]                                        ",
            " Disabled   no                                                                  ",
            " Type       email                                                               ",
            " Created    2024-03-02                                                          ",
            " Last login 2026-11-01                                                          ",
            " Reset URL  ******* (hidden)                                                    ",
            " Setup URL  none                                                              ~ ",
            " j/k move  / filter  enter form  x disable  u undo  ? help  q quit  ]/[ tabs    ",
        ])
        var dialog = S.badEmail(Size(cols: 120, rows: 40))
        dialog.ascii = true
        dialog.overlay = .dialog(.revert)
        #expect(Array(screen(dialog)[10...15]) == [
            "                                                                       | Last login 2026-11-01                          ",
            "                                                                       | Reset URL  ******* (hidden)                    ",
            "                                                                       | Setup URL  none                                ",
            "                                                                       | User id    2                                   ",
            "                                                                       | Can        show_password_reset_url, update     ",
            "                                                                       | URL        https://acme.example/api/4.0/users~ ",
        ])
        let small = screen(S.browsing(Size(cols: 49, rows: 11), ascii: true))
        #expect(small[5] == "         terminal too small (need 50x12)         ")
    }

    /// Every screen the app can show, at sizes around each layout boundary: none may hold a raw
    /// control character, and every line must be exactly as wide as the terminal.
    @Test(arguments: [
        Size(cols: 80, rows: 24), Size(cols: 120, rows: 40), Size(cols: 50, rows: 12), Size(cols: 49, rows: 11),
        Size(cols: 51, rows: 13), Size(cols: 99, rows: 30), Size(cols: 100, rows: 12), Size(cols: 200, rows: 60),
        Size(cols: 1, rows: 1), Size(cols: 0, rows: 0),
    ])
    func noFrameHoldsARawControlOrARaggedLine(size: Size) {
        var states: [AppState] = []
        for selected in S.crowd.indices {
            for ascii in [false, true] {
                var state = S.browsing(size, selected: selected, readOnly: selected % 2 == 0, demo: selected % 3 == 0, ascii: ascii)
                state.instance = "\u{1b}]0;pwned\u{7}acme.looker.com"
                state.apiUser = "\u{202E}nimda\u{200B}"
                states.append(state)
                state.focus = .form
                state.editForm {
                    $0.email = TextField("\u{1b}[2J\u{9b}x@\u{202E}evil.co")
                    $0.errors[.email] = "\u{1b}[31m bad \r\n email \u{85}"
                    $0.otherErrors = ["\u{7}bell"]
                    $0.revealSecrets = true
                }
                states.append(state)
            }
        }
        var base = S.badEmail(size)
        var server = S.credential(S.c1)
        server.email = "\u{1b}[31mx@evil.co\u{9c}"
        let overlays: [Overlay] = [
            .help, .dialog(.revert), .dialog(.leaveDirtyForm(then: .quit)), .dialog(.conflict(server: server)),
            .dialog(.message(title: "\u{1b}[2J title", text: "500 \u{1b}]8;;http://evil\u{7}link\r\u{9b}")),
        ]
        for overlay in overlays {
            base.overlay = overlay
            states.append(base)
        }
        base.overlay = .none
        for detail: Detail in [.empty, .loading(userID: "4"), .missing(userID: "4", logins: ["saml", "\u{1b}x"]),
                               .failed(userID: "4", message: "\u{1b}]52;c;ZXZpbA==\u{7}")] {
            base.detail = detail
            base.rateLimitNotice = "rate limited, retrying in 2 s"
            base.flash = Flash(id: 9, text: "\u{1b}[2Jnotice\r", level: .error)
            states.append(base)
        }
        base.focus = .filter
        base.list.setFilter("\u{1b}[2J\u{202E}")
        states.append(base)
        for state in states { _ = screen(state) }
        #expect(states.count == 38)
    }
}
