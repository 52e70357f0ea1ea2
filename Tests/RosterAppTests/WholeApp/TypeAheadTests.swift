import Foundation
import LookerAPI
@testable import RosterApp
@testable import RosterServices
import RosterCore
import ScreenKit
import Testing

/// Keys typed ahead never change the server: the real loop, runner and client against a slow sandbox.
@Suite(.serialized)
struct TypeAheadTests {
    /// A user with an email login, enabled, found through the client.
    static func someone(_ app: WholeApp) async throws -> (id: String, email: String) {
        let page = try await app.client.usersPage(search: nil, limit: 40, offset: 0, fields: LookerClient.listFields, sorts: "id")
        let user = try #require(page.first { $0.id?.rawValue != "1" && $0.credentialsEmail?.email != nil && $0.isDisabled != true })
        return (try #require(user.id?.rawValue), try #require(user.credentialsEmail?.email))
    }

    /// The reported burst: `/`, the email, Enter, Enter, then a command letter and more, in one read,
    /// over a slow link. The letters land in the email field; nothing is sent.
    @Test(arguments: ["x", "D", "p", "e", "u", "c"])
    func aBurstAfterEnterEnterChangesNothing(letter: String) async throws {
        let app = try await WholeApp(latencyMs: 300)
        let (id, email) = try await Self.someone(app)
        app.play([
            .until("users loaded") { $0.usersLoaded },
            .keys([.char("/")] + WholeApp.keys(email) + [.enter, .enter] + WholeApp.keys(letter + "yz")),
            .until("the form with the typed text") { $0.state.form?.email.text == email + letter + "yz" },
            .idle(),
        ])
        #expect(app.state.form?.userID == id)
        #expect(app.state.overlay == .none)
        #expect(app.state.focus == .form)
        #expect(try await app.writesOnServer().isEmpty)
        #expect(!app.effects.contains { $0.effect.isWriteOrSave })
        await app.shutdown()
    }

    /// The same keys typed slowly (each read on its own, the screen settled) open the form and type into it.
    @Test func theSameKeysTypedSlowlyTypeIntoTheForm() async throws {
        let app = try await WholeApp(latencyMs: 300)
        let (_, email) = try await Self.someone(app)
        var steps: [Step] = [.until("users loaded") { $0.usersLoaded }, .keys([.char("/")])]
        steps += WholeApp.keys(email).map { Step.keys([$0]) }
        steps += [.keys([.enter]), .until("the credential") { $0.formLoaded }, .keys([.enter])]
        steps += WholeApp.keys("xyz").map { Step.keys([$0]) } + [.idle()]
        app.play(steps)
        #expect(app.state.form?.email.text == email + "xyz")
        #expect(try await app.writesOnServer().isEmpty)
        await app.shutdown()
    }

    /// x then y in one read: the question was never on screen when y was typed; nothing is sent and
    /// the dialog says so. A y typed once it shows disables the user, once.
    @Test func aConfirmationNeedsAKeyTypedWhileTheQuestionShows() async throws {
        let app = try await WholeApp(latencyMs: 50)
        app.play([
            .until("users loaded") { $0.usersLoaded && $0.state.list.selectedRow != nil },
            .keys([.char("x"), .char("y")]),
            .until("the dialog drawn") { $0.screen.joined().contains("Disable the user") },
            .idle(),
        ])
        #expect(try await app.writesOnServer().isEmpty)
        #expect(app.screen.joined().contains("press again"))
        app.play([
            .keys([.char("y")]),
            .until("the user disabled") { $0.state.list.selectedRow?.enabled == false },
            .idle(),
        ])
        let writes = try await app.writesOnServer()
        #expect(writes.map(\.method) == ["PATCH"])
        #expect(app.state.overlay == .none)
        await app.shutdown()
    }

    /// Keys read while they were already waiting (typed before the frame on screen was drawn) do not
    /// answer a question that frame shows for the first time.
    @Test func keysTypedBeforeTheQuestionWasDrawnDoNotAnswerIt() async throws {
        let app = try await WholeApp(latencyMs: 20)
        app.play([
            .until("users loaded") { $0.usersLoaded && $0.state.list.selectedRow != nil },
            .keys([.char("x")]),
            .until("the dialog drawn") { $0.screen.joined().contains("Disable the user") },
            .keys([.char("y")], typedAhead: true),
            .idle(),
        ])
        #expect(try await app.writesOnServer().isEmpty)
        #expect(app.state.staleKeys == 1)
        await app.shutdown()
    }
}
