import RosterCore
import RosterServices
import ScreenKit

/// Something the event loop reacts to.
public enum LoopEvent: Sendable, Equatable {
    /// A key. `typedAhead`: it was already waiting when the loop asked for events, so it was typed
    /// before the frame now on screen was drawn.
    case key(Key, typedAhead: Bool)
    case resize(Size)
    /// SIGINT, SIGTERM or SIGHUP: leave at once with 128 + signo.
    case signal(Int32)
    /// Results of effects, in the order they were posted.
    case actions([Action])
}

/// Where the loop's events come from: the terminal and the mailbox in the app, a script in tests.
public protocol EventSource: AnyObject {
    /// Blocks until something happens and returns it (never empty unless the source is finished).
    func next() -> [LoopEvent]
}

/// The TUI's loop, generic over where frames go and where events come from, so tests run the real
/// loop on a `MemoryBackend` with scripted keys.
///
/// Each turn draws a frame, tells the core which frame is on screen (`.frameShown`), then waits.
/// Every key is stamped with the frame the user could see when typing it: the frame now on screen,
/// or the one before when the key was already waiting (typed ahead). The core uses the stamp so a
/// key typed before a question appeared never answers it. Keys that come together with the same
/// stamp go to the core as one burst (`.keys`): however many there are, they cost one frame, and
/// keys with different stamps are never merged.
public final class EventLoop<B: Backend, S: EventSource> {
    public private(set) var state: AppState
    public let backend: B
    public let source: S
    /// The number of the frame on screen.
    public private(set) var frame = 0
    let run: (Effect) -> Void
    let clipboard: (String) -> Bool
    /// Called after each frame is drawn (startup tracing).
    var drawn: (AppState) -> Void = { _ in }
    /// Called for each action from the mailbox (tracing).
    var received: (Action) -> Void = { _ in }
    /// Seconds since 1970; read each turn and sent to the core (`.clockRead`) when the minute changes.
    public var clock: (() -> Int64)?
    private var clockMinute: Int64?

    /// `run` performs an effect (the effect runner); `clipboard` puts text on the terminal's clipboard
    /// and says whether it fit.
    public init(state: AppState, backend: B, source: S, run: @escaping (Effect) -> Void,
                clipboard: @escaping (String) -> Bool = { _ in false }) {
        self.state = state
        self.backend = backend
        self.source = source
        self.run = run
        self.clipboard = clipboard
    }

    public func dispatch(_ action: Action) {
        for effect in reduce(&state, action) {
            if case .copyToClipboard(let text) = effect {
                if !clipboard(text) { dispatch(.noticed("not copied: too long for the clipboard")) }
            } else {
                run(effect)
            }
        }
    }

    /// Runs until the core quits (0) or a signal arrives (128 + signo), or the source runs dry (0).
    public func runUntilQuit() -> Int32 {
        while !state.quitting {
            if let now = clock?(), now / 60 != clockMinute {
                clockMinute = now / 60
                dispatch(.clockRead(epochSeconds: now))
            }
            let shown = render(state)
            backend.draw(shown.grid, cursor: shown.cursor)
            frame += 1
            dispatch(.frameShown(frame))
            drawn(state)
            let events = source.next()
            if events.isEmpty { return 0 }
            // A signal is answered ahead of any keys that came with it.
            for case .signal(let signo) in events { return 128 + signo }
            var burst: [Key] = []
            var burstSeen = frame
            for event in events {
                if case .key(let key, let typedAhead) = event {
                    let seen = typedAhead ? frame - 1 : frame
                    if seen != burstSeen { send(&burst, seen: burstSeen) }
                    burst.append(key)
                    burstSeen = seen
                    continue
                }
                send(&burst, seen: burstSeen)
                if state.quitting { break }
                switch event {
                case .key:
                    break
                case .resize(let size):
                    dispatch(.resized(size))
                case .signal(let signo):
                    return 128 + signo
                case .actions(let actions):
                    for action in actions {
                        dispatch(action)
                        received(action)
                    }
                }
                if state.quitting { break }
            }
            send(&burst, seen: burstSeen)
        }
        return 0
    }

    /// Hands the keys gathered to the core (alone, or as one burst) and empties the list.
    private func send(_ keys: inout [Key], seen: Int) {
        guard !keys.isEmpty, !state.quitting else { keys = []; return }
        dispatch(keys.count == 1 ? .key(keys[0], seen: seen) : .keys(keys, seen: seen))
        keys = []
    }
}
