import Foundation
@testable import RosterApp
@testable import RosterServices
import RosterCore
import Sandbox
import ScreenKit
import Testing
import TestSupport

/// Random bursts of keys, random timing of server answers: a change reaches the server only when a
/// key typed while its confirmation was on screen answered it. The seed is printed; set
/// ROSTER_TYPEAHEAD_SEED to replay a run.
@Suite(.serialized)
struct RandomTypeAheadTests {
    /// Keys people type, Ctrl-S and q aside (a save needs no question; q would end the run).
    static let alphabet: [Key] = "jkxDpeucysdtn12/aG@. ".map { Key.char($0) }
        + [.enter, .enter, .tab, .escape, .backspace, .down, .up, .backTab]

    /// The keys that answer "yes" in each confirmation.
    static func confirms(_ key: Key, _ dialog: Dialog) -> Bool {
        let lower: Key = if case .char(let c) = key { .char(Character(c.lowercased())) } else { key }
        switch dialog {
        case .confirmDisable, .confirmSendReset, .confirmUndo: return lower == .char("y")
        case .resetURL: return lower == .char("1") || lower == .char("2")
        case .createCredential, .confirmDelete: return key == .enter
        case .leaveDirtyForm: return lower == .char("s")
        case .conflict: return lower == .char("k")
        case .resumeRun: return lower == .char("r")
        case .confirmAccess: return lower == .char("y")
        case .confirmDeleteKey: return key == .enter
        case .rolesChanged: return lower == .char("k")
        case .pick: return key == .enter
        case .revert, .message: return false
        }
    }

    @Test func twoThousandRandomBurstsChangeNothingUnasked() async throws {
        let seed = Self.seed("random type-ahead")
        let app = try await WholeApp(users: 30, latencyMs: 15)
        // Could these keys rightly answer the question on screen? (Over-approximated: any
        // confirming key in the burst, while a question was drawn before the key's frame.)
        let log = Self.scriptBursts(app, seed: seed, bursts: 2000, alphabet: Self.alphabet, maxKeys: 6, maxWaitMs: 25,
                                    settleLimit: 400,
                                    idle: { $0.isIdle },
                                    confirms: { state, keys in
                                        guard case .dialog(let dialog) = state.overlay else { return false }
                                        return keys.contains { Self.confirms($0, dialog) }
                                    })
        app.run()
        // Every write (or save that leads to one) came from a batch that could rightly confirm, or
        // followed a save that did (`.patchCredential` after the re-read).
        var savesAllowed = 0
        for (batch, effect) in app.effects where effect.isWriteOrSave {
            if log.mayConfirm.contains(batch) {
                if case .readForSave = effect { savesAllowed += 1 }
                continue
            }
            if case .write(.updateCredential, _) = effect, savesAllowed > 0 {
                savesAllowed -= 1
                continue
            }
            Issue.record("seed \(seed): \(effect) in batch \(batch) without a confirmation typed at its question")
        }
        // And the server saw exactly the writes the core asked for, each once.
        let sent = app.effects.filter { entry in
            if case .readForSave = entry.effect { return false }
            return entry.effect.isWriteOrSave
        }
        let writes = try await app.writesOnServer()
        #expect(writes.count == sent.count, """
            seed \(seed): \(writes.count) writes on the server, \(sent.count) asked for
            server: \(writes.map { "\($0.method) \($0.path)" })
            asked: \(sent.map { "\($0.batch): \($0.effect)" })
            """)
        print("random type-ahead: \(log.bursts) bursts, \(log.mayConfirm.count) could confirm, \(writes.count) writes, seed \(seed)")
        await app.shutdown()
    }

    /// Keys of the bulk panel, and a few around it (q aside).
    static let bulkAlphabet: [Key] = "b12345678yjkfRurs".map { Key.char($0) } + [.enter, .enter, .escape, .backspace, .tab]

    @Test func bulkBurstsStartNoRunUnaskedAndWriteEachRowOnce() async throws {
        let seed = Self.seed("random bulk type-ahead")
        let dir = try TemporaryDirectory("roster-bulk-typeahead")
        defer { dir.remove() }
        let store = RunStore(directory: dir.path)
        let app = try await WholeApp(users: 30, latencyMs: 5, runs: store)
        // A paused run only finishes what is in flight: quiet once no run is going or being planned.
        let log = Self.scriptBursts(app, seed: seed, bursts: 1000, alphabet: Self.bulkAlphabet, maxKeys: 5, maxWaitMs: 20,
                                    settleLimit: 600,
                                    idle: { app in ![.running, .stopping, .planning].contains(app.state.bulk?.stage) },
                                    confirms: { state, keys in
                                        state.keyContext == .bulk(.preview) && keys.contains { $0 == .enter || $0 == .char("y") }
                                    })
        app.run()
        // A run started only from a burst typed while its preview was on screen.
        var started = 0
        for (batch, effect) in app.effects {
            guard case .startBulk = effect else { continue }
            started += 1
            if !log.mayConfirm.contains(batch) {
                Issue.record("seed \(seed): a bulk run started in batch \(batch) without a confirmation typed at its preview")
            }
        }
        // The server saw one write per row the runs sent: applied or refused, never twice.
        let runs = try store.list()
        let rowsSent = runs.reduce(0) { $0 + $1.applied + $1.failed }
        let writes = try await app.writesOnServer()
        #expect(writes.count == rowsSent, "seed \(seed): \(writes.count) writes on the server, \(rowsSent) rows sent by \(runs.count) runs")
        // A plan is applied once per instance: starting the same plan again (after an undo, say) is
        // refused by the store before any file or request. Every other start has its file.
        let refused = app.received.filter {
            if case .bulk(.failed(let message)) = $0 { message.contains("this plan was already applied") || message.contains("being applied right now") } else { false }
        }.count
        #expect(runs.count + refused == started, "seed \(seed): every started run has its file (\(refused) refused as applied before)")
        print("random bulk type-ahead: \(log.bursts) bursts, \(log.mayConfirm.count) could confirm, \(started) runs, \(writes.count) writes, seed \(seed)")
        await app.shutdown()
    }

    /// ROSTER_TYPEAHEAD_SEED, else a random seed; printed so a failure can be replayed.
    static func seed(_ what: String) -> UInt64 {
        let seed = ProcessInfo.processInfo.environment["ROSTER_TYPEAHEAD_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...UInt64(UInt32.max))
        print("\(what) seed: \(seed) (ROSTER_TYPEAHEAD_SEED=\(seed) replays it)")
        return seed
    }

    /// What a scripted run of bursts did: how many, and which batches could rightly confirm.
    final class BurstLog {
        var bursts = 0
        /// Batches (by number) whose keys could rightly answer the question on screen.
        var mayConfirm = Set<Int>()
    }

    /// Scripts `app`: `bursts` bursts of 1…`maxKeys` random keys from `alphabet` (a third of them
    /// typed ahead), server answers let in at random moments (waiting up to `maxWaitMs`), then a
    /// bounded settle until `idle`. A burst typed at or after the frame that showed the overlay on
    /// top, whose keys `confirms` it, is logged as one that may confirm.
    static func scriptBursts(_ app: WholeApp, seed: UInt64, bursts total: Int, alphabet: [Key], maxKeys: Int, maxWaitMs: Int,
                             settleLimit: Int, idle: @escaping (WholeApp) -> Bool,
                             confirms: @escaping (AppState, [Key]) -> Bool) -> BurstLog {
        var rng = SplitMix64(seed: seed)
        let log = BurstLog()
        var settling = 0
        app.script = { app in
            if log.bursts >= total {
                // Let what is on its way come back (bounded), then stop.
                settling += 1
                let answers = app.answers(waitingMs: 50)
                if !answers.isEmpty { return answers }
                if idle(app) { return nil }
                if settling > settleLimit {
                    Issue.record("seed \(seed): still busy \(settleLimit) looks after the last burst")
                    return nil
                }
                return [.actions([])]
            }
            // Server answers arrive at random moments: sometimes wait for them, sometimes not.
            if rng.next() % 2 == 0 {
                let answers = app.answers(waitingMs: Int(rng.next() % UInt64(maxWaitMs)))
                if !answers.isEmpty { return answers }
            }
            log.bursts += 1
            let count = 1 + Int(rng.next() % UInt64(maxKeys))
            let keys = (0..<count).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let typedAhead = rng.next() % 3 == 0
            let state = app.state
            if let shownAt = state.overlayShownAt, (typedAhead ? app.loop.frame - 1 : app.loop.frame) >= shownAt,
               confirms(state, keys) {
                log.mayConfirm.insert(app.batch)
            }
            return keys.map { .key($0, typedAhead: typedAhead) }
        }
        return log
    }
}
