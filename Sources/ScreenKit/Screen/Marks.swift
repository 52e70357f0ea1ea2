/// The few non-text marks the screen uses, in Unicode or (non-UTF-8 locale, `--ascii`) ASCII.
public struct Marks: Sendable {
    public var vertical: String
    public var horizontal: String
    public var pointer: String
    public var enabled: String
    public var disabled: String
    public var up: String
    public var down: String
    public var warning: String
    public var checked: String
    public var unchecked: String
    public var masked: String
    /// Shown where a pane has more than fits.
    public var clipped: String
    /// Box corners: top-left, top-right, bottom-left, bottom-right.
    public var corners: (String, String, String, String)

    public static let unicode = Marks(vertical: "│", horizontal: "─", pointer: "▸", enabled: "✓", disabled: "✗",
                                      up: "▲", down: "▼", warning: "!", checked: "[x]", unchecked: "[ ]",
                                      masked: "••••••• (hidden)", clipped: "…", corners: ("┌", "┐", "└", "┘"))
    public static let ascii = Marks(vertical: "|", horizontal: "-", pointer: ">", enabled: "y", disabled: "n",
                                    up: "^", down: "v", warning: "!", checked: "[x]", unchecked: "[ ]",
                                    masked: "******* (hidden)", clipped: "~", corners: ("+", "+", "+", "+"))
}
