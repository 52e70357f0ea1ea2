import CNcursesw
import Foundation
@testable import Terminal
import ScreenKit
import XCTest

/// Frames drawn through real ncurses on a pty, read back from ncurses' screen and the master side.
final class DrawingTests: XCTestCase {
    func testWideAndCombiningGlyphsLandInTheirColumns() throws {
        let fixture = try Fixture(cols: 40, rows: 10)
        defer { fixture.close() }
        XCTAssertEqual(fixture.terminal.size, Size(cols: 40, rows: 10))
        XCTAssertTrue(fixture.terminal.isUTF8)

        var grid = Grid(size: Size(cols: 40, rows: 10))
        grid.put("A世蓮😀e\u{301}Z|", x: 0, y: 1, role: .normal)
        grid.put("héllo", x: 30, y: 9, role: .header)
        let (_, received) = fixture.measure(grid)

        XCTAssertEqual(VirtualScreen.line(1, cols: 40), "A世蓮😀e\u{301}Z|" + String(repeating: " ", count: 30))
        XCTAssertEqual(VirtualScreen.glyph(x: 1, y: 1).text, "世")
        XCTAssertEqual(VirtualScreen.glyph(x: 3, y: 1).text, "蓮")
        XCTAssertEqual(VirtualScreen.glyph(x: 5, y: 1).text, "😀")
        XCTAssertEqual(VirtualScreen.glyph(x: 7, y: 1).text, "e\u{301}")
        XCTAssertEqual(VirtualScreen.glyph(x: 8, y: 1).text, "Z")
        XCTAssertEqual(VirtualScreen.glyph(x: 9, y: 1).text, "|")
        XCTAssertEqual(VirtualScreen.line(9, cols: 40), String(repeating: " ", count: 30) + "héllo     ")

        let bytes = fixture.pty.bytes()
        XCTAssertGreaterThan(received, 0)
        XCTAssertTrue(bytes.contains("A世蓮😀e\u{301}Z|"))
        XCTAssertTrue(bytes.contains("héllo"))
        assertOnlyCursesSequences(bytes)
    }

    func testUnchangedFrameWritesNothingAndOneCellWritesLittle() throws {
        let fixture = try Fixture()
        defer { fixture.close() }
        let frame = listFrame(first: 0, selected: 3)

        let full = fixture.measure(frame)
        let again = fixture.measure(frame)
        var oneCell = frame
        oneCell[40, 10] = Cell(text: "#", width: 1, role: .normal)
        let changed = fixture.measure(oneCell)
        XCTAssertEqual(VirtualScreen.glyph(x: 40, y: 10).text, "#")
        let scrolled = fixture.measure(listFrame(first: 1, selected: 3))
        print("bytes: full 80x24 frame \(full.received), unchanged \(again.received), one cell \(changed.received), one-row scroll \(scrolled.received)")

        XCTAssertEqual(full.counted, full.received)
        XCTAssertGreaterThan(full.received, 22 * 40)
        XCTAssertEqual(again.received, 0)
        XCTAssertGreaterThan(changed.received, 0)
        XCTAssertLessThan(changed.received, 24)
        XCTAssertLessThan(scrolled.received, full.received)
        XCTAssertEqual(VirtualScreen.line(2, cols: 80), listFrame(first: 1, selected: 3).lines[2])
        assertOnlyCursesSequences(fixture.pty.bytes())
    }

    func testCursorIsShownOnlyWhenAsked() throws {
        let fixture = try Fixture(cols: 20, rows: 5)
        defer { fixture.close() }
        var grid = Grid(size: Size(cols: 20, rows: 5))
        grid.put("name: ab", x: 0, y: 2, role: .input)
        fixture.terminal.draw(grid, cursor: Point(x: 8, y: 2))
        var y: Int32 = 0, x: Int32 = 0
        nc_getyx(nc_stdscr(), &y, &x)
        XCTAssertEqual([y, x], [2, 8])
        XCTAssertTrue(fixture.terminal.cursorVisible)
        fixture.terminal.draw(grid, cursor: nil)
        XCTAssertFalse(fixture.terminal.cursorVisible)
    }

    func testInvalidateRepaintsEveryCell() throws {
        let fixture = try Fixture(cols: 30, rows: 6)
        defer { fixture.close() }
        var grid = Grid(size: Size(cols: 30, rows: 6))
        grid.put("stays the same", x: 2, y: 3, role: .normal)
        _ = fixture.measure(grid)
        XCTAssertEqual(fixture.measure(grid).received, 0)
        fixture.terminal.invalidate()
        let repaint = fixture.measure(grid)
        XCTAssertTrue(fixture.pty.bytes(from: fixture.pty.count - repaint.received).contains("stays the same"))
    }

    func testSmallerGridLeavesTheRestBlank() throws {
        let fixture = try Fixture(cols: 30, rows: 6)
        defer { fixture.close() }
        var big = Grid(size: Size(cols: 30, rows: 6))
        big.put(String(repeating: "x", count: 30), x: 0, y: 5, role: .normal)
        fixture.terminal.draw(big, cursor: nil)
        var small = Grid(size: Size(cols: 10, rows: 3))
        small.put("small", x: 0, y: 0, role: .normal)
        fixture.terminal.draw(small, cursor: nil)
        XCTAssertEqual(VirtualScreen.line(0, cols: 30), "small" + String(repeating: " ", count: 25))
        XCTAssertEqual(VirtualScreen.line(5, cols: 30), String(repeating: " ", count: 30))
    }

    private static let names = ["Alice Smith", "Bob Jones", "Carol White", "Dmitri Ivanov", "Eve Adams", "Farid Haddad",
                                "Grace Hopper", "Hiro Tanaka", "Ines Costa", "Jamal Wright", "Kim Lee", "Lena Fischer",
                                "Maria Garcia", "Nils Berg", "Olga Petrova", "Priya Patel", "Quinn Young"]

    /// An 80×24 user list: header, 22 rows from item `first`, status line.
    private func listFrame(first: Int, selected: Int) -> Grid {
        var grid = Grid(size: Size(cols: 80, rows: 24))
        grid.fill(x: 0, y: 0, width: 80, role: .header)
        grid.put(" roster  acme.looker.com  as api-admin", x: 0, y: 0, role: .header)
        for row in 0..<22 {
            let id = first + row + 1
            let name = Self.names[id % Self.names.count]
            let line = " \(String(repeating: " ", count: 5 - String(id).count))\(id)  \(name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(name.lowercased().replacingOccurrences(of: " ", with: "."))@acme.com"
            grid.put(line, x: 0, y: row + 1, role: .normal)
            if first + row == selected { grid.setRole(x: 0, y: row + 1, width: 60, role: .selection) }
            grid.put("│", x: 60, y: row + 1, role: .border)
        }
        grid.put(" ctrl-s save  esc revert  tab next field  ? help", x: 0, y: 23, role: .status)
        return grid
    }
}

/// Every ESC that reached the terminal starts a sequence ncurses emits for xterm (CSI, charset,
/// keypad mode); never OSC, DCS, APC, PM or SOS, and no BEL or C1 control characters.
func assertOnlyCursesSequences(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
    for (index, byte) in bytes.enumerated() where byte == 0x1B {
        let next = index + 1 < bytes.count ? bytes[index + 1] : 0
        XCTAssertFalse([UInt8(ascii: "]"), UInt8(ascii: "P"), UInt8(ascii: "_"), UInt8(ascii: "^"), UInt8(ascii: "X")].contains(next),
                       "ESC \(UnicodeScalar(next)) at \(index)", file: file, line: line)
    }
    XCTAssertFalse(bytes.contains(0x07), "BEL", file: file, line: line)
    let text = String(decoding: bytes, as: UTF8.self)
    XCTAssertFalse(text.unicodeScalars.contains { (0x80...0x9F).contains($0.value) }, "C1 control", file: file, line: line)
}
