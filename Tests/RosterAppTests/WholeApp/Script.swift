import Foundation
@testable import RosterApp
@testable import RosterServices
import RosterCore
import ScreenKit
import Testing

/// A test's moves, one at a time, each time the loop waits for events.
enum Step {
    /// Deliver server answers until `condition` holds (checked on the frame on screen); fail after `ms`.
    case until(String, ms: Int = 20_000, (WholeApp) -> Bool)
    /// One read of the terminal: these keys at once, typed at the screen on display or typed ahead.
    case keys([Key], typedAhead: Bool = false)
    /// The barrier: deliver server answers until nothing is on its way (``WholeApp/isIdle``); fail after `ms`.
    static func idle(ms: Int = 20_000) -> Step { .until("idle: nothing in flight", ms: ms) { $0.isIdle } }
}

/// Plays steps against the whole app; records the step that timed out, if one did.
final class Script {
    private var steps: [Step]
    private var started: Date?
    private(set) var timedOut: String?

    init(_ steps: [Step]) { self.steps = steps }

    func next(_ app: WholeApp) -> [LoopEvent]? {
        guard let step = steps.first else { return nil }
        let now = Date()
        if started == nil { started = now }
        let elapsedMs = Int(now.timeIntervalSince(started!) * 1000)
        switch step {
        case .until(let label, let ms, let condition):
            if condition(app) { return advance(app) }
            if elapsedMs > ms {
                timedOut = label
                return nil
            }
            let answers = app.answers(waitingMs: 20)
            return answers.isEmpty ? [.actions([])] : answers
        case .keys(let keys, let typedAhead):
            steps.removeFirst()
            started = nil
            return keys.map { .key($0, typedAhead: typedAhead) }
        }
    }

    private func advance(_ app: WholeApp) -> [LoopEvent]? {
        steps.removeFirst()
        started = nil
        return next(app)
    }
}

extension WholeApp {
    /// Plays `steps`; fails the test if one timed out.
    func play(_ steps: [Step], sourceLocation: SourceLocation = #_sourceLocation) {
        let script = Script(steps)
        self.script = { script.next($0) }
        run()
        #expect(script.timedOut == nil, """
            timed out waiting for: \(script.timedOut ?? "") (list: \(state.list.progress), \(state.list.count) users)
            \(screen.joined(separator: "\n"))
            """,
                sourceLocation: sourceLocation)
    }

    /// The form is open on a loaded credential (not loading) for the selected user.
    var formLoaded: Bool { state.form != nil }
    var usersLoaded: Bool { state.list.progress == .complete }
}
