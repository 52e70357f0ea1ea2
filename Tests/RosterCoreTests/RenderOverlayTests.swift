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
            " ┌─ Keys ─────────────────────────────────────────────────────────────────────┐ ",
            " │ In the list                                                                │ ",
            " │ j, ↓            next user                                                  │ ",
            " │ k, ↑            previous user                                              │ ",
            " │ PgDn, Ctrl-F    a page down                                                │ ",
            " │ PgUp, Ctrl-B    a page up                                                  │ ",
            " │ g, Home         first user                                                 │ ",
            " │ G, End          last user                                                  │ ",
            " │ /               filter as you type: name, email, is:, role:, group:…       │ ",
            " │ Esc             clear the filter                                           │ ",
            " │ s               sort by the next column (id, name, email, login, on)       │ ",
            "─│ S               reverse the sort                                           │─",
            " │ Enter, Tab      into the form (what you type while it loads is kept)       │ ",
            " │ r               reload the users (asks if edits are unsaved)               │ ",
            " │ c               create an email/password login (user has none) (off)       │ ",
            " │ D               delete the email/password login (type its email) (off)     │ ",
            " │ p               create a one-time reset URL (shown masked) (off)           │ ",
            " │ y               copy the reset URL to the clipboard (OSC 52) (off)         │ ",
            " │ e               send the password reset email (off)                        │ ",
            " │ x               disable / enable the user (off)                            │ ",
            " │ j/k scroll · any other key closes · 1–19 of 123                            │ ",
            " └────────────────────────────────────────────────────────────────────────────┘ ",
            " j/k scroll  any other key closes                                               ",
        ])
        let grid = render(state).grid
        #expect(roles(grid, y: 1, 3..<9) == [.title])
        #expect(roles(grid, y: 2, 3..<14) == [.title])
        #expect(roles(grid, y: 3, 3..<7) == [.keyHint])
        #expect(roles(grid, y: 21, 3..<13) == [.dim])
        #expect(grid[1, 1] == Cell(text: "┌", width: 1, role: .overlay))
        #expect(grid[78, 22] == Cell(text: "┘", width: 1, role: .overlay))
    }

    @Test func inWriteModeTheHelpOffersEditing() {
        var state = S.browsing(Self.size)
        state.overlay = .help
        state.helpScroll = 30   // the form's keys are further down
        let lines = screen(state)
        #expect(lines.contains { $0.contains("│ Ctrl-S          save (re-read first: a change on the server asks)") })
        #expect(lines.contains { $0.contains("│ Ctrl-R          reveal / hide the reset and setup URLs") })
        #expect(!lines.joined().contains("(off)"))
        // Every row of the command table is in the help, each once.
        let all = helpLines(readOnly: false).filter { !$0.heading }
        for command in Commands.all {
            #expect(all.contains { $0.keys == command.keyLabel }, "\(command.id) is missing from the help")
        }
    }

    /// The text field's keys come from its own table, listed once under a heading of their own.
    @Test(arguments: [false, true])
    func theHelpListsEveryKeyOfATextField(readOnly: Bool) throws {
        var state = S.browsing(Size(cols: 90, rows: 160), readOnly: readOnly)
        state.overlay = .help
        let lines = screen(state)
        #expect(lines.contains { $0.contains("any key closes") && !$0.contains("scroll") }, "the whole help fits")
        let heading = try #require(lines.firstIndex { $0.contains("│ In a text field") })
        let group = Array(lines[heading...])
        for binding in TextField.keyTable {
            // The label in the text column (two spaces before it: "to the end" is not "delete to the end").
            let at = try #require(group.firstIndex { $0.contains("  \(binding.label) ") }, "\(binding.edit) is missing from the help")
            let keys = binding.keys.isEmpty ? ["typing"] : binding.keys.map(\.label)
            for key in keys {
                // A key list too wide for the column has the line above to itself.
                #expect(group[at].contains("│ \(key)") || group[at].contains(", \(key)") || (at > 0 && group[at - 1].contains(key)),
                        "\(key) (\(binding.edit)) is missing from the help")
            }
        }
        #expect(group.count(where: { $0.contains("Ctrl-W") }) == 1, "each key of a text field is listed once")
    }

    /// Scrolling down shows the help's last line. The scroll is bounded by the number of commands, not
    /// of the help's lines, so at 80×24 the last ones (the text field's keys) stay out of reach.
    @Test func scrollingDownReachesTheEndOfTheHelp() {
        var state = S.browsing(Self.size)
        state.overlay = .help
        for _ in 0..<200 { _ = reduce(&state, .key(.char("j"))) }
        #expect(state.overlay == .help)
        let lines = screen(state)
        #expect(lines.contains { $0.contains("│ Ctrl-K          delete to the end") })
    }

    @Test func at50x12TheHelpShowsWhatFits() {
        var state = S.browsing(Size(cols: 50, rows: 12))
        state.overlay = .help
        #expect(screen(state) == [
            " roster  acme.looker.com  as api-admin            ",
            " ┌─ Keys ───────────────────────────────────────┐ ",
            " │ In the list                                  │ ",
            " │ j, ↓            next user                    │ ",
            " │ k, ↑            previous user                │ ",
            " │ PgDn, Ctrl-F    a page down                  │ ",
            "─│ PgUp, Ctrl-B    a page up                    │─",
            " │ g, Home         first user                   │ ",
            " │ G, End          last user                    │ ",
            " │ j/k scroll · any other key closes · 1–7 of … │ ",
            " └──────────────────────────────────────────────┘ ",
            " j/k scroll  any other key closes                 ",
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
            " Email/pass│ s save  d discard  esc cancel                         │ons  Owned  ",
            " User      └───────────────────────────────────────────────────────┘            ",
            "*Email      hanako@acme                                                         ",
            "            ! 'hanako@acme' is not a valid email address                        ",
            " Force password reset at next login  [ ]                                        ",
            " Disabled   no                                                                  ",
            " Type       email                                                               ",
            " Created    2024-03-02                                                          ",
            " Last login 2026-11-01                                                          ",
            " Reset URL  ••••••• (hidden)                                                  … ",
            " s save  d discard  esc cancel                                                  ",
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
            " │ s save  d discard  esc cancel                │ ",
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
            "    6 ! al⟨┌─ Changed on the server ───────────────────────────────┐e       ✓   ",
            " 1204   Bar│                                                       │        ✓   ",
            "           │ The credential changed since the form loaded it.      │            ",
            "           │ server: ␛[31mhanako@evil.jp  force reset: yes         │            ",
            "───────────│ yours:  hanako@acme  force reset: no                  │────────────",
            " Email/pass│                                                       │ons  Owned  ",
            " User      │ k keep mine (save)  t take the server's  esc cancel   │            ",
            "*Email     └───────────────────────────────────────────────────────┘            ",
        ])
        #expect(render(state).grid[21, 11].role == .escaped)
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
            " Email/password cr│ any key closes                           │ Sessions  Owned  ",
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
            " Email/password cr│ y yes  n no  esc cancel                  │ Sessions  Owned  ",
            " User       世蓮  └──────────────────────────────────────────┘                  ",
        ])
    }
}
