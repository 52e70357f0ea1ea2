import CNcursesw
import ScreenKit

/// What one `wget_wch` call returned, turned into a `Key`.
///
/// Pure: it maps ncurses' status and code and never calls ncurses, so it can be tested alone.
enum KeyDecoder {
    /// The most keys one read of the terminal returns: a paste of any size is taken in parts this
    /// big, so memory stays bounded and a signal is seen between parts.
    static let maxKeysPerRead = 4096

    enum Decoded: Equatable {
        case key(Key)
        case resize
    }

    /// `status` is `OK` for a character and `KEY_CODE_YES` for a function key; `code` is the
    /// character or the key code. Returns nil for input with no meaning (NUL, C1 controls).
    static func decode(status: Int32, code: UInt32) -> Decoded? {
        if status == KEY_CODE_YES { return functionKey(Int32(bitPattern: code)) }
        guard status == OK else { return nil }
        switch code {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 8, 127: return .key(.backspace)
        case 27: return .key(.escape)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(UInt8(code) + 0x60))))
        case 0..<32, 0x80..<0xA0: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .key(.char(Character(scalar)))
        }
    }

    private static func functionKey(_ code: Int32) -> Decoded? {
        switch code {
        case KEY_RESIZE: return .resize
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME, KEY_A1: return .key(.home)
        case KEY_END, KEY_C1: return .key(.end)
        case KEY_A3: return .key(.pageUp)
        case KEY_C3: return .key(.pageDown)
        case KEY_BTAB: return .key(.backTab)
        case KEY_DC: return .key(.delete)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_ENTER: return .key(.enter)
        case (KEY_F0 + 1)...(KEY_F0 + 63): return .key(.function(Int(code - KEY_F0)))
        default: return nil
        }
    }

    /// Sequences that terminals send but terminfo entries often lack (an xterm entry describes
    /// application mode only, yet many terminals send normal-mode cursor keys; Home/End vary).
    static let extraSequences: [(String, Int32)] = [
        ("\u{1b}[A", KEY_UP), ("\u{1b}[B", KEY_DOWN), ("\u{1b}[C", KEY_RIGHT), ("\u{1b}[D", KEY_LEFT),
        ("\u{1b}OA", KEY_UP), ("\u{1b}OB", KEY_DOWN), ("\u{1b}OC", KEY_RIGHT), ("\u{1b}OD", KEY_LEFT),
        ("\u{1b}[H", KEY_HOME), ("\u{1b}[F", KEY_END), ("\u{1b}OH", KEY_HOME), ("\u{1b}OF", KEY_END),
        ("\u{1b}[1~", KEY_HOME), ("\u{1b}[4~", KEY_END), ("\u{1b}[7~", KEY_HOME), ("\u{1b}[8~", KEY_END),
        ("\u{1b}[5~", KEY_PPAGE), ("\u{1b}[6~", KEY_NPAGE), ("\u{1b}[3~", KEY_DC), ("\u{1b}[Z", KEY_BTAB),
    ]

    /// Binds `extraSequences` in the current screen; call after `newterm` with keypad on.
    static func defineExtraSequences() {
        for (sequence, code) in extraSequences where key_defined(sequence) != code {
            _ = define_key(sequence, code)
        }
    }
}
