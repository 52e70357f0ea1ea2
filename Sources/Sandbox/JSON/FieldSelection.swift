/// The `fields` query parameter, parsed: which keys to write, and for nested objects which of theirs.
///
/// Syntax: `id,email,credentials_email(email,logged_in_at),credentials_saml(*)`. Spaces around names are
/// ignored, `*` selects every key, and an object named without parentheses is written whole.
struct FieldSelection: Sendable, Equatable {
    /// Every key of the object (a missing `fields`, or `*`).
    private(set) var includesAll: Bool
    /// Keys named explicitly, with the selection that applies inside each.
    private(set) var named: [String: FieldSelection]

    static let all = FieldSelection(includesAll: true, named: [:])

    /// Whether `key` is written.
    func includes(_ key: String) -> Bool {
        includesAll || named[key] != nil
    }

    /// Whether `key` was named; some keys (like `is_iam_admin`) are written only then.
    func names(_ key: String) -> Bool {
        named[key] != nil
    }

    /// The selection inside the object or array under `key`.
    func nested(_ key: String) -> FieldSelection {
        named[key] ?? .all
    }

    struct SyntaxError: Error, Equatable {
        let message: String
    }

    /// Parses a `fields` value; nil or blank means every key.
    static func parse(_ text: String?) throws(SyntaxError) -> FieldSelection {
        guard let text, text.contains(where: { !$0.isWhitespace }) else { return .all }
        var parser = Parser(characters: Array(text))
        let selection = try parser.list()
        guard parser.atEnd else { throw SyntaxError(message: "unbalanced ')' in fields") }
        return selection
    }

    private struct Parser {
        let characters: [Character]
        var position = 0

        var atEnd: Bool { position >= characters.count }

        mutating func list() throws(SyntaxError) -> FieldSelection {
            var selection = FieldSelection(includesAll: false, named: [:])
            repeat {
                let name = self.name()
                var inner = FieldSelection.all
                if !atEnd && characters[position] == "(" {
                    position += 1
                    inner = try list()
                    guard !atEnd && characters[position] == ")" else {
                        throw SyntaxError(message: "missing ')' after '\(name)(' in fields")
                    }
                    position += 1
                    skipSpaces()
                }
                if name == "*" {
                    selection.includesAll = true
                } else if !name.isEmpty {
                    selection.named[name] = inner
                }
            } while consumeComma()
            if selection.named.isEmpty && !selection.includesAll {
                throw SyntaxError(message: "empty field list")
            }
            return selection
        }

        private mutating func name() -> String {
            skipSpaces()
            let start = position
            while !atEnd && !"(),".contains(characters[position]) {
                position += 1
            }
            return String(characters[start..<position]).trimmingSpaces()
        }

        private mutating func consumeComma() -> Bool {
            skipSpaces()
            guard !atEnd && characters[position] == "," else { return false }
            position += 1
            return true
        }

        private mutating func skipSpaces() {
            while !atEnd && characters[position].isWhitespace { position += 1 }
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
