import Testing
@testable import ScreenKit

@Suite struct GridTests {
    typealias F = TextFixtures

    /// Roles of a row, one letter per cell: `.` normal, `e` escaped, `s` selection, `d` dim, `-` continuation.
    static func roles(_ grid: Grid, _ y: Int) -> String {
        String(grid.row(y).map { cell -> Character in
            if cell.isContinuation { return "-" }
            switch cell.role {
            case .normal: return "."
            case .escaped: return "e"
            case .selection: return "s"
            case .dim: return "d"
            default: return "?"
            }
        })
    }

    @Test func aNewGridIsBlank() {
        let grid = Grid(size: Size(cols: 4, rows: 2))
        #expect(grid.lines == ["    ", "    "])
        #expect(grid[0, 0] == .blank)
        #expect(Grid(size: Size(cols: -1, rows: 3)).size == Size(cols: 0, rows: 3))
    }

    @Test func putWritesSanitizedTextAndReturnsColumns() {
        var grid = Grid(size: Size(cols: 12, rows: 3))
        #expect(grid.put("alice", x: 1, y: 0, role: .normal) == 5)
        #expect(grid.put(F.cjk, x: 0, y: 1, role: .normal) == 4)
        #expect(grid.put(F.clearScreen, x: 0, y: 2, role: .dim) == 4)
        #expect(grid.lines == [" alice      ", "世蓮        ", "␛[2J        "])
        #expect(Self.roles(grid, 2) == "eddd........")
        #expect(grid[x: 1, y: 1] == Cell(text: "", width: 0, role: .normal))
    }

    @Test func markersAreEscapedButTheRestKeepsItsRole() {
        var grid = Grid(size: Size(cols: 12, rows: 1))
        grid.put(F.zwsp, x: 0, y: 0, role: .selection)
        #expect(grid.lines == ["al⟨ZWSP⟩ice "])
        #expect(Self.roles(grid, 0) == "sseeeeeesss.")
    }

    @Test func putClipsAtTheRightEdgeWithAnEllipsis() {
        var grid = Grid(size: Size(cols: 8, rows: 2))
        #expect(grid.put("Bartholomew", x: 2, y: 0, role: .normal) == 6)
        #expect(grid.put(F.longName, x: 0, y: 1, role: .normal) == 8)
        #expect(grid.lines == ["  Barth…", "Barthol…"])
    }

    @Test func putClipsToMaxWidth() {
        var grid = Grid(size: Size(cols: 10, rows: 4))
        #expect(grid.put("alice", x: 0, y: 0, role: .normal, maxWidth: 5) == 5)
        #expect(grid.put("alice", x: 0, y: 1, role: .normal, maxWidth: 4) == 4)
        #expect(grid.put("ab世蓮xyz", x: 0, y: 2, role: .normal, maxWidth: 5) == 5)
        #expect(grid.put(F.rlo, x: 0, y: 3, role: .normal, maxWidth: 8) == 8)
        #expect(grid.put("alice", x: 9, y: 3, role: .normal, maxWidth: 0) == 0)
        #expect(grid.lines == ["alice     ", "ali…      ", "ab世…     ", "admin⟨R…  "])
    }

    @Test func aWideGlyphThatWouldStraddleTheLimitBecomesASpace() {
        var grid = Grid(size: Size(cols: 10, rows: 3))
        #expect(grid.put("世蓮世蓮世蓮", x: 0, y: 0, role: .normal) == 10)
        #expect(grid.put("世蓮世", x: 0, y: 1, role: .normal, maxWidth: 5) == 5)
        #expect(grid.put("a世", x: 8, y: 2, role: .normal) == 2)
        #expect(grid.lines == ["世蓮世蓮 …", "世蓮…     ", "        a…"])
        #expect(Self.roles(grid, 0) == ".-.-.-.-..")
        #expect(grid.put(F.cjk, x: 9, y: 2, role: .normal) == 1)
        #expect(grid.lines[2] == "        a…")
    }

    @Test func putOutsideTheGridWritesNothing() {
        var grid = Grid(size: Size(cols: 3, rows: 1))
        #expect(grid.put("abc", x: 3, y: 0, role: .normal) == 0)
        #expect(grid.put("abc", x: 0, y: 1, role: .normal) == 0)
        #expect(grid.put("abc", x: -1, y: 0, role: .normal) == 0)
        #expect(grid.lines == ["   "])
    }

    @Test func overwritingHalfAWideGlyphBlanksTheOtherHalf() {
        var grid = Grid(size: Size(cols: 6, rows: 1))
        grid.put("世蓮世", x: 0, y: 0, role: .selection)
        grid.put("x", x: 1, y: 0, role: .normal)   // the right half of 世
        grid.put("y", x: 2, y: 0, role: .normal)   // the left half of 蓮
        #expect(grid.lines == [" xy 世"])
        #expect(Self.roles(grid, 0) == "s..ss-")
        grid.put("蓮", x: 3, y: 0, role: .normal)  // straddles the space and the left half of 世
        #expect(grid.lines == [" xy蓮 "])
        #expect(Self.roles(grid, 0) == "s...-s")
    }

    @Test func subscriptKeepsWideGlyphsWhole() {
        var grid = Grid(size: Size(cols: 4, rows: 1))
        grid[x: 0, y: 0] = Cell(text: "世", width: 2, role: .normal)
        #expect(grid.lines == ["世  "])
        grid[x: 1, y: 0] = Cell(text: "a", width: 1, role: .dim)
        #expect(grid.lines == [" a  "])
        grid[x: 3, y: 0] = Cell(text: "蓮", width: 2, role: .normal)  // no room for the right half
        grid[x: 2, y: 0] = Cell(text: "", width: 0, role: .normal)   // a continuation alone is a blank
        grid[x: 9, y: 0] = Cell(text: "z", width: 1, role: .normal)  // ignored
        #expect(grid.lines == [" a  "])
        #expect(grid[x: 9, y: 0] == .blank)
        #expect(!grid.cells.contains { $0.isContinuation })
    }

    @Test func fillBlanksAClippedRangeAndRect() {
        var grid = Grid(size: Size(cols: 6, rows: 3))
        for y in 0..<3 { grid.put("世蓮世", x: 0, y: y, role: .normal) }
        grid.fill(x: 3, y: 0, width: 10, role: .dim)
        grid.fill(rect: -2, y: 1, width: 3, height: 5, role: .selection)
        #expect(grid.lines == ["世    ", "  蓮世", "  蓮世"])
        #expect(Self.roles(grid, 0) == ".-.ddd")
        #expect(Self.roles(grid, 1) == "s..-.-")
    }

    @Test func setRoleChangesRolesOnlyAndKeepsWideGlyphsWhole() {
        var grid = Grid(size: Size(cols: 8, rows: 1))
        grid.put("a世蓮b", x: 0, y: 0, role: .normal)
        grid.setRole(x: 2, y: 0, width: 2, role: .selection)
        #expect(grid.lines == ["a世蓮b  "])
        #expect(Self.roles(grid, 0) == ".s-s-...")
        grid.setRole(x: 0, y: 0, width: 100, role: .dim)
        #expect(Self.roles(grid, 0) == "dd-d-ddd")
    }

    @Test func linesSkipContinuationsAndKeepTrailingSpaces() {
        var grid = Grid(size: Size(cols: 7, rows: 2))
        grid.put(F.family, x: 0, y: 0, role: .normal)
        grid.put(F.flag + F.heart + F.combining, x: 0, y: 1, role: .normal)
        #expect(grid.lines == ["👩👩👧 ", "JP❤cafe\u{301}"])
    }
}
