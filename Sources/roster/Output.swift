import Foundation
import LookerAPI
import RosterCore
import ScreenKit

/// Buffered stdout; flushed per page so listing 100,000 users stays fast.
struct Output {
    private var buffer = Data()
    mutating func line(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        buffer.append(0x0A)
        if buffer.count > 1 << 16 { flush() }
    }
    mutating func raw(_ d: Data) {
        buffer.append(d)
        if buffer.count > 1 << 16 { flush() }
    }
    /// Writes with write(2); a closed pipe (`roster users list | head`) ends the process quietly.
    mutating func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(STDOUT_FILENO, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    exit(errno == EPIPE ? 0 : ExitStatus.other.rawValue)
                }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}

/// A table whose columns are sized by display width (CJK and emoji count two), cells sanitized and
/// truncated with `…`.
struct TextTable {
    var headers: [String]
    var widths: [Int]

    init(headers: [String], rows: [[String]], maxWidths: [Int]) {
        self.headers = headers
        widths = headers.indices.map { i in
            let content = rows.map { DisplayText.width($0[i]) }.max() ?? 0
            return min(max(DisplayText.width(headers[i]), content), maxWidths[i])
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

enum CSV {
    static func field(_ s: String, sanitize: Bool) -> String {
        let text = sanitize ? DisplayText.fit(s, width: Int.max / 4) : s
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }
    static func row(_ fields: [String], sanitize: Bool) -> String {
        fields.map { field($0, sanitize: sanitize) }.joined(separator: ",")
    }
}

/// JSON for scripts: one encoder, snake_case keys as Looker sends them.
enum JSONOut {
    static let pretty: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return e
    }()
}

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
