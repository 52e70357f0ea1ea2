import CNcursesw
import Foundation
@testable import Terminal
import ScreenKit
import XCTest

/// A terminal under test on a fresh pty, closed by `close()`.
struct Fixture {
    let pty: Pty
    let terminal: NcursesTerminal

    static let theme = Theme(name: "test", styles: [
        .selection: Style(fg: .ansi(0), bg: .ansi(6), attributes: [.reverse]),
        .header: Style(fg: .indexed(214, fallback: 3), attributes: [.bold]),
    ])

    init(cols: Int = 80, rows: Int = 24, colors: Bool = true, theme: Theme = Fixture.theme) throws {
        pty = try Pty(cols: cols, rows: rows)
        terminal = try NcursesTerminal(
            theme: theme, options: TerminalOptions(termName: "xterm-256color", colorsEnabled: colors),
            inputFD: pty.slave, outputFD: pty.slave)
        // Setup output (keypad mode) must have arrived before a test counts bytes.
        XCTAssertTrue(pty.waitForCount(terminal.bytesWritten))
    }

    func close() {
        // XON: should flow control ever be left on, a typed Ctrl-S must not block end() forever.
        pty.type([0x11])
        terminal.end()
        pty.shutdown()
    }

    /// Draws and returns (bytes ncurses reported writing, bytes that reached the master).
    func measure(_ grid: Grid, cursor: Point? = nil, file: StaticString = #filePath, line: UInt = #line) -> (counted: Int, received: Int) {
        let counted = terminal.bytesWritten
        let start = pty.count
        terminal.draw(grid, cursor: cursor)
        let written = terminal.bytesWritten - counted
        XCTAssertTrue(pty.waitForCount(start + written), "master got \(pty.count - start) of \(written) bytes", file: file, line: line)
        return (written, pty.count - start)
    }

    /// Collects events until `count` arrived or the deadline passed.
    func events(_ count: Int, wakeFD: Int32 = -1, timeoutMs: Int32 = 3000) -> [TerminalEvent] {
        var collected: [TerminalEvent] = []
        let deadline = Date().addingTimeInterval(Double(timeoutMs) / 1000)
        while collected.count < count, Date() < deadline {
            collected += terminal.waitForEvents(wakeFD: wakeFD, timeoutMs: timeoutMs)
        }
        return collected
    }
}

extension Array where Element == UInt8 {
    func contains(_ needle: String) -> Bool {
        let bytes = Array(needle.utf8)
        guard !bytes.isEmpty, bytes.count <= count else { return false }
        return (0...(count - bytes.count)).contains { self[$0..<$0 + bytes.count].elementsEqual(bytes) }
    }
}
