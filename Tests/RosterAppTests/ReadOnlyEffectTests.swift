import Foundation
import LookerAPI
import Logging
import RosterApp
import RosterServices
import RosterCore
import ScreenKit
import Sandbox
import Testing
import TestSupport

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
        .write(.addRole(roleID: "8", expected: nil), userID: "2"),
        .write(.removeFromGroup(groupID: "1"), userID: "2"),
        .write(.setAttribute(attributeID: "2", name: "max_rows", value: "7", hidden: false), userID: "2"),
        .write(.logout(sessionID: "1"), userID: "2"),
    ]

    @Test(arguments: changing)
    func aReadOnlyClientSendsNoChange(_ effect: Effect) async throws {
        try await SandboxRun.with(SandboxOptions(), client: { $0.client(readOnly: true) }) { sandbox, client in
            let results = PostedActions()
            let runner = EffectRunner(client: client, logger: Logger(label: "test"), journal: nil, post: { results.post($0) })
            runner.run(effect)
            let answer = try await results.first(within: .seconds(20)) { _ in true }
            switch answer {
            case .saveFailed(_, let failure), .lifecycle(.failed(_, _, let failure)):
                #expect(failure.kind == .readOnly, "refused by the client: \(failure.summary)")
            default:
                Issue.record("the change went through: \(answer)")
            }
            // The barrier: nothing of the runner's is in flight, and the sandbox has logged every
            // request answered before a marker sent now.
            try await runner.idle()
            let sent = try #require(try await sandbox.requestsBeforeMarker(), "the marker reached the request log")
            for request in sent {
                #expect(!request.mayChange, "sent \(request.line)")
            }
        }
    }
}
