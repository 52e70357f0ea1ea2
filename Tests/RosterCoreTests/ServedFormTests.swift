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
        state.policy = Policy(readOnly: true, reason: "served", viewer: "alice")
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

    /// The one gate: a served session neither reveals nor copies a reset URL, even one the form
    /// holds (it never asks for them; this is the core's own refusal should one arrive), while a
    /// read-only session of one's own may still reveal it.
    @Test func theGateRefusesSecretsAndTheClipboardToAViewerOnly() {
        var state = S.browsing(Self.size)
        state.focus = .form
        state.editForm { $0.original.passwordResetURL = "https://acme.example/password/reset/t0ken" }
        state.policy = Policy(readOnly: true, reason: "--read-only")
        #expect(reduce(&state, .key(.ctrl("r"))) == [])
        #expect(state.form?.revealSecrets == true, "read-only alone hides nothing from the admin")
        _ = reduce(&state, .key(.ctrl("r")))
        state.policy = Policy(readOnly: true, reason: "served", viewer: "alice")
        #expect(reduce(&state, .key(.ctrl("r"))) == [.expireFlash(id: state.flashSeq, afterMs: 4000)])
        #expect(state.form?.revealSecrets == false)
        #expect(state.flash?.text == "reset and setup URLs are not available over roster serve")
        let copy = reduce(&state, .key(.char("y")))
        #expect(!copy.contains { if case .copyToClipboard = $0 { true } else { false } })
        #expect(state.flash?.text.hasPrefix("read-only: ") == true)
    }
}
