import Testing
@testable import RosterCore
import ScreenKit

/// The help overlay and the dialogs, drawn over the panes.
@Suite struct RenderOverlayTests {
    typealias S = Screens
    static let size = Size(cols: 80, rows: 24)

    @Test func theHelpListsEveryKeyAndWhatReadOnlyTurnsOff() {
        var state = S.browsing(Self.size, readOnly: true)
        state.overlay = .help
        #expect(screen(state) == [
            " roster  acme.looker.com  as api-admin                               READ-ONLY  ",
            " Us┌─ Keys ─────────────────────────────────────────────────────────────────┐   ",
            " ID│ j/k ↓/↑ PgDn/Up  move, page                                            │n  ",
            "   │ g/G Home/End     first / last user                                     │   ",
            "   │ /                filter as you type (enter keeps, esc clears)          │   ",
            "   │ s / S            sort by the next column / reverse                     │   ",
            "   │ enter, tab       into the credential form (esc: back)                  │   ",
            "   │ tab, shift-tab   next / previous field                                 │   ",
            "   │ ctrl-a/e/u/w     start, end, clear, delete word (off: read-only)       │   ",
            " 12│ space            toggle the checkbox (off: read-only)                  │   ",
            "   │ ctrl-s           save the form (off: read-only)                        │   ",
            "   │ esc              revert the form (asks) / back to the list             │   ",
            "───│ ctrl-r / y       reveal the reset URL / copy it (OSC 52)               │───",
            " Em│ c / D            create / delete the email login (off: read-only)      │   ",
            " Us│ p / e            new reset URL / send the reset email (off: read-only) │   ",
            " Em│ x                disable / enable the user (off: read-only)            │   ",
            " Fo│ u                undo the last change of this run (off: read-only)     │   ",
            " Di│ r                reload the users                                      │   ",
            " Ty│ ? / q            this help / quit (asks if edits are unsaved)          │   ",
            " Cr│                                                                        │   ",
            " La│ any key closes                                                         │   ",
            " Re└────────────────────────────────────────────────────────────────────────┘   ",
            " Setup URL  none                                                              … ",
            " j/k move  / filter  s sort  enter form  r reload  ? help  q quit               ",
        ])
        let grid = render(state).grid
        #expect(roles(grid, y: 1, 6..<10) == [.title])
        #expect(roles(grid, y: 2, 5..<12) == [.keyHint])
        #expect(roles(grid, y: 20, 5..<19) == [.dim])
        #expect(grid[3, 1] == Cell(text: "┌", width: 1, role: .overlay))
        #expect(grid[76, 21] == Cell(text: "┘", width: 1, role: .overlay))
    }

    @Test func inWriteModeTheHelpOffersEditing() {
        var state = S.browsing(Self.size)
        state.overlay = .help
        let lines = screen(state)
        #expect(lines[12] == "───────│ ctrl-r / y       reveal the reset URL / copy it (OSC 52)      │────────")
        #expect(lines.contains { $0.contains("│ ctrl-s           save the form                                │") })
        #expect(!lines.joined().contains("read-only"))
    }

    @Test func at50x12TheHelpShowsWhatFits() {
        var state = S.browsing(Size(cols: 50, rows: 12))
        state.overlay = .help
        #expect(screen(state) == [
            " roster  acme.looker.com  as api-admin            ",
            " ┌─ Keys ───────────────────────────────────────┐ ",
            " │ j/k ↓/↑ PgDn/Up  move, page                  │ ",
            " │ g/G Home/End     first / last user           │ ",
            " │ /                filter as you type (enter … │ ",
            " │ s / S            sort by the next column / … │ ",
            "─│ enter, tab       into the credential form (… │─",
            " │ tab, shift-tab   next / previous field       │ ",
            " │ ctrl-a/e/u/w     start, end, clear, delete … │ ",
            " │ any key closes · 10 more: enlarge the termi… │ ",
            " └──────────────────────────────────────────────┘ ",
            " j/k move  / filter  enter form  x disable  u u…  ",
        ])
    }

    @Test func leavingADirtyFormAsksFirst() {
        var state = S.badEmail(Self.size)
        state.flash = nil
        state.overlay = .dialog(.leaveDirtyForm(then: .select(index: 0)))
        #expect(screen(state) == [
            " roster  acme.looker.com  as api-admin                                          ",
            " Users 7 (all loaded)                                                           ",
            " ID▲    Name                     Email                         Login        On  ",
            "    1   Alice Smith              alice@acme.co                 email        ✓   ",
            "    2 ▸ 世蓮 花子                hanako@acme.jp                email,saml   ✓   ",
            "    3   José 😀 Núñez            jose@acme.es                  none         ✗   ",
            "    4 ! ␛[2J evil                a␍b@acme.co                   email        ✓   ",
            "    5 ! ⟨9B⟩31m                  admin⟨RLO⟩gpj.exe             email        ✓   ",
            "    6 ! al⟨ZWSP⟩ice              alice2@acme.co                google       ✓   ",
            " 1204   Bar┌─ Unsaved changes ─────────────────────────────────────┐        ✓   ",
            "           │                                                       │            ",
            "           │ The credential form has changes that are not saved.   │            ",
            "───────────│                                                       │────────────",
            " Email/pass│ s save   d discard   esc stay                         │            ",
            " User      └───────────────────────────────────────────────────────┘            ",
            "*Email      hanako@acme                                                         ",
            "            ! 'hanako@acme' is not a valid email address                        ",
            " Force password reset at next login  [ ]                                        ",
            " Disabled   no                                                                  ",
            " Type       email                                                               ",
            " Created    2024-03-02                                                          ",
            " Last login 2026-11-01                                                          ",
            " Reset URL  ••••••• (hidden)                                                  … ",
            " ctrl-s save  esc revert  tab next field  ctrl-r reveal                         ",
        ])
        let grid = render(state).grid
        #expect(roles(grid, y: 9, 13..<30) == [.title])
        #expect(roles(grid, y: 11, 13..<64) == [.overlay])
        #expect(roles(grid, y: 13, 13..<42) == [.keyHint])
        #expect(render(state).cursor == nil)
    }

    @Test func at50x12TheLeaveDialogIsCutToTheScreen() {
        var state = S.badEmail(Size(cols: 50, rows: 12))
        state.overlay = .dialog(.leaveDirtyForm(then: .quit))
        #expect(screen(state) == [
            " roster  acme.looker.com  as api-admin            ",
            " Users 7 (all loaded)                             ",
            " ID▲    Name       Email         Login        On  ",
            " ┌─ Unsaved changes ────────────────────────────┐ ",
            " │                                              │ ",
            " │ The credential form has changes that are no… │ ",
            "─│                                              │─",
            " │ s save   d discard   esc stay                │ ",
            " └──────────────────────────────────────────────┘ ",
            "*Email      hanako@acme                           ",
            "            ! 'hanako@acme' is not a valid email… ",
            " Not saved: fix the marked field                  ",
        ])
    }

    @Test func theConflictDialogShowsBothVersionsSanitized() {
        var state = S.badEmail(Self.size)
        state.flash = nil
        var server = S.credential(S.hanako)
        server.email = "\u{1b}[31mhanako@evil.jp"
        server.forcedPasswordResetAtNextLogin = true
        state.overlay = .dialog(.conflict(server: server))
        #expect(Array(screen(state)[8...15]) == [
            "    6 ! al┌─ Changed on the server ─────────────────────────────────┐       ✓   ",
            " 1204   Ba│                                                         │       ✓   ",
            "          │ The credential changed since the form loaded it.        │           ",
            "          │ server: ␛[31mhanako@evil.jp  force reset: yes           │           ",
            "──────────│ yours:  hanako@acme  force reset: no                    │───────────",
            " Email/pas│                                                         │           ",
            " User     │ k keep mine (save)   t take the server's   esc cancel   │           ",
            "*Email    └─────────────────────────────────────────────────────────┘           ",
        ])
        #expect(render(state).grid[20, 11].role == .escaped)
    }

    @Test func aFailedSaveMessageIsShownSanitizedAsAnError() {
        var state = S.badEmail(Self.size)
        state.flash = nil
        state.overlay = .dialog(.message(title: "Save failed — your edits are kept", text: "500 boom\r\u{9b}2J"))
        #expect(Array(screen(state)[9...14]) == [
            " 1204   Bartholome┌─ Save failed — your edits are kept ──────┐ email        ✓   ",
            "                  │                                          │                  ",
            "                  │ 500 boom␍⟨9B⟩2J                          │                  ",
            "──────────────────│                                          │──────────────────",
            " Email/password cr│ any key closes                           │                  ",
            " User       世蓮  └──────────────────────────────────────────┘                  ",
        ])
        let grid = render(state).grid
        #expect(roles(grid, y: 11, 20..<28) == [.error])
        #expect(roles(grid, y: 11, 28..<33) == [.escaped])   // ␍⟨9B⟩
    }

    @Test func revertingAsksFirst() {
        var state = S.badEmail(Self.size)
        state.overlay = .dialog(.revert)
        #expect(Array(screen(state)[9...14]) == [
            " 1204   Bartholome┌─ Revert? ────────────────────────────────┐ email        ✓   ",
            "                  │                                          │                  ",
            "                  │ Throw away the changes in the form?      │                  ",
            "──────────────────│                                          │──────────────────",
            " Email/password cr│ y revert   n / esc keep editing          │                  ",
            " User       世蓮  └──────────────────────────────────────────┘                  ",
        ])
    }
}
