import Foundation

/// Waiting for a condition with a deadline: how tests wait for something to happen. A fixed sleep
/// never stands in for it; the pause between two looks is only how often the condition is asked.
public enum Wait {
    /// Asks `condition` every `interval` seconds until it holds or `seconds` have passed; whether it
    /// held (asked once more at the deadline).
    @discardableResult
    public static func until(seconds: Double, interval: Double = 0.02, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(useconds_t(max(0, interval) * 1_000_000))
        }
        return try condition()
    }

    /// The same for async conditions: asks every `interval` until it holds or `timeout` has passed.
    @discardableResult
    public static func until(within timeout: Duration, interval: Duration = .milliseconds(5),
                             _ condition: () async throws -> Bool) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: interval)
        }
        return try await condition()
    }
}
