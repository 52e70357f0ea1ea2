/// The scanner and parser behind `TOML.parse`. It walks the text once, counting lines as it
/// consumes newlines, so every error carries the line it was found on.
///
/// Tables are built in a flat map keyed by path while parsing (TOML allows `[a.b]` before `[a]`),
/// then assembled into a tree at the end, in the order the text introduced them.
struct TOMLParser {
    private struct Draft {
        var origin: TOMLTable.Origin
        var line: Int
        var keys: [String] = []
        var values: [String: TOMLValue] = [:]
    }

    private let s: [Unicode.Scalar]
    private var i = 0
    private var line = 1
    private var drafts: [[String]: Draft] = [[]: Draft(origin: .root, line: 0)]
    private var currentPath: [String] = []

    init(_ text: String) {
        s = Array(text.unicodeScalars)
        if s.first == "\u{FEFF}" { i = 1 }
    }

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        while true {
            skipSpaces()
            guard let c = peek() else { break }
            switch c {
            case "#": skipComment()
            case "\n", "\r": try consumeNewline()
            case "[": try parseHeader(); try expectLineEnd(after: "the table header")
            default: try parseKeyValue(); try expectLineEnd(after: "the value")
            }
        }
        return assemble([])
    }

    // MARK: Lines and tables

    private mutating func parseHeader() throws(TOMLError) {
        let headerLine = line
        i += 1
        if peek() == "[" { throw fail("arrays of tables ([[…]]) are not supported") }
        let path = try parseKeyPath()
        skipSpaces()
        guard peek() == "]" else { throw fail("expected \"]\" to close the table header, found \(found())") }
        i += 1
        try defineTable(path, line: headerLine)
    }

    private mutating func defineTable(_ path: [String], line headerLine: Int) throws(TOMLError) {
        for depth in 1...path.count {
            let prefix = Array(path[..<depth])
            let parent = Array(path[..<(depth - 1)])
            let key = path[depth - 1]
            if let value = drafts[parent]?.values[key] {
                throw fail("\(Self.describe(prefix)) is already defined as \(value.typeDescription) on line \(value.line)")
            }
            let isLast = depth == path.count
            if var existing = drafts[prefix] {
                guard isLast else { continue }
                guard existing.origin == .implied else {
                    throw fail("table [\(Self.describe(path))] is defined twice (first on line \(existing.line))")
                }
                existing.origin = .header
                existing.line = headerLine
                drafts[prefix] = existing
            } else {
                drafts[prefix] = Draft(origin: isLast ? .header : .implied, line: headerLine)
                drafts[parent]?.keys.append(key)
            }
        }
        currentPath = path
    }

    private mutating func parseKeyValue() throws(TOMLError) {
        let keys = try parseKeyPath()
        guard keys.count == 1 else {
            throw fail("dotted keys (\(Self.describe(keys)) = …) are not supported; use a [table] header")
        }
        let key = keys[0]
        skipSpaces()
        guard peek() == "=" else { throw fail("expected \"=\" after the key \(DisplayText.quoted(key)), found \(found())") }
        i += 1
        skipSpaces()
        let value = try parseValue()
        if let table = drafts[currentPath + [key]] {
            throw TOMLError(line: value.line, reason: "\(DisplayText.quoted(key)) is already defined as a table on line \(table.line)")
        }
        if let old = drafts[currentPath]?.values[key] {
            throw TOMLError(line: value.line, reason: "the key \(DisplayText.quoted(key)) is defined twice (first on line \(old.line))")
        }
        drafts[currentPath]?.keys.append(key)
        drafts[currentPath]?.values[key] = value
    }

    private func assemble(_ path: [String]) -> TOMLTable {
        guard let draft = drafts[path] else { return TOMLTable(origin: .implied) }
        var table = TOMLTable(origin: draft.origin)
        for key in draft.keys {
            if let value = draft.values[key] {
                table.set(key, value)
            } else if let child = drafts[path + [key]] {
                table.set(key, TOMLValue(.table(assemble(path + [key])), line: child.line))
            }
        }
        return table
    }

    // MARK: Keys

    private mutating func parseKeyPath() throws(TOMLError) -> [String] {
        var keys: [String] = []
        repeat {
            skipSpaces()
            keys.append(try parseKey())
            skipSpaces()
        } while consume(".")
        return keys
    }

    private mutating func parseKey() throws(TOMLError) -> String {
        switch peek() {
        case "\"": return try parseBasicString()
        case "'": return try parseLiteralString()
        default:
            let start = i
            while let c = peek(), Self.isBareKeyScalar(c) { i += 1 }
            guard i > start else { throw fail("expected a key, found \(found())") }
            return String(String.UnicodeScalarView(s[start..<i]))
        }
    }

    private static func isBareKeyScalar(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
    }

    // MARK: Values

    private mutating func parseValue() throws(TOMLError) -> TOMLValue {
        let startLine = line
        switch peek() {
        case nil, "\n", "\r", "#", ",", "]", "}":
            throw fail("expected a value, found \(found())")
        case "\"":
            if peek(1) == "\"" && peek(2) == "\"" { throw fail("multi-line strings (\"\"\") are not supported") }
            return TOMLValue(.string(try parseBasicString()), line: startLine)
        case "'":
            if peek(1) == "'" && peek(2) == "'" { throw fail("multi-line strings (''') are not supported") }
            return TOMLValue(.string(try parseLiteralString()), line: startLine)
        case "[":
            return TOMLValue(.array(try parseArray()), line: startLine)
        case "{":
            return TOMLValue(.table(try parseInlineTable()), line: startLine)
        default:
            return TOMLValue(try parseBareValue(), line: startLine)
        }
    }

    private mutating func parseBareValue() throws(TOMLError) -> TOMLValue.Kind {
        let start = i
        while let c = peek(), !" \t\r\n#,]}".unicodeScalars.contains(c) { i += 1 }
        let word = String(String.UnicodeScalarView(s[start..<i]))
        if word == "true" { return .boolean(true) }
        if word == "false" { return .boolean(false) }
        if let kind = try TOMLSyntax.integer(word, line: line) { return .integer(kind) }
        throw fail("expected a value, found \(DisplayText.quoted(word)) (strings need quotes)")
    }

    private mutating func parseArray() throws(TOMLError) -> [TOMLValue] {
        let startLine = line
        i += 1
        var items: [TOMLValue] = []
        while true {
            try skipBlank()
            if atEnd { throw TOMLError(line: startLine, reason: "unterminated array (missing \"]\")") }
            if consume("]") { return items }
            items.append(try parseValue())
            try skipBlank()
            if atEnd { throw TOMLError(line: startLine, reason: "unterminated array (missing \"]\")") }
            if consume(",") { continue }
            if consume("]") { return items }
            throw fail("expected \",\" or \"]\" in the array, found \(found())")
        }
    }

    private mutating func parseInlineTable() throws(TOMLError) -> TOMLTable {
        i += 1
        var table = TOMLTable(origin: .inline)
        skipSpaces()
        if consume("}") { return table }
        while true {
            let keys = try parseKeyPath()
            guard keys.count == 1 else { throw fail("dotted keys (\(Self.describe(keys)) = …) are not supported") }
            skipSpaces()
            guard consume("=") else { throw fail("expected \"=\" after the key \(DisplayText.quoted(keys[0])), found \(found())") }
            skipSpaces()
            let value = try parseValue()
            if table[keys[0]] != nil { throw fail("the key \(DisplayText.quoted(keys[0])) is defined twice in the inline table") }
            table.set(keys[0], value)
            skipSpaces()
            if consume(",") {
                skipSpaces()
                if peek() == "}" { throw fail("a trailing comma is not allowed in an inline table") }
                if atEnd || peek() == "\n" || peek() == "\r" { throw unclosedInlineTable() }
                continue
            }
            if consume("}") { return table }
            if atEnd || peek() == "\n" || peek() == "\r" { throw unclosedInlineTable() }
            throw fail("expected \",\" or \"}\" in the inline table, found \(found())")
        }
    }

    private func unclosedInlineTable() -> TOMLError {
        fail("an inline table must close on the line it starts (missing \"}\")")
    }

    // MARK: Strings

    private mutating func parseBasicString() throws(TOMLError) -> String {
        i += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek(), c != "\n", c != "\r" else { throw fail("unterminated string (missing closing \")") }
            i += 1
            switch c {
            case "\"": return String(out)
            case "\\": out.append(try parseEscape())
            default:
                try checkNotControl(c)
                out.append(c)
            }
        }
    }

    private mutating func parseEscape() throws(TOMLError) -> Unicode.Scalar {
        guard let c = peek(), c != "\n", c != "\r" else { throw fail("unterminated string (missing closing \")") }
        i += 1
        switch c {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let count = c == "u" ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let d = peek(), let digit = Self.hexValue(d) else {
                    throw fail("\\\(c) needs \(count) hex digits")
                }
                value = value * 16 + digit
                i += 1
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw fail("\\\(c) escape \(String(value, radix: 16, uppercase: true)) is not a Unicode scalar value")
            }
            return scalar
        default:
            let shown = (" "..."~").contains(c) ? String(c) : "u{\(String(c.value, radix: 16, uppercase: true))}"
            throw fail("invalid escape \\\(shown) in a string")
        }
    }

    private mutating func parseLiteralString() throws(TOMLError) -> String {
        i += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek(), c != "\n", c != "\r" else { throw fail("unterminated string (missing closing ')") }
            i += 1
            if c == "'" { return String(out) }
            try checkNotControl(c)
            out.append(c)
        }
    }

    private func checkNotControl(_ c: Unicode.Scalar) throws(TOMLError) {
        if (c.value < 0x20 && c != "\t") || c.value == 0x7F {
            throw fail("control character U+\(TOMLSyntax.hex4(c.value)) in a string; write it as an escape")
        }
    }

    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": c.value - 0x30
        case "a"..."f": c.value - 0x61 + 10
        case "A"..."F": c.value - 0x41 + 10
        default: nil
        }
    }

    // MARK: Scanning

    private var atEnd: Bool { i >= s.count }
    private func peek(_ offset: Int = 0) -> Unicode.Scalar? { i + offset < s.count ? s[i + offset] : nil }

    private mutating func consume(_ c: Unicode.Scalar) -> Bool {
        guard peek() == c else { return false }
        i += 1
        return true
    }

    private mutating func skipSpaces() { while peek() == " " || peek() == "\t" { i += 1 } }
    private mutating func skipComment() { while let c = peek(), c != "\n", c != "\r" { i += 1 } }

    private mutating func consumeNewline() throws(TOMLError) {
        if consume("\n") { line += 1; return }
        if peek() == "\r" && peek(1) == "\n" { i += 2; line += 1; return }
        throw fail("a carriage return must be followed by a line feed")
    }

    /// Spaces, comments and newlines, as allowed between the items of an array.
    private mutating func skipBlank() throws(TOMLError) {
        while true {
            skipSpaces()
            switch peek() {
            case "#": skipComment()
            case "\n", "\r": try consumeNewline()
            default: return
            }
        }
    }

    private mutating func expectLineEnd(after what: String) throws(TOMLError) {
        skipSpaces()
        if peek() == "#" { skipComment() }
        if atEnd { return }
        if peek() == "\n" || peek() == "\r" { try consumeNewline(); return }
        throw fail("unexpected \(found()) after \(what)")
    }

    private func fail(_ reason: String) -> TOMLError { TOMLError(line: line, reason: reason) }

    /// What the scanner sees next, for error messages.
    private func found() -> String {
        guard let c = peek() else { return "the end of the text" }
        if c == "\n" || c == "\r" { return "the end of the line" }
        var end = i
        while end < s.count, end - i < 16, !" \t\r\n".unicodeScalars.contains(s[end]) { end += 1 }
        return DisplayText.quoted(String(String.UnicodeScalarView(s[i..<max(end, i + 1)])))
    }

    private static func describe(_ path: [String]) -> String {
        path.map { isPlainKey($0) ? $0 : DisplayText.quoted($0) }.joined(separator: ".")
    }

    private static func isPlainKey(_ key: String) -> Bool {
        !key.isEmpty && key.unicodeScalars.allSatisfy(isBareKeyScalar)
    }
}
