/// A role's look as a terminal with a given number of colors can draw it: palette indexes
/// (-1 = the terminal's default color) and attributes. The terminal backend turns these into
/// color pairs; nothing here depends on the terminal.
public struct ResolvedStyle: Equatable, Hashable, Sendable {
    public var fg: Int
    public var bg: Int
    public var attributes: Set<TextAttribute>

    public init(fg: Int = -1, bg: Int = -1, attributes: Set<TextAttribute> = []) {
        self.fg = fg; self.bg = bg; self.attributes = attributes
    }
}

extension Theme {
    /// Every role's style resolved for a terminal with `colors` colors (ncurses' `COLORS`; pass 0
    /// for `NO_COLOR`, `--no-color` or a terminal without colors):
    ///
    /// - 256 or more: basic and 256-color indexes as written; RGB becomes the nearest index of the
    ///   xterm color cube or gray ramp.
    /// - 16 to 255: each color's 16-color fallback.
    /// - 8 to 15: the fallback folded onto 0–7; a bright foreground becomes bold, as on the
    ///   terminals of that era.
    /// - fewer than 8: no colors at all; each role keeps its attributes and gains the monochrome
    ///   ones (`Theme.monochromeAttributes`), so selection, errors and badges stay visible.
    ///
    /// Below 256 colors, a foreground that folds onto its own background would hide the text; it is
    /// replaced by black or white, whichever reads on that background.
    public func resolved(colors: Int) -> [Role: ResolvedStyle] {
        var result: [Role: ResolvedStyle] = [:]
        for role in Role.allCases { result[role] = resolvedStyle(role, colors: colors) }
        return result
    }

    /// One role's style, resolved as `resolved(colors:)` describes.
    public func resolvedStyle(_ role: Role, colors: Int) -> ResolvedStyle {
        let style = style(role)
        if colors < 8 {
            return ResolvedStyle(attributes: style.attributes.union(Theme.monochromeAttributes[role] ?? []))
        }
        if colors >= 256 {
            return ResolvedStyle(fg: Self.index256(style.fg), bg: Self.index256(style.bg), attributes: style.attributes)
        }
        var fg = Self.index16(style.fg)
        var bg = Self.index16(style.bg)
        var attributes = style.attributes
        let basicCount = colors < 16 ? 8 : 16
        if basicCount == 8 {
            if fg >= 8 { fg -= 8; attributes.insert(.bold) }
            if bg >= 8 { bg -= 8 }
        }
        if fg >= 0 && fg == bg { fg = Self.readable(on: bg, basicCount: basicCount) }
        return ResolvedStyle(fg: fg, bg: bg, attributes: attributes)
    }

    private static func index256(_ color: ThemeColor) -> Int {
        switch color {
        case .terminalDefault: -1
        case .ansi(let n): max(0, min(n, 255))
        case .indexed(let n, _): max(0, min(n, 255))
        case .rgb(let r, let g, let b, _): XtermPalette.nearestIndex(r: Int(r), g: Int(g), b: Int(b))
        }
    }

    private static func index16(_ color: ThemeColor) -> Int {
        switch color {
        case .terminalDefault: return -1
        case .ansi(let n) where n < 16: return max(0, n)
        case .indexed(let n, _) where n < 16: return max(0, n)
        case .ansi(let n):
            let c = XtermPalette.rgb(ofIndex: n)
            return XtermPalette.nearestBasic(r: c.r, g: c.g, b: c.b)
        case .indexed(_, let fallback), .rgb(_, _, _, let fallback): return max(0, min(fallback, 15))
        }
    }

    /// Black or white, whichever is easier to read on basic color `bg`.
    private static func readable(on bg: Int, basicCount: Int) -> Int {
        let c = XtermPalette.rgb(ofIndex: bg)
        let brightness = (299 * c.r + 587 * c.g + 114 * c.b) / 1000
        if brightness > 128 { return 0 }
        return basicCount == 16 ? 15 : 7
    }
}
