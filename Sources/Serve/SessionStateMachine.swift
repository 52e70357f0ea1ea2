/// What a client asked for in pty-req, sizes as sent (0 when the client did not say).
public struct PtyRequest: Sendable, Equatable {
    public var term: String
    public var cols: Int
    public var rows: Int

    public init(term: String, cols: Int, rows: Int) {
        self.term = term
        self.cols = cols
        self.rows = rows
    }
}

/// The life of one SSH session channel, as a value: events in, actions out, no IO. The only
/// service is the read-only TUI on a pty: pty-req then shell starts it; a shell without a pty, exec
/// and subsystems are refused with one line and exit 1; env requests are ignored.
public struct SessionStateMachine: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case awaitingShell(pty: PtyRequest?)
        case running(PtyRequest)
        /// A refusal or the child's exit is being sent; nothing else starts.
        case ending
        case closed
    }

    public enum Event: Sendable, Equatable {
        case ptyRequested(PtyRequest, wantReply: Bool)
        case envRequested(wantReply: Bool)
        case shellRequested(wantReply: Bool)
        case execRequested(wantReply: Bool)
        case subsystemRequested(String, wantReply: Bool)
        case windowChanged(cols: Int, rows: Int)
        /// The server would not start the child (too many sessions, spawn failed): the reason.
        case launchFailed(String)
        case childExited(code: Int)
        case idleTimedOut
        case channelClosed
    }

    public enum Action: Sendable, Equatable {
        case reply(success: Bool)
        case launch(PtyRequest)
        case resize(cols: Int, rows: Int)
        /// Write `message` as one line and end the channel with `exitStatus`.
        case refuse(message: String, exitStatus: Int)
        /// The child is gone: end the channel with its exit code.
        case finish(exitStatus: Int)
        /// Ask the child to end (SIGHUP), killed if it lingers: the viewer is gone.
        case hangUp
        /// Ask the child to end as on server shutdown (SIGTERM): the viewer is still there, so the
        /// UI restores the terminal (main screen, cursor, keypad) before it exits.
        case terminate
    }

    public static let needsTerminal = "roster serve needs a terminal: ssh -t"
    public static let noCommands = "roster serve runs only the read-only UI: commands are refused"
    public static let noSubsystems = "roster serve offers no subsystems (no sftp, no scp)"

    public private(set) var state: State = .awaitingShell(pty: nil)

    public init() {}

    public mutating func handle(_ event: Event) -> [Action] {
        switch (state, event) {
        case (.awaitingShell, .ptyRequested(let pty, let wantReply)):
            state = .awaitingShell(pty: pty)
            return wantReply ? [.reply(success: true)] : []
        case (.awaitingShell(.some(var pty)), .windowChanged(let cols, let rows)):
            pty.cols = cols
            pty.rows = rows
            state = .awaitingShell(pty: pty)
            return []
        case (.awaitingShell(let pty), .shellRequested(let wantReply)):
            let reply: [Action] = wantReply ? [.reply(success: true)] : []
            guard let pty else {
                state = .ending
                return reply + [.refuse(message: Self.needsTerminal, exitStatus: 1)]
            }
            state = .running(pty)
            return reply + [.launch(pty)]
        case (.awaitingShell, .execRequested(let wantReply)):
            state = .ending
            return (wantReply ? [.reply(success: false)] : []) + [.refuse(message: Self.noCommands, exitStatus: 1)]
        case (.awaitingShell, .subsystemRequested(_, let wantReply)):
            state = .ending
            return (wantReply ? [.reply(success: false)] : []) + [.refuse(message: Self.noSubsystems, exitStatus: 1)]
        case (.running(var pty), .windowChanged(let cols, let rows)):
            pty.cols = cols
            pty.rows = rows
            state = .running(pty)
            return [.resize(cols: cols, rows: rows)]
        case (.running, .launchFailed(let reason)):
            state = .ending
            return [.refuse(message: reason, exitStatus: 1)]
        case (.running, .childExited(let code)), (.ending, .childExited(let code)):
            state = .ending
            return [.finish(exitStatus: code)]
        case (.running, .idleTimedOut):
            return [.terminate]
        case (.running, .channelClosed):
            state = .closed
            return [.hangUp]
        case (_, .channelClosed):
            state = .closed
            return []
        // Everything else (a second pty-req or shell, env, requests after the end) is refused or
        // ignored; a request that wants an answer always gets one.
        case (_, .ptyRequested(_, let wantReply)), (_, .envRequested(let wantReply)), (_, .shellRequested(let wantReply)),
             (_, .execRequested(let wantReply)), (_, .subsystemRequested(_, let wantReply)):
            return wantReply ? [.reply(success: false)] : []
        default:
            return []
        }
    }
}
