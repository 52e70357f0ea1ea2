import NIOCore
import NIOEmbedded
import NIOSSH
import Testing
@testable import Serve

/// The session channel handler on an EmbeddedChannel: requests in as the user events NIOSSH fires,
/// replies, data, EOF, exit status and close read back in the order they leave.
@Suite struct SessionHandlerTests {
    /// What left the handler towards the network, in order.
    enum Out: Equatable {
        case success, failure
        case data(String, stderr: Bool)
        case eof
        case exitStatus(Int)
        case close
    }

    /// Sits at the channel's head and writes down what leaves (EmbeddedChannel knows no SSH events).
    final class Recorder: ChannelOutboundHandler {
        typealias OutboundIn = SSHChannelData
        var out: [Out] = []

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            let message = unwrapOutboundIn(data)
            if case .byteBuffer(let b) = message.data { out.append(.data(String(buffer: b), stderr: message.type == .stdErr)) }
            promise?.succeed(())
        }

        func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
            switch event {
            case is ChannelSuccessEvent: out.append(.success)
            case is ChannelFailureEvent: out.append(.failure)
            case let e as SSHChannelRequestEvent.ExitStatus: out.append(.exitStatus(e.exitStatus))
            default: break
            }
            promise?.succeed(())
        }

        func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
            if mode == .output {
                out.append(.eof)
                promise?.succeed(())
            } else {
                out.append(.close)
                context.close(mode: mode, promise: promise)
            }
        }
    }

    final class FakeChild: RunningChild {
        let pid: Int32 = 4242
        var input: [String] = []
        var sizes: [String] = []
        var hungUp = false
        func write(_ bytes: ByteBuffer) { input.append(String(buffer: bytes)) }
        func resize(cols: Int, rows: Int) { sizes.append("\(cols)x\(rows)") }
        func setOutputPaused(_ paused: Bool) {}
        func hangUp() { hungUp = true }
        func terminate() {}
    }

    /// Stands in for the server: records what it was asked and lets the test play the child.
    final class Launcher: SessionLauncher {
        var refusal: String?
        var launched: [PtyRequest] = []
        var callbacks: ChildCallbacks?
        let child = FakeChild()
        var records: [SessionRecord] = []

        func launch(_ identity: SessionIdentity, _ pty: PtyRequest, on loop: EventLoop,
                    _ callbacks: ChildCallbacks) -> Result<any RunningChild, SessionRefusal> {
            launched.append(pty)
            if let refusal { return .failure(SessionRefusal(refusal)) }
            self.callbacks = callbacks
            return .success(child)
        }

        func sessionEnded(_ record: SessionRecord) { records.append(record) }
    }

    let identity = SessionIdentity(remote: "127.0.0.1:5000", viewer: "alice@laptop", fingerprint: "SHA256:x")

    func makeChannel(_ launcher: Launcher) throws -> (EmbeddedChannel, Recorder) {
        let recorder = Recorder()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(recorder)
        try channel.pipeline.syncOperations.addHandler(SessionHandler(identity: identity, launcher: launcher, idleTimeout: nil))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 22)).wait()
        return (channel, recorder)
    }

    func ptyRequest(_ term: String = "xterm-256color", cols: Int = 100, rows: Int = 30) -> SSHChannelRequestEvent.PseudoTerminalRequest {
        .init(wantReply: true, term: term, terminalCharacterWidth: cols, terminalRowHeight: rows,
              terminalPixelWidth: 0, terminalPixelHeight: 0, terminalModes: SSHTerminalModes([:]))
    }

    func data(_ text: String) -> SSHChannelData {
        SSHChannelData(type: .channel, data: .byteBuffer(ByteBuffer(string: text)))
    }

    @Test func aSessionRunsTheChildAndEndsWithItsExitStatus() throws {
        let launcher = Launcher()
        let (channel, recorder) = try makeChannel(launcher)
        channel.pipeline.fireUserInboundEventTriggered(SSHChannelRequestEvent.EnvironmentRequest(wantReply: false, name: "LD_PRELOAD", value: "/tmp/x.so"))
        channel.pipeline.fireUserInboundEventTriggered(ptyRequest())
        channel.pipeline.fireUserInboundEventTriggered(SSHChannelRequestEvent.ShellRequest(wantReply: true))
        #expect(launcher.launched == [PtyRequest(term: "xterm-256color", cols: 100, rows: 30)])

        try channel.writeInbound(data("jjq"))
        #expect(launcher.child.input == ["jjq"])
        channel.pipeline.fireUserInboundEventTriggered(
            SSHChannelRequestEvent.WindowChangeRequest(terminalCharacterWidth: 80, terminalRowHeight: 24, terminalPixelWidth: 0, terminalPixelHeight: 0))
        #expect(launcher.child.sizes == ["80x24"])

        launcher.callbacks?.output(ByteBuffer(string: "frame"))
        launcher.callbacks?.exited(0)
        channel.embeddedEventLoop.run()
        #expect(recorder.out == [.success, .success, .data("frame", stderr: false), .eof, .exitStatus(0), .close])
        #expect(launcher.records.count == 1)
        #expect(launcher.records.first?.exit == "0")
        #expect(launcher.records.first?.bytesSent == 5)
        #expect(launcher.records.first?.term == "xterm-256color")
        #expect(launcher.records.first?.viewer == "alice@laptop")
    }

    @Test func withoutAPtyTheViewerGetsOneLineOnStderrAndExitOne() throws {
        let launcher = Launcher()
        let (channel, recorder) = try makeChannel(launcher)
        channel.pipeline.fireUserInboundEventTriggered(SSHChannelRequestEvent.ShellRequest(wantReply: true))
        channel.embeddedEventLoop.run()
        #expect(launcher.launched.isEmpty)
        #expect(recorder.out == [.success, .data("roster serve needs a terminal: ssh -t\n", stderr: true), .eof, .exitStatus(1), .close])
        #expect(launcher.records.first?.exit == "refused: roster serve needs a terminal: ssh -t")
    }

    @Test func execIsRefusedAndNothingStarts() throws {
        let launcher = Launcher()
        let (channel, recorder) = try makeChannel(launcher)
        channel.pipeline.fireUserInboundEventTriggered(SSHChannelRequestEvent.ExecRequest(command: "cat ~/.config/roster/looker.ini", wantReply: true))
        channel.embeddedEventLoop.run()
        #expect(launcher.launched.isEmpty)
        #expect(recorder.out.first == .failure)
        #expect(recorder.out.contains(.exitStatus(1)))
        #expect(recorder.out.last == .close)
    }

    @Test func aRefusedLaunchShowsTheReasonOnTheTerminal() throws {
        let launcher = Launcher()
        launcher.refusal = "roster serve: all 16 sessions are in use, try again later"
        let (channel, recorder) = try makeChannel(launcher)
        channel.pipeline.fireUserInboundEventTriggered(ptyRequest())
        channel.pipeline.fireUserInboundEventTriggered(SSHChannelRequestEvent.ShellRequest(wantReply: true))
        channel.embeddedEventLoop.run()
        #expect(recorder.out == [.success, .success, .data("roster serve: all 16 sessions are in use, try again later\r\n", stderr: false),
                                 .eof, .exitStatus(1), .close])
    }

    @Test func aDisconnectHangsUpTheChildAndTheRecordWaitsForItsExit() throws {
        let launcher = Launcher()
        let (channel, _) = try makeChannel(launcher)
        channel.pipeline.fireUserInboundEventTriggered(ptyRequest())
        channel.pipeline.fireUserInboundEventTriggered(SSHChannelRequestEvent.ShellRequest(wantReply: true))
        _ = try channel.close().wait()
        #expect(launcher.child.hungUp)
        #expect(launcher.records.isEmpty, "the session is logged once the child is reaped")
        launcher.callbacks?.exited(129)
        #expect(launcher.records.first?.exit == "129")
    }
}

/// One connection's sessions are capped whatever the server's total.
@Suite struct ConnectionSessionsTests {
    @Test func aMultiplexedConnectionGetsAtMostItsShareAndSaysSo() throws {
        let server = SessionHandlerTests.Launcher()
        let sessions = ConnectionSessions(registry: server, limit: 2)
        let loop = EmbeddedEventLoop()
        let identity = SessionIdentity(remote: "127.0.0.1:5000", viewer: "alice", fingerprint: "SHA256:x")
        let pty = PtyRequest(term: "xterm", cols: 80, rows: 24)
        var exits: [Int] = []
        let callbacks = ChildCallbacks(output: { _ in }, exited: { exits.append($0) })
        for _ in 0..<2 { #expect((try? sessions.launch(identity, pty, on: loop, callbacks).get()) != nil) }
        let third = sessions.launch(identity, pty, on: loop, callbacks)
        guard case .failure(let refusal) = third else { Issue.record("a third session on one connection started"); return }
        #expect(refusal.message == "roster serve: at most 2 sessions per connection; this one has 2")
        #expect(server.launched.count == 2, "the server was not even asked")
        server.callbacks?.exited(0)
        #expect(exits == [0])
        #expect((try? sessions.launch(identity, pty, on: loop, callbacks).get()) != nil, "a slot is free again")
    }
}
