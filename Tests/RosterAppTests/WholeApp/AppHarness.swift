import Foundation
import LookerAPI
import Logging
@testable import RosterApp
@testable import RosterServices
import RosterCore
import Sandbox
import ScreenKit
import Testing
import TestSupport

/// Results posted by the effect runner, waited for with a deadline (the loop's mailbox in tests).
final class ActionInbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [Action] = []

    func post(_ action: Action) {
        condition.lock()
        queue.append(action)
        condition.signal()
        condition.unlock()
    }

    /// Nothing posted is waiting to be taken.
    var isEmpty: Bool {
        condition.lock()
        defer { condition.unlock() }
        return queue.isEmpty
    }

    /// Everything posted so far, waiting up to `ms` for the first one.
    func take(waitingMs ms: Int) -> [Action] {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(Double(ms) / 1000)
        while queue.isEmpty && ms > 0 && condition.wait(until: deadline) {}
        defer { queue.removeAll() }
        return queue
    }
}

/// The whole app without a terminal: the real event loop, the real effect runner and client, a
/// sandbox over loopback, and a `MemoryBackend` whose screen the test reads as text. Keys come from
/// the test as bursts (one read of the terminal), each either typed ahead or typed at the screen.
final class WholeApp: EventSource {
    let sandbox: Sandbox
    let client: LookerClient
    let runner: EffectRunner
    let inbox = ActionInbox()
    let backend: MemoryBackend
    var loop: EventLoop<MemoryBackend, WholeApp>!
    /// The test's next move, asked each time the loop waits: events to deliver, or nil to stop.
    var script: (WholeApp) -> [LoopEvent]? = { _ in nil }
    /// Every effect the core asked for, with the number of the batch of events that caused it.
    private(set) var effects: [(batch: Int, effect: Effect)] = []
    private(set) var batch = 0
    /// Every action the loop received from the runner (its answers), in order.
    private(set) var received: [Action] = []

    init(users: Int = 40, latencyMs: Int = 0, size: Size = Size(cols: 120, rows: 30), runs: RunStore? = nil,
         readOnly: Bool = false) async throws {
        var options = SandboxOptions()
        options.users = users
        options.latencyMs = latencyMs
        sandbox = try await Sandbox.start(options)
        client = sandbox.client(retry: .standard)
        backend = MemoryBackend(size: size)
        let inbox = self.inbox
        runner = EffectRunner(client: client, logger: Logger(label: "test"), journal: nil, runs: runs, post: { inbox.post($0) })
        loop = EventLoop(state: AppState(instance: "sandbox", policy: Policy(readOnly: readOnly, reason: readOnly ? "--read-only" : "default"), size: size), backend: backend, source: self,
                         run: { [unowned self] effect in
                             effects.append((batch, effect))
                             runner.run(effect)
                         })
        loop.received = { [unowned self] action in received.append(action) }
    }

    /// Runs the loop on this thread until the script stops or the app quits.
    private var started = false

    func run() {
        if !started {
            started = true
            loop.dispatch(.started)
        }
        _ = loop.runUntilQuit()
    }

    func next() -> [LoopEvent] {
        batch += 1
        return script(self) ?? []
    }

    /// Answers from the runner, waiting up to `ms` for the first.
    func answers(waitingMs ms: Int) -> [LoopEvent] {
        let actions = inbox.take(waitingMs: ms)
        return actions.isEmpty ? [] : [.actions(actions)]
    }

    var screen: [String] { backend.lines }
    var state: AppState { loop.state }

    func shutdown() async {
        runner.cancelReads()
        await client.shutdown()
        await sandbox.stop()
    }

    /// Nothing is on its way: no read or write of the runner in flight, and no answer waiting to be
    /// reduced (a reduced answer's effects start at once, so they would be in flight).
    var isIdle: Bool { runner.isIdle && inbox.isEmpty }

    /// Requests that could change something on the server, as the sandbox logged them before a marker
    /// sent now. Asked once the app is idle (``Step/idle``), it is every change the app sent.
    func writesOnServer(sourceLocation: SourceLocation = #_sourceLocation) async throws -> [LoggedRequest] {
        try await loggedRequests(sourceLocation: sourceLocation).filter(\.mayChange)
    }

    /// Every request the sandbox logged before a marker sent now.
    func loggedRequests(sourceLocation: SourceLocation = #_sourceLocation) async throws -> [LoggedRequest] {
        try #require(try await sandbox.requestsBeforeMarker(), "the marker reached the request log", sourceLocation: sourceLocation)
    }

    static func keys(_ text: String) -> [Key] { text.map { Key.char($0) } }
}

extension Effect {
    /// The effect sends a change, or starts a save that will send one.
    var isWriteOrSave: Bool {
        switch self {
        case .write, .readForSave:
            true
        default:
            false
        }
    }
}
