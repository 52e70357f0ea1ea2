import Foundation

/// Collects values from `@Sendable` callbacks (retry sleeps, client events, posted actions, bulk
/// events) for later assertions.
public final class Recorder<Value: Sendable>: @unchecked Sendable {
    // Every access goes through `lock`.
    private let lock = NSLock()
    private var stored: [Value] = []

    public init() {}

    public func append(_ value: Value) {
        lock.lock()
        stored.append(value)
        lock.unlock()
    }

    /// Everything recorded so far, oldest first.
    public var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
