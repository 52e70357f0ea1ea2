import CNcursesw
import Foundation
import TestSupport

/// A pseudo-terminal for tests: the terminal under test gets the slave side, the test plays the
/// terminal emulator on the master side. A background thread keeps reading the master so ncurses
/// never blocks on a full pty buffer.
final class Pty: @unchecked Sendable {
    let master: Int32
    let slave: Int32
    private let lock = NSLock()
    private var received: [UInt8] = []
    private let done = DispatchSemaphore(value: 0)

    init(cols: Int, rows: Int) throws {
        master = posix_openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else {
            throw PtyError.open
        }
        slave = open(name, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw PtyError.open }
        resize(cols: cols, rows: rows)
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(master, &buffer, buffer.count)
                if n <= 0 { break }   // EIO once the slave side is closed
                lock.lock()
                received += buffer[0..<n]
                lock.unlock()
            }
            done.signal()
        }
        thread.start()
    }

    enum PtyError: Error { case open }

    func resize(cols: Int, rows: Int) {
        var ws = winsize(ws_row: UInt16(rows), ws_col: UInt16(cols), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &ws)
    }

    /// Bytes the terminal under test has written so far.
    var count: Int {
        lock.lock(); defer { lock.unlock() }
        return received.count
    }

    func bytes(from start: Int = 0) -> [UInt8] {
        lock.lock(); defer { lock.unlock() }
        return Array(received[min(start, received.count)...])
    }

    /// Waits (polling, with a deadline) until at least `total` bytes have arrived.
    @discardableResult
    func waitForCount(_ total: Int, timeout: TimeInterval = 5) -> Bool {
        Wait.until(seconds: timeout, interval: 0.0005) { count >= total }
    }

    /// Waits (with a deadline, reading nothing) until typed input is there for the terminal to read.
    func waitUntilInputWaiting(timeout: TimeInterval = 5) -> Bool {
        var entry = pollfd(fd: slave, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, Int32(timeout * 1000)) == 1 && entry.revents & Int16(POLLIN) != 0
    }

    /// What the user types.
    func type(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            offset += n
        }
    }

    func type(_ text: String) { type(Array(text.utf8)) }

    /// Closes the slave (the reader then sees EIO and stops), then the master.
    func shutdown() {
        close(slave)
        _ = done.wait(timeout: .now() + 5)
        close(master)
    }
}
