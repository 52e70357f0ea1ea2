#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thread-safe queue that worker tasks post to and the UI thread drains.
///
/// Every `post` also writes one byte to a non-blocking self-pipe, so a UI thread blocked in
/// `poll` on `readFD` wakes up. Messages are delivered in the order their `post` calls took the
/// lock, and none is lost: `drain` empties the pipe first and then takes the queue, so a message
/// posted in between leaves its byte behind and causes one more (possibly empty) wake-up.
public final class Mailbox<Message: Sendable>: Sendable {
    private let queue = LockedQueue<Message>()
    private let fds: (read: Int32, write: Int32)

    public init() {
        var p: [Int32] = [-1, -1]
        // A process that cannot make a pipe cannot run the event loop at all.
        precondition(pipe(&p) == 0, "pipe() failed: errno \(errno)")
        for fd in p {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        fds = (p[0], p[1])
    }

    deinit {
        close(fds.read)
        close(fds.write)
    }

    /// The descriptor that becomes readable when a message is waiting; poll it, never read it.
    public var readFD: Int32 { fds.read }

    /// Queues `message` and wakes the UI thread. Callable from any thread or task.
    public func post(_ message: Message) {
        queue.append(message)
        var byte: UInt8 = 0
        // EAGAIN means the pipe is full, so a wake-up is already pending.
        _ = write(fds.write, &byte, 1)
    }

    /// Everything posted since the last drain, oldest first.
    public func drain() -> [Message] {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(fds.read, &buffer, buffer.count) > 0 {}
        return queue.takeAll()
    }
}

/// An array behind a pthread mutex (portable to every platform the package names).
private final class LockedQueue<Element: Sendable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var items: [Element] = []

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func append(_ item: Element) {
        pthread_mutex_lock(mutex)
        items.append(item)
        pthread_mutex_unlock(mutex)
    }

    func takeAll() -> [Element] {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        let taken = items
        items = []
        return taken
    }
}
