import Testing
@testable import ScreenKit

@Suite struct TextSanitizerTests {
    typealias F = TextFixtures

    @Test func asciiPassesThroughUnescaped() {
        #expect(DisplayText.glyphs("Al 1!") == [
            Glyph(text: "A", width: 1, escaped: false),
            Glyph(text: "l", width: 1, escaped: false),
            Glyph(text: " ", width: 1, escaped: false),
            Glyph(text: "1", width: 1, escaped: false),
            Glyph(text: "!", width: 1, escaped: false),
        ])
        #expect(DisplayText.glyphs("") == [])
    }

    @Test func escapeSequencesAreShownNotInterpreted() {
        #expect(F.notation(F.osc52) == "␛!|]|5|2|;|c|;|Z|X|Z|p|b|A|=|=|␇!")
        #expect(F.notation(F.clearScreen) == "␛!|[|2|J")
    }

    @Test func everyC0ControlAndDeleteBecomesAControlPicture() {
        #expect(F.notation(F.carriageReturn) == "a|␍!|b")
        #expect(F.notation("a\r\nb") == "a|␍!|␊!|b")
        #expect(F.notation("\u{0}\t\n\u{7f}") == "␀!|␉!|␊!|␡!")
        let all = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) }))
        let glyphs = DisplayText.glyphs(all)
        #expect(glyphs.count == 32)
        #expect(glyphs.allSatisfy { $0.escaped && $0.width == 1 })
        #expect(glyphs.map(\.text).joined() == "␀␁␂␃␄␅␆␇␈␉␊␋␌␍␎␏␐␑␒␓␔␕␖␗␘␙␚␛␜␝␞␟")
    }

    @Test func c1ControlsBecomeHexMarkers() {
        #expect(F.notation(F.c1CSI) == "⟨!|9!|B!|⟩!|3|1|m")
        #expect(F.notation("\u{85}\u{9d}") == "⟨!|8!|5!|⟩!|⟨!|9!|D!|⟩!")
    }

    @Test func bidiAndZeroWidthCharactersBecomeNamedMarkers() {
        #expect(F.notation(F.rlo) == "a|d|m|i|n|⟨!|R!|L!|O!|⟩!|g|p|j|.|e|x|e")
        #expect(F.notation(F.zwsp) == "a|l|⟨!|Z!|W!|S!|P!|⟩!|i|c|e")
        let texts = DisplayText.glyphs("\u{AD}\u{FEFF}\u{2066}\u{200F}\u{61C}\u{2060}").map(\.text).joined()
        #expect(texts == "⟨SHY⟩⟨BOM⟩⟨LRI⟩⟨RLM⟩⟨ALM⟩⟨WJ⟩")
        #expect(DisplayText.glyphs("x\u{2062}\u{3164}\u{2028}").map(\.text).joined() == "x⟨2062⟩⟨3164⟩⟨LSEP⟩")
    }

    @Test func aJoinerOutsideAnEmojiSequenceIsShown() {
        #expect(F.notation("a\u{200D}b") == "a|⟨!|Z!|W!|J!|⟩!|b")
        #expect(F.notation("\u{1F469}\u{200D}") == "👩²|⟨!|Z!|W!|J!|⟩!")
    }

    @Test func wideAndCombiningCharactersKeepTheirClusters() {
        #expect(F.notation(F.cjk) == "世²|蓮²")
        #expect(F.notation(F.combining) == "c|a|f|e\u{301}")
        #expect(F.notation("ＡＢｱ") == "Ａ²|Ｂ²|ｱ")
        #expect(F.notation("\u{1100}\u{1161}\u{11A8}") == "\u{1100}\u{1161}\u{11A8}²")
        // A mark with nothing to sit on gets a dotted circle instead of drawing zero columns wide.
        #expect(F.notation("\u{301}x") == "◌\u{301}|x")
    }

    @Test func emojiSequencesAreReducedToPartsEveryTerminalDrawsAlike() {
        #expect(F.notation(F.emoji) == "😀²")
        #expect(F.notation(F.family) == "👩²|👩²|👧²")
        #expect(F.notation(F.technologist) == "👩²|💻²")
        #expect(F.notation(F.flag) == "J|P")
        #expect(F.notation("\u{1F1EF}") == "J")
        #expect(F.notation(F.heart) == "❤")
        #expect(F.notation("\u{231A}\u{FE0E}") == "⌚²")
        #expect(F.notation("\u{1F44B}\u{1F3FD}") == "👋²")
        #expect(F.notation("\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}") == "🏳|🌈²")
        #expect(F.notation("\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}") == "🏴²")
        #expect(F.notation("#\u{FE0F}\u{20E3}") == "#\u{20E3}")
    }

    @Test func loneSelectorsAndTagsAreShown() {
        #expect(DisplayText.glyphs("\u{FE0F}").map(\.text).joined() == "⟨VS16⟩")
        #expect(DisplayText.glyphs("a\u{E0041}").map(\.text).joined() == "a⟨E0041⟩")
        // A skin tone with no emoji to modify is an emoji of its own.
        #expect(F.notation("a\u{1F3FD}") == "a|🏽²")
    }

    @Test func privateUseAndUnassignedBecomeReplacementCharacters() {
        #expect(F.notation("a\u{E000}b\u{10FFFD}") == "a|\u{FFFD}!|b|\u{FFFD}!")
        #expect(F.notation("\u{0378}") == "\u{FFFD}!")
    }

    @Test func noGlyphIsZeroWideOrHoldsAControlCharacter() {
        var hostile = ""
        for value in [0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x7F, 0x80, 0x9B, 0x9C, 0x9F, 0x200B, 0x200D, 0x202E,
                      0x2066, 0xFE0F, 0xFEFF, 0x0301, 0x20E3, 0x1F3FB, 0x1F1E6, 0xE0001] {
            hostile.unicodeScalars.append(Unicode.Scalar(UInt32(value))!)
            hostile += "x"
        }
        let glyphs = DisplayText.glyphs(hostile + F.family + F.osc52)
        #expect(glyphs.allSatisfy { $0.width == 1 || $0.width == 2 })
        let controls = glyphs.flatMap(\.text.unicodeScalars).filter { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
        #expect(controls.isEmpty)
    }

    @Test func sanitizeJoinsTheDrawnGlyphs() {
        #expect(DisplayText.sanitize("alice") == "alice")
        #expect(DisplayText.sanitize(F.osc52) == "␛]52;c;ZXZpbA==␇")
        #expect(DisplayText.sanitize(F.rlo + F.family + F.flag) == "admin⟨RLO⟩gpj.exe👩👩👧JP")
        #expect(DisplayText.sanitize(F.longWide) == F.longWide)
    }

    @Test func sanitizingIsStable() {
        for s in [F.osc52, F.rlo, F.zwsp, F.cjk, F.combining, F.family, F.flag, F.heart, "\u{301}x"] {
            let once = DisplayText.fit(s, width: 100)
            #expect(DisplayText.fit(once, width: 100) == once)
            #expect(DisplayText.width(once) == DisplayText.width(s))
        }
    }
}
