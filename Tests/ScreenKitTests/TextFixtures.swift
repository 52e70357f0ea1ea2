@testable import ScreenKit

/// Hostile and awkward strings the sanitizer must show safely.
enum TextFixtures {
    static let osc52 = "\u{1b}]52;c;ZXZpbA==\u{7}"
    static let clearScreen = "\u{1b}[2J"
    static let carriageReturn = "a\rb"
    static let c1CSI = "\u{9b}31m"
    static let rlo = "admin\u{202E}gpj.exe"
    static let zwsp = "al\u{200B}ice"
    static let cjk = "世蓮"
    static let combining = "cafe\u{301}"
    static let emoji = "😀"
    static let family = "\u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467}"
    static let technologist = "\u{1F469}\u{200D}\u{1F4BB}"
    static let flag = "\u{1F1EF}\u{1F1F5}"
    static let heart = "\u{2764}\u{FE0F}"
    static let longName = String(repeating: "Bartholomew ", count: 25)
    static let longWide = String(repeating: "世", count: 300)

    /// Glyphs in a compact notation: `|` between glyphs, `²` after a two-column glyph, `!` after an
    /// escaped one. `"a\rb"` reads `a|␍!|b`.
    static func notation(_ s: String) -> String {
        DisplayText.glyphs(s).map { glyph in
            glyph.text + (glyph.width == 2 ? "²" : "") + (glyph.escaped ? "!" : "")
        }.joined(separator: "|")
    }
}
