import Testing
@testable import ScreenKit

/// The one-line input: readline keys, whole graphemes, and the window that keeps the cursor visible.
@Suite struct TextFieldTests {
    /// Applies `keys` to a field holding `text` (cursor at the end).
    static func edit(_ text: String, _ keys: [Key]) -> TextField {
        var field = TextField(text)
        for key in keys { _ = field.handle(key) }
        return field
    }

    @Test func startsWithTheCursorAfterTheText() {
        let field = TextField("alice@acme.co")
        #expect(field.text == "alice@acme.co")
        #expect(field.cursor == 13)
        #expect(TextField("").cursor == 0)
    }

    @Test func typingInsertsAtTheCursor() {
        let field = Self.edit("ac", [.left, .char("b")])
        #expect(field.text == "abc")
        #expect(field.cursor == 2)
    }

    @Test(arguments: [
        ([Key.backspace], "alice@acme.c", 12),
        ([.ctrl("h")], "alice@acme.c", 12),
        ([.home, .backspace], "alice@acme.co", 0),
        ([.home, .delete], "lice@acme.co", 0),
        ([.ctrl("a"), .ctrl("d")], "lice@acme.co", 0),
        ([.delete], "alice@acme.co", 13),
        ([.left, .left, .left, .ctrl("k")], "alice@acme", 10),
        ([.left, .left, .left, .ctrl("u")], ".co", 0),
        ([.ctrl("u")], "", 0),
        ([.ctrl("w")], "", 0),
        ([.home, .right, .right, .ctrl("e"), .ctrl("b"), .ctrl("f"), .ctrl("f")], "alice@acme.co", 13),
        ([.home, .left, .end, .right], "alice@acme.co", 13),
    ])
    func readlineKeysEditAndMove(keys: [Key], text: String, cursor: Int) {
        let field = Self.edit("alice@acme.co", keys)
        #expect(field.text == text)
        #expect(field.cursor == cursor)
    }

    @Test func ctrlWDeletesTheWordBeforeTheCursorAndTheSpacesAfterIt() {
        #expect(Self.edit("Alice Smith  ", [.ctrl("w")]).text == "Alice ")
        #expect(Self.edit("Alice Smith", [.left, .left, .left, .ctrl("w")]).text == "Alice ith")
        #expect(Self.edit("   ", [.ctrl("w")]).text == "")
    }

    @Test func wideAndCombiningCharactersAreEditedWhole() {
        let jose = Self.edit("Jose\u{301}", [.backspace])
        #expect(jose.text == "Jos")
        let cjk = Self.edit("世蓮 花子", [.home, .delete, .right, .backspace])
        #expect(cjk.text == " 花子")
        #expect(cjk.cursor == 0)
        let emoji = Self.edit("hi 👋🏽", [.backspace])
        #expect(emoji.text == "hi ")
    }

    @Test(arguments: [Key.tab, .backTab, .enter, .escape, .up, .down, .pageUp, .pageDown, .ctrl("s"), .ctrl("r"), .function(1)])
    func keysThatAreNotEditingKeysAreLeftToTheForm(key: Key) {
        var field = TextField("alice")
        #expect(field.handle(key) == false)
        #expect(field == TextField("alice"))
    }

    // MARK: The window

    @Test func shortTextShowsWholeWithTheCursorAfterIt() {
        let window = TextField("alice@acme.co").window(width: 20)
        #expect(window.text == "alice@acme.co")
        #expect(window.cursorColumn == 13)
    }

    @Test func longTextScrollsSoTheCursorStaysInTheLastColumn() {
        let window = TextField("abcdefghij").window(width: 5)
        #expect(window.text == "ghij")
        #expect(window.cursorColumn == 4)
    }

    @Test func withTheCursorInsideTheTextShowsAsMuchBeforeItAsFits() {
        let middle = Self.edit("abcdefghij", [.left, .left, .left]).window(width: 5)
        #expect(middle.text == "defgh")
        #expect(middle.cursorColumn == 4)
        let start = Self.edit("abcdefghij", [.home]).window(width: 5)
        #expect(start.text == "abcde")
        #expect(start.cursorColumn == 0)
    }

    @Test func wideCharactersCountTwoColumnsAndAreNeverCut() {
        let end = TextField("世蓮 花子").window(width: 5)
        #expect(end.text == "花子")
        #expect(end.cursorColumn == 4)
        // 世 would need columns 3 and 4 of 3: it is left out rather than cut in half.
        let start = Self.edit("ab世", [.home]).window(width: 3)
        #expect(start.text == "ab")
        #expect(start.cursorColumn == 0)
    }

    @Test func aFieldTooNarrowToTypeInShowsNothing() {
        #expect(TextField("alice").window(width: 1) == ("", 0))
        #expect(TextField("alice").window(width: 0) == ("", 0))
    }
}
