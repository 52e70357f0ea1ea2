import Foundation
import Testing

/// Find and mark in the real binary on the demo sandbox: a qualifier error in the filter line, a
/// qualifier narrowing the list, `*` marking what it shows, `U` and Space.
@Suite(.serialized) struct FindMarkTests {
    let roster = rosterBinary()

    /// The left pane of the list rows (side by side, the form is right of "│").
    static func listRows(_ screen: String) -> [String] {
        screen.components(separatedBy: "\n").dropFirst(3).dropLast(2)
            .map { String($0.split(separator: "│", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }
            .filter { row in row.first(where: { !$0.isWhitespace }).map { $0.isNumber || $0 == "●" } == true }
    }

    @Test func qualifiersFilterAndStarMarksWhatTheyShow() throws {
        let t = try Tmux("\(roster) --demo --demo-users 300")
        t.waitFor(text: "(all loaded)")
        try t.type("/is:bogus")
        t.waitFor(text: "is: takes enabled or disabled")
        try t.send("BSpace", "BSpace", "BSpace", "BSpace", "BSpace")
        try t.type("disabled")
        var matches = 0
        t.waitFor("the disabled users only") { screen in
            guard screen.contains("filter: is:disabled"), !screen.contains("takes"),
                  let count = screen.firstMatch(of: /(\d+) match/)?.1, let n = Int(count), n > 0 else { return false }
            matches = n
            let rows = Self.listRows(screen)
            return !rows.isEmpty && rows.allSatisfy { $0.contains("✗") && !$0.contains("✓") }
        }
        try t.send("Enter")
        try t.type("*")
        t.waitFor(text: "\(matches) marked")
        #expect(Self.listRows(t.screen).allSatisfy { $0.hasPrefix("●") })
        try t.type("U")
        t.waitFor("the marks to clear") { !($0.components(separatedBy: "\n").first ?? "").contains("marked") }
        try t.type(" ")
        t.waitFor(text: "1 marked")
        try t.send("q")
        t.waitFor(text: "EXIT=0")
    }
}
