import Foundation
import Testing
import RosterCore

/// The pacer of bulk runs: the limit halves on a 429 and grows back slowly; Retry-After and the
/// exponential backoff set the instant before which nothing is sent. Time is plain numbers here.
@Suite struct BulkPacerTests {
    @Test func startsAtTheConfiguredConcurrencyAndSendsAtOnce() {
        let pacer = Pacer(.init(concurrency: 4))
        #expect(pacer.limit == 4)
        #expect(pacer.mayStart(inFlight: 3, now: 0))
        #expect(!pacer.mayStart(inFlight: 4, now: 0))
        #expect(pacer.waiting(now: 0) == 0)
        #expect(Pacer().limit == 4)
        #expect(Pacer(.init(concurrency: 0)).limit == 1)
    }

    @Test func a429HalvesTheLimitDownToOne() {
        var pacer = Pacer(.init(concurrency: 8))
        var limits: [Int] = []
        for step in 1...5 {
            let now = Double(step) * 100
            pacer.rateLimited(now: now, sent: now - 0.1, retryAfter: 0)
            limits.append(pacer.limit)
        }
        #expect(limits == [4, 2, 1, 1, 1])
    }

    @Test func refusalsOfOneBurstCountOnce() {
        var pacer = Pacer(.init(concurrency: 4))
        // Four requests sent at 10.0, all refused at 10.5.
        for _ in 0..<4 { pacer.rateLimited(now: 10.5, sent: 10.0, retryAfter: nil) }
        #expect(pacer.limit == 2)
        #expect(pacer.notBefore == 11.5)
        // A request sent after the cut and refused again is a new burst: halved, wait doubled.
        pacer.rateLimited(now: 12.0, sent: 11.6, retryAfter: nil)
        #expect(pacer.limit == 1)
        #expect(pacer.notBefore == 14.0)
    }

    @Test func withoutRetryAfterTheWaitDoublesFromOneSecondUpToThirty() {
        var pacer = Pacer(.init(concurrency: 4))
        var waits: [Double] = []
        var now = 0.0
        for _ in 0..<8 {
            pacer.rateLimited(now: now, sent: now - 0.01, retryAfter: nil)
            waits.append(pacer.waiting(now: now))
            now = pacer.notBefore
        }
        #expect(waits == [1, 2, 4, 8, 16, 30, 30, 30])
    }

    @Test func aSuccessResetsTheBackoff() {
        var pacer = Pacer(.init(concurrency: 4))
        pacer.rateLimited(now: 0, sent: -1, retryAfter: nil)
        pacer.rateLimited(now: 1, sent: 0.5, retryAfter: nil)
        #expect(pacer.waiting(now: 1) == 2)
        pacer.succeeded()
        pacer.rateLimited(now: 10, sent: 9, retryAfter: nil)
        #expect(pacer.waiting(now: 10) == 1)
    }

    @Test func retryAfterIsHonouredAndNothingStartsBeforeIt() {
        var pacer = Pacer(.init(concurrency: 4))
        pacer.rateLimited(now: 100, sent: 99, retryAfter: 7)
        #expect(pacer.notBefore == 107)
        #expect(pacer.waiting(now: 103) == 4)
        #expect(!pacer.mayStart(inFlight: 0, now: 106.9))
        #expect(pacer.mayStart(inFlight: 0, now: 107))
        #expect(pacer.waiting(now: 200) == 0)
    }

    @Test func aShorterLaterRetryAfterNeverShortensTheWait() {
        var pacer = Pacer(.init(concurrency: 4))
        pacer.rateLimited(now: 0, sent: -1, retryAfter: 10)
        pacer.rateLimited(now: 1, sent: -1, retryAfter: 2)
        #expect(pacer.notBefore == 10)
    }

    @Test func anAbsurdRetryAfterIsCapped() {
        var pacer = Pacer(.init(concurrency: 4, maxRetryAfter: 300))
        pacer.rateLimited(now: 0, sent: -1, retryAfter: 86_400)
        #expect(pacer.notBefore == 300)
    }

    @Test func theLimitGrowsBackByOneAfterARunOfSuccessesThenProbesSlowlyPastTheLimitThatDrewThe429() {
        var pacer = Pacer(.init(concurrency: 8, growAfter: 20))
        pacer.rateLimited(now: 0, sent: -1, retryAfter: 0)
        #expect(pacer.limit == 4)
        #expect(pacer.ceiling == 7, "8 drew a 429: 7 is believed safe")
        var limits: [Int] = []
        for _ in 0..<300 {
            pacer.succeeded()
            limits.append(pacer.limit)
        }
        #expect(limits[18] == 4)
        #expect(limits[19] == 5)
        #expect(limits[39] == 6)
        #expect(limits[59] == 7)
        // At the ceiling, ten times slower.
        #expect(limits[258] == 7)
        #expect(limits[259] == 8)
        #expect(limits[299] == 8, "never above the configured concurrency")
    }

    @Test func a429BreaksTheRunOfSuccesses() {
        var pacer = Pacer(.init(concurrency: 8, growAfter: 3))
        pacer.rateLimited(now: 0, sent: -1, retryAfter: 0)
        #expect(pacer.limit == 4)
        pacer.succeeded()
        pacer.succeeded()
        pacer.rateLimited(now: 5, sent: 1, retryAfter: 0)
        #expect(pacer.limit == 2)
        #expect(pacer.ceiling == 3)
        pacer.succeeded()
        pacer.succeeded()
        #expect(pacer.limit == 2, "the run of successes started again at the 429")
        pacer.succeeded()
        #expect(pacer.limit == 3)
    }
}

/// The pacer against simulated servers, on a simulated clock: a sliding-window rate limit (the kind
/// most servers have) is learned from its 429s and then kept under, and a server that refuses every
/// Nth request whatever the pace does not drive the rate down.
@Suite struct BulkPacerRateTests {
    /// A run of `rows` rows, each one request taking `latency` seconds, decided by the server half-way.
    /// `refuse(arrival, admittedTimes)` says when the server answers 429 (with its Retry-After).
    struct Simulation {
        var rows: Int
        var latency = 0.05
        var settings = Pacer.Settings(concurrency: 8)
        var refuse: (_ arrival: Double, _ admitted: inout [Double], _ count: Int) -> Double?

        /// Rows per second over the whole run, and the 429s.
        func run() -> (rate: Double, refusals: Int) {
            var pacer = Pacer(settings)
            var now = 0.0
            var left = rows
            var done = 0
            var refusals = 0
            var requests = 0
            var admitted: [Double] = []
            var inFlight: [(finish: Double, sent: Double, retryAfter: Double?)] = []
            while done < rows {
                while left > 0, pacer.mayStart(inFlight: inFlight.count, now: now) {
                    pacer.started(now: now)
                    left -= 1
                    requests += 1
                    let retry = refuse(now + latency / 2, &admitted, requests)
                    inFlight.append((now + latency, now, retry))
                }
                let nextFinish = inFlight.map(\.finish).min() ?? .infinity
                let nextStart = left > 0 && inFlight.count < pacer.limit ? max(pacer.nextStart, now) : .infinity
                now = min(nextFinish, nextStart)
                while let index = inFlight.firstIndex(where: { $0.finish <= now }) {
                    let request = inFlight.remove(at: index)
                    if let retryAfter = request.retryAfter {
                        refusals += 1
                        left += 1
                        pacer.rateLimited(now: request.finish, sent: request.sent, retryAfter: retryAfter)
                    } else {
                        done += 1
                        pacer.succeeded(now: request.finish)
                    }
                }
            }
            return (Double(rows) / now, refusals)
        }
    }

    /// `limit` requests per `window` seconds, sliding; Retry-After in whole seconds, at least 1.
    static func slidingWindow(_ limit: Int, per window: Double) -> (Double, inout [Double], Int) -> Double? {
        { arrival, admitted, _ in
            admitted.removeAll { $0 <= arrival - window }
            guard admitted.count >= limit else {
                admitted.append(arrival)
                return nil
            }
            return max(1, (admitted[0] + window - arrival).rounded(.up))
        }
    }

    @Test func underASlidingWindowLimitARunKeepsAbove90PercentOfItWithFewRefusals() {
        let (rate, refusals) = Simulation(rows: 2000, refuse: Self.slidingWindow(40, per: 1)).run()
        print("simulated 40/s limit: \(String(format: "%.1f", rate)) rows/s, \(refusals) refusals")
        #expect(rate >= 36, "at least 90 % of 40/s: \(rate)")
        #expect(refusals <= 16, "\(refusals)")
    }

    @Test func aLimitPerMinuteIsKeptToo() {
        let (rate, refusals) = Simulation(rows: 600, refuse: Self.slidingWindow(300, per: 60)).run()
        print("simulated 300/min limit: \(String(format: "%.2f", rate)) rows/s, \(refusals) refusals")
        // 600 rows at 5/s take at least 60 s after the first 300; the bound is the server's.
        #expect(rate >= 600.0 / 130, "\(rate)")
        #expect(refusals <= 80, "\(refusals)")
    }

    @Test func aServerRefusingEveryNthRequestDoesNotDriveTheRateDown() {
        let unlimited = Simulation(rows: 2000, refuse: { _, _, _ in nil }).run().rate
        let (rate, refusals) = Simulation(rows: 2000, refuse: { _, _, n in n % 25 == 0 ? 0 : nil }).run()
        print("every 25th refused: \(String(format: "%.1f", rate)) rows/s (unlimited \(String(format: "%.1f", unlimited))), \(refusals) refusals")
        // As fast as one request in flight at a time, what halving the concurrency alone gives: the
        // refusals are no sign of a rate, so no rate is learned from them (a rate learned and cut
        // by 5 % at each refusal fell to 2.5 rows/s here).
        #expect(rate >= 0.9 / 0.05, "\(rate) of \(unlimited)")
    }
}
