/// An in-memory `Backend` for tests: keeps the screen a terminal would show and counts what was written.
///
/// `draw` applies only the runs `Grid.diff` reports against the previous frame, exactly as a real
/// backend would, so a test can check both the picture (`lines`, `screen`) and the cost
/// (`cellsWritten`). Changing `size` or calling `resize(to:)` clears the screen and forces a full repaint.
public final class MemoryBackend: Backend {
    public var size: Size {
        didSet {
            screen = Grid(size: size)
            previous = nil
        }
    }
    public private(set) var screen: Grid
    public private(set) var cursor: Point?
    /// Cells sent through `draw` after diffing, continuation cells included.
    public private(set) var cellsWritten = 0
    public private(set) var frames = 0
    private var previous: Grid?

    public init(size: Size) {
        self.size = size
        screen = Grid(size: size)
    }

    public var lines: [String] { screen.lines }

    public func draw(_ grid: Grid, cursor: Point?) {
        if grid.size != screen.size {
            screen = Grid(size: grid.size)
            previous = nil
        }
        for run in grid.diff(from: previous) {
            screen.apply(run)
            cellsWritten += run.cells.count
        }
        previous = grid
        self.cursor = cursor
        frames += 1
    }

    public func invalidate() {
        previous = nil
    }

    public func resize(to newSize: Size) {
        size = newSize
    }
}
