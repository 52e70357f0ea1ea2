import CNcursesw
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the terminal cannot host the full-screen UI. Detected before ncurses touches the
/// terminal, so the user's screen stays as it was and the message can go to stderr.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    case notATerminal
    case unknownTerminal(String)
    case noCursorAddressing(String)

    /// One line for the user.
    public var description: String {
        switch self {
        case .notATerminal:
            return "stdin/stdout is not a terminal; run roster in an interactive terminal"
        case .unknownTerminal(let name) where name.isEmpty:
            return "TERM is not set; set it to your terminal type (for example xterm-256color)"
        case .unknownTerminal(let name):
            return "unknown terminal type '\(Self.printable(name))'; set TERM to a type this system knows"
        case .noCursorAddressing(let name):
            return "terminal type '\(Self.printable(name))' cannot move the cursor; roster needs a full-screen terminal"
        }
    }

    /// TERM comes from the environment; keep control characters out of the message.
    private static func printable(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.prefix(64).map {
            ($0.value >= 0x20 && $0.value < 0x7F) ? $0 : "?"
        }))
    }
}

/// How the terminal should be opened.
public struct TerminalOptions: Sendable {
    /// The terminfo name; nil means `$TERM`.
    public var termName: String?
    /// False for `NO_COLOR` or `--no-color`: no color pairs at all, attributes only.
    public var colorsEnabled: Bool
    /// Report a non-UTF-8 terminal even when the locale is UTF-8, so the core draws ASCII only.
    public var forceASCII: Bool

    public init(termName: String? = nil, colorsEnabled: Bool = true, forceASCII: Bool = false) {
        self.termName = termName
        self.colorsEnabled = colorsEnabled
        self.forceASCII = forceASCII
    }
}

/// The checks made before `newterm`, which would otherwise accept a dumb terminal and draw
/// garbage, or write escape codes into a file.
public enum TerminalPreflight {
    /// Throws unless both descriptors are terminals and `termName` (nil: `$TERM`) names a
    /// terminfo entry that can address the cursor. Returns the resolved name.
    @discardableResult
    public static func check(termName: String?, inputFD: Int32, outputFD: Int32) throws(TerminalError) -> String {
        guard isatty(inputFD) == 1, isatty(outputFD) == 1 else { throw .notATerminal }
        let name = termName ?? getenv("TERM").map { String(cString: $0) } ?? ""
        guard !name.isEmpty, !name.contains("/") else { throw .unknownTerminal(name) }
        switch nc_check_term(name, outputFD) {
        case 1: return name
        case -2: throw .noCursorAddressing(name)
        default: throw .unknownTerminal(name)
        }
    }
}
