/// The lexical pieces of the TOML subset that stand on their own: integers, and quoting text
/// for error messages.
enum TOMLSyntax {
    /// A decimal integer, nil if `word` does not look like a number at all.
    static func integer(_ word: String, line: Int) throws(TOMLError) -> Int? {
        let scalars = Array(word.unicodeScalars)
        let body = scalars.first == "+" || scalars.first == "-" ? Array(scalars.dropFirst()) : scalars
        guard let first = body.first, ("0"..."9").contains(first) || word.hasSuffix("inf") || word.hasSuffix("nan") else {
            return nil
        }
        let digitsOnly = body.allSatisfy { ("0"..."9").contains($0) || $0 == "_" }
        if !digitsOnly {
            if body.count > 1, first == "0", ["x", "o", "b"].contains(body[1]) {
                throw TOMLError(line: line, reason: "only decimal integers are supported, found \(DisplayText.quoted(word))")
            }
            if body.contains(":") || (body.count > 4 && body[4] == "-") {
                throw TOMLError(line: line, reason: "dates and times are not supported, found \(DisplayText.quoted(word))")
            }
            if body.contains(where: { ".eE".unicodeScalars.contains($0) }) || word.hasSuffix("inf") || word.hasSuffix("nan") {
                throw TOMLError(line: line, reason: "floats are not supported, found \(DisplayText.quoted(word))")
            }
            throw TOMLError(line: line, reason: "invalid integer \(DisplayText.quoted(word))")
        }
        let wellFormed = !body.isEmpty && body.last != "_" && !zip(body, body.dropFirst()).contains { $0 == "_" && $1 == "_" }
        guard wellFormed, body.first != "_" else {
            throw TOMLError(line: line, reason: "invalid integer \(DisplayText.quoted(word)): \"_\" must sit between digits")
        }
        if first == "0" && body.count > 1 { throw TOMLError(line: line, reason: "invalid integer \(DisplayText.quoted(word)): leading zeros") }
        guard let value = Int(String(word.filter { $0 != "_" })) else {
            throw TOMLError(line: line, reason: "integer \(DisplayText.quoted(word)) is out of range")
        }
        return value
    }

    static func hex4(_ v: UInt32) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}
