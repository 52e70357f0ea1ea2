/// The one place untrusted text becomes glyphs. `DisplayText` and `Grid.put` both go through it.
///
/// It walks grapheme clusters but decides per scalar, so a cluster that mixes letters with hidden
/// characters (`"a\u{200D}"`) still shows the hidden part. Nothing is interpreted: every control,
/// bidi and invisible character becomes a visible placeholder, and the sequences terminals measure
/// differently (emoji ZWJ sequences, variation selectors, flags, skin tones) are reduced to parts
/// every terminal draws at the same width.
enum Sanitizer {
    /// Calls `body` with each glyph of `s`, left to right.
    static func forEachGlyph(in s: String, _ body: (Glyph) -> Void) {
        if s.utf8.allSatisfy(Glyph.isPrintableASCII) {
            for byte in s.utf8 { body(Glyph.ascii[Int(byte &- 0x20)]) }
            return
        }
        for character in s {
            // A lone printable ASCII character is its own cluster ("\r\n" reports LF, which is not printable).
            if let byte = character.asciiValue, Glyph.isPrintableASCII(byte) {
                body(Glyph.ascii[Int(byte &- 0x20)])
            } else {
                sanitize(character, body)
            }
        }
    }

    private static func sanitize(_ character: Character, _ body: (Glyph) -> Void) {
        let scalars = character.unicodeScalars
        var pending = PendingGlyph()
        var index = scalars.startIndex
        while index != scalars.endIndex {
            let scalar = scalars[index]
            index = scalars.index(after: index)
            let v = scalar.value

            if v < 0x20 || v == 0x7F {
                pending.flush(body)
                body(Placeholder.controlPicture(v))
                continue
            }
            if v >= 0x80 && v < 0xA0 {
                pending.flush(body)
                Placeholder.marker(Placeholder.hex(v, digits: 2), body)
                continue
            }
            if v < 0x300 && v != 0xAD {
                pending.flush(body)
                pending.start(scalar, width: 1, isEmoji: false)
                continue
            }

            switch v {
            case 0x200D:
                // A joiner between two emoji is legitimate: draw the emoji side by side, drop the joiner.
                let next = index != scalars.endIndex ? scalars[index] : nil
                let joinsEmoji = pending.isEmoji && next.map(isEmoji) == true
                pending.flush(body)
                if !joinsEmoji { Placeholder.marker("ZWJ", body) }
            case 0xFE0E, 0xFE0F:
                // Presentation selectors: terminals disagree on their effect, so measure the base as it is.
                if pending.isEmpty { Placeholder.marker(Placeholder.invisibleName(v) ?? "VS", body) }
            case 0x1F3FB...0x1F3FF where pending.isEmoji:
                break // a skin tone on an emoji
            case 0x1F1E6...0x1F1FF:
                // Regional indicators: flags are drawn 1+1 or 2+2 depending on the terminal.
                pending.flush(body)
                body(Glyph(text: String(Unicode.Scalar(UInt8(0x41 + v - 0x1F1E6))), width: 1, escaped: false))
            case 0xE0020...0xE007F where pending.base == 0x1F3F4:
                break // the tag letters of a subdivision flag such as England's
            case 0xFE00...0xFE0D, 0xE0100...0xE01EF, 0x180B...0x180D, 0x180F:
                // Variation selectors choose a glyph form of their base (CJK, Mongolian, math).
                if pending.isEmpty {
                    Placeholder.marker(Placeholder.invisibleName(v) ?? Placeholder.hex(v, digits: 4), body)
                } else {
                    pending.attach(scalar)
                }
            default:
                classify(scalar, &pending, body)
            }
        }
        pending.flush(body)
    }

    private static func classify(_ scalar: Unicode.Scalar, _ pending: inout PendingGlyph, _ body: (Glyph) -> Void) {
        let v = scalar.value
        if let name = Placeholder.invisibleName(v) {
            pending.flush(body)
            Placeholder.marker(name, body)
            return
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .privateUse, .unassigned, .surrogate:
            pending.flush(body)
            body(Placeholder.replacement)
            return
        case .format, .lineSeparator, .paragraphSeparator:
            pending.flush(body)
            Placeholder.marker(Placeholder.hex(v, digits: 4), body)
            return
        default:
            break
        }
        if properties.isDefaultIgnorableCodePoint {
            // Fillers and other characters that render as nothing (U+3164 HANGUL FILLER makes blank names).
            pending.flush(body)
            Placeholder.marker(Placeholder.hex(v, digits: 4), body)
            return
        }
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark:
            pending.combine(scalar)
        default:
            if isConjoiningJamo(v) {
                pending.combine(scalar)
            } else {
                pending.flush(body)
                pending.start(scalar, width: UnicodeWidth.isWide(scalar) ? 2 : 1, isEmoji: isEmoji(scalar))
            }
        }
    }

    /// Emoji other than the ASCII and Latin-1 ones (digits, `#`, `*`, `©`, `®` carry the Emoji property).
    static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 0xFF && scalar.properties.isEmoji
    }

    /// Hangul medial vowels and final consonants: they extend a leading consonant's syllable block.
    private static func isConjoiningJamo(_ v: UInt32) -> Bool {
        (0x1161...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v)
    }
}

/// The grapheme being assembled from one base scalar and the marks attached to it.
private struct PendingGlyph {
    var text = ""
    var width = 0
    var base: UInt32 = 0
    var isEmoji = false

    var isEmpty: Bool { width == 0 }

    mutating func start(_ scalar: Unicode.Scalar, width: Int, isEmoji: Bool) {
        text.unicodeScalars.append(scalar)
        self.width = width
        base = scalar.value
        self.isEmoji = isEmoji
    }

    mutating func attach(_ scalar: Unicode.Scalar) {
        text.unicodeScalars.append(scalar)
    }

    /// Attaches a mark; a mark with nothing to sit on gets a dotted circle, so it never draws zero wide.
    mutating func combine(_ scalar: Unicode.Scalar) {
        if isEmpty { start("\u{25CC}", width: 1, isEmoji: false) }
        attach(scalar)
    }

    mutating func flush(_ body: (Glyph) -> Void) {
        guard !isEmpty else { return }
        assert(!text.unicodeScalars.contains(where: Placeholder.isControl), "control character in a glyph")
        body(Glyph(text: text, width: width, escaped: false))
        text = ""
        width = 0
        base = 0
        isEmoji = false
    }
}
