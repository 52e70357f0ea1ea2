import CNcursesw
#if canImport(Glibc)
import Glibc
#endif
import ScreenKit
import Testing
@testable import Terminal

/// Code that never touches ncurses' global state: safe to run in parallel.
struct KeyDecoderTests {
    @Test(arguments: [
        (UInt32(9), Key.tab), (10, .enter), (13, .enter), (8, .backspace), (127, .backspace), (27, .escape),
        (1, .ctrl("a")), (19, .ctrl("s")), (26, .ctrl("z")), (0x61, .char("a")), (0x4E16, .char("世")),
        (0x1F600, .char("😀")), (0x0301, .char("\u{301}")),
    ])
    func characters(code: UInt32, key: Key) {
        #expect(KeyDecoder.decode(status: OK, code: code) == .key(key))
    }

    @Test(arguments: [UInt32(0), 28, 31, 0x80, 0x9B, 0x9F, 0xD800])
    func meaninglessCharactersAreDropped(code: UInt32) {
        #expect(KeyDecoder.decode(status: OK, code: code) == nil)
    }

    @Test func functionKeys() {
        let expected: [(Int32, KeyDecoder.Decoded)] = [
            (KEY_UP, .key(.up)), (KEY_DOWN, .key(.down)), (KEY_LEFT, .key(.left)), (KEY_RIGHT, .key(.right)),
            (KEY_PPAGE, .key(.pageUp)), (KEY_NPAGE, .key(.pageDown)), (KEY_HOME, .key(.home)), (KEY_END, .key(.end)),
            (KEY_BTAB, .key(.backTab)), (KEY_DC, .key(.delete)), (KEY_BACKSPACE, .key(.backspace)),
            (KEY_ENTER, .key(.enter)), (KEY_F0 + 1, .key(.function(1))), (KEY_F0 + 12, .key(.function(12))),
            (KEY_RESIZE, .resize),
        ]
        for (code, decoded) in expected {
            #expect(KeyDecoder.decode(status: KEY_CODE_YES, code: UInt32(code)) == decoded)
        }
        #expect(KeyDecoder.decode(status: KEY_CODE_YES, code: UInt32(KEY_F0)) == nil)
        #expect(KeyDecoder.decode(status: ERR, code: 0x61) == nil)
    }
}

struct MailboxTests {
    @Test func postsFromManyTasksAllArrive() async {
        let mailbox = Mailbox<Int>()
        await withTaskGroup(of: Void.self) { group in
            for n in 0..<100 {
                group.addTask { mailbox.post(n) }
            }
        }
        #expect(mailbox.drain().sorted() == Array(0..<100))
        #expect(mailbox.drain() == [])
    }

    @Test func readFDIsReadableOnlyWhileMessagesWait() {
        let mailbox = Mailbox<String>()
        #expect(!readable(mailbox.readFD))
        mailbox.post("a")
        mailbox.post("b")
        #expect(readable(mailbox.readFD))
        #expect(mailbox.drain() == ["a", "b"])
        #expect(!readable(mailbox.readFD))
    }

    private func readable(_ fd: Int32) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) == 1
    }
}

struct PaletteTests {
    private let theme = Theme(name: "t", styles: [
        .selection: Style(fg: .ansi(0), bg: .ansi(6), attributes: [.reverse, .bold]),
        .error: Style(fg: .indexed(196, fallback: 1), attributes: [.italic, .underline, .dim]),
    ])

    @Test func colorsOffMeansPairZeroAndAttributesKept() {
        let palette = Palette(theme: theme, colors: 0, maxPairs: 256, defaultColors: true)
        #expect(palette.pairs.isEmpty)
        #expect(palette[.selection] == .init(attributes: NC_A_REVERSE | NC_A_BOLD, pair: 0))
        // Without colors the theme's attributes gain the monochrome set (bold for errors).
        #expect(palette[.error] == .init(attributes: NC_A_ITALIC | NC_A_UNDERLINE | NC_A_DIM | NC_A_BOLD, pair: 0))
    }

    @Test func onePairPerRoleInRoleOrder() {
        let palette = Palette(theme: theme, colors: 256, maxPairs: 256, defaultColors: true)
        #expect(palette.pairs.count == Role.allCases.count)
        let index = Int16(Role.allCases.firstIndex(of: .selection)! + 1)
        #expect(palette[.selection].pair == index)
        #expect(palette.pairs.first { $0.pair == index } == .init(pair: index, fg: 0, bg: 6))
    }

    @Test func withoutDefaultColorsMinusOneBecomesWhiteOnBlack() {
        let palette = Palette(theme: theme, colors: 8, maxPairs: 64, defaultColors: false)
        let index = Int16(Role.allCases.firstIndex(of: .normal)! + 1)
        #expect(palette.pairs.first { $0.pair == index } == .init(pair: index, fg: Int16(COLOR_WHITE), bg: Int16(COLOR_BLACK)))
    }

    @Test func rolesBeyondThePairLimitUsePairZero() {
        let palette = Palette(theme: theme, colors: 8, maxPairs: 4, defaultColors: true)
        #expect(palette.pairs.map(\.pair) == [1, 2, 3])
        #expect(palette[Role.allCases[5]].pair == 0)
    }
}

struct TerminalErrorTests {
    @Test func messagesAreOneLineAndPrintable() {
        #expect(TerminalError.notATerminal.description == "stdin/stdout is not a terminal; run roster in an interactive terminal")
        #expect(TerminalError.unknownTerminal("").description == "TERM is not set; set it to your terminal type (for example xterm-256color)")
        #expect(TerminalError.unknownTerminal("x\u{1b}]0;pwn\u{7}").description
            == "unknown terminal type 'x?]0;pwn?'; set TERM to a type this system knows")
        #expect(TerminalError.noCursorAddressing("dumb").description
            == "terminal type 'dumb' cannot move the cursor; roster needs a full-screen terminal")
    }
}
