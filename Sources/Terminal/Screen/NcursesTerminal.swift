import CNcursesw
import ScreenKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ncurses backend: owns the terminal from `init` to `end`.
///
/// Guarantees: the terminal is checked before ncurses touches it (`TerminalPreflight`); frames
/// are written as diffs against the last frame with one refresh each; text is drawn only through
/// cells, so nothing but ncurses' own control sequences reaches the terminal; the tty is restored
/// by `end()`, on SIGINT/SIGTERM/SIGHUP (delivered as events, the app then calls `end()`) and
/// on crashes. Not Sendable: ncurses is not thread-safe, so one thread makes every call, and
/// only one instance may be open at a time (ncurses keeps global state).
public final class NcursesTerminal: Backend {
    /// Whether the locale is UTF-8 (and `forceASCII` is off); otherwise the core draws ASCII.
    public let isUTF8: Bool
    /// The colors in use: 0 when colors are off or the terminal has none, else at most 256.
    public private(set) var colorCount: Int
    /// Bytes this object made ncurses write to the terminal (from the UI thread's write count in
    /// /proc; stays 0 where that is not available).
    public private(set) var bytesWritten: Int = 0

    var screen: OpaquePointer?
    var files: (out: UnsafeMutablePointer<FILE>?, in: UnsafeMutablePointer<FILE>?)
    let inputFD: Int32
    let outputFD: Int32
    let signalPipe: (read: Int32, write: Int32)
    var palette: Palette
    let defaultColors: Bool
    /// The frame on the terminal; nil means "unknown, repaint everything".
    var last: Grid?
    var cursorVisible = false
    var ended = false
    /// The keys of the last `waitForEvents` were already waiting when it was called: they were typed
    /// before the frame on screen was drawn (type-ahead), not in answer to it.
    public internal(set) var keysWereWaiting = false
    /// Whether keys were waiting right after the last frame was written; nil when no frame was
    /// drawn since the last `waitForEvents`.
    var keysWaitingAfterDraw: Bool?
    /// The last read of keys stopped at `KeyDecoder.maxKeysPerRead` with more to come: the next
    /// `waitForEvents` reads on without waiting (ncurses may hold some of them already).
    var inputPending = false

    /// Opens the terminal on stdin/stdout.
    public convenience init(theme: Theme, options: TerminalOptions) throws(TerminalError) {
        try self.init(theme: theme, options: options, inputFD: STDIN_FILENO, outputFD: STDOUT_FILENO)
    }

    /// Opens the terminal on the given descriptors (a pty in tests). They stay open after `end()`.
    public init(theme: Theme, options: TerminalOptions, inputFD: Int32, outputFD: Int32) throws(TerminalError) {
        let utf8 = nc_setlocale_utf8() == 1
        let name = try TerminalPreflight.check(termName: options.termName, inputFD: inputFD, outputFD: outputFD)

        var p: [Int32] = [-1, -1]
        // Without a pipe there is no event loop; the terminal is still untouched here.
        precondition(pipe(&p) == 0, "pipe() failed: errno \(errno)")
        for fd in p {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        self.signalPipe = (p[0], p[1])
        self.inputFD = inputFD
        self.outputFD = outputFD
        self.isUTF8 = utf8 && !options.forceASCII

        let before = nc_thread_bytes_written()
        nc_save_signals()
        var out: UnsafeMutablePointer<FILE>?
        var input: UnsafeMutablePointer<FILE>?
        guard let screen = nc_newterm_fds(name, outputFD, inputFD, &out, &input) else {
            close(p[0]); close(p[1])
            throw .unknownTerminal(name)
        }
        self.screen = screen
        self.files = (out, input)
        _ = set_term(screen)
        _ = cbreak()          // keeps ISIG: Ctrl-C still raises SIGINT
        _ = noecho()
        _ = nonl()
        _ = intrflush(nc_stdscr(), false)
        _ = keypad(nc_stdscr(), true)
        _ = set_escdelay(25)
        wtimeout(nc_stdscr(), 0)
        Self.freeControlKeys(inputFD)
        KeyDecoder.defineExtraSequences()

        var colors = 0
        var defaults = false
        if options.colorsEnabled && has_colors() {
            _ = start_color()
            defaults = use_default_colors() == OK
            // Fewer than 8 colors cannot carry a theme; above 256 (direct color) the numbers
            // are RGB values, not the palette indexes a theme resolves to.
            colors = nc_colors() >= 8 ? min(Int(nc_colors()), 256) : 0
        }
        self.colorCount = colors
        self.defaultColors = defaults
        self.palette = Palette(theme: theme, colors: colors, maxPairs: Int(nc_color_pairs()), defaultColors: defaults)
        applyPairs()
        _ = curs_set(0)

        _ = nc_install_signal_pipe(p[1])
        nc_install_crash_restore()
        account(since: before)
    }

    deinit { end() }

    public var size: Size {
        guard !ended else { return Size(cols: 0, rows: 0) }
        var rows: Int32 = 0, cols: Int32 = 0
        nc_getmaxyx(nc_stdscr(), &rows, &cols)
        return Size(cols: Int(cols), rows: Int(rows))
    }

    /// Leaves curses mode and frees the screen; the tty is back as it was. Safe to call twice.
    public func end() {
        guard !ended else { return }
        ended = true
        let before = nc_thread_bytes_written()
        nc_restore_signals()
        _ = endwin()
        account(since: before)
        if let screen { delscreen(screen) }
        screen = nil
        if let out = files.out { fclose(out) }
        if let input = files.in { fclose(input) }
        files = (nil, nil)
        close(signalPipe.read)
        close(signalPipe.write)
    }

    /// Adds what this thread wrote since `before` (a `nc_thread_bytes_written` reading).
    func account(since before: Int64) {
        guard before >= 0 else { return }
        let now = nc_thread_bytes_written()
        if now >= before { bytesWritten += Int(now - before) }
    }

    /// cbreak leaves IXON and IEXTEN on, which would swallow Ctrl-S/Ctrl-Q (flow control) and
    /// Ctrl-V; the app binds Ctrl-S to save. def_prog_mode makes ncurses keep the change.
    private static func freeControlKeys(_ fd: Int32) {
        var t = termios()
        guard tcgetattr(fd, &t) == 0 else { return }
        t.c_iflag &= ~tcflag_t(IXON)
        t.c_lflag &= ~tcflag_t(IEXTEN)
        _ = tcsetattr(fd, TCSANOW, &t)
        _ = def_prog_mode()
    }

    func applyPairs() {
        for definition in palette.pairs {
            _ = init_pair(definition.pair, definition.fg, definition.bg)
        }
    }
}
