import Testing
@testable import RosterCore
import ScreenKit

/// The credential pane: fields, inline errors, masked secrets, the cursor, and the states before a
/// form exists.
@Suite struct RenderFormTests {
    typealias S = Screens
    static let size = Size(cols: 80, rows: 24)

    /// The credential pane's rows at 80×24 (stacked: rows 13 to 22).
    static func pane(_ state: AppState) -> [String] { Array(screen(state)[13...22]) }

    @Test func anInlineErrorShowsUnderTheEmailField() {
        let state = S.badEmail(Self.size)
        #expect(Self.pane(state) == [
            " Email/password credential — changed    [Login] Access  Attrs  Sessions  Owned  ",
            " User       世蓮 花子  #2                                                       ",
            "*Email      hanako@acme                                                         ",
            "            ! 'hanako@acme' is not a valid email address                        ",
            " Force password reset at next login  [ ]                                        ",
            " Disabled   no                                                                  ",
            " Type       email                                                               ",
            " Created    2024-03-02                                                          ",
            " Last login 2026-11-01                                                          ",
            " Reset URL  ••••••• (hidden)                                                  … ",
        ])
        let grid = render(state).grid
        #expect(roles(grid, y: 15, 0..<6) == [.changed])
        #expect(roles(grid, y: 15, 12..<78) == [.inputFocused])
        #expect(roles(grid, y: 16, 12..<56) == [.fieldError])
        #expect(roles(grid, y: 16, 0..<12) == [.normal])
        #expect(screen(state)[23] == " Not saved: fix the marked field                                                ")
        #expect(roles(grid, y: 23, 1..<32) == [.error])
    }

    @Test func serverErrorsForFieldsTheFormLacksShowAtTheTop() {
        var state = S.badEmail(Self.size)
        state.editForm { $0.otherErrors = ["password: \u{1b}[5mtoo short"] }
        #expect(Array(screen(state)[14...18]) == [
            " User       世蓮 花子  #2                                                       ",
            " ! password: ␛[5mtoo short                                                      ",
            "*Email      hanako@acme                                                         ",
            "            ! 'hanako@acme' is not a valid email address                        ",
            " Force password reset at next login  [ ]                                        ",
        ])
        let grid = render(state).grid
        #expect(grid[13, 15].role == .escaped)
        #expect(roles(grid, y: 15, 1..<13) == [.fieldError])
    }

    @Test func secretURLsAreMaskedUntilRevealed() {
        var state = S.browsing(Self.size)
        state.focus = .form
        state.editForm {
            $0.original.accountSetupURL = S.setupURL
            $0.original.accountSetupURLExpired = true
        }
        let masked = screen(state)
        #expect(Array(masked[21...22]) == [
            " Reset URL  ••••••• (hidden)                                                    ",
            " Setup URL  ••••••• (hidden)  (expired)                                       … ",
        ])
        #expect(!masked.joined().contains("s3cr3t"))
        #expect(!masked.joined().contains("n3wUs3r"))
        #expect(!masked.joined().contains("/password/reset"))
        let grid = render(state).grid
        #expect(roles(grid, y: 21, 12..<28) == [.masked])

        state.editForm { $0.revealSecrets = true }
        #expect(Array(screen(state)[21...22]) == [
            " Reset URL  https://acme.example/password/reset/s3cr3tT0ken                     ",
            " Setup URL  https://acme.example/account/setup/n3wUs3rT0ken  (expired)        … ",
        ])
    }

    @Test func theCursorSitsWhereTheNextCharacterGoes() {
        var state = S.badEmail(Self.size)
        #expect(render(state).cursor == Point(x: 23, y: 15))     // after "hanako@acme"
        state.editForm { _ = $0.email.handle(.left); _ = $0.email.handle(.left) }
        #expect(render(state).cursor == Point(x: 21, y: 15))
        state.editForm { _ = $0.email.handle(.home) }
        #expect(render(state).cursor == Point(x: 12, y: 15))
        // Wide characters move it two columns.
        state.editForm { $0.email = TextField("世蓮@acme.jp") }
        #expect(render(state).cursor == Point(x: 24, y: 15))
        state.editForm { _ = $0.email.handle(.home); _ = $0.email.handle(.right) }
        #expect(render(state).cursor == Point(x: 14, y: 15))
    }

    @Test func aLongEmailScrollsToKeepTheCursorInTheField() {
        var state = S.browsing(Self.size)
        state.focus = .form
        state.editForm { $0.email = TextField(String(repeating: "x", count: 70) + "@acme.co") }
        let lines = screen(state)
        #expect(lines[15] == "*Email      " + String(repeating: "x", count: 57) + "@acme.co   ")
        #expect(render(state).cursor == Point(x: 77, y: 15))
        state.editForm { _ = $0.email.handle(.home) }
        #expect(screen(state)[15] == "*Email      " + String(repeating: "x", count: 66) + "  ")
        #expect(render(state).cursor == Point(x: 12, y: 15))
    }

    @Test func thereIsNoCursorWhenNothingIsBeingTyped() {
        var state = S.badEmail(Self.size)
        state.focus = .list
        #expect(render(state).cursor == nil)
        state.focus = .form
        state.editForm { $0.focus = .forcedReset }
        #expect(render(state).cursor == nil)
        state.editForm { $0.focus = .email }
        state.overlay = .help
        #expect(render(state).cursor == nil)
        state.overlay = .dialog(.revert)
        #expect(render(state).cursor == nil)
        state.overlay = .none
        state.policy = Policy(readOnly: true, reason: "--read-only")
        #expect(render(state).cursor == nil)
    }

    @Test func theCheckboxShowsItsStateAndWhetherItChanged() {
        var state = S.browsing(Self.size)
        state.focus = .form
        state.editForm {
            $0.forcedReset = true
            $0.focus = .forcedReset
        }
        #expect(screen(state)[16] == "*Force password reset at next login  [x]                                        ")
        let grid = render(state).grid
        #expect(roles(grid, y: 16, 0..<35) == [.changed])
        #expect(roles(grid, y: 16, 37..<40) == [.inputFocused])
    }

    @Test func whileSavingTheTitleAndTheStatusLineSaySo() {
        var state = S.badEmail(Self.size)
        state.flash = Flash(id: 2, text: "Saved hanako@acme.jp", level: .success)
        state.editForm {
            $0.saving = true
            $0.errors = [:]
        }
        let lines = screen(state)
        #expect(lines[13] == " Email/password credential — saving…    [Login] Access  Attrs  Sessions  Owned  ")
        #expect(lines[23] == " Saved hanako@acme.jp                                                   saving… ")
        #expect(roles(render(state).grid, y: 23, 1..<21) == [.success])
    }

    @Test func aLongNameIsCutBeforeTheID() {
        #expect(screen(S.browsing(Self.size, selected: 6))[14] ==
            " User       Bartholomew Bartholomew Bartholomew Bartholomew Bartholomew…  #1204 ")
        #expect(screen(S.browsing(Self.size, selected: 1))[14] ==
            " User       世蓮 花子  #2                                                       ")
    }

    @Test func aUserWithoutAnEmailLoginShowsTheLoginsTheyHave() {
        var state = S.browsing(Self.size, selected: 2)
        state.detail = .missing(userID: "3", logins: ["saml", "google"])
        #expect(Array(Self.pane(state)[0...3]) == [
            " Email/password credential  [Login] Access  Attributes  Sessions & keys  Owned  ",
            " User       José 😀 Núñez  #3                                                   ",
            " No email/password login.                                                       ",
            " Logins     saml, google                                                        ",
        ])
        #expect(roles(render(state).grid, y: 15, 1..<25) == [.warning])
        state.detail = .missing(userID: "3", logins: [])
        #expect(Self.pane(state)[3] == " Logins     none yet (never logged in)                                          ")
    }

    @Test func whileLoadingAndAfterAFailureThePaneSaysSo() {
        var state = S.browsing(Self.size, selected: 2)
        state.detail = .loading(userID: "3")
        #expect(Array(Self.pane(state)[0...3]) == [
            " Email/password credential  [Login] Access  Attributes  Sessions & keys  Owned  ",
            " User       José 😀 Núñez  #3                                                   ",
            " loading…                                                                       ",
            "                                                                                ",
        ])
        #expect(screen(state)[23] == " j/k move  / filter  enter form  x disable  u undo  ? help  q quit  … fetching… ")

        state.detail = .failed(userID: "3", message: "403 forbidden: \u{1b}]52;c;evil\u{7}")
        #expect(Array(Self.pane(state)[0...3]) == [
            " Email/password credential  [Login] Access  Attributes  Sessions & keys  Owned  ",
            " User       José 😀 Núñez  #3                                                   ",
            " ! 403 forbidden: ␛]52;c;evil␇                                                  ",
            " r reloads                                                                      ",
        ])
        let grid = render(state).grid
        #expect(grid[18, 15].role == .escaped)   // ␛
        #expect(grid[29, 15].role == .escaped)   // ␇
        #expect(grid[1, 15].role == .error)

        state.detail = .empty
        #expect(Self.pane(state)[1] == " no user selected                                                               ")
    }
}
