import Testing
@testable import RosterCore
import ScreenKit

/// Screens built by hand for the render tests, with awkward and hostile text in them.
enum Screens {
    static let alice = UserRow(id: "1", name: "Alice Smith", email: "alice@acme.co", logins: ["email"], enabled: true)
    static let hanako = UserRow(id: "2", name: "世蓮 花子", email: "hanako@acme.jp", logins: ["email", "saml"], enabled: true)
    /// "José" with a combining acute accent, an emoji, and precomposed "ñ".
    static let jose = UserRow(id: "3", name: "Jose\u{301} 😀 Núñez", email: "jose@acme.es", logins: [], enabled: false)
    static let clearScreen = UserRow(id: "4", name: "\u{1b}[2J evil", email: "a\rb@acme.co", logins: ["email"], enabled: true)
    static let c1 = UserRow(id: "5", name: "\u{9b}31m", email: "admin\u{202E}gpj.exe", logins: ["email"], enabled: true)
    static let zeroWidth = UserRow(id: "6", name: "al\u{200B}ice", email: "alice2@acme.co", logins: ["google"], enabled: true)
    static let longName = UserRow(id: "1204", name: String(repeating: "Bartholomew ", count: 25), email: "bart@acme.co",
                                  logins: ["email"], enabled: true)
    static let crowd = [alice, hanako, jose, clearScreen, c1, zeroWidth, longName]

    static let resetURL = "https://acme.example/password/reset/s3cr3tT0ken"
    static let setupURL = "https://acme.example/account/setup/n3wUs3rT0ken"

    static func credential(_ user: UserRow) -> Credential {
        Credential(userID: user.id, email: user.email, forcedPasswordResetAtNextLogin: false, isDisabled: false,
                       createdAt: "2024-03-02", loggedInAt: "2026-11-01", type: "email",
                       passwordResetURL: resetURL, passwordResetURLExpired: false,
                       url: "https://acme.example/api/4.0/users/\(user.id)/credentials_email",
                       userURL: "https://acme.example/api/4.0/users/\(user.id)",
                       can: ["show_password_reset_url": true, "update": true])
    }

    /// Everyone loaded, `selected` selected with their credential in the form, focus on the list.
    static func browsing(_ size: Size, selected: Int = 0, readOnly: Bool = false, demo: Bool = false,
                         ascii: Bool = false) -> AppState {
        var state = AppState(instance: "acme.looker.com", policy: Policy(readOnly: readOnly, reason: readOnly ? "--read-only" : "default"), demo: demo, ascii: ascii, size: size)
        state.apiUser = "api-admin"
        state.list.add(crowd)
        state.list.progress = .complete
        state.list.select(index: selected)
        let user = crowd[selected]
        state.detail = .form(CredentialForm(userID: user.id, credential: credential(user)))
        return state
    }

    /// Hanako's form with a malformed email typed in and marked, focus in the form.
    static func badEmail(_ size: Size) -> AppState {
        var state = browsing(size, selected: 1)
        state.focus = .form
        state.editForm {
            $0.email = TextField("hanako@acme")
            $0.errors[.email] = "'hanako@acme' is not a valid email address"
        }
        state.flash = Flash(id: 1, text: "Not saved: fix the marked field", level: .error)
        return state
    }
}

/// Renders `state` and checks what every frame promises: one line per row, each exactly as wide as
/// the terminal (measured by the sanitizer and by the cells), and not one raw control or bidi
/// character to interpret.
func screen(_ state: AppState, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
    let grid = render(state).grid
    let lines = grid.lines
    #expect(lines.count == state.size.rows, sourceLocation: sourceLocation)
    for (y, line) in lines.enumerated() {
        #expect(DisplayText.width(line) == state.size.cols, "row \(y) is not \(state.size.cols) wide", sourceLocation: sourceLocation)
        let cellWidth = grid.row(y).reduce(0) { $0 + Int($1.width) }
        #expect(cellWidth == state.size.cols, "row \(y) cells", sourceLocation: sourceLocation)
        let raw = line.unicodeScalars.filter { isRawControl($0) }
        #expect(raw.isEmpty, "row \(y) holds \(raw.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
    }
    return lines
}

/// C0/C1 controls, DEL, and the bidi and zero-width characters the sanitizer must never pass on.
func isRawControl(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    return v < 0x20 || (0x7F...0x9F).contains(v) || (0x200B...0x200F).contains(v) || (0x202A...0x202E).contains(v)
        || (0x2066...0x2069).contains(v)
}

/// The distinct roles of the cells in row `y`, columns `xs`.
func roles(_ grid: Grid, y: Int, _ xs: Range<Int>) -> Set<Role> {
    Set(xs.map { grid[$0, y].role })
}

/// The columns of row `y` whose text is `text` (for finding where something was drawn).
func columns(of text: String, in grid: Grid, y: Int) -> Range<Int>? {
    let cells = Array(grid.row(y))
    let glyphs = DisplayText.glyphs(text).map(\.text)
    guard !glyphs.isEmpty else { return nil }
    var x = 0
    while x < cells.count {
        var k = 0, c = x
        while k < glyphs.count, c < cells.count, cells[c].text == glyphs[k] {
            c += max(1, Int(cells[c].width))
            k += 1
        }
        if k == glyphs.count { return x..<c }
        x += 1
    }
    return nil
}
