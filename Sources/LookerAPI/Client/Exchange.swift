import AsyncHTTPClient
import Foundation
import NIOCore

/// One HTTP request and its whole answer under two bounds: a deadline for all of it (connect,
/// headers and body), and a stall limit once the headers are in (no byte for that long fails).
///
/// The HTTP library's own timeouts cover only parts of this: its deadline ends at the headers and
/// its read timeout restarts with every byte, so a body that trickles one byte a second never
/// ended. Here a watchdog races the exchange; when it fires, the caller gets the failure at once
/// and the exchange is cancelled without being waited for.
struct Exchange {
    struct Answer {
        var status: Int
        var retryAfter: String?
        var body: ByteBuffer
    }

    /// Why an attempt was given up on the client's side.
    enum Expired: Error, Equatable {
        case deadline(Duration)
        case stalled(Duration)
        case tooLarge(Int)
    }

    let deadline: ContinuousClock.Instant
    /// The whole attempt's length, for the message.
    let timeout: Duration
    let stall: Duration
    let limit: Int

    /// The stall limit for a timeout: `min(timeout, 10 s)`. A slow server may think long before
    /// the headers; once it streams, ten silent seconds mean it is stuck.
    static func stallLimit(timeout: Duration) -> Duration { min(timeout, .seconds(10)) }

    func run(_ http: HTTPClient, _ request: HTTPClientRequest) async throws -> Answer {
        let progress = Progress()
        let (deadline, timeout, stall, limit) = (self.deadline, self.timeout, self.stall, self.limit)
        return try await Self.race(watchdog: {
            await Self.watch(progress, deadline: deadline, timeout: timeout, stall: stall)
        }, operation: {
            let nioDeadline = NIODeadline.now() + .nanoseconds(Int64(max(.zero, deadline - .now).nanoseconds))
            let response = try await http.execute(request, deadline: nioDeadline)
            progress.mark()
            var body = ByteBuffer()
            for try await var chunk in response.body {
                progress.mark()
                guard body.readableBytes + chunk.readableBytes <= limit else { throw Expired.tooLarge(limit) }
                body.writeBuffer(&chunk)
            }
            return Answer(status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"), body: body)
        })
    }

    /// When the watchdog should give up: nil while the exchange is within its bounds.
    private static func watch(_ progress: Progress, deadline: ContinuousClock.Instant, timeout: Duration,
                              stall: Duration) async -> Expired? {
        while !Task.isCancelled {
            let now = ContinuousClock.now
            if now >= deadline { return .deadline(timeout) }
            var wake = min(deadline, now + stall)
            if let last = progress.last {
                if now - last >= stall { return .stalled(stall) }
                wake = min(deadline, last + stall)
            }
            // Sleeps until the next moment a bound could be crossed (before the headers, a stall
            // limit at a time, to notice when they arrive), not in a polling loop.
            try? await Task.sleep(until: wake, clock: .continuous)
        }
        return nil
    }

    /// The first of `operation`'s result and the watchdog's verdict; cancelling the caller counts
    /// too. The loser is cancelled and left to end on its own: a stuck exchange is never awaited.
    static func race<T: Sendable>(watchdog: @escaping @Sendable () async -> (any Error)?,
                                  operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let once = Once<T>()
        let work = Task {
            do { once.finish(.success(try await operation())) } catch { once.finish(.failure(error)) }
        }
        let watch = Task {
            if let error = await watchdog() { once.finish(.failure(error)) }
        }
        defer {
            work.cancel()
            watch.cancel()
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { once.attach($0) }
        } onCancel: {
            once.finish(.failure(CancellationError()))
        }
    }
}

/// When the last byte (or the headers) arrived.
private final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private var lastMark: ContinuousClock.Instant?   // guarded by lock

    func mark() { lock.withLock { lastMark = .now } }
    var last: ContinuousClock.Instant? { lock.withLock { lastMark } }
}

/// A continuation resumed exactly once, by whichever result comes first, also when the result
/// comes before the continuation is attached.
private final class Once<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by lock.
    private var continuation: CheckedContinuation<T, any Error>?
    private var pending: Result<T, any Error>?
    private var done = false

    func attach(_ c: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = lock.withLock {
            if let pending { done = true; return pending }
            continuation = c
            return nil
        }
        if let early { c.resume(with: early) }
    }

    func finish(_ result: Result<T, any Error>) {
        let waiting: CheckedContinuation<T, any Error>? = lock.withLock {
            guard !done, pending == nil else { return nil }
            guard let continuation else { pending = result; return nil }
            done = true
            self.continuation = nil
            return continuation
        }
        waiting?.resume(with: result)
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (s, atto) = components
        return s * 1_000_000_000 + atto / 1_000_000_000
    }

    /// Whole seconds when it is whole, else one decimal: "5 s", "0.3 s".
    var spoken: String {
        let ns = nanoseconds
        if ns % 1_000_000_000 == 0 { return "\(ns / 1_000_000_000) s" }
        return String(format: "%.1f s", Double(ns) / 1e9)
    }
}
