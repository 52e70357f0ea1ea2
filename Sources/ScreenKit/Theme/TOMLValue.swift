/// A failure to read a TOML text: the 1-based line where it happened and what is wrong there.
public struct TOMLError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public init(line: Int, reason: String) { self.line = line; self.reason = reason }
    public var description: String { "line \(line): \(reason)" }
}

/// A value read from a TOML text, with the line it starts on.
///
/// Only the subset Roster's theme files need exists: strings, integers, booleans, arrays and
/// tables. Anything else in a text is a `TOMLError`, never a silently different value.
public struct TOMLValue: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case array([TOMLValue])
        case table(TOMLTable)
    }

    public var kind: Kind
    /// The 1-based line the value starts on; for a table made by a `[header]`, the header's line.
    public var line: Int

    public init(_ kind: Kind, line: Int) { self.kind = kind; self.line = line }

    public var string: String? { if case .string(let s) = kind { s } else { nil } }
    public var integer: Int? { if case .integer(let i) = kind { i } else { nil } }
    public var boolean: Bool? { if case .boolean(let b) = kind { b } else { nil } }
    public var array: [TOMLValue]? { if case .array(let a) = kind { a } else { nil } }
    public var table: TOMLTable? { if case .table(let t) = kind { t } else { nil } }

    /// The value's type with an article, for error messages ("expected a string, found an integer").
    public var typeDescription: String {
        switch kind {
        case .string: "a string"
        case .integer: "an integer"
        case .boolean: "a boolean"
        case .array: "an array"
        case .table: "a table"
        }
    }
}

/// A TOML table: keys in the order the text gives them, each with its value.
///
/// A table remembers how it came to be, because TOML forbids reopening a table that a header or an
/// inline table already defined, while a table implied by `[a.b]` may still get its own `[a]`.
public struct TOMLTable: Equatable, Sendable {
    enum Origin: Equatable, Sendable { case root, header, implied, inline }

    public private(set) var keys: [String] = []
    private var values: [String: TOMLValue] = [:]
    let origin: Origin

    init(origin: Origin) { self.origin = origin }

    public subscript(key: String) -> TOMLValue? { values[key] }
    public var isEmpty: Bool { keys.isEmpty }

    mutating func set(_ key: String, _ value: TOMLValue) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
    }
}

/// Reads the subset of TOML that theme files use.
///
/// Supported: `#` comments, `[table]` and `[a.b]` headers, `key = value` with bare or quoted keys,
/// basic strings `"…"` (escapes `\" \\ \b \t \n \f \r \uXXXX \UXXXXXXXX`), literal strings `'…'`,
/// decimal integers, `true`/`false`, arrays (which may span lines) and one-line inline tables
/// `{ k = v, … }`. Not supported, and reported with the line: floats, dates, multi-line strings,
/// dotted keys and arrays of tables.
public enum TOML {
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(text)
        return try parser.parseDocument()
    }
}
