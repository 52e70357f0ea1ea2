import CNcursesw
import Foundation
@testable import Terminal
import ScreenKit
import XCTest

/// Keys, signals, resizes and mailbox wake-ups through `waitForEvents` on a pty.
final class InputTests: XCTestCase {
    func testKeysTypedOnTheTerminalDecode() throws {
        let fixture = try Fixture()
        defer { fixture.close() }
        let cases: [([UInt8], Key)] = [
            (Array("a".utf8), .char("a")),
            (Array("é".utf8), .char("é")),
            (Array("世".utf8), .char("世")),
            ([0x13], .ctrl("s")),
            ([0x01], .ctrl("a")),
            ([0x09], .tab),
            ([0x0D], .enter),
            ([0x7F], .backspace),
            (Array("\u{1b}[A".utf8), .up),
            (Array("\u{1b}OB".utf8), .down),
            (Array("\u{1b}[Z".utf8), .backTab),
            (Array("\u{1b}[5~".utf8), .pageUp),
            (Array("\u{1b}[6~".utf8), .pageDown),
            ([0x1B], .escape),
            (Array("\u{1b}[H".utf8), .home),
            (Array("\u{1b}[F".utf8), .end),
            (Array("\u{1b}[1~".utf8), .home),
            (Array("\u{1b}[4~".utf8), .end),
            (Array("\u{1b}[3~".utf8), .delete),
            (Array("\u{1b}OP".utf8), .function(1)),
            (Array("\u{1b}[15~".utf8), .function(5)),
        ]
        for (bytes, key) in cases {
            fixture.pty.type(bytes)
            XCTAssertEqual(fixture.events(1), [.key(key)], "bytes \(bytes)")
        }
    }

    func testAPasteArrivesInOneWakeUp() throws {
        let fixture = try Fixture()
        defer { fixture.close() }
        fixture.pty.type("ok世")
        XCTAssertEqual(fixture.events(3), [.key(.char("o")), .key(.char("k")), .key(.char("世"))])
    }

    /// Type-ahead is judged against the frame: a key waiting when the frame went out was typed
    /// before it could be seen; a key arriving after the draw was typed at it, however long the
    /// loop takes to get back to `poll`.
    func testKeysAreTypedAheadOnlyWhenWaitingAsTheFrameWentOut() throws {
        let fixture = try Fixture(cols: 40, rows: 10)
        defer { fixture.close() }
        let grid = Grid(size: Size(cols: 40, rows: 10))
        fixture.pty.type("a")
        // The byte is in the pty before the frame is drawn.
        XCTAssertTrue(fixture.pty.waitUntilInputWaiting())
        fixture.terminal.draw(grid, cursor: nil)
        XCTAssertEqual(fixture.events(1), [.key(.char("a"))])
        XCTAssertTrue(fixture.terminal.keysWereWaiting)

        fixture.terminal.draw(grid, cursor: nil)
        fixture.pty.type("b")   // after the frame went out, before the loop polls again
        XCTAssertTrue(fixture.pty.waitUntilInputWaiting())
        XCTAssertEqual(fixture.events(1), [.key(.char("b"))])
        XCTAssertFalse(fixture.terminal.keysWereWaiting, "typed at the frame on screen")
    }

    func testTimeoutReturnsNothing() throws {
        let fixture = try Fixture()
        defer { fixture.close() }
        let start = Date()
        XCTAssertEqual(fixture.terminal.waitForEvents(wakeFD: -1, timeoutMs: 50), [])
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 0.045)
    }

    func testResizeIsReportedWithTheNewSize() throws {
        let fixture = try Fixture(cols: 80, rows: 24)
        defer { fixture.close() }
        fixture.pty.resize(cols: 100, rows: 30)
        // The test process has no controlling terminal, so deliver the signal the kernel would.
        raise(SIGWINCH)
        XCTAssertEqual(fixture.events(1), [.resize(Size(cols: 100, rows: 30))])
        XCTAssertEqual(fixture.terminal.size, Size(cols: 100, rows: 30))
    }

    func testTerminationSignalsBecomeEvents() throws {
        let fixture = try Fixture()
        defer { fixture.close() }
        raise(SIGTERM)
        XCTAssertEqual(fixture.events(1), [.signal(SIGTERM)])
        raise(SIGHUP)
        raise(SIGINT)
        XCTAssertEqual(fixture.events(2), [.signal(SIGHUP), .signal(SIGINT)])
    }

    func testMailboxPostFromAnotherThreadWakesTheLoop() throws {
        let fixture = try Fixture()
        defer { fixture.close() }
        let mailbox = Mailbox<String>()
        XCTAssertEqual(fixture.terminal.waitForEvents(wakeFD: mailbox.readFD, timeoutMs: 0), [])
        Thread.detachNewThread { mailbox.post("loaded") }
        XCTAssertEqual(fixture.events(1, wakeFD: mailbox.readFD), [.wake])
        XCTAssertEqual(mailbox.drain(), ["loaded"])
        XCTAssertEqual(fixture.terminal.waitForEvents(wakeFD: mailbox.readFD, timeoutMs: 0), [])
    }

    func testAHungUpTerminalReadsAsSIGHUP() throws {
        // No reader thread here: closing the master is what the test is about.
        let master = posix_openpt(O_RDWR | O_NOCTTY)
        XCTAssertGreaterThanOrEqual(master, 0)
        XCTAssertEqual(grantpt(master), 0)
        XCTAssertEqual(unlockpt(master), 0)
        let slave = open(ptsname(master), O_RDWR | O_NOCTTY)
        defer { close(slave) }
        let terminal = try NcursesTerminal(theme: Fixture.theme, options: TerminalOptions(termName: "xterm-256color"),
                                           inputFD: slave, outputFD: slave)
        close(master)
        XCTAssertEqual(terminal.waitForEvents(wakeFD: -1, timeoutMs: 3000), [.signal(SIGHUP)])
        terminal.end()
    }

    func testEndRestoresTheTtyAndTheSignalDispositions() throws {
        let pty = try Pty(cols: 80, rows: 24)
        defer { pty.shutdown() }
        var before = termios()
        XCTAssertEqual(tcgetattr(pty.slave, &before), 0)
        // Dispositions that neither ncurses nor this test's earlier terminals would leave behind.
        let signals = [SIGINT, SIGTERM, SIGHUP]
        for signo in signals { signal(signo, SIG_IGN) }
        defer { for signo in signals { signal(signo, SIG_DFL) } }
        let ignored = signals.map(handlerBytes)

        let terminal = try NcursesTerminal(theme: Fixture.theme, options: TerminalOptions(termName: "xterm-256color"),
                                           inputFD: pty.slave, outputFD: pty.slave)
        var during = termios()
        XCTAssertEqual(tcgetattr(pty.slave, &during), 0)
        XCTAssertEqual(during.c_lflag & tcflag_t(ICANON | ECHO), 0)
        XCTAssertEqual(during.c_iflag & tcflag_t(IXON), 0)
        XCTAssertNotEqual(signals.map(handlerBytes), ignored)
        terminal.end()
        terminal.end()

        var after = termios()
        XCTAssertEqual(tcgetattr(pty.slave, &after), 0)
        XCTAssertEqual(after.c_lflag & tcflag_t(ICANON | ECHO | ISIG | IEXTEN), before.c_lflag & tcflag_t(ICANON | ECHO | ISIG | IEXTEN))
        XCTAssertEqual(after.c_iflag & tcflag_t(IXON | ICRNL), before.c_iflag & tcflag_t(IXON | ICRNL))
        XCTAssertEqual(signals.map(handlerBytes), ignored)
        XCTAssertEqual(terminal.waitForEvents(wakeFD: -1, timeoutMs: 0), [])
    }
}

/// The raw handler field of a signal's disposition, for comparing dispositions.
private func handlerBytes(_ signo: Int32) -> [UInt8] {
    var action = sigaction()
    sigaction(signo, nil, &action)
    return withUnsafeBytes(of: action.__sigaction_handler) { Array($0) }
}
