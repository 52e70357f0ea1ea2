import Foundation
import LookerAPI
import Logging
import RosterApp
import RosterServices
import RosterCore
import ScreenKit
import Testing

/// A runner on a fake service, with what it posted and what it logged.
struct RunnerHarness {
    let fake = FakeLooker()
    let posted = PostedActions()
    let log = JournalLogCapture()
    let runner: EffectRunner

    init(journal: Journal? = nil) {
        let posted = posted
        runner = EffectRunner(client: fake, logger: log.logger, journal: journal, post: { posted.post($0) })
    }

    /// Waits until nothing the runner started is running any more.
    func settled() async throws {
        try await runner.idle()
    }
}

extension EffectRunner {
    /// No read and no write the runner started is still running.
    var isIdle: Bool { readsInFlight == 0 && writesInFlight == 0 }

    /// The barrier before asserting that nothing was sent: waits (at most `timeout`) until no read
    /// and no write is in flight; records an issue and throws when that never comes.
    func idle(within timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await until(within: timeout, sourceLocation: sourceLocation) { isIdle }
    }
}

/// Server-side values for the fake to answer with.
enum Served {
    static func credential(_ userID: String, _ email: String, forced: Bool = false, disabled: Bool = false) -> CredentialsEmail {
        CredentialsEmail(createdAt: "2024-03-02", email: email, forcedPasswordResetAtNextLogin: forced, userID: LookerID(userID),
                         isDisabled: disabled, type: "email")
    }

    static func user(_ id: String, _ name: String, _ email: String, disabled: Bool = false) -> User {
        User(credentialsEmail: CredentialsEmail(email: email), displayName: name, email: email, id: LookerID(id), isDisabled: disabled)
    }
}

extension Action {
    /// For waiting on an action by its case alone.
    /// "saved", or for a feature's action "lifecycle.failed", "bulk.ended".
    var caseName: String {
        let text = String(describing: self)
        let outer = String(text.prefix { $0 != "(" })
        guard outer == "lifecycle" || outer == "bulk" else { return outer }
        // "lifecycle(RosterCore.LifecycleEvent.failed(userID: …))"
        let inner = text.dropFirst(outer.count + 1).prefix { $0 != "(" }
        return outer + "." + (inner.split(separator: ".").last.map(String.init) ?? "")
    }
}
