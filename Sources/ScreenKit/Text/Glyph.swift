/// One drawable grapheme after sanitizing: safe to send to a terminal and one or two columns wide.
///
/// `text` never holds a C0/C1 control character and never measures zero columns. `escaped` marks
/// placeholders that stand for something the source string hid or could not show (a control
/// character, a bidi or invisible character, a private-use or unassigned code point); the grid
/// draws those with `Role.escaped`.
public struct Glyph: Equatable, Sendable {
    public let text: String
    /// Columns covered: 1 or 2.
    public let width: Int
    public let escaped: Bool

    public init(text: String, width: Int, escaped: Bool) {
        self.text = text
        self.width = width
        self.escaped = escaped
    }
}

extension Glyph {
    /// Glyphs for the printable ASCII bytes 0x20...0x7E, indexed by `byte - 0x20`, so the common
    /// case allocates nothing.
    static let ascii: [Glyph] = (0x20...0x7E).map {
        Glyph(text: String(Unicode.Scalar(UInt8($0))), width: 1, escaped: false)
    }

    static let ellipsis = Glyph(text: "…", width: 1, escaped: false)

    static func isPrintableASCII(_ byte: UInt8) -> Bool { byte &- 0x20 < 0x5F }
}
