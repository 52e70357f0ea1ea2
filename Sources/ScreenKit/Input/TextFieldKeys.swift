extension TextField {
    /// What a text field can do to its text and cursor: the field's whole vocabulary of editing.
    public enum Edit: Sendable, Hashable, CaseIterable {
        /// Puts a printable character at the cursor (refused when the field is full).
        case insert
        case moveLeft, moveRight, moveToStart, moveToEnd
        /// Deletes the character before the cursor (Backspace).
        case deleteBackward
        /// Deletes the character at the cursor (Delete).
        case deleteForward
        /// Deletes the word before the cursor and the spaces after it (Ctrl-W).
        case deleteWordBackward
        case deleteToStart, deleteToEnd
    }

    /// One row of the key table: the keys that give an edit, and what it does in a few words.
    public struct KeyBinding: Sendable, Equatable {
        public let edit: Edit
        /// The keys that give the edit. Empty for `.insert`, which every printable character gives.
        public let keys: [Key]
        /// What the edit does, in a few words (for a help screen).
        public let label: String

        init(_ edit: Edit, _ keys: [Key], _ label: String) {
            self.edit = edit
            self.keys = keys
            self.label = label
        }
    }

    /// The one table of editing keys (readline's): `handle(_:)` reads it, and a help screen can list it.
    /// Each edit has one row; a key is in at most one row.
    public static let keyTable: [KeyBinding] = [
        KeyBinding(.insert, [], "insert the character at the cursor"),
        KeyBinding(.moveLeft, [.left, .ctrl("b")], "a character left"),
        KeyBinding(.moveRight, [.right, .ctrl("f")], "a character right"),
        KeyBinding(.moveToStart, [.home, .ctrl("a")], "to the start"),
        KeyBinding(.moveToEnd, [.end, .ctrl("e")], "to the end"),
        KeyBinding(.deleteBackward, [.backspace, .ctrl("h")], "delete the character before the cursor"),
        KeyBinding(.deleteForward, [.delete, .ctrl("d")], "delete the character at the cursor"),
        KeyBinding(.deleteWordBackward, [.ctrl("w")], "delete the word before the cursor"),
        KeyBinding(.deleteToStart, [.ctrl("u")], "delete to the start"),
        KeyBinding(.deleteToEnd, [.ctrl("k")], "delete to the end"),
    ]

    /// The edit each key of the table gives, built once: every key of a paste is looked up.
    private static let editsByKey: [Key: Edit] = {
        var edits: [Key: Edit] = [:]
        for binding in keyTable {
            for key in binding.keys where edits[key] == nil { edits[key] = binding.edit }
        }
        return edits
    }()

    /// The edit `key` gives: `.insert` for a printable character, the table's row for the others, nil
    /// for a key that is not an editing key (left to whoever holds the field).
    public static func edit(for key: Key) -> Edit? {
        if case .char = key { return .insert }
        return editsByKey[key]
    }
}
