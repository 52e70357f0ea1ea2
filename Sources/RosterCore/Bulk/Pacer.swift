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
///
/// Most servers limit a rate, not a concurrency, and a 429 costs the whole run its `Retry-After`
/// (a whole second at least). So a 429 also teaches a rate: the rows that succeeded over the last
/// `rateWindow` seconds, less `rateMargin`, and from then on starts are spaced to that rate. The rate
/// creeps up by `rateProbe` every `probeAfter` successes, so a limit that was raised is found again,
/// rarely enough that the refusals it costs stay few.
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
        /// Seconds of successes a 429 measures the allowed rate over.
        public var rateWindow: Double
        /// The share of the measured rate kept below it (0.05: starts at 95 % of it).
        public var rateMargin: Double
        /// Successes in a row before the rate grows by `rateProbe` (a share of it).
        public var probeAfter: Int
        public var rateProbe: Double

        public init(concurrency: Int = 4, growAfter: Int = 20, baseBackoff: Double = 1, maxBackoff: Double = 30,
                    maxRetryAfter: Double = 300, rateWindow: Double = 1, rateMargin: Double = 0.05, probeAfter: Int = 200,
                    rateProbe: Double = 0.01) {
            self.rateWindow = max(0.1, rateWindow)
            self.rateMargin = min(max(0, rateMargin), 0.9)
            self.probeAfter = max(1, probeAfter)
            self.rateProbe = max(0, rateProbe)
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
    /// Starts per second once a 429 taught one; nil before.
    public private(set) var rate: Double?
    /// The next start allowed by the rate.
    private var nextSlot: Double = -.infinity
    /// When the latest successes came (oldest first; at most `rateWindow` seconds' worth kept).
    private var successes = FIFO<Double>()
    private var probeStreak = 0
    /// When the first request started: the run's rate is not measured from before it.
    private var firstStart: Double?

    public init(_ settings: Settings = Settings()) {
        self.settings = settings
        self.limit = settings.concurrency
        self.ceiling = settings.concurrency
    }

    /// Whether one more request may start with `inFlight` already under way.
    public func mayStart(inFlight: Int, now: Double) -> Bool {
        inFlight < limit && now >= nextStart
    }

    /// The first instant anything may start: after a 429's wait and the rate's spacing.
    public var nextStart: Double { max(notBefore, nextSlot) }

    /// A request starts at `now`: the next one waits its turn under the rate.
    public mutating func started(now: Double) {
        if firstStart == nil { firstStart = now }
        guard let rate else { return }
        nextSlot = max(nextSlot, now) + 1 / rate
    }

    /// Seconds until anything may be sent after a 429 (0 when not waiting).
    public func waiting(now: Double) -> Double {
        max(0, notBefore - now)
    }

    /// A request succeeded (or was answered with anything but a 429).
    public mutating func succeeded(now: Double = 0) {
        backoffs = 0
        streak += 1
        if streak >= (limit >= ceiling ? settings.growAfter * 10 : settings.growAfter) {
            streak = 0
            limit = min(settings.concurrency, limit + 1)
        }
        successes.append(now)
        forget(before: now - settings.rateWindow)
        if let rate {
            probeStreak += 1
            if probeStreak >= settings.probeAfter {
                probeStreak = 0
                self.rate = rate * (1 + settings.rateProbe)
            }
        }
    }

    /// Drops the successes older than `instant` (the queue frees them, so memory stays flat).
    private mutating func forget(before instant: Double) {
        while let first = successes.first, first < instant { successes.removeFirst() }
    }

    /// A request sent at `sent` was answered 429 at `now`, with `retryAfter` seconds if the server said.
    public mutating func rateLimited(now: Double, sent: Double, retryAfter: Double?) {
        streak = 0
        let newBurst = sent > lastCut
        if newBurst {
            // Once a rate is known it governs: halving the concurrency too would only starve it.
            if rate == nil {
                ceiling = max(1, limit - 1)
                limit = max(1, limit / 2)
            }
            lastCut = now
            // `Retry-After: 0` says the refusal was not about the pace: nothing to learn from it.
            if retryAfter != 0 { learnRate(now: now) }
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

    /// What the server let through in the last `rateWindow` seconds before this 429, less the
    /// margin, becomes the rate (per window, not per second sent: after a wait a server admits a
    /// burst, and the burst it admits is its limit). Only successes since the last wait ended count
    /// (a wait is no sign of the server's rate); with fewer than four of them (429s that come too
    /// often to measure) the rate stays as it was.
    private mutating func learnRate(now: Double) {
        let from = max(now - settings.rateWindow, notBefore, firstStart ?? now)
        forget(before: from)
        let seen = successes.count
        guard seen >= 4 else { return }
        probeStreak = 0
        rate = Double(seen) / settings.rateWindow * (1 - settings.rateMargin)
    }

}
