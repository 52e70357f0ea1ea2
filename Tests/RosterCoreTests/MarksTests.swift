import Testing
@testable import RosterCore
import ScreenKit

/// Marks: Space, `*`, `U`; ids that survive filtering, sorting and reloads; the header count and the
/// glyph; and the rows a bulk action targets.
@Suite struct MarksTests {
    typealias P = People

    static func marked(_ state: AppState) -> [String] { state.marked.sorted() }

    @Test func spaceMarksTheRowAndMovesDown() {
        var state = P.loaded()
        let effects = reduce(&state, .key(.char(" ")))
        #expect(Self.marked(state) == ["1"])
        #expect(state.list.selectedRow?.id == "2")
        #expect(effects == [.fetchCredential(request: 2, userID: "2", delayMs: 60)])
        _ = reduce(&state, .key(.char(" ")))
        #expect(Self.marked(state) == ["1", "2"])
        // Back up and Space again: unmarks.
        _ = reduce(&state, .key(.char("k")))
        _ = reduce(&state, .key(.char(" ")))
        #expect(Self.marked(state) == ["1"])
        // On the last row it marks and stays.
        _ = reduce(&state, .key(.char("G")))
        _ = reduce(&state, .key(.char(" ")))
        #expect(Self.marked(state) == ["1", "5"])
        #expect(state.list.selectedRow?.id == "5")
    }

    @Test func starMarksWhatTheFilterShowsAndUClears() {
        var state = P.loaded()
        _ = reduce(&state, .key(.char("/")))
        for c in "is:enabled has:email" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.enter))
        #expect(state.list.visible.map { state.list.rows[Int($0)].id } == ["1", "2", "4"])
        _ = reduce(&state, .key(.char("*")))
        #expect(Self.marked(state) == ["1", "2", "4"])
        #expect(state.flash?.text == "marked 3 more (3 marked)")
        _ = reduce(&state, .key(.char("U")))
        #expect(state.marked.isEmpty)
        #expect(state.flash?.text == "cleared 3 marks")
    }

    @Test func marksSurviveAFilterChangeASortAndAReload() {
        var state = P.loaded()
        _ = reduce(&state, .key(.char(" ")))            // Alice
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.char(" ")))            // Carol
        #expect(Self.marked(state) == ["1", "3"])
        _ = reduce(&state, .key(.char("/")))
        for c in "bob" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.escape))
        _ = reduce(&state, .key(.char("s")))            // by name
        _ = reduce(&state, .key(.char("S")))
        #expect(Self.marked(state) == ["1", "3"])
        _ = reduce(&state, .key(.char("r")))
        _ = reduce(&state, .usersLoaded(generation: state.loadGeneration, rows: P.all, done: true))
        #expect(Self.marked(state) == ["1", "3"])
    }

    @Test func marksAreAllowedReadOnly() {
        var state = P.loaded(readOnly: true)
        _ = reduce(&state, .key(.char(" ")))
        _ = reduce(&state, .key(.char("*")))
        #expect(Self.marked(state) == ["1", "2", "3", "4", "5"])
        _ = reduce(&state, .key(.char("U")))
        #expect(state.marked.isEmpty)
        #expect(Commands.all.filter { [.toggleMark, .markAll, .clearMarks].contains($0.id) }.allSatisfy { !$0.mutating })
    }

    @Test func actionTargetsAreTheMarkedRowsElseTheShownOnes() {
        var state = P.loaded()
        _ = reduce(&state, .key(.char("/")))
        for c in "acme" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.enter))
        var targets = state.actionTargets
        #expect(!targets.fromMarks)
        #expect(targets.rows.map(\.id) == ["1", "2", "3", "4"])
        // Marked rows count whether the filter shows them or not, in the list's order.
        state.marked = ["5", "2"]
        targets = state.actionTargets
        #expect(targets.fromMarks)
        #expect(targets.rows.map(\.id) == ["2", "5"])
        // A marked id no longer loaded is left out.
        state.marked = ["2", "99"]
        #expect(state.actionTargets.rows.map(\.id) == ["2"])
    }

    @Test func theHeaderCountsAndTheRowsShowTheMark() {
        var state = Screens.browsing(Size(cols: 80, rows: 24))
        state.marked = ["1", "3"]
        let lines = screen(state)
        #expect(lines[0] == " roster  acme.looker.com  as api-admin                                 2 marked ")
        #expect(Array(lines[3...5]) == [
            "●   1 ▸ Alice Smith              alice@acme.co                 email        ✓   ",
            "    2   世蓮 花子                hanako@acme.jp                email,saml   ✓   ",
            "●   3   José 😀 Núñez            jose@acme.es                  none         ✗   ",
        ])
        let frame = render(state)
        #expect(roles(frame.grid, y: 0, 71..<79) == [.mark])
        #expect(roles(frame.grid, y: 5, 0..<1) == [.mark])
        state.ascii = true
        #expect(screen(state)[5].hasPrefix("*   3   "))
        state.marked = []
        #expect(!screen(state)[0].contains("marked"))
    }
}
