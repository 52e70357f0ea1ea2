import CServeShims
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix

/// A session's child: `roster tui --read-only --served-as NAME` on a pseudo-terminal of its own
/// that is its controlling terminal (so SIGWINCH and SIGHUP reach it), with the credentials on
/// fd 3 and nothing else inherited. The master side is a NIO pipe channel on the session's event
/// loop. Ending: SIGHUP to the process group, SIGKILL after `killAfter`, then reaped with
/// `waitpid(WNOHANG)` polled on the loop (never a blocking wait on a NIO thread).
final class PtyChild: RunningChild {
    let pid: Int32
    private let loop: EventLoop
    private let callbacks: ChildCallbacks
    /// A dup of the master for TIOCSWINSZ: NIO owns the master itself.
    private var sizeFD: Int32
    private var channel: Channel?
    private var pendingInput: [ByteBuffer] = []
    private var outputEnded = false
    private var reaped = false
    private var hungUp = false
    private var paused = false
    private var polling = false
    static let killAfter = TimeAmount.seconds(3)

    struct Spawn {
        var executable: String
        var arguments: [String]
        var environment: [String: String]
        var handoff: Data
        var pty: PtyRequest
    }

    /// Opens the pty, spawns the child on it and starts bridging. Runs on `loop`.
    static func start(_ spawn: Spawn, on loop: EventLoop, _ callbacks: ChildCallbacks) throws(ServeError) -> PtyChild {
        var master: Int32 = -1
        var slavePath = [CChar](repeating: 0, count: 128)
        let opened = roster_pty_open(&master, &slavePath, UInt(slavePath.count))
        guard opened == 0 else { throw .spawn("no pseudo-terminal: \(String(cString: strerror(opened)))") }
        let cols = UInt16(clamping: spawn.pty.cols), rows = UInt16(clamping: spawn.pty.rows)
        // The parent holds the slave open until the child has it, so the master never reads EIO early.
        let slave = roster_pty_prepare_slave(slavePath, cols, rows)
        guard slave >= 0 else {
            close(master)
            throw .spawn("cannot open the pty's terminal side: \(String(cString: strerror(errno)))")
        }
        defer { close(slave) }

        var pipeFDs: [Int32] = [-1, -1]
        guard roster_cloexec_pipe(&pipeFDs) == 0 else {
            close(master)
            throw .spawn("no pipe for the credentials")
        }
        // Small enough for the pipe's buffer: written whole now, so the child reads it to EOF.
        let written = spawn.handoff.withUnsafeBytes { Glibc.write(pipeFDs[1], $0.baseAddress, $0.count) }
        close(pipeFDs[1])
        defer { close(pipeFDs[0]) }
        guard written == spawn.handoff.count else {
            close(master)
            throw .spawn("cannot write the credentials pipe")
        }

        let argv = ([spawn.executable] + spawn.arguments).map { strdup($0) } + [nil]
        let envp = spawn.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = roster_spawn_on_pty(&pid, spawn.executable, argv, envp, slavePath, pipeFDs[0])
        guard rc == 0 else {
            close(master)
            throw .spawn("cannot start \(spawn.executable): \(String(cString: strerror(rc)))")
        }
        let sizeFD = fcntl(master, F_DUPFD_CLOEXEC, 0)
        let child = PtyChild(pid: pid, loop: loop, callbacks: callbacks, sizeFD: sizeFD)
        child.bridge(master: master)
        return child
    }

    private init(pid: Int32, loop: EventLoop, callbacks: ChildCallbacks, sizeFD: Int32) {
        self.pid = pid
        self.loop = loop
        self.callbacks = callbacks
        self.sizeFD = sizeFD
    }

    private func bridge(master: Int32) {
        let bound = NIOLoopBound(self, eventLoop: loop)
        let future = NIOPipeBootstrap(group: loop)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(PtyOutputHandler(owner: bound))
                }
            }
            .takingOwnershipOfDescriptor(inputOutput: master)
        future.assumeIsolated().whenComplete { [self] result in
            switch result {
            case .success(let channel):
                self.channel = channel
                for bytes in pendingInput { channel.write(bytes, promise: nil) }
                pendingInput = []
                channel.flush()
                if paused { channel.setOption(.autoRead, value: false).whenComplete { _ in } }
                if hungUp { channel.close(promise: nil) }
            case .failure:
                close(master)
                outputDidEnd()
            }
        }
    }

    func write(_ bytes: ByteBuffer) {
        guard !hungUp else { return }
        guard let channel else { pendingInput.append(bytes); return }
        channel.writeAndFlush(bytes, promise: nil)
    }

    func resize(cols: Int, rows: Int) {
        guard sizeFD >= 0, !reaped else { return }
        _ = roster_pty_set_size(sizeFD, UInt16(clamping: cols), UInt16(clamping: rows))
        // The kernel signals the foreground group only on a change; say it again in case the
        // child was still starting (its handler not yet installed) when the size changed.
        _ = kill(-pid, SIGWINCH)
    }

    func setOutputPaused(_ paused: Bool) {
        self.paused = paused
        channel?.setOption(.autoRead, value: !paused).whenComplete { _ in }
    }

    func hangUp() {
        guard !hungUp, !reaped else { return }
        hungUp = true
        _ = kill(-pid, SIGHUP)
        _ = kill(pid, SIGHUP)
        channel?.close(promise: nil)
        killLater()
        pollReap()
    }

    func terminate() {
        guard !hungUp, !reaped else { return }
        _ = kill(-pid, SIGTERM)
        _ = kill(pid, SIGTERM)
        killLater()
    }

    private func killLater() {
        let pid = self.pid
        loop.assumeIsolated().scheduleTask(in: Self.killAfter) { [weak self] in
            guard let self, !self.reaped else { return }
            _ = kill(-pid, SIGKILL)
            _ = kill(pid, SIGKILL)
        }
    }

    /// Ends the child's output (EIO once the child is gone) and starts reaping.
    func outputDidEnd() {
        guard !outputEnded else { return }
        outputEnded = true
        pollReap()
    }

    fileprivate func deliver(_ bytes: ByteBuffer) { callbacks.output(bytes) }

    private func pollReap() {
        guard !polling else { return }
        polling = true
        reapOnce()
    }

    private func reapOnce() {
        guard !reaped else { return }
        var code: Int32 = 0, signal: Int32 = 0
        if roster_reap(pid, &code, &signal) != 0 {
            reaped = true
            if sizeFD >= 0 { close(sizeFD); sizeFD = -1 }
            channel?.close(promise: nil)
            callbacks.exited(Int(code))
            return
        }
        loop.assumeIsolated().scheduleTask(in: .milliseconds(20)) { [weak self] in self?.reapOnce() }
    }
}

/// The master side of the pty: output to the session; EIO or EOF means the child is gone.
final class PtyOutputHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let owner: NIOLoopBound<PtyChild>

    init(owner: NIOLoopBound<PtyChild>) { self.owner = owner }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        owner.value.deliver(unwrapInboundIn(data))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { context.close(promise: nil) }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Reading the master after the child exits fails with EIO: that is the end of the output.
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        owner.value.outputDidEnd()
    }
}
