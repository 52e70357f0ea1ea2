/// The visible stand-ins the sanitizer draws for characters it will not pass to the terminal.
///
/// Every placeholder is made of plain printable characters one column wide, so it measures the
/// same everywhere and can never itself be interpreted.
enum Placeholder {
    /// C0 controls and DEL as Control Pictures (`␛`, `␍`, `␡`), one column each.
    static let controlPictures: [Glyph] = (0...0x20).map { code in
        let value = code == 0x20 ? 0x2421 : 0x2400 + UInt32(code)
        return Glyph(text: String(Unicode.Scalar(value)!), width: 1, escaped: true)
    }

    static let replacement = Glyph(text: "\u{FFFD}", width: 1, escaped: true)

    static func controlPicture(_ value: UInt32) -> Glyph {
        controlPictures[value == 0x7F ? 0x20 : Int(value)]
    }

    /// Emits `⟨name⟩` as one-column glyphs, all escaped.
    static func marker(_ name: String, _ body: (Glyph) -> Void) {
        body(open)
        for scalar in name.unicodeScalars {
            body(Glyph(text: String(scalar), width: 1, escaped: true))
        }
        body(close)
    }

    private static let open = Glyph(text: "⟨", width: 1, escaped: true)
    private static let close = Glyph(text: "⟩", width: 1, escaped: true)

    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// Short names for the bidi, zero-width and invisible characters people recognise.
    static func invisibleName(_ value: UInt32) -> String? {
        switch value {
        case 0x00AD: "SHY"
        case 0x034F: "CGJ"
        case 0x061C: "ALM"
        case 0x180E: "MVS"
        case 0x200B: "ZWSP"
        case 0x200C: "ZWNJ"
        case 0x200D: "ZWJ"
        case 0x200E: "LRM"
        case 0x200F: "RLM"
        case 0x2028: "LSEP"
        case 0x2029: "PSEP"
        case 0x202A: "LRE"
        case 0x202B: "RLE"
        case 0x202C: "PDF"
        case 0x202D: "LRO"
        case 0x202E: "RLO"
        case 0x2060: "WJ"
        case 0x2066: "LRI"
        case 0x2067: "RLI"
        case 0x2068: "FSI"
        case 0x2069: "PDI"
        case 0xFEFF: "BOM"
        case 0xFE00...0xFE0F: "VS\(value - 0xFE00 + 1)"
        case 0xE0100...0xE01EF: "VS\(value - 0xE0100 + 17)"
        default: nil
        }
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
