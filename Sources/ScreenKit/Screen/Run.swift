/// A horizontal run of changed cells, starting at (x, y), as a backend writes them.
///
/// A run never starts on a continuation cell and never ends between a wide glyph and its
/// continuation, so a terminal always receives whole glyphs.
public struct Run: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var cells: [Cell]
    public init(x: Int, y: Int, cells: [Cell]) { self.x = x; self.y = y; self.cells = cells }
}

extension Grid {
    /// The runs that turn `old` into this grid, per row, left to right. Everything (one run per row)
    /// when `old` is nil or of another size.
    public func diff(from old: Grid?) -> [Run] {
        let cols = size.cols
        guard cols > 0 else { return [] }
        guard let old, old.size == size else {
            return (0..<size.rows).map { Run(x: 0, y: $0, cells: Array(row($0))) }
        }
        var runs: [Run] = []
        cells.withUnsafeBufferPointer { new in
            old.cells.withUnsafeBufferPointer { old in
                for y in 0..<size.rows {
                    let base = y * cols
                    var x = 0
                    while x < cols {
                        if new[base + x] == old[base + x] {
                            x += 1
                            continue
                        }
                        var start = x
                        if new[base + start].isContinuation && start > 0 { start -= 1 }
                        var end = x + 1
                        while end < cols && (new[base + end].isContinuation || new[base + end] != old[base + end]) {
                            end += 1
                        }
                        runs.append(Run(x: start, y: y, cells: Array(new[base + start ..< base + end])))
                        x = end
                    }
                }
            }
        }
        return runs
    }

    /// Copies a run's cells in place, as a terminal would show them.
    mutating func apply(_ run: Run) {
        guard run.y >= 0, run.y < size.rows, run.x >= 0 else { return }
        let count = min(run.cells.count, size.cols - run.x)
        guard count > 0 else { return }
        let start = run.y * size.cols + run.x
        cells.replaceSubrange(start ..< start + count, with: run.cells.prefix(count))
    }
}
