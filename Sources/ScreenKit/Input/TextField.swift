/// A one-line text input with readline keys: ←/→, Home/End, Ctrl-A/E, Backspace/Delete, Ctrl-U
/// (to start), Ctrl-K (to end), Ctrl-W (word back). Any printable character is text, up to
/// `maxCharacters`: a paste cannot grow a field without bound (the caller says so when it is full).
public struct TextField: Sendable, Equatable {
    /// The most characters typing adds up to (an email address is at most 254).
    public static let maxCharacters = 256

    public private(set) var characters: [Character]
    /// Cursor position, 0...characters.count.
    public private(set) var cursor: Int

    public init(_ text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }

    /// Typing more characters would be refused.
    public var isFull: Bool { characters.count >= Self.maxCharacters }

    /// Applies an editing key; returns false for keys that are not editing keys, and for a character
    /// when the field is full.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c):
            guard !isFull else { return false }
            characters.insert(c, at: cursor)
            cursor += 1
        case .backspace, .ctrl("h"):
            if cursor > 0 { characters.remove(at: cursor - 1); cursor -= 1 }
        case .delete, .ctrl("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left, .ctrl("b"): cursor = max(0, cursor - 1)
        case .right, .ctrl("f"): cursor = min(characters.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = characters.count
        case .ctrl("u"):
            characters.removeFirst(cursor)
            cursor = 0
        case .ctrl("k"):
            characters.removeLast(characters.count - cursor)
        case .ctrl("w"):
            var start = cursor
            while start > 0 && characters[start - 1] == " " { start -= 1 }
            while start > 0 && characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        default:
            return false
        }
        return true
    }

    /// The part to show in a field `width` columns wide, and the cursor's column in it. Scrolls so
    /// the cursor is always visible, keeping as much text before it as fits.
    public func window(width: Int) -> (text: String, cursorColumn: Int) {
        guard width > 1 else { return ("", 0) }
        let widths = characters.map { DisplayText.width(String($0)) }
        var start = 0
        var before = widths[0..<cursor].reduce(0, +)
        while before > width - 1 && start < cursor {
            before -= widths[start]
            start += 1
        }
        var used = 0
        var end = start
        while end < characters.count && used + widths[end] <= width {
            used += widths[end]
            end += 1
        }
        return (String(characters[start..<end]), before)
    }
}
