import Testing
@testable import RosterCore
import ScreenKit

/// The whole screen at the sizes that matter: stacked (80×24), side by side (120×40), the narrowest
/// allowed (50×12) and below it.
@Suite struct RenderLayoutTests {
    typealias S = Screens

    @Test func at80x24ThePanesStackAndTheHeaderCarriesTheModeBadges() {
        let state = S.browsing(Size(cols: 80, rows: 24), readOnly: true, demo: true)
        #expect(screen(state) == [
            " roster  acme.looker.com  as api-admin                        DEMO   READ-ONLY  ",
            " Users 7 (all loaded)                                                           ",
            " ID▲    Name                     Email                         Login        On  ",
            "    1 ▸ Alice Smith              alice@acme.co                 email        ✓   ",
            "    2   世蓮 花子                hanako@acme.jp                email,saml   ✓   ",
            "    3   José 😀 Núñez            jose@acme.es                  none         ✗   ",
            "    4 ! ␛[2J evil                a␍b@acme.co                   email        ✓   ",
            "    5 ! ⟨9B⟩31m                  admin⟨RLO⟩gpj.exe             email        ✓   ",
            "    6 ! al⟨ZWSP⟩ice              alice2@acme.co                google       ✓   ",
            " 1204   Bartholomew Bartholomew… bart@acme.co                  email        ✓   ",
            "                                                                                ",
            "                                                                                ",
            "────────────────────────────────────────────────────────────────────────────────",
            " Email/password credential  [Login] Access  Attributes  Sessions & keys  Owned  ",
            " User       Alice Smith  #1                                                     ",
            " Email      alice@acme.co                                                       ",
            " Force password reset at next login  [ ]                                        ",
            " Disabled   no                                                                  ",
            " Type       email                                                               ",
            " Created    2024-03-02                                                          ",
            " Last login 2026-11-01                                                          ",
            " Reset URL  ••••••• (hidden)                                                    ",
            " Setup URL  none                                                              … ",
            " j/k move  / filter  enter form  ? help  q quit  ]/[ tabs                       ",
        ])
        let frame = render(state)
        #expect(frame.cursor == nil)
        #expect(columns(of: " DEMO ", in: frame.grid, y: 0) == 61..<67)
        #expect(columns(of: " READ-ONLY ", in: frame.grid, y: 0) == 68..<79)
        #expect(roles(frame.grid, y: 0, 61..<67) == [.badge])
        #expect(roles(frame.grid, y: 0, 68..<79) == [.badge])
        #expect(roles(frame.grid, y: 0, 0..<61) == [.header])
        // The selected row is highlighted edge to edge; the others are not.
        #expect(roles(frame.grid, y: 3, 0..<80) == [.selection])
        #expect(roles(frame.grid, y: 4, 0..<80) == [.normal])
        // A disabled user is dimmed.
        let email = columns(of: "jose@acme.es", in: frame.grid, y: 5)
        #expect(email == 33..<45)
        #expect(roles(frame.grid, y: 5, email ?? 0..<0) == [.dim])
        #expect(frame.grid[76, 5] == Cell(text: "✗", width: 1, role: .dim))
        #expect(roles(frame.grid, y: 12, 0..<80) == [.border])
    }

    @Test func at120x40ThePanesSitSideBySide() {
        let state = S.badEmail(Size(cols: 120, rows: 40))
        let blank = "                                                                       │                                                "
        #expect(screen(state) == [
            " roster  acme.looker.com  as api-admin                                                                                  ",
            " Users 7 (all loaded)                                                  │ Email/password credential — changed    tab 1/5 ",
            " ID▲    Name                 Email                    Login        On  │ User       世蓮 花子  #2                       ",
            "    1   Alice Smith          alice@acme.co            email        ✓   │*Email      hanako@acme                         ",
            "    2 ▸ 世蓮 花子            hanako@acme.jp           email,saml   ✓   │            ! 'hanako@acme' is not a valid      ",
            "    3   José 😀 Núñez        jose@acme.es             none         ✗   │              email address                     ",
            "    4 ! ␛[2J evil            a␍b@acme.co              email        ✓   │ Force password reset at next login  [ ]        ",
            "    5 ! ⟨9B⟩31m              admin⟨RLO⟩gpj.exe        email        ✓   │ Disabled   no                                  ",
            "    6 ! al⟨ZWSP⟩ice          alice2@acme.co           google       ✓   │ Type       email                               ",
            " 1204   Bartholomew Barthol… bart@acme.co             email        ✓   │ Created    2024-03-02                          ",
            "                                                                       │ Last login 2026-11-01                          ",
            "                                                                       │ Reset URL  ••••••• (hidden)                    ",
            "                                                                       │ Setup URL  none                                ",
            "                                                                       │ User id    2                                   ",
            "                                                                       │ Can        show_password_reset_url, update     ",
            "                                                                       │ URL        https://acme.example/api/4.0/users… ",
            "                                                                       │ User URL   https://acme.example/api/4.0/users… ",
        ] + Array(repeating: blank, count: 22) + [
            " Not saved: fix the marked field                                                                                        ",
        ])
        let frame = render(state)
        #expect(frame.cursor == Point(x: 95, y: 3))
        // The form has focus, so the list's selection is shown as inactive.
        #expect(roles(frame.grid, y: 4, 0..<71) == [.selectionInactive])
        #expect((1..<39).allSatisfy { frame.grid[71, $0].role == .border })
        // The inline error wraps under the field, every cell of it marked as an error.
        #expect(roles(frame.grid, y: 4, 84..<114) == [.fieldError])
        #expect(roles(frame.grid, y: 5, 84..<99) == [.fieldError])
        #expect(roles(frame.grid, y: 3, 72..<78) == [.changed])
        #expect(roles(frame.grid, y: 39, 1..<32) == [.error])
    }

    @Test func at50x12EverythingStillFits() {
        let state = S.badEmail(Size(cols: 50, rows: 12))
        #expect(screen(state) == [
            " roster  acme.looker.com  as api-admin            ",
            " Users 7 (all loaded)                             ",
            " ID▲    Name       Email         Login        On  ",
            "    1   Alice Smi… alice@acme.co email        ✓   ",
            "    2 ▸ 世蓮 花子  hanako@acme.… email,saml   ✓   ",
            "    3   José 😀 N… jose@acme.es  none         ✗   ",
            "──────────────────────────────────────────────────",
            " Email/password credential — changed      tab 1/5 ",
            " User       世蓮 花子  #2                         ",
            "*Email      hanako@acme                           ",
            "            ! 'hanako@acme' is not a valid email… ",
            " Not saved: fix the marked field                  ",
        ])
        let frame = render(state)
        #expect(frame.cursor == Point(x: 23, y: 9))
        #expect(roles(frame.grid, y: 10, 12..<48) == [.fieldError])
        // The pane is cut: its last line ends with a dim "…".
        #expect(frame.grid[48, 10] == Cell(text: "…", width: 1, role: .dim))
    }

    @Test func at50x12TheReadOnlyBadgeIsNeverDropped() {
        let state = S.browsing(Size(cols: 50, rows: 12), readOnly: true, demo: true)
        #expect(screen(state) == [
            " roster  acme.looker.com  as …  DEMO   READ-ONLY  ",
            " Users 7 (all loaded)                             ",
            " ID▲    Name       Email         Login        On  ",
            "    1 ▸ Alice Smi… alice@acme.co email        ✓   ",
            "    2   世蓮 花子  hanako@acme.… email,saml   ✓   ",
            "    3   José 😀 N… jose@acme.es  none         ✗   ",
            "──────────────────────────────────────────────────",
            " Email/password credential                tab 1/5 ",
            " User       Alice Smith  #1                       ",
            " Email      alice@acme.co                         ",
            " Force password reset at next login  [ ]        … ",
            " j/k move  / filter  enter form  ? help  q quit…  ",
        ])
        let grid = render(state).grid
        #expect(columns(of: " READ-ONLY ", in: grid, y: 0) == 38..<49)
        #expect(roles(grid, y: 0, 38..<49) == [.badge])
    }

    @Test func belowTheMinimumOnlyTheNoticeShows() {
        let state = S.browsing(Size(cols: 49, rows: 11), readOnly: true, demo: true)
        let blank = String(repeating: " ", count: 49)
        #expect(screen(state) == [
            blank, blank, blank, blank, blank,
            "         terminal too small (need 50×12)         ",
            blank, blank, blank, blank, blank,
        ])
        let frame = render(state)
        #expect(frame.cursor == nil)
        #expect(roles(frame.grid, y: 5, 9..<40) == [.warning])
    }

    @Test(arguments: [Size(cols: 49, rows: 12), Size(cols: 50, rows: 11), Size(cols: 20, rows: 3)])
    func eitherDimensionBelowTheMinimumIsTooSmall(size: Size) {
        let lines = screen(S.browsing(size))
        // One line says so (cut to the width when even the notice does not fit); all others are blank.
        #expect(lines.filter { $0.contains("terminal too") }.count == 1)
        #expect(lines.filter { $0.contains { $0 != " " } }.count == 1)
    }

    @Test func theNoticeCentresAtAnySmallSize() {
        let lines = screen(S.browsing(Size(cols: 41, rows: 4)))
        #expect(lines == [
            "                                         ",
            "                                         ",
            "     terminal too small (need 50×12)     ",
            "                                         ",
        ])
    }

    @Test func layoutSwitchesAtTheDocumentedWidths() {
        #expect(Layout(Size(cols: 49, rows: 40)).mode == .tooSmall)
        #expect(Layout(Size(cols: 50, rows: 11)).mode == .tooSmall)
        #expect(Layout(Size(cols: 50, rows: 12)).mode == .stacked)
        #expect(Layout(Size(cols: 99, rows: 40)).mode == .stacked)
        #expect(Layout(Size(cols: 100, rows: 12)).mode == .sideBySide)
        let wide = Layout(Size(cols: 120, rows: 40))
        #expect(wide.list == Rect(x: 0, y: 1, width: 71, height: 38))
        #expect(wide.separator == Rect(x: 71, y: 1, width: 1, height: 38))
        #expect(wide.form == Rect(x: 72, y: 1, width: 48, height: 38))
        let stacked = Layout(Size(cols: 80, rows: 24))
        #expect(stacked.list == Rect(x: 0, y: 1, width: 80, height: 11))
        #expect(stacked.separator == Rect(x: 0, y: 12, width: 80, height: 1))
        #expect(stacked.form == Rect(x: 0, y: 13, width: 80, height: 10))
        #expect(stacked.listRows == 9)
    }
}
