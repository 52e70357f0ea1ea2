import CNcursesw
import Foundation

/// A pseudo-terminal whose master side is drained by a reader thread that counts the bytes.
final class Pty: @unchecked Sendable {
    let master: Int32
    let slave: Int32
    private let lock = NSLock()
    private var received = 0
    private var bytes: [UInt8] = []
    private let done = DispatchSemaphore(value: 0)

    init(cols: Int, rows: Int) throws {
        master = posix_openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else { throw BenchError.pty }
        slave = open(name, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw BenchError.pty }
        var ws = winsize(ws_row: UInt16(rows), ws_col: UInt16(cols), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &ws)
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(master, &buffer, buffer.count)
                if n <= 0 { break }   // EIO once the slave side is closed
                lock.lock()
                received += n
                bytes += buffer[0..<n]
                lock.unlock()
            }
            done.signal()
        }
        thread.start()
    }

    /// Bytes read from the master so far.
    var count: Int {
        lock.lock(); defer { lock.unlock() }
        return received
    }

    /// The bytes read from `start` on.
    func bytes(from start: Int) -> [UInt8] {
        lock.lock(); defer { lock.unlock() }
        return Array(bytes[min(start, bytes.count)...])
    }

    /// Waits until `total` bytes have arrived, or (when `total` is unknown, nil) until nothing has
    /// arrived for 50 ms. Returns the count.
    func settle(expecting total: Int?) -> Int {
        let deadline = nowNanos() + 5_000_000_000
        if let total {
            while count < total && nowNanos() < deadline { usleep(200) }
            return count
        }
        var last = count
        var quietSince = nowNanos()
        while nowNanos() < deadline {
            usleep(1000)
            let now = count
            if now != last { last = now; quietSince = nowNanos() } else if nowNanos() - quietSince > 50_000_000 { break }
        }
        return last
    }

    func shutdown() {
        close(slave)
        _ = done.wait(timeout: .now() + 5)
        close(master)
    }
}
