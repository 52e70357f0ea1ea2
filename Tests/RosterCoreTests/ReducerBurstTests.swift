import Testing
@testable import RosterCore
import ScreenKit

/// Keys that come faster than they are handled (a paste, a held key) arrive as one burst: the same
/// outcome as one key at a time, a bounded amount of work, no pile of reads, and no answer to a
/// question the burst itself raised.
@Suite struct ReducerBurstTests {
    typealias P = People

    static func keys(_ text: String) -> [Key] { text.map { Key.char($0) } }

    @Test func movesInABurstAddUpToOneMoveAndOneRead() {
        var store = TestStore(P.loaded())
        // j ×6 stops at the last user (index 4), k goes back one, j returns: as one key at a time.
        store.send(.keys(Self.keys("jjjjjjkj"), seen: 1), effects: [.fetchCredential(request: 2, userID: "5", delayMs: 60)]) {
            $0.list.select(index: 4)
            $0.detailRequest = 2
            $0.detail = .loading(userID: "5")
        }
    }

    @Test func aBurstOfReloadsLoadsOnceAndQueuesOneMore() {
        var store = TestStore(P.loaded())
        store.send(.keys(Array(repeating: .char("r"), count: 200), seen: 1),
                   effects: [.loadUsers(generation: 2), .loadCatalog, .spaceReloads(afterMs: 1000), .expireFlash(id: 1, afterMs: 4000)]) {
            $0.loadGeneration = 2
            $0.list.reset()
            $0.detail = .empty
            $0.detailRequest = 2
            $0.reloadSpacing = true
            $0.reloadQueued = true
            $0.flashSeq = 1
            $0.flash = Flash(id: 1, text: "reloading again in a moment (one load at a time)", level: .info)
        }
        // A held r: each key alone, while the load is under way, starts nothing more.
        for _ in 0..<30 { store.send(.key(.char("r"))) }
        // The load ends within the second: the queued one waits for the second to pass.
        store.send(.usersLoaded(generation: 2, rows: P.all, done: true),
                   effects: [.fetchCredential(request: 3, userID: "1", delayMs: 0)]) {
            $0.list.add(P.all)
            $0.list.progress = .complete
            $0.detailRequest = 3
            $0.detail = .loading(userID: "1")
        }
        for _ in 0..<30 { store.send(.key(.char("r"))) }
        store.send(.reloadSpacingEnded, effects: [.loadUsers(generation: 3), .loadCatalog, .spaceReloads(afterMs: 1000)]) {
            $0.reloadQueued = false
            $0.loadGeneration = 3
            $0.list.reset()
            $0.detail = .empty
            $0.detailRequest = 4
        }
        store.send(.usersLoaded(generation: 3, rows: P.all, done: true),
                   effects: [.fetchCredential(request: 5, userID: "1", delayMs: 0)]) {
            $0.list.add(P.all)
            $0.list.progress = .complete
            $0.detailRequest = 5
            $0.detail = .loading(userID: "1")
        }
        store.send(.reloadSpacingEnded) { $0.reloadSpacing = false }
    }

    /// A load that outlasts the second: the queued reload starts when it ends.
    @Test func aQueuedReloadStartsWhenASlowLoadEnds() {
        var store = TestStore(P.loaded())
        store.send(.keys([.char("r"), .char("r")], seen: 1),
                   effects: [.loadUsers(generation: 2), .loadCatalog, .spaceReloads(afterMs: 1000), .expireFlash(id: 1, afterMs: 4000)]) {
            $0.loadGeneration = 2
            $0.list.reset()
            $0.detail = .empty
            $0.detailRequest = 2
            $0.reloadSpacing = true
            $0.reloadQueued = true
            $0.flashSeq = 1
            $0.flash = Flash(id: 1, text: "reloading again in a moment (one load at a time)", level: .info)
        }
        store.send(.reloadSpacingEnded) { $0.reloadSpacing = false }
        store.send(.usersLoaded(generation: 2, rows: P.all, done: true),
                   effects: [.loadUsers(generation: 3), .loadCatalog, .spaceReloads(afterMs: 1000)]) {
            $0.reloadQueued = false
            $0.reloadSpacing = true
            $0.loadGeneration = 3
            $0.detailRequest = 4
        }
    }

    @Test func aQueuedReloadThatWouldDropEditsIsNotDone() {
        var state = P.loaded()
        state.list.progress = .loading             // a load under way
        var store = TestStore(state)
        store.send(.key(.char("r")), effects: [.expireFlash(id: 1, afterMs: 4000)]) {
            $0.reloadQueued = true
            $0.flashSeq = 1
            $0.flash = Flash(id: 1, text: "reloading again in a moment (one load at a time)", level: .info)
        }
        store.state.editForm { _ = $0.email.handle(.ctrl("u")) }   // edits made meanwhile
        store.send(.usersLoaded(generation: 1, rows: [], done: true), effects: [.expireFlash(id: 2, afterMs: 4000)]) {
            $0.list.progress = .complete
            $0.reloadQueued = false
            $0.flashSeq = 2
            $0.flash = Flash(id: 2, text: "reload not done: the form has unsaved edits (r asks about them)", level: .warning)
        }
    }

    @Test func aPasteIntoTheFilterIsTypedUpToTheCapAndSaysSo() {
        var store = TestStore(P.loaded())
        store.send(.key(.char("/"))) { $0.focus = .filter }
        let text = String(repeating: "zq", count: 600)
        store.send(.keys(Self.keys(text), seen: 1), effects: [.expireFlash(id: 1, afterMs: 4000)]) {
            $0.list.setFilter(String(text.prefix(TextField.maxCharacters)))
            $0.detailRequest = 2       // nobody matches: no user selected
            $0.detail = .empty
            $0.flashSeq = 1
            $0.flash = Flash(id: 1, text: "the filter is full (256 characters): the rest was not typed", level: .warning)
        }
        // Enter ends the filter: the next letters are commands again.
        store.send(.keys([.enter, .char("q")], seen: 1), effects: [.quit]) {
            $0.focus = .list
            $0.quitting = true
        }
    }

    @Test func aPasteIntoTheEmailFieldIsTextUpToTheCap() {
        var store = TestStore(P.editing())
        store.send(.key(.ctrl("u"))) { $0.editForm { _ = $0.email.handle(.ctrl("u")) } }
        let text = String(repeating: "q", count: 300)
        // 44 keys do not fit, each says so; the burst keeps the last flash's expiry only.
        store.send(.keys(Self.keys(text), seen: 1), effects: [.expireFlash(id: 44, afterMs: 4000)]) {
            $0.editForm { $0.email = TextField(String(repeating: "q", count: TextField.maxCharacters)) }
            $0.flashSeq = 44
            $0.flash = Flash(id: 44, text: "the email field is full (256 characters): the rest was not typed", level: .warning)
        }
        #expect(!store.state.quitting)
    }

    @Test func keysTypedWhileTheCredentialLoadsAreKeptUpToTheCap() {
        var state = P.loaded()
        _ = reduce(&state, .key(.char("j")))
        var store = TestStore(state)
        store.send(.keys([.enter] + Self.keys(String(repeating: "a", count: 300)), seen: 1),
                   effects: [.expireFlash(id: 44, afterMs: 4000)]) {
            $0.focus = .form
            $0.typedWhileLoading = Array(repeating: .char("a"), count: TextField.maxCharacters)
            $0.flashSeq = 44
            $0.flash = Flash(id: 44, text: "the email field is full (256 characters): the rest was not typed", level: .warning)
        }
    }

    @Test func aBurstThatRaisesAQuestionDoesNotAnswerIt() {
        var state = P.loaded()
        _ = reduce(&state, .frameShown(1))
        var store = TestStore(state)
        store.send(.keys(Self.keys("xyyy"), seen: 1)) {
            $0.overlay = .dialog(.confirmDisable(userID: "1", name: "Alice Smith", disable: true))
            $0.staleKeys = 3
        }
        store.send(.frameShown(2)) {
            $0.shownFrame = 2
            $0.overlayShownAt = 2
        }
        store.send(.keys(Self.keys("y"), seen: 2), effects: [.write(.setDisabled(true), userID: "1")]) {
            $0.overlay = .none
            $0.overlayShownAt = nil
            $0.staleKeys = 0
            $0.lifecycle.writes[PendingWrite(.disable, "1")] = "disabling…"
        }
    }

    @Test func aKeyThatQuitsEndsTheBurst() {
        var store = TestStore(P.loaded())
        store.send(.keys(Self.keys("jqjj"), seen: 1), effects: [.fetchCredential(request: 2, userID: "2", delayMs: 60), .quit]) {
            $0.list.select(index: 1)
            $0.detailRequest = 2
            $0.detail = .loading(userID: "2")
            $0.quitting = true
        }
    }

    /// Any keys as one burst end where the same keys sent one by one end (the numbers that only
    /// tell answers apart may differ), and ask for the same writes.
    @Test(arguments: 0..<40)
    func aBurstEndsWhereTheSameKeysOneByOneEnd(seed: Int) {
        var random = SplitMix(seed: UInt64(seed))
        let alphabet: [Key] = Self.keys("jjjjkkkgG/al.icrr?xyc ") + [.enter, .escape, .down, .up, .pageDown, .backspace, .tab, .ctrl("u")]
        let keys = (0..<60).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
        var one = P.loaded()
        var oneEffects: [Effect] = []
        for key in keys where !one.quitting { oneEffects += reduce(&one, .key(key, seen: 0)) }
        var burst = P.loaded()
        let burstEffects = reduce(&burst, .keys(keys, seen: 0))
        #expect(burst.list == one.list)
        #expect(burst.focus == one.focus)
        #expect(burst.overlay == one.overlay)
        #expect(burst.detail == one.detail)
        #expect(burst.flash?.text == one.flash?.text)
        #expect(burst.staleKeys == one.staleKeys)
        #expect(burst.reloadQueued == one.reloadQueued)
        #expect(burstEffects.filter(\.changesTheServer) == oneEffects.filter(\.changesTheServer))
        #expect(burstEffects.count { if case .fetchCredential = $0 { true } else { false } } <= 1)
        #expect(burstEffects.count { if case .loadUsers = $0 { true } else { false } } <= 1)
        #expect(burstEffects.count { if case .expireFlash = $0 { true } else { false } } <= 1)
    }
}

extension Effect {
    var changesTheServer: Bool {
        switch self {
        case .write, .readForSave: true
        default: false
        }
    }
}

/// A small seeded generator, so a failing case can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
