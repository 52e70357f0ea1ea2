import Foundation
import Logging
import NIOCore

/// The server's sessions: caps them, starts each child, keeps them for shutdown, logs each end.
/// Lives on the server's one event loop; every method runs there.
final class SessionRegistry: SessionLauncher {
    let settings: ServeSettings
    let log: SessionLog
    let logger: Logger
    let onEvent: @Sendable (String) -> Void
    private var children: [Int32: any RunningChild] = [:]
    private var open = 0
    private var drained: EventLoopPromise<Void>?

    init(settings: ServeSettings, logger: Logger, onEvent: @escaping @Sendable (String) -> Void) {
        self.settings = settings
        self.log = SessionLog(path: settings.sessionLogPath)
        self.logger = logger
        self.onEvent = onEvent
    }

    var runningCount: Int { children.count }

    func launch(_ identity: SessionIdentity, _ pty: PtyRequest, on loop: EventLoop,
                _ callbacks: ChildCallbacks) -> Result<any RunningChild, SessionRefusal> {
        guard drained == nil else { return .failure(SessionRefusal("roster serve is shutting down")) }
        guard children.count < settings.maxSessions else {
            logger.warning("session refused: limit reached", metadata: ["remote": "\(identity.remote)", "max": "\(settings.maxSessions)"])
            return .failure(SessionRefusal("roster serve: all \(settings.maxSessions) sessions are in use, try again later"))
        }
        let term = ChildEnvironment.term(requested: pty.term)
        // One argument with "=": a comment that starts with "-" stays a value, not an option.
        let spawn = PtyChild.Spawn(executable: settings.childExecutable,
                                   arguments: ["tui", "--read-only", "--served-as=" + identity.viewer],
                                   environment: ChildEnvironment.build(term: term, server: settings.serverEnvironment),
                                   handoff: settings.handoff.encoded(),
                                   pty: PtyRequest(term: term, cols: pty.cols, rows: pty.rows))
        var pid: Int32 = 0
        let wrapped = ChildCallbacks(output: callbacks.output, exited: { [weak self] code in
            self?.children[pid] = nil
            callbacks.exited(code)
            self?.checkDrained()
        })
        do {
            let child = try PtyChild.start(spawn, on: loop, wrapped)
            pid = child.pid
            children[pid] = child
            logger.info("session started", metadata: ["remote": "\(identity.remote)", "viewer": "\(identity.viewer)",
                                                     "fingerprint": "\(identity.fingerprint)", "term": "\(term)",
                                                     "size": "\(pty.cols)x\(pty.rows)", "pid": "\(pid)"])
            onEvent("session \(identity.viewer) from \(identity.remote) started (pid \(pid), \(term), \(pty.cols)x\(pty.rows))")
            return .success(child)
        } catch {
            logger.error("session not started: \(error)")
            return .failure(SessionRefusal("roster serve: the session could not start"))
        }
    }

    func sessionEnded(_ record: SessionRecord) {
        log.append(record)
        logger.info("session ended", metadata: ["record": "\(record.jsonLine)"])
        onEvent("session \(record.viewer) from \(record.remote) ended (exit \(record.exit ?? "?"), \(record.bytesSent) bytes sent)")
    }

    /// Terminates every child (each restores its terminal and exits; its session ends as usual)
    /// and completes when all are reaped.
    func shutDown(on loop: EventLoop) -> EventLoopFuture<Void> {
        let promise = drained ?? loop.makePromise(of: Void.self)
        drained = promise
        for child in children.values { child.terminate() }
        checkDrained()
        return promise.futureResult
    }

    private func checkDrained() {
        if children.isEmpty { drained?.succeed(()) }
    }
}

/// One SSH connection's sessions: a multiplexing client (`ssh -o ControlMaster`) opens many over
/// one connection, and must not take every slot of the server. Up to `limit` run at once; the next
/// shell request is refused with a line that says why. Lives on the server's loop.
final class ConnectionSessions: SessionLauncher {
    let registry: SessionLauncher
    let limit: Int
    /// Session channels open on the connection (counted by the server; beyond `limit + slack`
    /// a channel is refused at once).
    var openChannels = 0
    static let slack = 4
    private(set) var running = 0

    init(registry: SessionLauncher, limit: Int) {
        self.registry = registry
        self.limit = limit
    }

    func launch(_ identity: SessionIdentity, _ pty: PtyRequest, on loop: EventLoop,
                _ callbacks: ChildCallbacks) -> Result<any RunningChild, SessionRefusal> {
        guard running < limit else {
            return .failure(SessionRefusal("roster serve: at most \(limit) sessions per connection; this one has \(running)"))
        }
        let wrapped = ChildCallbacks(output: callbacks.output, exited: { [weak self] code in
            self?.running -= 1
            callbacks.exited(code)
        })
        let result = registry.launch(identity, pty, on: loop, wrapped)
        if case .success = result { running += 1 }
        return result
    }

    func sessionEnded(_ record: SessionRecord) { registry.sessionEnded(record) }
}
