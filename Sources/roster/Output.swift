import Foundation
import LookerAPI
import RosterCore
import ScreenKit

/// Standard output of every command, buffered and flushed per page so listing 100,000 users stays
/// fast. Nothing reaches the terminal unsanitized: text lines pass `DisplayText.sanitize` (the
/// screen's placeholders), JSON passes `JSONPassThrough` (always valid, nothing a terminal acts
/// on, secret URLs masked). There is no way to write raw bytes.
struct Output {
    private var buffer: [UInt8] = []
    private let fd: Int32

    init(fd: Int32 = STDOUT_FILENO) {
        self.fd = fd
    }

    /// One line of text; newlines inside it are shown as placeholders, never break the line.
    mutating func line(_ s: String) {
        buffer.append(contentsOf: DisplayText.sanitize(s).utf8)
        buffer.append(0x0A)
        if buffer.count > 1 << 16 { flush() }
    }

    /// Rows as a table under their headers, each column as wide as its widest cell (up to its maximum).
    mutating func table(headers: [String], rows: [[String]], maxWidths: [Int]) {
        let table = TextTable(headers: headers, rows: rows, maxWidths: maxWidths)
        line(table.headerLine)
        for row in rows { line(table.format(row)) }
    }

    /// Text of several lines (help, multi-line messages): each line sanitized on its own.
    mutating func lines(_ s: String) {
        for part in s.split(separator: "\n", omittingEmptySubsequences: false) { line(String(part)) }
    }

    /// A value encoded as pretty JSON, then made safe like the server's JSON (the encoder leaves
    /// DEL, C1, bidi and zero-width characters raw), secret URLs masked by key, and a newline.
    mutating func json<T: Encodable>(_ value: T) throws {
        let encoded = try JSONOut.pretty.encode(value)
        let safe = try encoded.withUnsafeBytes { raw throws(JSONPassThrough.Malformed) in
            try JSONPassThrough.sanitize(document: raw, secretKeys: JSONOut.secretKeys, mask: JSONOut.mask)
        }
        buffer.append(contentsOf: safe)
        buffer.append(0x0A)
        if buffer.count > 1 << 16 { flush() }
    }

    /// JSON text that `JSONPassThrough` wrote, or punctuation between its pieces.
    mutating func passedThrough(_ bytes: [UInt8]) {
        if buffer.isEmpty && bytes.count > 1 << 16 {
            Self.write(fd, bytes)   // a large piece goes out as is, not copied once more
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count > 1 << 16 { flush() }
    }

    /// Writes with write(2); a closed pipe (`roster users list | head`) ends the process quietly.
    mutating func flush() {
        guard !buffer.isEmpty else { return }
        Self.write(fd, buffer)
        buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
    }

    private static func write(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    exit(errno == EPIPE ? 0 : ExitStatus.other.rawValue)
                }
                offset += n
            }
        }
    }
}

/// Standard error: every message, warning and config error goes through here, sanitized line by
/// line, so no command can forget (server text, file contents and arguments all end up in errors).
enum Diagnostics {
    static func write(_ message: String) {
        var err = Output(fd: STDERR_FILENO)
        err.lines(message)
        err.flush()
    }

    static func warning(_ message: String) {
        write("roster: warning: " + message)
    }
}

/// A table whose columns are sized by display width (CJK and emoji count two), cells sanitized and
/// truncated with `…`.
struct TextTable {
    var headers: [String]
    var widths: [Int]

    private var maxWidths: [Int] = []

    init(headers: [String], rows: [[String]], maxWidths: [Int]) {
        self.init(headers: headers, maxWidths: maxWidths)
        for row in rows { widen(row) }
    }

    /// A table as wide as its headers; `widen` with each row before formatting any (two passes
    /// over rows made on the fly, so a long table is never held whole).
    init(headers: [String], maxWidths: [Int]) {
        self.headers = headers
        self.maxWidths = maxWidths
        widths = headers.indices.map { min(DisplayText.width(headers[$0]), maxWidths[$0]) }
    }

    mutating func widen(_ row: [String]) {
        for i in widths.indices where i < row.count && widths[i] < maxWidths[i] {
            widths[i] = min(max(widths[i], DisplayText.width(row[i])), maxWidths[i])
        }
    }

    func format(_ row: [String]) -> String {
        var parts: [String] = []
        for (i, cell) in row.enumerated() {
            parts.append(i == row.count - 1 ? DisplayText.fit(cell, width: widths[i]) : DisplayText.pad(cell, width: widths[i]))
        }
        return parts.joined(separator: "  ")
    }

    var headerLine: String { format(headers) }
}

/// CSV per RFC 4180 (quotes doubled, a field with a comma or quote quoted), records ended by LF
/// rather than CRLF: a CR is exactly what must not reach a terminal. Cells are sanitized first, so
/// a field never holds a line break or a control character.
enum CSV {
    /// A field as RFC 4180 has it, sanitized like the screen. A field a spreadsheet would run as a
    /// formula (it starts with `=`, `+`, `-` or `@`) gets a leading `'`, as OWASP advises: a name
    /// from the server must not become a formula in the admin's spreadsheet.
    static func field(_ s: String) -> String {
        var text = DisplayText.sanitize(s)
        if let first = text.utf8.first, [0x3D, 0x2B, 0x2D, 0x40].contains(first) { text = "'" + text }
        if text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",")
    }
}

/// JSON for scripts: one encoder, snake_case keys as Looker sends them, and the keys whose string
/// values are secrets (masked in every JSON output, whatever escape spells the key).
enum JSONOut {
    static let pretty: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return e
    }()

    static let secretKeys: Set<[UInt8]> = [Array("password_reset_url".utf8), Array("account_setup_url".utf8)]
    static let mask = Array("\"\(Secret.mask)\"".utf8)
}

/// What `table` and `csv` print for a field the server did not send (a `--fields` filter, an
/// older server): unknown, never a default that could be mistaken for the truth.
let unknownValue = "?"

/// Masks the secret URLs of a credential unless asked to reveal them.
func masked(_ c: CredentialsEmail, reveal: Bool) -> CredentialsEmail {
    guard !reveal else { return c }
    var c = c
    if c.passwordResetURL != nil { c.passwordResetURL = Secret.mask }
    if c.accountSetupURL != nil { c.accountSetupURL = Secret.mask }
    return c
}

enum Secret {
    static let mask = "••••••• (hidden)"
}
