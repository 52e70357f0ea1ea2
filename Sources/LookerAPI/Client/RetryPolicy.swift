/// When and how long the client waits before trying a call again.
///
/// 429 (the call was not processed) is retried for every method, honouring `Retry-After` when the
/// server sends it, else backing off exponentially with jitter. 503 and transport failures are
/// retried for GET only: a write that may have been applied is never repeated behind the user's back.
public struct RetryPolicy: Sendable {
    public var maxRetries: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Fraction of the delay added or removed at random (0.2 = ±20 %).
    public var jitter: Double
    /// How the client waits; injectable so tests can observe delays without waiting them out.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Whether a call answered 429 is retried here. A bulk run paces itself (fewer requests in
    /// flight, the server's `Retry-After` for all of them), so its client passes every 429 on at once.
    public var retriesRateLimited = true

    public init(maxRetries: Int = 3, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(30),
                jitter: Double = 0.2,
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.sleep = sleep
    }

    public static let standard = RetryPolicy()

    /// For a caller that paces itself: a 429 is thrown at once (with its `Retry-After`), the rest as `standard`.
    public static let paced: RetryPolicy = {
        var policy = RetryPolicy()
        policy.retriesRateLimited = false
        return policy
    }()

    /// The delay before retry number `attempt` (0-based): `Retry-After` when given (capped), else
    /// base × 2^attempt with jitter, capped.
    public func delay(attempt: Int, retryAfterSeconds: Double?) -> Duration {
        if let retryAfterSeconds, retryAfterSeconds >= 0 {
            return min(.milliseconds(Int64(retryAfterSeconds * 1000)), maxDelay)
        }
        let exp = baseDelay * (1 << min(attempt, 16))
        let factor = jitter > 0 ? Double.random(in: (1 - jitter)...(1 + jitter)) : 1
        return min(exp * factor, maxDelay)
    }

    /// The longest the backoff between attempts can take in all (`maxRetries` delays at their
    /// largest jitter); with `timeout` it makes one call's budget (1 + 2 + 4 s, +20 %: 8.4 s).
    public var backoffBudget: Duration {
        (0..<maxRetries).reduce(Duration.zero) { sum, attempt in
            sum + min(baseDelay * (1 << min(attempt, 16)) * (1 + max(0, jitter)), maxDelay)
        }
    }

    /// Parses a `Retry-After` value: delta-seconds (an HTTP date is not honoured and falls back).
    public static func parseRetryAfter(_ value: String?) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), let n = Double(value), n >= 0, n.isFinite else { return nil }
        return n
    }
}

/// Things the client reports while a call is under way, for a status line.
public enum ClientEvent: Sendable, Equatable {
    /// A 429 came back; the call is retried after `delay` (retry `attempt` of `of`).
    case rateLimited(retryIn: Duration, attempt: Int, of: Int)
    /// A 503 or a transport failure on a GET; retried after `delay`.
    case retrying(reason: String, retryIn: Duration, attempt: Int, of: Int)
    case loggedIn
}

import Foundation
