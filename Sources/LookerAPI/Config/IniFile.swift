/// A parsed looker.ini: sections in file order, each key with the line it came from.
///
/// Values are taken whole: everything after the first `=` (or `:`), trimmed, with one pair of
/// surrounding quotes removed. `#`, `;`, `=` and spaces inside a value are part of it, because a
/// client_secret may contain any of them. Only lines that *start* with `#` or `;` are comments.
public struct IniFile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: String
        public var line: Int
    }
    public struct Section: Sendable, Equatable {
        public var name: String
        public var line: Int
        public var entries: [Entry]
        public func entry(_ key: String) -> Entry? { entries.last { $0.key == key } }
    }

    public var path: String
    public var sections: [Section]

    public func section(_ name: String) -> Section? { sections.first { $0.name == name } }

    public static func parse(_ text: String, path: String) throws(ConfigError) -> IniFile {
        var sections: [Section] = []
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so splitting on "\n" alone would keep a CRLF file on one line.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let trimmed = Substring(raw).trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]"), trimmed.count > 2 else {
                    throw ConfigError(file: path, line: lineNumber, key: nil, reason: "a section header looks like [name]")
                }
                let name = trimmed.dropFirst().dropLast().trimmingWhitespace()
                if name.isEmpty {
                    throw ConfigError(file: path, line: lineNumber, key: nil, reason: "empty section name")
                }
                sections.append(Section(name: String(name), line: lineNumber, entries: []))
                continue
            }
            guard let sep = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw ConfigError(file: path, line: lineNumber, key: nil, reason: "expected 'key = value'")
            }
            let key = trimmed[..<sep].trimmingWhitespace().lowercased()
            guard !key.isEmpty else {
                throw ConfigError(file: path, line: lineNumber, key: nil, reason: "missing key before '='")
            }
            guard !sections.isEmpty else {
                throw ConfigError(file: path, line: lineNumber, key: key, reason: "key outside of a [section]")
            }
            var value = trimmed[trimmed.index(after: sep)...].trimmingWhitespace()
            if value.count >= 2, let f = value.first, f == "\"" || f == "'", value.last == f {
                value = value.dropFirst().dropLast()
            }
            sections[sections.count - 1].entries.append(Entry(key: key, value: String(value), line: lineNumber))
        }
        return IniFile(path: path, sections: sections)
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}

/// A configuration problem, naming the file, line and key when there is one. Never holds a secret value.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var key: String?
    public var reason: String

    public init(file: String?, line: Int?, key: String?, reason: String) {
        self.file = file
        self.line = line
        self.key = key
        self.reason = reason
    }

    public var description: String {
        var where_ = ""
        if let file { where_ = file }
        if let line { where_ += ":\(line)" }
        var text = where_.isEmpty ? "" : "\(where_): "
        if let key { text += "\(key): " }
        return text + reason
    }
}
