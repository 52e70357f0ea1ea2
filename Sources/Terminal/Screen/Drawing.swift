import CNcursesw
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ScreenKit

extension NcursesTerminal {
    /// Writes the cells that differ from the last frame (all of them after a resize or
    /// `invalidate`), places or hides the cursor, then refreshes once.
    public func draw(_ grid: Grid, cursor: Point?) {
        guard !ended else { return }
        let before = nc_thread_bytes_written()
        let bounds = size
        if last?.size != grid.size {
            // Whatever the grid does not cover (a grid smaller than the terminal) goes blank.
            _ = werase(nc_stdscr())
        }
        for run in grid.diff(from: last?.size == grid.size ? last : nil) {
            write(run.cells, x: run.x, y: run.y, bounds: bounds)
        }
        last = grid
        placeCursor(cursor, bounds: bounds)
        _ = wrefresh(nc_stdscr())
        account(since: before)
        // Sampled right after the frame went out: keys already waiting now were typed before it
        // could be seen. Sampled later (when the loop gets back to poll), a key typed at the new
        // frame by a quick hand on a busy machine would count as typed ahead of it.
        var probe = pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0)
        keysWaitingAfterDraw = inputPending || poll(&probe, 1, 0) > 0
    }

    /// Forgets what is on the terminal: the next draw writes every cell and ncurses repaints
    /// the whole screen (after a resize, or when something else wrote to the terminal).
    public func invalidate() {
        guard !ended else { return }
        last = nil
        _ = clearok(nc_stdscr(), true)
    }

    /// Switches to `theme`: new color pairs, then a full repaint at the next draw.
    public func setTheme(_ theme: Theme) {
        guard !ended else { return }
        palette = Palette(theme: theme, colors: colorCount, maxPairs: Int(nc_color_pairs()), defaultColors: defaultColors)
        applyPairs()
        invalidate()
    }

    /// Writes consecutive cells of one row starting at column `x`, each at its own column so a
    /// width disagreement between the core and ncurses cannot shift the rest of the row.
    private func write(_ cells: [Cell], x: Int, y: Int, bounds: Size) {
        guard y >= 0, y < bounds.rows else { return }
        var column = x
        for cell in cells {
            defer { column += 1 }
            guard !cell.isContinuation, column >= 0, column < bounds.cols else { continue }
            let style = palette[cell.role]
            let width = Int(cell.width)
            if column + width > bounds.cols {
                // ncurses would wrap a wide glyph onto the next row; draw what fits.
                put([0x20], x: column, y: y, style: style)
                continue
            }
            var scalars = cell.text.unicodeScalars.prefix(Int(NC_CCHARW_MAX)).map { wchar_t(bitPattern: $0.value) }
            if scalars.isEmpty { scalars = [0x20] }
            put(scalars, x: column, y: y, style: style)
            if width == 2 && nc_wcwidth(scalars[0]) == 1 {
                // The core counts two columns where ncurses counts one: clear the second column.
                put([0x20], x: column + 1, y: y, style: style)
            }
        }
    }

    private func put(_ scalars: [wchar_t], x: Int, y: Int, style: Palette.Entry) {
        var text = scalars + [0]
        var glyph = cchar_t()
        _ = setcchar(&glyph, &text, style.attributes, style.pair, nil)
        _ = mvwadd_wch(nc_stdscr(), Int32(y), Int32(x), &glyph)
    }

    private func placeCursor(_ cursor: Point?, bounds: Size) {
        if let cursor, cursor.x >= 0, cursor.y >= 0, cursor.x < bounds.cols, cursor.y < bounds.rows {
            _ = wmove(nc_stdscr(), Int32(cursor.y), Int32(cursor.x))
            if !cursorVisible { _ = curs_set(1); cursorVisible = true }
        } else if cursorVisible {
            _ = curs_set(0)
            cursorVisible = false
        }
    }
}
