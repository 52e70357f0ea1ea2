import Foundation
import Logging
import NIOCore
import NIOSSH

/// Who is on the other end of a session: from the TCP connection and the key that logged in.
public struct SessionIdentity: Sendable, Equatable {
    public var remote: String
    public var viewer: String
    public var fingerprint: String

    public init(remote: String, viewer: String, fingerprint: String) {
        self.remote = remote
        self.viewer = viewer
        self.fingerprint = fingerprint
    }
}

/// A running session's child as the channel sees it. Every call happens on the channel's event loop.
public protocol RunningChild: AnyObject {
    var pid: Int32 { get }
    /// Keys from the viewer, to the pty.
    func write(_ bytes: ByteBuffer)
    func resize(cols: Int, rows: Int)
    /// Stops reading the child's output while the SSH channel cannot take more (flow control).
    func setOutputPaused(_ paused: Bool)
    /// SIGHUP to the child's process group; SIGKILL if still there after a grace period; reaped.
    func hangUp()
    /// SIGTERM, output still flowing (so the terminal restore reaches the viewer); SIGKILL after
    /// the same grace period; reaped.
    func terminate()
}

/// What the channel tells its child's owner; called on the channel's event loop.
public struct ChildCallbacks {
    public var output: (ByteBuffer) -> Void
    /// The child was reaped: its exit code (128 + signal when killed).
    public var exited: (Int) -> Void

    public init(output: @escaping (ByteBuffer) -> Void, exited: @escaping (Int) -> Void) {
        self.output = output
        self.exited = exited
    }
}

/// Starts children and hears how sessions ended: the server's side of a session channel.
public protocol SessionLauncher: AnyObject {
    /// Starts the TUI for `identity` on a pty of `pty`'s size, or says in one line why not.
    func launch(_ identity: SessionIdentity, _ pty: PtyRequest, on loop: EventLoop,
                _ callbacks: ChildCallbacks) -> Result<any RunningChild, SessionRefusal>
    /// One call per session channel, when it is over.
    func sessionEnded(_ record: SessionRecord)
}

/// Why a session was not started; `message` is shown to the viewer as is.
public struct SessionRefusal: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// One SSH session channel: feeds the channel's requests to `SessionStateMachine` and carries out
/// its actions: replies, starting the child, bytes both ways, resizes, the end of the session
/// (EOF, exit-status, close: in that order, so the terminal restore is not cut off), the log record.
public final class SessionHandler: ChannelInboundHandler {
    public typealias InboundIn = SSHChannelData
    public typealias OutboundOut = SSHChannelData

    private var machine = SessionStateMachine()
    private let identity: SessionIdentity
    private let launcher: SessionLauncher
    private let idleTimeout: TimeAmount?
    private let logger: Logger?
    private var context: ChannelHandlerContext?
    private var child: (any RunningChild)?
    private var record: SessionRecord
    private var lastInput = NIODeadline.now()
    private var idleCheck: Scheduled<Void>?
    private var endNote: String?
    private var ending = false
    private var recorded = false

    public init(identity: SessionIdentity, launcher: SessionLauncher, idleTimeout: TimeAmount?, logger: Logger? = nil) {
        self.logger = logger
        self.identity = identity
        self.launcher = launcher
        self.idleTimeout = idleTimeout
        self.record = SessionRecord(identity: identity)
    }

    public func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    public func handlerRemoved(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        self.context = nil
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard message.type == .channel, case .byteBuffer(let bytes) = message.data else { return }
        lastInput = .now()
        record.bytesReceived += bytes.readableBytes
        child?.write(bytes)
    }

    public func channelWritabilityChanged(context: ChannelHandlerContext) {
        child?.setOutputPaused(!context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        apply(machine.handle(.channelClosed))
        if child == nil { finishRecord(exit: record.exit ?? "disconnected") }
        context.fireChannelInactive()
    }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        let mapped: SessionStateMachine.Event?
        switch event {
        case let e as SSHChannelRequestEvent.PseudoTerminalRequest:
            mapped = .ptyRequested(PtyRequest(term: e.term, cols: e.terminalCharacterWidth, rows: e.terminalRowHeight), wantReply: e.wantReply)
        case let e as SSHChannelRequestEvent.EnvironmentRequest:
            mapped = .envRequested(wantReply: e.wantReply)
        case let e as SSHChannelRequestEvent.ShellRequest:
            mapped = .shellRequested(wantReply: e.wantReply)
        case let e as SSHChannelRequestEvent.ExecRequest:
            mapped = .execRequested(wantReply: e.wantReply)
        case let e as SSHChannelRequestEvent.SubsystemRequest:
            mapped = .subsystemRequested(e.subsystem, wantReply: e.wantReply)
        case let e as SSHChannelRequestEvent.WindowChangeRequest:
            mapped = .windowChanged(cols: e.terminalCharacterWidth, rows: e.terminalRowHeight)
        case ChannelEvent.inputClosed:
            // The viewer's side sent EOF; the TUI keeps its output going until it exits.
            mapped = nil
        default:
            mapped = nil
            context.fireUserInboundEventTriggered(event)
        }
        if let mapped { apply(machine.handle(mapped)) }
    }

    public func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    private func apply(_ actions: [SessionStateMachine.Action]) {
        for action in actions { perform(action) }
    }

    private func perform(_ action: SessionStateMachine.Action) {
        guard let context else {
            if case .hangUp = action { child?.hangUp() }
            return
        }
        switch action {
        case .reply(let success):
            let event: Any = success ? ChannelSuccessEvent() : ChannelFailureEvent()
            context.triggerUserOutboundEvent(event, promise: nil)
        case .launch(let pty):
            record.term = pty.term
            record.size = "\(pty.cols)x\(pty.rows)"
            let loop = context.eventLoop
            // Strong on purpose: after a disconnect the pipeline lets go of this handler, but the
            // record is written only when the child is reaped. The cycle ends with the child.
            let callbacks = ChildCallbacks(output: { bytes in self.childOutput(bytes) },
                                           exited: { code in self.childExited(code) })
            switch launcher.launch(identity, pty, on: loop, callbacks) {
            case .success(let started):
                child = started
                record.pid = Int(started.pid)
                lastInput = .now()
                scheduleIdleCheck()
            case .failure(let refusal):
                record.exit = "refused: " + refusal.message
                apply(machine.handle(.launchFailed(refusal.message)))
            }
        case .resize(let cols, let rows):
            logger?.debug("window change", metadata: ["remote": "\(identity.remote)", "size": "\(cols)x\(rows)"])
            child?.resize(cols: cols, rows: rows)
        case .refuse(let message, let status):
            if record.exit == nil { record.exit = "refused: " + message }
            let hasPty: Bool = record.term != nil
            var line = context.channel.allocator.buffer(capacity: message.utf8.count + 2)
            line.writeString(message + (hasPty ? "\r\n" : "\n"))
            // Without a pty the client keeps stdout for data: the reason goes to stderr.
            send(line, type: hasPty ? .channel : .stdErr)
            end(status: status)
            finishRecord(exit: record.exit ?? "refused")
        case .finish(let status):
            if let note = endNote {
                var line = context.channel.allocator.buffer(capacity: note.utf8.count + 2)
                line.writeString(note + "\r\n")
                send(line, type: .channel)
            }
            end(status: status)
        case .hangUp:
            child?.hangUp()
        case .terminate:
            child?.terminate()
        }
    }

    private func childOutput(_ bytes: ByteBuffer) {
        record.bytesSent += bytes.readableBytes
        send(bytes, type: .channel)
    }

    private func childExited(_ code: Int) {
        idleCheck?.cancel()
        if record.exit == nil { record.exit = String(code) }
        apply(machine.handle(.childExited(code: code)))
        child = nil
        finishRecord(exit: record.exit ?? String(code))
    }

    private func send(_ bytes: ByteBuffer, type: SSHChannelData.DataType) {
        guard let context, context.channel.isActive else { return }
        context.writeAndFlush(wrapOutboundOut(SSHChannelData(type: type, data: .byteBuffer(bytes))), promise: nil)
    }

    /// EOF (queued behind the data), then exit-status, then close: OpenSSH exits 255 without the
    /// status, and closing first would drop the child's last bytes (its terminal restore).
    private func end(status: Int) {
        guard let context, !ending else { return }
        ending = true
        let channel = context.channel
        let eof = context.eventLoop.makePromise(of: Void.self)
        channel.close(mode: .output, promise: eof)
        eof.futureResult.hop(to: context.eventLoop).assumeIsolated().whenComplete { _ in
            let exit = channel.eventLoop.makePromise(of: Void.self)
            channel.triggerUserOutboundEvent(SSHChannelRequestEvent.ExitStatus(exitStatus: status), promise: exit)
            exit.futureResult.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    private func scheduleIdleCheck() {
        guard let idleTimeout, let context else { return }
        let loop = context.eventLoop.assumeIsolated()
        let wait = max(lastInput + idleTimeout - .now(), .milliseconds(10))
        idleCheck = loop.scheduleTask(in: wait) { [weak self] in
            guard let self, self.child != nil else { return }
            if NIODeadline.now() - self.lastInput >= idleTimeout {
                self.endNote = "roster serve: session ended after \(Self.describe(idleTimeout)) without input"
                self.record.endedBy = "idle timeout"
                self.apply(self.machine.handle(.idleTimedOut))
            } else {
                self.scheduleIdleCheck()
            }
        }
    }

    static func describe(_ amount: TimeAmount) -> String {
        let seconds = amount.nanoseconds / 1_000_000_000
        return seconds % 60 == 0 ? "\(seconds / 60) min" : "\(seconds) s"
    }

    private func finishRecord(exit: String) {
        guard !recorded else { return }
        recorded = true
        record.exit = exit
        record.end = Date()
        launcher.sessionEnded(record)
    }
}
