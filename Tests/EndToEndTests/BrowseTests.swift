import Foundation
import Testing

/// The TUI on the embedded demo sandbox, in tmux.
@Suite(.serialized) struct BrowseTests {
    let roster = rosterBinary()

    @Test func listAppearsFilterNarrowsSelectionShowsCredential() throws {
        let t = try Tmux("\(roster) --demo --demo-users 300")
        t.waitFor(text: "(all loaded)")
        #expect(t.screen.contains("DEMO"))
        #expect(t.screen.contains("API Admin"))
        // The first user's credential is on the right.
        t.waitFor(text: "Email      api-admin@acme.com")

        try t.type("/")
        try t.type("admin")
        t.waitFor("the filter to narrow the list") { $0.contains("filter: admin") && $0.contains("1 match") }
        try t.send("Enter")
        try t.send("Escape")
        t.waitFor("the filter to clear") { !$0.contains("filter:") }

        // Move down: the credential pane follows the selection.
        try t.send("j")
        t.waitFor("the second user's credential") { screen in
            guard let row = screen.components(separatedBy: "\n").first(where: { $0.contains("▸") }) else { return false }
            let id = row.split(separator: " ").first.map(String.init) ?? ""
            return id == "2" && (screen.contains("#2") )
        }
        try t.send("q")
        t.waitFor(text: "EXIT=0")
        #expect(t.screen.contains("icanon echo"), "the terminal is restored after q")
    }

    @Test func helpOverlayOpensAndCloses() throws {
        let t = try Tmux("\(roster) --demo --demo-users 50")
        t.waitFor(text: "(all loaded)")
        try t.type("?")
        t.waitFor(text: "key closes")
        #expect(t.screen.contains("as you type"))
        try t.send("Escape")
        t.waitFor("the overlay to close") { !$0.contains("key closes") }
        try t.send("q")
        t.waitFor(text: "EXIT=0")
    }

    @Test func resizeRelaysOutAtOnce() throws {
        let t = try Tmux("\(roster) --demo --demo-users 50", cols: 120, rows: 35)
        t.waitFor(text: "(all loaded)")
        // Side by side: the credential title shares the users title's row.
        #expect(t.line(containing: "Users 50")?.contains("Email/password credential") == true)
        try t.resize(cols: 80, rows: 30)
        t.waitFor("stacked panes") { screen in
            let lines = screen.components(separatedBy: "\n")
            guard let users = lines.firstIndex(where: { $0.contains("Users 50") }),
                  let form = lines.firstIndex(where: { $0.contains("Email/password credential") }) else { return false }
            return form > users
        }
        try t.resize(cols: 40, rows: 10)
        t.waitFor(text: "terminal too small (need 50×12)")
        try t.resize(cols: 120, rows: 35)
        t.waitFor("side by side again") { $0.components(separatedBy: "\n").contains { $0.contains("Users 50") && $0.contains("Email/password credential") } }
        try t.send("q")
        t.waitFor(text: "EXIT=0")
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let t = try Tmux("\(roster) --demo --demo-users 20", cols: 100, rows: 30, recordingPID: true)
        t.waitFor(text: "(all loaded)")
        let pid = try #require(t.pid())
        #expect(kill(pid, SIGTERM) == 0)
        t.waitFor(text: "EXIT=143")
        #expect(t.screen.contains("icanon echo"), "the terminal is restored after SIGTERM")
        #expect(!t.screen.contains("Users 20"), "the TUI frame is gone (alternate screen left)")
    }

    @Test func dumbTerminalExitsTwoWithAMessage() throws {
        let t = try Tmux("TERM=dumb \(roster) --demo --demo-users 5")
        t.waitFor(text: "EXIT=2")
        #expect(t.screen.lowercased().contains("cursor"), "the message says what is missing")
    }

    @Test func hostileNamesAreShownAsPlaceholders() throws {
        let t = try Tmux("\(roster) --demo --demo-users 30 --hostile-names")
        t.waitFor(text: "(all loaded)")
        #expect(t.screen.contains("␛[2J"), "ESC is drawn as a visible placeholder")
        #expect(t.screen.contains("⟨RLO⟩"), "bidi override is shown, not applied")
        // The layout holds: every row's separator is in the same column.
        // (Rows with wide or combining characters are left out: capture-pane gives characters, not columns.)
        let narrow = t.lines.filter { $0.unicodeScalars.allSatisfy { s in s.value < 0x300 || (0x2190..<0x2E80).contains(s.value) } }
        let columns = Set(narrow.compactMap { line -> Int? in
            guard let r = line.range(of: "│") else { return nil }
            return line[..<r.lowerBound].count
        })
        #expect(columns.count == 1, "separator columns: \(columns)")
        try t.send("q")
        t.waitFor(text: "EXIT=0")
    }
}
