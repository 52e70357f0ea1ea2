import CNcursesw
import ScreenKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Something the UI thread must react to.
public enum TerminalEvent: Equatable, Sendable {
    case key(Key)
    /// The terminal has a new size; ncurses already knows it and the next draw repaints all.
    case resize(Size)
    /// SIGINT, SIGTERM or SIGHUP arrived (SIGHUP also when the terminal hangs up); the app
    /// should call `end()` and exit with 128 + signo. SIGWINCH never appears: it becomes `.resize`.
    case signal(Int32)
    /// The wake descriptor (a `Mailbox.readFD`) is readable: drain the mailbox.
    case wake
}

extension NcursesTerminal {
    /// Blocks in `poll` (no busy loop) until a key, a signal or a byte on `wakeFD` arrives, or
    /// until `timeoutMs` passes (-1: no timeout), and returns what came; empty only on timeout.
    /// `wakeFD` is polled, never read: `.wake` repeats until the mailbox is drained. Keys come at
    /// most `KeyDecoder.maxKeysPerRead` at a time (a paste is read in parts, with a frame and a look
    /// at the signals between them), signals first.
    public func waitForEvents(wakeFD: Int32, timeoutMs: Int32 = -1) -> [TerminalEvent] {
        guard !ended else { return [] }
        if let sampled = keysWaitingAfterDraw {
            keysWereWaiting = sampled
            keysWaitingAfterDraw = nil
        } else {
            var probe = pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0)
            keysWereWaiting = inputPending || poll(&probe, 1, 0) > 0
        }
        let deadline = timeoutMs >= 0 ? Self.nowMs() + Int64(timeoutMs) : nil
        while true {
            let remaining = inputPending ? 0 : deadline.map { Int32(clamping: max(0, $0 - Self.nowMs())) } ?? -1
            var fds = [
                pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signalPipe.read, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, nfds_t(fds.count), remaining)
            if ready < 0 && errno != EINTR { return [] }
            if ready > 0 || inputPending {
                let events = collect(inputReady: inputPending || fds[0].revents != 0, signalReady: fds[1].revents != 0,
                                     wakeReady: wakeFD >= 0 && fds[2].revents != 0)
                if !events.isEmpty { return events }
                if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                    // The terminal is gone (the emulator closed); without this, poll would
                    // report it again at once, forever.
                    return [.signal(SIGHUP)]
                }
            }
            if let deadline, Self.nowMs() >= deadline { return [] }
        }
    }

    private func collect(inputReady: Bool, signalReady: Bool, wakeReady: Bool) -> [TerminalEvent] {
        var events: [TerminalEvent] = []
        var sawWinch = false
        if signalReady {
            for signo in readSignals() {
                if signo == SIGWINCH { sawWinch = true } else { events.append(.signal(signo)) }
            }
        }
        var sawResize = false
        if inputReady || sawWinch {
            for decoded in readKeys() {
                switch decoded {
                case .key(let key): events.append(.key(key))
                case .resize:
                    sawResize = true
                    resized(&events)
                }
            }
        }
        if sawWinch && !sawResize, let actual = kernelSize(), actual != size {
            // ncurses' own SIGWINCH handler was not in place (the disposition was not the
            // default at newterm): resize by hand.
            _ = resize_term(Int32(actual.rows), Int32(actual.cols))
            resized(&events)
        }
        if wakeReady { events.append(.wake) }
        return events
    }

    private func resized(_ events: inout [TerminalEvent]) {
        invalidate()
        events.removeAll { if case .resize = $0 { return true } else { return false } }
        events.append(.resize(size))
    }

    /// Decodes keys until ncurses has none left (the window's timeout is 0), so one wake-up
    /// takes a whole escape sequence and a paste up to `KeyDecoder.maxKeysPerRead` keys (the
    /// rest on the next call, without waiting).
    private func readKeys() -> [KeyDecoder.Decoded] {
        let before = nc_thread_bytes_written()
        defer { account(since: before) }   // wget_wch may refresh a modified window
        var decoded: [KeyDecoder.Decoded] = []
        var code: wint_t = 0
        inputPending = false
        for _ in 0..<KeyDecoder.maxKeysPerRead {
            let status = wget_wch(nc_stdscr(), &code)
            if status == ERR { return decoded }
            if let result = KeyDecoder.decode(status: status, code: code) { decoded.append(result) }
        }
        inputPending = true
        return decoded
    }

    private func readSignals() -> [Int32] {
        var buffer = [UInt8](repeating: 0, count: 64)
        var signals: [Int32] = []
        while true {
            let n = read(signalPipe.read, &buffer, buffer.count)
            if n <= 0 { break }
            signals += buffer[0..<n].map { Int32($0) }
        }
        return signals
    }

    private func kernelSize() -> Size? {
        var ws = winsize()
        guard ioctl(outputFD, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 else { return nil }
        return Size(cols: Int(ws.ws_col), rows: Int(ws.ws_row))
    }

    private static func nowMs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
