import Foundation
import RosterServices
import RosterCore
import ScreenKit
import Terminal

/// (d) Bytes ncurses writes to a pty for a one-row scroll (selection one row down, list scrolled by
/// one) at 200×60, against the minimal changed-cell update: the changed cells' UTF-8 bytes plus
/// about 6 bytes of cursor movement per run of changed cells.
@MainActor
func scrollBench(_ list: UserList, theme: Theme, steps: Int, dump: String? = nil) throws -> [Figure] {
    let size = Size(cols: 200, rows: 60)
    let pty = try Pty(cols: size.cols, rows: size.rows)
    defer { pty.shutdown() }
    let terminal = try NcursesTerminal(theme: theme, options: TerminalOptions(termName: "xterm-256color"),
                                       inputFD: pty.slave, outputFD: pty.slave)
    let known = terminal.bytesWritten > 0
    func settle() -> Int { pty.settle(expecting: known ? terminal.bytesWritten : nil) }
    _ = settle()

    var state = benchState(list, size: size)
    let height = Layout(size).listRows
    state.list.select(index: height - 1)
    state.list.scrollToSelection(height: height)
    var previous = render(state)
    var before = pty.count
    terminal.draw(previous.grid, cursor: previous.cursor)
    let fullFrame = settle() - before

    var written = Samples(), minimal = Samples(), ratios = Samples()
    for _ in 0..<steps {
        state.list.move(by: 1)
        state.list.scrollToSelection(height: height)
        let frame = render(state)
        let runs = frame.grid.diff(from: previous.grid)
        let floor = runs.reduce(0) { sum, run in
            sum + 6 + run.cells.reduce(0) { $0 + ($1.isContinuation ? 0 : $1.text.utf8.count) }
        }
        before = settle()
        terminal.draw(frame.grid, cursor: frame.cursor)
        let bytes = settle() - before
        if let dump, written.count == 0 {
            _ = FileManager.default.createFile(atPath: dump, contents: Data(pty.bytes(from: before)))
        }
        written.add(Double(bytes))
        minimal.add(Double(floor))
        ratios.add(Double(bytes) / Double(max(1, floor)))
        previous = frame
    }
    terminal.end()
    let ratio = ratios.median
    return [
        Figure("full frame 200×60 (first paint)", "\(fullFrame.formatted) bytes"),
        Figure("one-row scroll, bytes written (\(steps) scrolls)", "median \(fmt(written.median, 0)) bytes, max \(fmt(written.max, 0))"),
        Figure("one-row scroll, minimal changed-cell update", "median \(fmt(minimal.median, 0)) bytes"),
        Figure("one-row scroll, written / minimal", "median \(fmt(ratio)) ×, max \(fmt(ratios.max)) ×",
               target: "≤ 2 ×", met: ratio <= 2),
    ]
}
