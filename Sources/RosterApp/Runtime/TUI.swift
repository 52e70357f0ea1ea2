import Dispatch
import Foundation
import LookerAPI
import Logging
import RosterCore
import Terminal

/// What the TUI needs to start.
public struct TUISettings: Sendable {
    public var config: LookerConfig
    public var readOnly: ReadOnlyDecision
    public var demo: Bool
    public var themeName: String?
    public var noColor: Bool
    public var ascii: Bool
    /// A session of `roster serve`: who is viewing. Forces read-only, asks for no secret URLs,
    /// and makes Ctrl-Z and Ctrl-\ do nothing.
    public var servedAs: String?

    public init(config: LookerConfig, readOnly: ReadOnlyDecision, demo: Bool, themeName: String?, noColor: Bool, ascii: Bool,
                servedAs: String? = nil) {
        self.servedAs = servedAs
        self.config = config
        self.readOnly = readOnly
        self.demo = demo
        self.themeName = themeName
        self.noColor = noColor
        self.ascii = ascii
    }
}

/// The event loop: the calling thread owns ncurses and blocks in `poll` on the terminal, the signal
/// pipe and the mailbox; effects run as tasks that post actions to the mailbox. Idle means blocked.
public enum TUI {
    /// Runs until `q` or a signal; returns the process exit code (128 + signal for signals, 2 when
    /// the terminal cannot be used). The terminal is restored on every path.
    public static func run(_ settings: TUISettings, environment: [String: String] = ProcessInfo.processInfo.environment,
                           executablePath: String = CommandLine.arguments[0]) -> Int32 {
        var trace = Trace(path: environment["ROSTER_TRACE"])
        let logger = Logger(label: "roster.tui")
        let catalog = ThemeCatalog(environment: environment, executablePath: executablePath,
                                   currentDirectory: FileManager.default.currentDirectoryPath)
        let themeName = settings.themeName ?? settings.config.theme ?? "default"
        let (theme, themeWarning) = catalog.load(name: themeName)
        if let themeWarning { logger.warning("theme: \(themeWarning)") }
        let colors = !(settings.noColor || !(environment["NO_COLOR"] ?? "").isEmpty)

        if settings.servedAs != nil {
            // No job control and no core dumps for a viewer (the pty has VSUSP/VQUIT off too).
            signal(SIGTSTP, SIG_IGN)
            signal(SIGQUIT, SIG_IGN)
        }
        let readOnly = settings.readOnly.readOnly || settings.servedAs != nil
        let term: NcursesTerminal
        do {
            term = try NcursesTerminal(theme: theme, options: TerminalOptions(termName: environment["TERM"], colorsEnabled: colors,
                                                                              forceASCII: settings.ascii))
        } catch {
            FileHandle.standardError.write(Data("roster: \(error)\n".utf8))
            return 2
        }
        logger.info("terminal", metadata: ["TERM": "\(environment["TERM"] ?? "")", "colors": "\(term.colorCount)",
                                           "utf8": "\(term.isUTF8)", "size": "\(term.size.cols)x\(term.size.rows)"])
        let mailbox = Mailbox<Action>()
        let client = LookerClient(config: settings.config, readOnly: readOnly, logger: Logger(label: "roster.client"),
                                  onEvent: { event in
                                      if case .rateLimited(let delay, _, _) = event {
                                          let c = delay.components
                                          mailbox.post(.rateLimited(seconds: Double(c.seconds) + Double(c.attoseconds) / 1e18))
                                      }
                                  })
        let journal = settings.demo ? nil : Journal(path: StatePaths.journal(environment: environment))
        let runner = EffectRunner(client: client, logger: logger, journal: readOnly ? nil : journal,
                                  secrets: settings.servedAs == nil, post: { mailbox.post($0) })
        var state = AppState(instance: settings.config.host, readOnly: readOnly, demo: settings.demo,
                             ascii: settings.ascii || !term.isUTF8, size: term.size)
        state.viewer = settings.servedAs
        func dispatch(_ action: Action) {
            for effect in reduce(&state, action) {
                if case .copyToClipboard(let text) = effect {
                    if settings.servedAs != nil { continue }   // never a clipboard in a served session
                    if !term.copyToClipboard(text) { dispatch(.noticed("not copied: too long for the clipboard")) }
                } else {
                    runner.run(effect)
                }
            }
        }
        dispatch(.started)
        if let themeWarning { dispatch(.noticed(themeWarning)) }
        var exitCode: Int32 = 0
        var firstRowsTraced = false
        trace.mark("start")
        loop: while !state.quitting {
            let frame = render(state)
            term.draw(frame.grid, cursor: frame.cursor)
            if !firstRowsTraced {
                if state.list.count > 0 { trace.mark("first_rows"); firstRowsTraced = true } else { trace.mark("first_frame") }
            }
            for event in term.waitForEvents(wakeFD: mailbox.readFD) {
                switch event {
                case .key(let key): dispatch(.key(key))
                case .resize(let size): dispatch(.resized(size))
                case .signal(let signo):
                    logger.info("signal \(signo)")
                    exitCode = 128 + signo
                    break loop
                case .wake:
                    for action in mailbox.drain() {
                        dispatch(action)
                        if case .usersLoaded(_, _, true) = action { trace.mark("all_loaded") }
                    }
                }
            }
        }
        runner.cancelAll()
        term.end()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            await client.shutdown()
            done.signal()
        }
        _ = done.wait(timeout: .now() + 3)
        logger.info("exit \(exitCode)")
        return exitCode
    }
}

/// `ROSTER_TRACE=FILE`: monotonic timestamps (ms since start) of start, first frame, first rows
/// drawn and all loaded, one JSON line each, so the app measures its own startup.
struct Trace {
    let handle: FileHandle?
    let origin: UInt64
    var marked = Set<String>()

    init(path: String?) {
        origin = Trace.processStartNanos() ?? DispatchTime.now().uptimeNanoseconds
        guard let path, !path.isEmpty else { handle = nil; return }
        FileManager.default.createFile(atPath: path, contents: nil)
        handle = FileHandle(forWritingAtPath: path)
    }

    mutating func mark(_ event: String) {
        guard let handle, !marked.contains(event) else { return }
        marked.insert(event)
        let ms = Double(DispatchTime.now().uptimeNanoseconds - origin) / 1e6
        handle.write(Data("{\"event\":\"\(event)\",\"ms\":\(String(format: "%.2f", ms))}\n".utf8))
    }

    /// The process start on the same monotonic clock (Linux: /proc/self/stat field 22, in clock ticks).
    static func processStartNanos() -> UInt64? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = UInt64(fields[19]) else { return nil }
        let hz = UInt64(sysconf(Int32(_SC_CLK_TCK)))
        return ticks * (1_000_000_000 / max(hz, 1))
    }
}
