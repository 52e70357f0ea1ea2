/// A color as a theme names it. 256-color and RGB values carry a 16-color fallback.
public enum ThemeColor: Equatable, Hashable, Sendable {
    case terminalDefault                       // the terminal's own color
    case ansi(Int)                             // 0...15
    case indexed(Int, fallback: Int)           // 0...255, fallback 0...15
    case rgb(UInt8, UInt8, UInt8, fallback: Int)
}

/// Text attributes a theme can set.
public enum TextAttribute: String, CaseIterable, Sendable, Hashable {
    case bold, dim, reverse, underline, italic
}

/// How one role looks.
public struct Style: Equatable, Hashable, Sendable {
    public var fg: ThemeColor
    public var bg: ThemeColor
    public var attributes: Set<TextAttribute>
    public init(fg: ThemeColor = .terminalDefault, bg: ThemeColor = .terminalDefault, attributes: Set<TextAttribute> = []) {
        self.fg = fg; self.bg = bg; self.attributes = attributes
    }
}

/// A theme: a style for every role. Roles a theme file leaves out fall back to `Theme.builtinDefault`.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var styles: [Role: Style]
    public init(name: String, styles: [Role: Style]) { self.name = name; self.styles = styles }
    public func style(_ role: Role) -> Style { styles[role] ?? Theme.builtinDefault.styles[role] ?? Style() }
}
