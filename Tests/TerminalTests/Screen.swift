import CNcursesw
@testable import Terminal
import ScreenKit

/// Reads ncurses' own virtual screen (stdscr) back, as the terminal under test sees it.
enum VirtualScreen {
    struct Glyph: Equatable {
        var text: String
        var attributes: attr_t
        var pair: Int16
    }

    static func glyph(x: Int, y: Int) -> Glyph {
        var cell = cchar_t()
        _ = mvwin_wch(nc_stdscr(), Int32(y), Int32(x), &cell)
        var text = [wchar_t](repeating: 0, count: Int(NC_CCHARW_MAX) + 1)
        var attributes: attr_t = 0
        var pair: Int16 = 0
        _ = getcchar(&cell, &text, &attributes, &pair, nil)
        let scalars = text.prefix { $0 != 0 }.compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }
        return Glyph(text: String(String.UnicodeScalarView(scalars)), attributes: attributes, pair: pair)
    }

    /// The text of row `y`: each glyph once, a wide glyph advancing two columns.
    static func line(_ y: Int, cols: Int) -> String {
        var line = ""
        var x = 0
        while x < cols {
            let text = glyph(x: x, y: y).text
            line += text
            let first = text.unicodeScalars.first.map { wchar_t(bitPattern: $0.value) } ?? 0x20
            x += max(1, Int(nc_wcwidth(first)))
        }
        return line
    }
}
