import Foundation
import LookerAPI
import Logging
import RosterApp
import RosterServices
import RosterCore
import ScreenKit
import Sandbox
import Synchronization
import Testing

/// The lowest layer of read-only: whatever the core asks for, a read-only client sends nothing but
/// GET, login and logout. Walks every changing effect through the real runner against the sandbox.
@Suite struct ReadOnlyEffectTests {
    static let changing: [Effect] = [
        .write(.updateCredential(before: Credential(email: "x@y.z"), draft: CredentialDraft(email: "new@example.com")), userID: "2"),
        .write(.updateCredential(before: Credential(email: "x@y.z"), draft: CredentialDraft(forcedReset: true)), userID: "2"),
        .write(.createLogin(email: "new@example.com"), userID: "3"),
        .write(.deleteLogin, userID: "2"),
        .write(.createResetURL(expires: true), userID: "2"),
        .write(.sendResetEmail, userID: "2"),
        .write(.setDisabled(true), userID: "2"),
    ]

    @Test(arguments: changing)
    func aReadOnlyClientSendsNoChange(_ effect: Effect) async throws {
        let sandbox = try await Sandbox.start(SandboxOptions())
        let config = LookerConfig(baseURL: sandbox.baseURL, clientID: sandbox.clientID, clientSecret: sandbox.clientSecret)
        let client = LookerClient(config: config, readOnly: true)
        let results = Mutex<[Action]>([])
        let runner = EffectRunner(client: client, logger: Logger(label: "test"), journal: nil) { action in
            results.withLock { $0.append(action) }
        }
        runner.run(effect)
        let deadline = ContinuousClock.now + .seconds(20)
        while results.withLock({ $0.isEmpty }) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let answer = try #require(results.withLock { $0.first })
        switch answer {
        case .saveFailed(_, let failure), .lifecycle(.failed(_, _, let failure)):
            #expect(failure.kind == .readOnly, "refused by the client: \(failure.summary)")
        default:
            Issue.record("the change went through: \(answer)")
        }
        await client.shutdown()
        let sent = await sandbox.requests()
        await sandbox.stop()
        for request in sent {
            let allowed = request.method == "GET" || (request.method == "POST" && request.path.hasSuffix("/login"))
                || (request.method == "DELETE" && request.path.hasSuffix("/logout"))
            #expect(allowed, "sent \(request.method) \(request.path)")
        }
    }
}
