import Testing
@testable import RosterCore
import ScreenKit

/// The rule of PRODUCT.md §4 in the reducer, dialog by dialog: a key typed before a question was on
/// screen never answers it; the same key typed once it shows does.
@Suite struct ReducerTypeAheadTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// The state, and the reads of keys that open the question: each read typed at a new frame.
        var start: @Sendable () -> AppState
        var reads: [[Key]]
        /// The key that answers "yes".
        var answer: Key
        var testDescription: String { name }
    }

    static func editingDirty() -> AppState {
        var state = People.editing()
        _ = reduce(&state, .key(.char("m")))
        return state
    }

    static func carol() -> AppState {
        var state = People.loaded()
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .credentialMissing(request: state.detailRequest, userID: "3"))
        return state
    }

    static func afterADisable() -> AppState {
        var state = People.loaded()
        _ = reduce(&state, .key(.char("x")))
        _ = reduce(&state, .key(.char("y")))
        var alice = People.alice
        alice.enabled = false
        _ = reduce(&state, .lifecycle(.userChanged(alice)))
        return state
    }

    static func conflict() -> AppState {
        var state = editingDirty()
        _ = reduce(&state, .key(.ctrl("s")))
        var server = People.credential(People.alice)
        server.email = "changed@acme.co"
        _ = reduce(&state, .saveChecked(userID: "1", current: server))
        return state
    }

    static let cases: [Case] = [
        Case(name: "disable", start: { People.loaded() }, reads: [[.char("x")]], answer: .char("y")),
        Case(name: "send reset", start: { People.editing() }, reads: [[.tab], [.char("e")]], answer: .char("y")),
        Case(name: "reset URL", start: { People.editing() }, reads: [[.tab], [.char("p")]], answer: .char("1")),
        Case(name: "delete", start: { People.editing() }, reads: [[.tab], [.char("D")], "alice@acme.co".map { .char($0) }],
             answer: .enter),
        Case(name: "create", start: { carol() }, reads: [[.char("c")]], answer: .enter),
        Case(name: "undo", start: { afterADisable() }, reads: [[.char("u")]], answer: .char("y")),
        Case(name: "leave a dirty form", start: { editingDirty() }, reads: [[.tab], [.char("q")]], answer: .char("s")),
        Case(name: "conflict, keep mine", start: { conflict() }, reads: [], answer: .char("k")),
    ]

    static func work(_ effects: [Effect]) -> [Effect] {
        effects.filter { if case .expireFlash = $0 { false } else { true } }
    }

    @Test(arguments: cases)
    func aKeyTypedBeforeTheQuestionShowedIsIgnoredAndTheSameKeyAfterAnswers(_ c: Case) {
        var state = c.start()
        var frame = 5
        _ = reduce(&state, .frameShown(frame))
        for read in c.reads {
            for key in read { _ = reduce(&state, .key(key, seen: frame)) }
            frame += 1
            _ = reduce(&state, .frameShown(frame))
        }
        guard case .dialog(let question) = state.overlay else {
            Issue.record("\(c.name): no question open: \(state.overlay)")
            return
        }
        #expect(question.kind != .message, "\(c.name)")
        let shownAt = state.overlayShownAt ?? frame
        let staleBefore = state.staleKeys
        // Typed before the question was drawn (read late, in the same burst as what opened it).
        let ahead = Self.work(reduce(&state, .key(c.answer, seen: shownAt - 1)))
        #expect(ahead == [], "\(c.name): a key typed before the question showed answered it")
        #expect(state.overlay == .dialog(question), "\(c.name): the question stays")
        #expect(state.staleKeys == staleBefore + 1)
        // The same key typed while the question shows answers it.
        let answered = Self.work(reduce(&state, .key(c.answer, seen: shownAt)))
        #expect(!answered.isEmpty, "\(c.name): the answer typed at the question did nothing")
        #expect(answered.allSatisfy { effect in
            switch effect {
            case .write, .readForSave:
                true
            default:
                false
            }
        }, "\(c.name): \(answered)")
    }

    @Test func theDialogSaysWhenAKeyWasIgnored() {
        var state = People.loaded()
        _ = reduce(&state, .frameShown(1))
        _ = reduce(&state, .key(.char("x"), seen: 1))
        _ = reduce(&state, .key(.char("y"), seen: 1))
        _ = reduce(&state, .frameShown(2))
        #expect(render(state).grid.lines.joined().contains("press again"))
        _ = reduce(&state, .key(.char("y"), seen: 2))
        #expect(state.overlay == .none)
        #expect(!render(state).grid.lines.joined().contains("press again"))
    }
}

/// A reload clears the failure it is retrying, so the status line says "loading", not the old error.
@Suite struct ReducerReloadTests {
    @Test func reloadDropsTheOldLoadingFailure() {
        var state = AppState(instance: "acme.looker.com", policy: .readWrite, size: Size(cols: 80, rows: 24))
        _ = reduce(&state, .started)
        _ = reduce(&state, .usersFailed(generation: state.loadGeneration, Failure(kind: .network, summary: "acme: timed out after 5 s")))
        #expect(state.flash?.text == "loading users failed: acme: timed out after 5 s")
        let effects = reduce(&state, .key(.char("r")))
        #expect(effects == [.loadUsers(generation: state.loadGeneration), .loadCatalog, .spaceReloads(afterMs: 1000)])
        #expect(state.flash == nil)
        #expect(render(state).grid.lines.last?.contains("loading users") == true)
        #expect(render(state).grid.lines.last?.contains("failed") == false)
    }
}
