import Testing
@testable import ScreenKit

@Suite struct TextWidthTests {
    typealias F = TextFixtures

    @Test func widthCountsColumnsAfterSanitizing() {
        #expect(DisplayText.width("") == 0)
        #expect(DisplayText.width("alice") == 5)
        #expect(DisplayText.width(F.cjk) == 4)
        #expect(DisplayText.width(F.combining) == 4)
        #expect(DisplayText.width(F.emoji) == 2)
        #expect(DisplayText.width(F.family) == 6)
        #expect(DisplayText.width(F.flag) == 2)
        #expect(DisplayText.width(F.heart) == 1)
        #expect(DisplayText.width(F.carriageReturn) == 3)
        #expect(DisplayText.width(F.rlo) == 17)
        #expect(DisplayText.width(F.longName) == 300)
        #expect(DisplayText.width(F.longWide) == 600)
    }

    @Test func wideTableMatchesKnownCodePoints() {
        let wide: [UInt32] = [0x1100, 0x115F, 0x2E80, 0x3000, 0x4E16, 0x9FFF, 0xAC00, 0xD7A3, 0xFF01, 0xFFE6,
                              0x1F600, 0x1F3FD, 0x20000, 0x2EBF0, 0x3134A]
        let narrow: [UInt32] = [0x41, 0xE9, 0x10FF, 0x1160, 0x2764, 0x3248, 0xD7B0, 0xFF61, 0xFFA0, 0x1F1E6]
        #expect(wide.filter { !UnicodeWidth.isWide(Unicode.Scalar($0)!) } == [])
        #expect(narrow.filter { UnicodeWidth.isWide(Unicode.Scalar($0)!) } == [])
    }

    @Test func suspiciousMeansSomethingWasHiddenOrUnprintable() {
        for s in [F.osc52, F.clearScreen, F.carriageReturn, F.c1CSI, F.rlo, F.zwsp, "tab\there", "line\n",
                  "\u{FE0F}", "a\u{E000}"] {
            #expect(DisplayText.isSuspicious(s), "\(s.debugDescription)")
        }
        for s in ["alice", "", F.cjk, F.combining, F.emoji, F.family, F.technologist, F.flag, F.heart, F.longName] {
            #expect(!DisplayText.isSuspicious(s), "\(s.debugDescription)")
        }
    }

    @Test func fitTruncatesByWidthWithAnEllipsis() {
        #expect(DisplayText.fit("alice", width: 5) == "alice")
        #expect(DisplayText.fit("alice", width: 4) == "ali…")
        #expect(DisplayText.fit("alice", width: 1) == "…")
        #expect(DisplayText.fit("alice", width: 0) == "")
        #expect(DisplayText.fit("alice", width: -3) == "")
        #expect(DisplayText.fit("世蓮世", width: 6) == "世蓮世")
        #expect(DisplayText.fit("世蓮世", width: 5) == "世蓮…")
        #expect(DisplayText.fit("世蓮世", width: 4) == "世…")
        #expect(DisplayText.fit("世蓮世", width: 2) == "…")
        #expect(DisplayText.fit(F.combining, width: 4) == "cafe\u{301}")
        #expect(DisplayText.fit(F.combining, width: 3) == "ca…")
        #expect(DisplayText.fit(F.family, width: 5) == "👩👩…")
        #expect(DisplayText.fit(F.rlo, width: 9) == "admin⟨RL…")
        #expect(DisplayText.fit(F.osc52, width: 6) == "␛]52;…")
        #expect(DisplayText.fit(F.longName, width: 20) == "Bartholomew Barthol…")
        #expect(DisplayText.fit(F.longWide, width: 20) == "世世世世世世世世世…")
    }

    @Test func padFillsExactlyTheWidth() {
        #expect(DisplayText.pad("bob", width: 6) == "bob   ")
        #expect(DisplayText.pad("alice", width: 4) == "ali…")
        #expect(DisplayText.pad("世蓮世", width: 4) == "世… ")
        #expect(DisplayText.pad(F.cjk, width: 5) == "世蓮 ")
        #expect(DisplayText.pad(F.flag, width: 3) == "JP ")
        #expect(DisplayText.pad(F.carriageReturn, width: 4) == "a␍b ")
        #expect(DisplayText.pad("x", width: 0) == "")
        for width in 0...30 {
            #expect(DisplayText.width(DisplayText.pad(F.longWide, width: width)) == width)
        }
    }
}
