import Testing
@testable import ScreenKit

/// The text field's key table is what `handle(_:)` does: each key of it gives its edit, each edit has
/// one row, and no key is in two rows.
@Suite struct TextFieldKeyTableTests {
    /// Every key of the table with the edit its row names; for `.insert`, printable characters of
    /// several scripts and widths.
    static let keyed: [(TextField.Edit, Key)] = TextField.keyTable.flatMap { binding in
        binding.edit == .insert
            ? [Key.char("X"), .char(" "), .char("é"), .char("世"), .char("👋🏽")].map { (binding.edit, $0) }
            : binding.keys.map { (binding.edit, $0) }
    }

    /// "one tw|o three": the cursor inside the second word, so every edit has something to do.
    static func field() -> TextField {
        var field = TextField("one two three")
        for _ in 0..<7 { _ = field.handle(.left) }
        return field
    }

    /// What each edit makes of `field()`, written out by hand (a new edit needs its line here).
    static func expected(_ edit: TextField.Edit, _ key: Key) -> (text: String, cursor: Int) {
        switch edit {
        case .insert:
            guard case .char(let c) = key else { return ("", -1) }
            return ("one tw\(c)o three", 7)
        case .moveLeft: return ("one two three", 5)
        case .moveRight: return ("one two three", 7)
        case .moveToStart: return ("one two three", 0)
        case .moveToEnd: return ("one two three", 13)
        case .deleteBackward: return ("one to three", 5)
        case .deleteForward: return ("one tw three", 6)
        case .deleteWordBackward: return ("one o three", 4)
        case .deleteToStart: return ("o three", 0)
        case .deleteToEnd: return ("one tw", 6)
        }
    }

    @Test func theFieldUnderTestHasItsCursorInsideAWord() {
        let field = Self.field()
        #expect(field.text == "one two three")
        #expect(field.cursor == 6)
    }

    @Test(arguments: keyed)
    func eachKeyOfTheTableDoesItsEdit(edit: TextField.Edit, key: Key) {
        #expect(TextField.edit(for: key) == edit)
        var field = Self.field()
        let handled = field.handle(key)
        #expect(handled, "\(key) is an editing key")
        let want = Self.expected(edit, key)
        #expect(field.text == want.text, "\(key) should \(edit)")
        #expect(field.cursor == want.cursor, "\(key) should \(edit)")
    }

    @Test func eachEditHasOneRowAndEachKeyOneEdit() {
        let edits = TextField.keyTable.map(\.edit)
        #expect(edits.count == TextField.Edit.allCases.count)
        #expect(Set(edits) == Set(TextField.Edit.allCases))
        let keys = TextField.keyTable.flatMap(\.keys)
        #expect(Set(keys).count == keys.count, "a key is in two rows")
        for binding in TextField.keyTable {
            #expect(!binding.label.isEmpty)
            // Only typing has no key of its own: every other edit can be given from the keyboard.
            #expect(binding.keys.isEmpty == (binding.edit == .insert), "\(binding.edit)")
            #expect(!binding.keys.contains { if case .char = $0 { true } else { false } },
                    "a printable character is text, never an editing key")
        }
    }

    @Test func aFullFieldRefusesTypingButNotTheOtherEdits() {
        var full = TextField(String(repeating: "a", count: TextField.maxCharacters))
        #expect(full.isFull)
        let typed = full.handle(.char("b"))
        #expect(!typed)
        #expect(full.text.count == TextField.maxCharacters)
        for binding in TextField.keyTable where binding.edit != .insert {
            var copy = full
            let handled = copy.handle(binding.keys[0])
            #expect(handled, "\(binding.edit) works in a full field")
        }
        _ = full.handle(.backspace)
        let typedAfter = full.handle(.char("b"))
        #expect(typedAfter)
        #expect(full.text.hasSuffix("b"))
    }
}
