/// How fast a bulk run sends: how many requests may be in flight, and the instant before which
/// nothing is sent after a 429. Pure: the runner tells it what happened and when (seconds on its
/// own clock), so tests drive it without waiting.
///
/// The limit starts at the configured concurrency, halves on a 429 (never below 1) and grows back
/// by one after `growAfter` successes in a row, never above the configured concurrency. Past the
/// limit that last drew a 429 (less one: `ceiling`) it grows ten times slower: it probes whether
/// the server allows more now instead of running into the same 429 every few seconds. A 429 with
/// `Retry-After` means "nothing before now + that"; without it the wait doubles from `baseBackoff`
/// up to `maxBackoff`. The requests refused together count once: a 429 answering a request sent
/// before the last cut belongs to the same burst, so it neither halves the limit again nor doubles
/// the wait (four requests in flight refused at once halve 4 to 2, not to 1).
public struct Pacer: Sendable, Equatable {
    /// The knobs; the defaults are Roster's.
    public struct Settings: Sendable, Equatable {
        /// The most requests in flight (`--concurrency`).
        public var concurrency: Int
        /// Successes in a row before one more request may be in flight.
        public var growAfter: Int
        /// The first wait after a 429 without `Retry-After`, in seconds.
        public var baseBackoff: Double
        /// The longest wait after a 429 without `Retry-After`, in seconds.
        public var maxBackoff: Double
        /// The longest `Retry-After` honoured as given, in seconds: a server asking for an hour is
        /// asked again after this.
        public var maxRetryAfter: Double

        public init(concurrency: Int = 4, growAfter: Int = 20, baseBackoff: Double = 1, maxBackoff: Double = 30,
                    maxRetryAfter: Double = 300) {
            self.concurrency = max(1, concurrency)
            self.growAfter = max(1, growAfter)
            self.baseBackoff = max(0, baseBackoff)
            self.maxBackoff = max(self.baseBackoff, maxBackoff)
            self.maxRetryAfter = max(0, maxRetryAfter)
        }
    }

    public let settings: Settings
    /// Requests that may be in flight now.
    public private(set) var limit: Int
    /// Nothing is sent before this instant (clock seconds).
    public private(set) var notBefore: Double = -.infinity
    /// Successes since the last 429 or the last growth.
    public private(set) var streak = 0
    /// The highest limit believed safe: one less than the limit a 429 last cut.
    public private(set) var ceiling: Int
    /// Bursts of 429 without `Retry-After` since the last success: the exponent of the wait.
    private var backoffs = 0
    /// When the limit was last cut; 429s to requests sent before it are the same burst.
    private var lastCut: Double = -.infinity

    public init(_ settings: Settings = Settings()) {
        self.settings = settings
        self.limit = settings.concurrency
        self.ceiling = settings.concurrency
    }

    /// Whether one more request may start with `inFlight` already under way.
    public func mayStart(inFlight: Int, now: Double) -> Bool {
        inFlight < limit && now >= notBefore
    }

    /// Seconds until anything may be sent (0 when not waiting).
    public func waiting(now: Double) -> Double {
        max(0, notBefore - now)
    }

    /// A request succeeded (or was answered with anything but a 429).
    public mutating func succeeded() {
        backoffs = 0
        streak += 1
        if streak >= (limit >= ceiling ? settings.growAfter * 10 : settings.growAfter) {
            streak = 0
            limit = min(settings.concurrency, limit + 1)
        }
    }

    /// A request sent at `sent` was answered 429 at `now`, with `retryAfter` seconds if the server said.
    public mutating func rateLimited(now: Double, sent: Double, retryAfter: Double?) {
        streak = 0
        let newBurst = sent > lastCut
        if newBurst {
            ceiling = max(1, limit - 1)
            limit = max(1, limit / 2)
            lastCut = now
        }
        let wait: Double
        if let retryAfter, retryAfter.isFinite, retryAfter >= 0 {
            wait = min(retryAfter, settings.maxRetryAfter)
        } else {
            if newBurst { backoffs += 1 }
            wait = min(settings.baseBackoff * Double(1 << min(max(backoffs - 1, 0), 30)), settings.maxBackoff)
        }
        notBefore = max(notBefore, now + wait)
    }
}
