/// A terminal size in cells.
public struct Size: Equatable, Hashable, Sendable {
    public var cols: Int
    public var rows: Int
    public init(cols: Int, rows: Int) { self.cols = cols; self.rows = rows }
}

/// A cell position (column, row), zero-based.
public struct Point: Equatable, Hashable, Sendable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) { self.x = x; self.y = y }
}

/// One cell of the screen: a grapheme that is safe to draw, the columns it covers and its role.
///
/// A wide grapheme (width 2) is followed by a continuation cell (`text == ""`, `width == 0`) that
/// carries the same role; drawing and diffing never split the pair. `text` never holds a C0/C1
/// control character: everything reaches a cell through the sanitizer.
public struct Cell: Equatable, Hashable, Sendable {
    public var text: String
    public var width: UInt8
    public var role: Role
    public init(text: String, width: UInt8, role: Role) { self.text = text; self.width = width; self.role = role }
    public static let blank = Cell(text: " ", width: 1, role: .normal)
    public static func blank(_ role: Role) -> Cell { Cell(text: " ", width: 1, role: role) }
    public var isContinuation: Bool { width == 0 }
    /// The right half of a wide grapheme.
    public static func continuation(_ role: Role) -> Cell { Cell(text: "", width: 0, role: role) }
}

/// A frame: `size.cols × size.rows` cells, row-major, that a render function fills and a backend draws.
///
/// Guarantees: every wide glyph is followed by its continuation cell with the same role, and no
/// continuation cell stands alone; writing over either half of a wide glyph blanks the other half.
/// Text enters through `put`, which sanitizes it. Writes outside the grid are ignored.
public struct Grid: Equatable, Sendable {
    public let size: Size
    /// Row-major cells; `cells[y * size.cols + x]`.
    public internal(set) var cells: [Cell]

    public init(size: Size) {
        let clamped = Size(cols: max(0, size.cols), rows: max(0, size.rows))
        self.size = clamped
        cells = Array(repeating: .blank, count: clamped.cols * clamped.rows)
    }

    /// The cell at column `x`, row `y`: `.blank` out of range. Setting keeps wide glyphs whole and is
    /// ignored out of range.
    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x: x, y: y) ? cells[y * size.cols + x] : .blank }
        set { if contains(x: x, y: y) { place(newValue, x: x, y: y) } }
    }

    /// The same cell, with labels: `grid[x: 3, y: 1]`.
    public subscript(x x: Int, y y: Int) -> Cell {
        get { self[x, y] }
        set { self[x, y] = newValue }
    }

    /// The cells of row `y` (empty when out of range).
    public func row(_ y: Int) -> ArraySlice<Cell> {
        guard y >= 0, y < size.rows else { return [] }
        return cells[y * size.cols ..< (y + 1) * size.cols]
    }

    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < size.cols && y < size.rows
    }

    /// Writes untrusted text at (x, y), sanitized; clipped to `maxWidth` columns (default: to the
    /// right edge). When it does not fit, the last column shows `…`; a wide glyph that would cover
    /// that column becomes a space. Placeholders for hidden characters get role `.escaped`.
    /// Returns the columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: Role, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < size.rows, x >= 0, x < size.cols else { return 0 }
        let limit = min(maxWidth ?? Int.max, size.cols - x)
        guard limit > 0 else { return 0 }

        let utf8 = text.utf8
        if utf8.allSatisfy(Glyph.isPrintableASCII) {
            let fits = utf8.count <= limit
            let table = Glyph.ascii
            var column = x
            for byte in utf8.prefix(fits ? utf8.count : limit - 1) {
                place(Cell(text: table[Int(byte &- 0x20)].text, width: 1, role: role), x: column, y: y)
                column += 1
            }
            if !fits { place(Cell(text: Glyph.ellipsis.text, width: 1, role: role), x: column, y: y) }
            return fits ? utf8.count : limit
        }

        var used = 0
        var truncated = false
        Sanitizer.forEachGlyph(in: text) { glyph in
            guard !truncated else { return }
            if used + glyph.width > limit {
                truncated = true
                return
            }
            let cellRole = glyph.escaped ? Role.escaped : role
            place(Cell(text: glyph.text, width: UInt8(glyph.width), role: cellRole), x: x + used, y: y)
            used += glyph.width
        }
        guard truncated else { return used }
        // The glyph that did not fit leaves at most one column free; `…` takes the last column and
        // blanks the wide glyph it lands on half of.
        place(Cell(text: Glyph.ellipsis.text, width: 1, role: role), x: x + limit - 1, y: y)
        return limit
    }

    /// Fills `width` cells from (x, y) with blanks of `role` (clipped).
    public mutating func fill(x: Int, y: Int, width: Int, role: Role) {
        guard y >= 0, y < size.rows else { return }
        let start = max(0, x)
        let end = min(size.cols, x + max(0, width))
        guard start < end else { return }
        for column in start..<end { place(.blank(role), x: column, y: y) }
    }

    public mutating func fill(rect x: Int, y: Int, width: Int, height: Int, role: Role) {
        let start = max(0, y)
        let end = min(size.rows, y + max(0, height))
        guard start < end else { return }
        for row in start..<end { fill(x: x, y: row, width: width, role: role) }
    }

    /// Sets the role of existing cells without changing their text (for highlighting a whole row).
    /// A wide glyph cut by either end of the range changes as a whole.
    public mutating func setRole(x: Int, y: Int, width: Int, role: Role) {
        guard y >= 0, y < size.rows else { return }
        var start = max(0, x)
        var end = min(size.cols, x + max(0, width))
        guard start < end else { return }
        let rowStart = y * size.cols
        if cells[rowStart + start].isContinuation && start > 0 { start -= 1 }
        if end < size.cols && cells[rowStart + end].isContinuation { end += 1 }
        for index in rowStart + start ..< rowStart + end { cells[index].role = role }
    }

    /// The plain text of each row: continuation cells skipped, trailing spaces kept.
    public var lines: [String] {
        (0..<size.rows).map { y in
            var line = ""
            line.reserveCapacity(size.cols)
            for cell in row(y) where !cell.isContinuation { line += cell.text }
            return line
        }
    }

    /// Stores `cell` at an in-range (x, y), keeping wide glyphs whole.
    private mutating func place(_ cell: Cell, x: Int, y: Int) {
        assert(!cell.text.unicodeScalars.contains(where: Placeholder.isControl), "control character in a cell")
        let index = y * size.cols + x
        if cell.width >= 2 {
            guard x + 1 < size.cols else {
                // Half a glyph cannot be drawn at the right edge.
                place(.blank(cell.role), x: x, y: y)
                return
            }
            release(index, x: x)
            release(index + 1, x: x + 1)
            cells[index] = Cell(text: cell.text, width: 2, role: cell.role)
            cells[index + 1] = .continuation(cell.role)
        } else {
            release(index, x: x)
            // A continuation only exists as the right half of a wide glyph.
            cells[index] = cell.width == 0 ? .blank(cell.role) : cell
        }
    }

    /// Before a cell is overwritten: blanks the other half of the wide glyph it belongs to.
    private mutating func release(_ index: Int, x: Int) {
        let old = cells[index]
        if old.width == 0, x > 0 {
            cells[index - 1] = .blank(cells[index - 1].role)
        } else if old.width >= 2, x + 1 < size.cols {
            cells[index + 1] = .blank(old.role)
        }
    }
}
