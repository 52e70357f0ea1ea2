/// A case-insensitive SQL `LIKE` pattern: `%` matches any run of characters, `_` exactly one,
/// `\` escapes either. Without wildcards it is an exact, case-insensitive comparison, as in Looker.
///
/// Matching works on UTF-8 bytes of lower-cased text; `_` and backtracking step over whole scalars,
/// so a multi-byte character is never split.
struct LikePattern: Sendable {
    private enum Token: Equatable {
        case byte(UInt8)
        case one
        case many
    }

    private let tokens: [Token]

    init(_ pattern: String) {
        var tokens: [Token] = []
        var escaped = false
        for byte in pattern.lowercased().utf8 {
            if escaped {
                tokens.append(.byte(byte))
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "%") {
                if tokens.last != .many { tokens.append(.many) }
            } else if byte == UInt8(ascii: "_") {
                tokens.append(.one)
            } else {
                tokens.append(.byte(byte))
            }
        }
        if escaped { tokens.append(.byte(UInt8(ascii: "\\"))) }
        self.tokens = tokens
    }

    /// Whether already lower-cased `text` matches.
    func matches(lowercased text: String) -> Bool {
        var text = text
        return text.withUTF8 { matches($0) }
    }

    private func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = 0
        var s = 0
        var starToken = -1
        var starText = 0
        while s < text.count {
            if p < tokens.count, case .byte(let expected) = tokens[p], expected == text[s] {
                p += 1
                s += 1
            } else if p < tokens.count, tokens[p] == .one {
                p += 1
                s = Self.nextScalar(after: s, in: text)
            } else if p < tokens.count, tokens[p] == .many {
                starToken = p
                starText = s
                p += 1
            } else if starToken >= 0 {
                p = starToken + 1
                starText = Self.nextScalar(after: starText, in: text)
                s = starText
            } else {
                return false
            }
        }
        while p < tokens.count, tokens[p] == .many { p += 1 }
        return p == tokens.count
    }

    private static func nextScalar(after index: Int, in text: UnsafeBufferPointer<UInt8>) -> Int {
        var next = index + 1
        while next < text.count, text[next] & 0xC0 == 0x80 { next += 1 }
        return next
    }
}
