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
