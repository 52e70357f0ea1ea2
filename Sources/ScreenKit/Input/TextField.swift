/// A one-line text input with readline keys, listed in `keyTable` (what `handle(_:)` reads). Any
/// printable character is text, up to `maxCharacters`: a paste cannot grow a field without bound (the
/// caller says so when it is full).
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

    /// Applies an editing key (a printable character, or a key of `keyTable`); returns false for keys
    /// that are not editing keys, and for a character when the field is full.
    public mutating func handle(_ key: Key) -> Bool {
        guard let edit = Self.edit(for: key) else { return false }
        switch edit {
        case .insert:
            guard case .char(let c) = key, !isFull else { return false }
            characters.insert(c, at: cursor)
            cursor += 1
        case .deleteBackward:
            if cursor > 0 { characters.remove(at: cursor - 1); cursor -= 1 }
        case .deleteForward:
            if cursor < characters.count { characters.remove(at: cursor) }
        case .moveLeft: cursor = max(0, cursor - 1)
        case .moveRight: cursor = min(characters.count, cursor + 1)
        case .moveToStart: cursor = 0
        case .moveToEnd: cursor = characters.count
        case .deleteToStart:
            characters.removeFirst(cursor)
            cursor = 0
        case .deleteToEnd:
            characters.removeLast(characters.count - cursor)
        case .deleteWordBackward:
            var start = cursor
            while start > 0 && characters[start - 1] == " " { start -= 1 }
            while start > 0 && characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
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
