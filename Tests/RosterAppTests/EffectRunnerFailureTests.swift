import Foundation
import LookerAPI
import RosterApp
import RosterServices
import RosterCore
import ScreenKit
import Testing

/// Every kind of failure reaches the core as the right `Failure.Kind`, with the server's own words.
@Suite("Effect runner: failures")
struct EffectRunnerFailureTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let error: LookerError
        let failure: Failure
        var testDescription: String { failure.summary }
    }

    static func message(_ text: String) -> ServerMessage { ServerMessage(message: text) }

    static let cases: [Case] = [
        Case(error: .validation(message("Validation Failed"), [
                FieldError(field: "email", code: "invalid", message: "is not a valid email"),
                FieldError(field: "email", code: "taken", message: "is already taken"),
                FieldError(field: "password", code: "missing", message: "can't be blank"),
             ]),
             failure: Failure(kind: .validation, summary: "422 Validation Failed",
                              fieldErrors: ["email": "is not a valid email; is already taken"],
                              otherErrors: ["password: can't be blank"])),
        Case(error: .badRequest(message("Malformed JSON body")),
             failure: Failure(kind: .badRequest, summary: "400 bad request: Malformed JSON body")),
        Case(error: .unauthorized(message("Requires authentication.")),
             failure: Failure(kind: .unauthorized, summary: "401 unauthorized: Requires authentication.")),
        Case(error: .forbidden(message("Not allowed on Looker (Google Cloud core)")),
             failure: Failure(kind: .forbidden, summary: "403 forbidden: Not allowed on Looker (Google Cloud core)")),
        Case(error: .notFound(message("Not found")),
             failure: Failure(kind: .notFound, summary: "404 not found: Not found")),
        Case(error: .conflict(message("Email credential already exists")),
             failure: Failure(kind: .conflict, summary: "409 conflict: Email credential already exists")),
        Case(error: .rateLimited(message("Too many requests, slow down")),
             failure: Failure(kind: .rateLimited, summary: "429 still rate limited after retries: Too many requests, slow down")),
        Case(error: .server(status: 503, message("Service Unavailable")),
             failure: Failure(kind: .server, summary: "503 server error: Service Unavailable")),
        Case(error: .transport("connection refused"),
             failure: Failure(kind: .network, summary: "network error: connection refused")),
        Case(error: .undecodable(status: 200, firstLine: "<html><body>proxy login</body>"),
             failure: Failure(kind: .undecodable, summary: "200: unexpected answer: <html><body>proxy login</body>")),
    ]

    @Test(arguments: cases)
    func aFailedSaveSaysWhatKindAndKeepsTheServersMessage(_ c: Case) async throws {
        let h = RunnerHarness()
        h.fake.on(.updateCredential, user: "7", .failure(c.error))
        h.runner.run(.write(.updateCredential(before: Credential(email: "a@acme.co"), draft: CredentialDraft(email: "b@acme.co")), userID: "7"))
        let answer = try await h.posted.first { $0.caseName == "saveFailed" }
        #expect(answer == .saveFailed(userID: "7", c.failure))
        try await h.settled()
        #expect(h.runner.writesInFlight == 0)
    }

    @Test(arguments: cases)
    func aFailedLifecycleWriteSaysWhatKindAndKeepsTheServersMessage(_ c: Case) async throws {
        let h = RunnerHarness()
        h.fake.on(.createCredential, user: "7", .failure(c.error))
        h.runner.run(.write(.createLogin(email: "b@acme.co"), userID: "7"))
        let answer = try await h.posted.first { $0.caseName == "lifecycle.failed" }
        #expect(answer == .lifecycle(.failed(userID: "7", operation: .createLogin, c.failure)))
    }

    @Test(arguments: cases)
    func aFailedCredentialReadSaysWhatKindUnlessThereIsNoLogin(_ c: Case) async throws {
        let h = RunnerHarness()
        h.fake.on(.credential, user: "7", .failure(c.error))
        h.runner.run(.fetchCredential(request: 3, userID: "7", delayMs: 0))
        try await h.settled()
        // 404 on a credential is an answer, not a failure: the user has no email login.
        let expected: Action = c.failure.kind == .notFound ? .credentialMissing(request: 3, userID: "7")
                                                           : .credentialFailed(request: 3, userID: "7", c.failure)
        #expect(h.posted.all == [expected])
    }
}
