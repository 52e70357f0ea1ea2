import Testing
@testable import RosterCore
import ScreenKit

/// What a read-only or served session says about what it cannot know or do.
@Suite struct ServedFormTests {
    typealias S = Screens
    static let size = Size(cols: 80, rows: 24)

    /// A served session never asks for reset or setup URLs: it says "hidden", never "none".
    @Test func aServedSessionShowsSecretURLsAsHiddenNeverNone() {
        var state = S.browsing(Self.size)
        state.focus = .form
        state.editForm {
            $0.original.passwordResetURL = nil
            $0.original.accountSetupURL = nil
        }
        #expect(screen(state)[21].hasPrefix(" Reset URL  none "))
        state.viewer = "alice"
        state.readOnly = true
        let rows = screen(state)
        #expect(rows[21].hasPrefix(" Reset URL  hidden "))
        #expect(rows[22].hasPrefix(" Setup URL  hidden "))
        #expect(roles(render(state).grid, y: 21, 12..<18) == [.dim])
        #expect(!rows[13...].joined().contains("none"), "the credential pane")
    }

    /// Read-only offers nothing that changes: no "c creates one".
    @Test func readOnlyOffersNoCreate() {
        for readOnly in [false, true] {
            var state = People.loaded(readOnly: readOnly)
            _ = reduce(&state, .key(.char("G")))
            _ = reduce(&state, .credentialMissing(request: state.detailRequest, userID: "5"))
            _ = reduce(&state, .key(.enter))
            #expect(state.flash?.text == "this user has no email/password login" + (readOnly ? "" : " (c creates one)"))
        }
    }
}
