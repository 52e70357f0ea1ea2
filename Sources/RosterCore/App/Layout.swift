import ScreenKit

/// Where everything goes for a terminal size. Pure; shared by the reducer (page sizes) and render.
public struct Layout: Sendable, Equatable {
    public static let minimum = Size(cols: 50, rows: 12)
    /// At this width and above the panes sit side by side; below, they stack.
    public static let sideBySideWidth = 100

    public enum Mode: Sendable, Equatable { case tooSmall, sideBySide, stacked }

    public var mode: Mode
    public var list: Rect
    public var form: Rect
    /// The separator: a column (side by side) or a row (stacked).
    public var separator: Rect

    public init(_ size: Size) {
        let zero = Rect(x: 0, y: 0, width: 0, height: 0)
        guard size.cols >= Self.minimum.cols, size.rows >= Self.minimum.rows else {
            mode = .tooSmall
            list = zero; form = zero; separator = zero
            return
        }
        let bodyTop = 1
        let bodyHeight = size.rows - 2
        if size.cols >= Self.sideBySideWidth {
            mode = .sideBySide
            let formWidth = max(40, size.cols * 2 / 5)
            let listWidth = size.cols - formWidth - 1
            list = Rect(x: 0, y: bodyTop, width: listWidth, height: bodyHeight)
            separator = Rect(x: listWidth, y: bodyTop, width: 1, height: bodyHeight)
            form = Rect(x: listWidth + 1, y: bodyTop, width: formWidth, height: bodyHeight)
        } else {
            mode = .stacked
            let formHeight = bodyHeight >= 34 ? 16 : max(4, (bodyHeight - 1) / 2)
            let listHeight = bodyHeight - formHeight - 1
            list = Rect(x: 0, y: bodyTop, width: size.cols, height: listHeight)
            separator = Rect(x: 0, y: bodyTop + listHeight, width: size.cols, height: 1)
            form = Rect(x: 0, y: bodyTop + listHeight + 1, width: size.cols, height: formHeight)
        }
    }

    /// Rows of users the list shows (its title and column header take two).
    public var listRows: Int { max(1, list.height - 2) }
}
