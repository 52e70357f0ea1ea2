import Dispatch
import Foundation
import LookerAPI
import Logging
import RosterCore
import RosterServices
import ScreenKit
import Terminal

/// What the TUI needs to start.
public struct TUISettings: Sendable {
    public var config: RosterConfig
    /// Decided once at start; the served viewer, if any, is in it.
    public var policy: Policy
    public var demo: Bool
    public var themeName: String?
    public var noColor: Bool
    public var ascii: Bool
    /// Warnings to show once the screen is up (a tightened log file, …).
    public var notices: [String] = []
    /// Requests a bulk run keeps in flight at most.
    public var concurrency = 4

    public init(config: RosterConfig, policy: Policy, demo: Bool, themeName: String?, noColor: Bool, ascii: Bool) {
        self.config = config
        self.policy = policy
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

        let policy = settings.policy
        if policy.viewer != nil {
            // No job control and no core dumps for a viewer (the pty has VSUSP/VQUIT off too).
            signal(SIGTSTP, SIG_IGN)
            signal(SIGQUIT, SIG_IGN)
        }
        let readOnly = policy.readOnly
        let term: NcursesTerminal
        do {
            term = try NcursesTerminal(theme: theme, options: TerminalOptions(termName: environment["TERM"], colorsEnabled: colors,
                                                                              forceASCII: settings.ascii))
        } catch {
            FileHandle.standardError.write(Data("roster: \(DisplayText.sanitize(String(describing: error)))\n".utf8))
            return 2
        }
        logger.info("terminal", metadata: ["TERM": "\(environment["TERM"] ?? "")", "colors": "\(term.colorCount)",
                                           "utf8": "\(term.isUTF8)", "size": "\(term.size.cols)x\(term.size.rows)"])
        let mailbox = Mailbox<Action>()
        let client = LookerClient(config: settings.config.looker, readOnly: readOnly, logger: Logger(label: "roster.client"),
                                  onEvent: { event in
                                      if case .rateLimited(let delay, _, _) = event {
                                          let c = delay.components
                                          mailbox.post(.rateLimited(seconds: Double(c.seconds) + Double(c.attoseconds) / 1e18))
                                      }
                                  })
        // Read-only writes no file but its log; the demo's changes are not journaled.
        let journal = settings.demo || readOnly ? nil : Journal(path: StatePaths.journal(environment: environment))
        let notices = settings.notices + (journal?.securePermissions() ?? [])
        // Bulk runs: none in read-only mode; the demo's go to a directory of this process, removed at exit
        // (its sandbox is gone after it, so there is nothing to resume).
        let demoRuns = settings.demo && !readOnly ? NSTemporaryDirectory() + "roster-demo-runs-\(getpid())" : nil
        let runs = readOnly ? nil : RunStore(directory: demoRuns ?? RunStore.defaultDirectory(environment: environment))
        defer { if let demoRuns { try? FileManager.default.removeItem(atPath: demoRuns) } }
        // Bulk runs pace themselves on 429s, so their client passes each 429 on instead of waiting it out.
        let bulkClient = runs == nil ? nil : LookerClient(config: settings.config.looker, readOnly: readOnly, retry: .paced,
                                                          logger: Logger(label: "roster.bulk"))
        let runner = EffectRunner(client: client, logger: logger, journal: journal, secrets: policy.canRevealSecrets,
                                  runs: runs, bulkClient: bulkClient, post: { mailbox.post($0) })
        var state = AppState(instance: settings.config.looker.host, policy: policy, demo: settings.demo,
                             ascii: settings.ascii || !term.isUTF8, size: term.size)
        state.bulkConcurrency = max(1, settings.concurrency)
        // The core never asks for the clipboard when the policy refuses it; the shell holds to it too.
        let loop = EventLoop(state: state, backend: term, source: TerminalSource(term: term, mailbox: mailbox),
                             run: { runner.run($0) }, clipboard: { policy.canUseClipboard ? term.copyToClipboard($0) : true })
        var firstRowsTraced = false
        loop.drawn = { state in
            if !firstRowsTraced {
                if state.list.count > 0 { trace.mark("first_rows"); firstRowsTraced = true } else { trace.mark("first_frame") }
            }
        }
        loop.received = { action in
            if case .usersLoaded(_, _, true) = action { trace.mark("all_loaded") }
        }
        trace.mark("start")
        loop.clock = { Int64(Date().timeIntervalSince1970) }
        loop.dispatch(.started)
        if let themeWarning { loop.dispatch(.noticed(themeWarning)) }
        for notice in notices { loop.dispatch(.noticed(notice)) }
        let exitCode = loop.runUntilQuit()
        if exitCode != 0 { logger.info("signal \(exitCode - 128)") }
        runner.cancelReads()
        term.end()
        // Logout is best effort within 0.3 s (tokens expire anyway); a signal skips it: quitting
        // never waits for the network. shutdown() bounds itself; the wait is a backstop.
        let done = DispatchSemaphore(value: 0)
        let logoutBudget: Duration = exitCode == 0 ? .milliseconds(300) : .zero
        Task.detached {
            async let bulkDone: Void? = bulkClient?.shutdown(logoutBudget: logoutBudget)
            await client.shutdown(logoutBudget: logoutBudget)
            _ = await bulkDone
            done.signal()
        }
        _ = done.wait(timeout: .now() + 0.45)
        logger.info("exit \(exitCode)")
        return exitCode
    }
}

/// The terminal and the mailbox as the loop's event source.
final class TerminalSource: EventSource {
    let term: NcursesTerminal
    let mailbox: Mailbox<Action>

    init(term: NcursesTerminal, mailbox: Mailbox<Action>) {
        self.term = term
        self.mailbox = mailbox
    }

    func next() -> [LoopEvent] {
        while true {
            var events: [LoopEvent] = []
            for event in term.waitForEvents(wakeFD: mailbox.readFD) {
                switch event {
                case .key(let key): events.append(.key(key, typedAhead: term.keysWereWaiting))
                case .resize(let size): events.append(.resize(size))
                case .signal(let signo): events.append(.signal(signo))
                case .wake: events.append(.actions(mailbox.drain()))
                }
            }
            if !events.isEmpty { return events }
        }
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
