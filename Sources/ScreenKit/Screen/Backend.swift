/// Where frames go. Two implementations: ncurses (module `Terminal`) and an in-memory one for tests.
///
/// `draw` receives a whole frame; an implementation writes only the cells that differ from the frame
/// it drew last (after a resize or `invalidate`, everything).
public protocol Backend: AnyObject {
    var size: Size { get }
    func draw(_ grid: Grid, cursor: Point?)
    /// Forget what is on the terminal, so the next draw repaints every cell.
    func invalidate()
}
