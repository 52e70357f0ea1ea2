import Testing
@testable import Serve

@Suite struct SessionStateMachineTests {
    let pty = PtyRequest(term: "xterm-256color", cols: 100, rows: 30)

    @Test func ptyThenShellLaunchesWithTheLatestSize() {
        var m = SessionStateMachine()
        #expect(m.handle(.envRequested(wantReply: false)) == [])
        #expect(m.handle(.ptyRequested(pty, wantReply: true)) == [.reply(success: true)])
        #expect(m.handle(.windowChanged(cols: 120, rows: 40)) == [])
        #expect(m.handle(.shellRequested(wantReply: true)) == [.reply(success: true), .launch(PtyRequest(term: "xterm-256color", cols: 120, rows: 40))])
        #expect(m.handle(.windowChanged(cols: 80, rows: 24)) == [.resize(cols: 80, rows: 24)])
        #expect(m.handle(.childExited(code: 0)) == [.finish(exitStatus: 0)])
        #expect(m.state == .ending)
    }

    @Test func aShellWithoutAPtyGetsOneLineAndExitOne() {
        var m = SessionStateMachine()
        #expect(m.handle(.shellRequested(wantReply: true)) == [.reply(success: true), .refuse(message: SessionStateMachine.needsTerminal, exitStatus: 1)])
        #expect(m.handle(.ptyRequested(pty, wantReply: true)) == [.reply(success: false)])
    }

    @Test func execAndSubsystemsAreRefused() {
        var exec = SessionStateMachine()
        _ = exec.handle(.ptyRequested(pty, wantReply: false))
        #expect(exec.handle(.execRequested(wantReply: true)) == [.reply(success: false), .refuse(message: SessionStateMachine.noCommands, exitStatus: 1)])
        #expect(exec.handle(.shellRequested(wantReply: true)) == [.reply(success: false)], "nothing starts after a refusal")

        var sftp = SessionStateMachine()
        #expect(sftp.handle(.subsystemRequested("sftp", wantReply: true)) == [.reply(success: false), .refuse(message: SessionStateMachine.noSubsystems, exitStatus: 1)])
    }

    @Test func whileRunningEverythingButResizeIsRefused() {
        var m = SessionStateMachine()
        _ = m.handle(.ptyRequested(pty, wantReply: false))
        _ = m.handle(.shellRequested(wantReply: false))
        #expect(m.handle(.shellRequested(wantReply: true)) == [.reply(success: false)])
        #expect(m.handle(.execRequested(wantReply: true)) == [.reply(success: false)])
        #expect(m.handle(.subsystemRequested("sftp", wantReply: true)) == [.reply(success: false)])
        #expect(m.handle(.ptyRequested(pty, wantReply: true)) == [.reply(success: false)])
        #expect(m.handle(.envRequested(wantReply: true)) == [.reply(success: false)])
        #expect(m.handle(.envRequested(wantReply: false)) == [])
        #expect(m.state == .running(pty))
    }

    @Test func aRefusedLaunchEndsWithItsReason() {
        var m = SessionStateMachine()
        _ = m.handle(.ptyRequested(pty, wantReply: false))
        _ = m.handle(.shellRequested(wantReply: false))
        #expect(m.handle(.launchFailed("all 16 sessions are in use")) == [.refuse(message: "all 16 sessions are in use", exitStatus: 1)])
    }

    @Test func hangUpOnDisconnectTerminateOnIdle() {
        var m = SessionStateMachine()
        _ = m.handle(.ptyRequested(pty, wantReply: false))
        _ = m.handle(.shellRequested(wantReply: false))
        // The viewer is still there: SIGTERM, so the UI restores the terminal as on shutdown.
        #expect(m.handle(.idleTimedOut) == [.terminate])
        #expect(m.handle(.channelClosed) == [.hangUp])
        #expect(m.state == .closed)
        #expect(m.handle(.channelClosed) == [])

        var idle = SessionStateMachine()
        #expect(idle.handle(.idleTimedOut) == [], "no child, nothing to hang up")
        #expect(idle.handle(.channelClosed) == [])
    }
}
