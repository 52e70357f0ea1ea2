import Foundation

/// Lets the answers the sandbox holds back on purpose (trickled bodies, hung requests, slow logouts)
/// end at once when the sandbox stops, so stopping never waits for a fault to play out.
final class StopSignal: @unchecked Sendable {
    // Guarded by `lock`; the continuations are resumed outside it.
    private let lock = NSLock()
    private var stopped = false
    private var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    private var cancelled: Set<UInt64> = []
    private var nextID: UInt64 = 0

    var isStopped: Bool { lock.withLock { stopped } }

    /// Wakes every waiter, now and later.
    func fire() {
        let woken = lock.withLock {
            stopped = true
            defer { waiters.removeAll() }
            return Array(waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// Sleeps for `duration`, less when the sandbox stops or the task is cancelled; returns true when it
    /// slept the whole time.
    func pause(_ duration: Duration) async -> Bool {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: duration) }
            group.addTask { await self.wait() }
            await group.next()
            group.cancelAll()
        }
        return !isStopped && !Task.isCancelled
    }

    /// Suspends until `fire()` or until the task is cancelled.
    func wait() async {
        let id = lock.withLock {
            defer { nextID += 1 }
            return nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = lock.withLock {
                    let now = stopped || cancelled.remove(id) != nil
                    if !now { waiters[id] = continuation }
                    return now
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = lock.withLock {
                let waiter = waiters.removeValue(forKey: id)
                if waiter == nil && !stopped { cancelled.insert(id) }
                return waiter
            }
            waiter?.resume()
        }
    }
}
