import Testing
@testable import ScreenKit

@Suite struct GridDiffTests {
    static func grid(_ rows: [String], cols: Int) -> Grid {
        var grid = Grid(size: Size(cols: cols, rows: rows.count))
        for (y, text) in rows.enumerated() { grid.put(text, x: 0, y: y, role: .normal) }
        return grid
    }

    static func text(_ run: Run) -> String {
        run.cells.map(\.text).joined()
    }

    @Test func withoutAPreviousFrameEverythingIsOneRunPerRow() {
        let new = Self.grid(["ab", "世"], cols: 3)
        #expect(new.diff(from: nil) == [
            Run(x: 0, y: 0, cells: [Cell(text: "a", width: 1, role: .normal), Cell(text: "b", width: 1, role: .normal), .blank]),
            Run(x: 0, y: 1, cells: [Cell(text: "世", width: 2, role: .normal), .continuation(.normal), .blank]),
        ])
        #expect(new.diff(from: Grid(size: Size(cols: 4, rows: 2))).count == 2)
    }

    @Test func anUnchangedFrameHasNoRuns() {
        let old = Self.grid(["alice 世", "bob"], cols: 10)
        #expect(Self.grid(["alice 世", "bob"], cols: 10).diff(from: old) == [])
    }

    @Test func oneChangedCellIsOneRunOfOneCell() {
        let old = Self.grid(["alice", "bob"], cols: 10)
        var new = old
        new.put("X", x: 2, y: 1, role: .normal)
        #expect(new.diff(from: old) == [Run(x: 2, y: 1, cells: [Cell(text: "X", width: 1, role: .normal)])])
    }

    @Test func aRoleChangeIsAChange() {
        let old = Self.grid(["alice"], cols: 5)
        var new = old
        new.setRole(x: 1, y: 0, width: 2, role: .selection)
        let runs = new.diff(from: old)
        #expect(runs.map { "\($0.x),\($0.y):\(Self.text($0))" } == ["1,0:li"])
        #expect(runs.first?.cells.map(\.role) == [.selection, .selection])
    }

    @Test func changesTouchingAWideGlyphCoverTheWholeGlyph() {
        let old = Self.grid(["ab世cd"], cols: 8)
        var roleOnContinuation = old
        // Only the continuation cell differs: the run must start at the wide glyph.
        roleOnContinuation.cells[3].role = .dim
        #expect(roleOnContinuation.diff(from: old).map { "\($0.x):\(Self.text($0))" } == ["2:世"])

        let replaced = Self.grid(["ab蓮cd"], cols: 8)
        let runs = replaced.diff(from: old)
        #expect(runs.map { "\($0.x):\(Self.text($0))" } == ["2:蓮"])
        #expect(runs.first?.cells.count == 2)

        let shifted = Self.grid(["abc世d"], cols: 8)
        #expect(shifted.diff(from: old).map { "\($0.x):\(Self.text($0))" } == ["2:c世"])
    }

    @Test func separateChangesAreSeparateRunsLeftToRight() {
        let old = Self.grid(["abcdefgh", "12345678"], cols: 8)
        let new = Self.grid(["aXcdeYYh", "12345678"], cols: 8)
        #expect(new.diff(from: old).map { "\($0.x),\($0.y):\(Self.text($0))" } == ["1,0:X", "5,0:YY"])
    }

    @Test func runsNeverSplitAWideGlyph() {
        let frames = [["世蓮 ab", "x世y"], ["a世蓮 b", "x蓮y"], ["a b世蓮", "世世世"], ["a b世蓮", "世世世"]]
        var previous: Grid?
        for rows in frames {
            let grid = Self.grid(rows, cols: 7)
            for run in grid.diff(from: previous) {
                #expect(run.cells.first?.isContinuation == false)
                if let last = run.cells.last, last.width == 2 { Issue.record("run ends inside a wide glyph") }
                let end = run.x + run.cells.count
                #expect(end == 7 || !grid[x: end, y: run.y].isContinuation)
            }
            previous = grid
        }
    }

    @Test func memoryBackendWritesOnlyWhatChanged() {
        let backend = MemoryBackend(size: Size(cols: 6, rows: 2))
        backend.draw(Self.grid(["alice", "世"], cols: 6), cursor: nil)
        #expect(backend.lines == ["alice ", "世    "])
        #expect(backend.cellsWritten == 12)
        #expect(backend.frames == 1)

        backend.draw(Self.grid(["alice", "世"], cols: 6), cursor: Point(x: 1, y: 1))
        #expect(backend.cellsWritten == 12)
        #expect(backend.cursor == Point(x: 1, y: 1))

        backend.draw(Self.grid(["alIce", "蓮"], cols: 6), cursor: nil)
        #expect(backend.lines == ["alIce ", "蓮    "])
        #expect(backend.cellsWritten == 15)
        #expect(backend.cursor == nil)
        #expect(backend.frames == 3)
    }

    @Test func memoryBackendRepaintsAfterInvalidateAndResize() {
        let backend = MemoryBackend(size: Size(cols: 4, rows: 2))
        let frame = Self.grid(["ab", "cd"], cols: 4)
        backend.draw(frame, cursor: nil)
        backend.invalidate()
        backend.draw(frame, cursor: nil)
        #expect(backend.cellsWritten == 16)

        backend.resize(to: Size(cols: 3, rows: 1))
        #expect(backend.size == Size(cols: 3, rows: 1))
        #expect(backend.lines == ["   "])
        backend.draw(Self.grid(["xyz"], cols: 3), cursor: nil)
        #expect(backend.lines == ["xyz"])
        #expect(backend.cellsWritten == 19)
        #expect(backend.screen == Self.grid(["xyz"], cols: 3))
    }

    @Test func aFullFrameOfMixedTextRendersAndDiffsExactly() {
        let names = ["Alice Smith", "世蓮 Zhang", TextFixtures.rlo, TextFixtures.family, TextFixtures.longName]
        func frame(_ offset: Int) -> Grid {
            var grid = Grid(size: Size(cols: 200, rows: 60))
            for y in 0..<60 {
                var x = 0
                for column in 0..<5 {
                    x += grid.put(names[(y + column + offset) % names.count], x: x, y: y, role: .normal, maxWidth: 40)
                }
            }
            return grid
        }
        let first = frame(0)
        #expect(first.lines[0].hasPrefix("Alice Smith世蓮 Zhangadmin⟨RLO⟩gpj.exe👩👩👧Bartholomew"))
        #expect(first.lines.allSatisfy { DisplayText.width($0) == 200 })
        let backend = MemoryBackend(size: Size(cols: 200, rows: 60))
        backend.draw(first, cursor: nil)
        backend.draw(frame(5), cursor: nil)
        #expect(backend.cellsWritten == 12_000)
        backend.draw(frame(1), cursor: nil)
        #expect(backend.screen == frame(1))
        #expect(backend.cellsWritten > 12_000 && backend.cellsWritten <= 24_000)
    }
}
