import CNcursesw
import Foundation
@testable import Terminal
import ScreenKit
import XCTest

/// The checks before `newterm`, and colors on or off.
final class SetupTests: XCTestCase {
    func testDumbTerminalHasNoCursorAddressing() throws {
        let pty = try Pty(cols: 80, rows: 24)
        defer { pty.shutdown() }
        XCTAssertThrowsError(try TerminalPreflight.check(termName: "dumb", inputFD: pty.slave, outputFD: pty.slave)) {
            XCTAssertEqual($0 as? TerminalError, .noCursorAddressing("dumb"))
        }
        XCTAssertThrowsError(try NcursesTerminal(theme: Fixture.theme, options: TerminalOptions(termName: "dumb"),
                                                 inputFD: pty.slave, outputFD: pty.slave)) {
            XCTAssertEqual($0 as? TerminalError, .noCursorAddressing("dumb"))
        }
        XCTAssertEqual(pty.count, 0, "the terminal must stay untouched")
    }

    func testUnknownAndEmptyTermNames() throws {
        let pty = try Pty(cols: 80, rows: 24)
        defer { pty.shutdown() }
        for name in ["nosuchterm", "", "../../etc/passwd"] {
            XCTAssertThrowsError(try TerminalPreflight.check(termName: name, inputFD: pty.slave, outputFD: pty.slave)) {
                XCTAssertEqual($0 as? TerminalError, .unknownTerminal(name))
            }
        }
        XCTAssertEqual(try TerminalPreflight.check(termName: "xterm-256color", inputFD: pty.slave, outputFD: pty.slave), "xterm-256color")
        XCTAssertEqual(pty.count, 0)
    }

    func testNonTerminalDescriptorsAreRefusedBeforeTheTermCheck() throws {
        let null = open("/dev/null", O_RDWR)
        defer { close(null) }
        var fds: [Int32] = [-1, -1]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[0]); close(fds[1]) }
        let pty = try Pty(cols: 80, rows: 24)
        defer { pty.shutdown() }
        for (input, output) in [(null, null), (fds[0], fds[1]), (pty.slave, null), (null, pty.slave)] {
            XCTAssertThrowsError(try TerminalPreflight.check(termName: "dumb", inputFD: input, outputFD: output)) {
                XCTAssertEqual($0 as? TerminalError, .notATerminal)
            }
        }
    }

    func testCheckLeavesAnOpenScreenAlone() throws {
        let fixture = try Fixture(cols: 20, rows: 4)
        defer { fixture.close() }
        XCTAssertThrowsError(try TerminalPreflight.check(termName: "nosuchterm", inputFD: fixture.pty.slave, outputFD: fixture.pty.slave))
        XCTAssertNoThrow(try TerminalPreflight.check(termName: "vt100", inputFD: fixture.pty.slave, outputFD: fixture.pty.slave))
        var grid = Grid(size: Size(cols: 20, rows: 4))
        grid.put("still fine", x: 0, y: 0, role: .normal)
        fixture.terminal.draw(grid, cursor: nil)
        XCTAssertEqual(VirtualScreen.line(0, cols: 20), "still fine          ")
        fixture.pty.type("\u{1b}[A")
        XCTAssertEqual(fixture.events(1), [.key(.up)])
    }

    func testWithoutColorsOnlyAttributesRemain() throws {
        let fixture = try Fixture(cols: 20, rows: 4, colors: false)
        defer { fixture.close() }
        XCTAssertEqual(fixture.terminal.colorCount, 0)
        var grid = Grid(size: Size(cols: 20, rows: 4))
        grid.put("alice", x: 0, y: 1, role: .selection)
        grid.put("title", x: 0, y: 0, role: .header)
        fixture.terminal.draw(grid, cursor: nil)
        let selected = VirtualScreen.glyph(x: 0, y: 1)
        XCTAssertEqual(selected.text, "a")
        XCTAssertEqual(selected.pair, 0)
        XCTAssertEqual(selected.attributes & NC_A_REVERSE, NC_A_REVERSE)
        XCTAssertEqual(VirtualScreen.glyph(x: 0, y: 0).attributes & NC_A_BOLD, NC_A_BOLD)
        XCTAssertEqual(VirtualScreen.glyph(x: 0, y: 0).pair, 0)
        XCTAssertFalse(fixture.pty.bytes().contains("\u{1b}[3"), "no foreground color sequence")
    }

    func testWithColorsEachRoleHasItsPair() throws {
        let fixture = try Fixture(cols: 20, rows: 4, colors: true)
        defer { fixture.close() }
        XCTAssertEqual(fixture.terminal.colorCount, 256)
        var grid = Grid(size: Size(cols: 20, rows: 4))
        grid.put("title", x: 0, y: 0, role: .header)
        grid.put("alice", x: 0, y: 1, role: .selection)
        fixture.terminal.draw(grid, cursor: nil)
        let header = VirtualScreen.glyph(x: 0, y: 0)
        let headerPair = Int16(Role.allCases.firstIndex(of: .header)! + 1)
        XCTAssertEqual(header.pair, headerPair)
        XCTAssertEqual(header.attributes & NC_A_BOLD, NC_A_BOLD)
        var fg: Int16 = 0, bg: Int16 = 0
        XCTAssertEqual(pair_content(headerPair, &fg, &bg), OK)
        XCTAssertEqual([fg, bg], [214, -1])
        let selection = VirtualScreen.glyph(x: 0, y: 1)
        XCTAssertEqual(pair_content(selection.pair, &fg, &bg), OK)
        XCTAssertEqual([fg, bg], [0, 6])
        XCTAssertEqual(selection.attributes & NC_A_REVERSE, NC_A_REVERSE)
    }

    func testSetThemeRepaintsWithNewPairs() throws {
        let fixture = try Fixture(cols: 20, rows: 4, colors: true)
        defer { fixture.close() }
        var grid = Grid(size: Size(cols: 20, rows: 4))
        grid.put("title", x: 0, y: 0, role: .header)
        fixture.terminal.draw(grid, cursor: nil)
        fixture.terminal.setTheme(Theme(name: "other", styles: [.header: Style(fg: .ansi(1), attributes: [.underline])]))
        fixture.terminal.draw(grid, cursor: nil)
        let header = VirtualScreen.glyph(x: 0, y: 0)
        var fg: Int16 = 0, bg: Int16 = 0
        XCTAssertEqual(pair_content(header.pair, &fg, &bg), OK)
        XCTAssertEqual([fg, bg], [1, -1])
        XCTAssertEqual(header.attributes & (NC_A_UNDERLINE | NC_A_BOLD), NC_A_UNDERLINE)
    }
}
