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

/// The tabs' reads and the access writes through the real runner and client against the sandbox:
/// what each tab receives, what a served session never receives, one write per change with its
/// journal entry, and a role set changed on the server answered by a question, not a write.
@Suite struct AccessEffectTests {
    static func runner(_ client: any LookerService, journal: Journal? = nil, secrets: Bool = true) -> (EffectRunner, PostedActions) {
        let posted = PostedActions()
        let runner = EffectRunner(client: client, logger: Logger(label: "test"), journal: journal, secrets: secrets,
                                  post: { posted.post($0) })
        return (runner, posted)
    }

    /// A user with a session and an API key, and one whose roles may be changed by hand.
    static func users(_ client: LookerClient) async throws -> (withSessions: String, withKeys: String, changeable: String) {
        var pages = client.users(pageSize: 500, fields: "id,sessions(id),credentials_api3(id),roles_externally_managed,allow_direct_roles")
            .makeAsyncIterator()
        let users = try #require(try await pages.next())
        let withSessions = try #require(users.first { $0.sessions?.isEmpty == false }?.id?.rawValue)
        let withKeys = try #require(users.first { $0.credentialsApi3?.isEmpty == false && $0.id?.rawValue != "1" }?.id?.rawValue)
        let changeable = try #require(users.first { $0.rolesExternallyManaged != true && $0.allowDirectRoles != false && $0.id?.rawValue != "1" }?.id?.rawValue)
        return (withSessions, withKeys, changeable)
    }

    static func tab(_ posted: PostedActions, _ request: Int) async throws -> TabContent {
        let answer = try await posted.first(within: .seconds(20)) {
            if case .access(.tabLoaded(request, _, _)) = $0 { true } else if case .access(.tabFailed(request, _, _, _)) = $0 { true } else { false }
        }
        guard case .access(.tabLoaded(_, _, let content)) = answer else { throw TabFailed(answer: "\(answer)") }
        return content
    }

    struct TabFailed: Error { var answer: String }

    static func options(_ users: Int) -> SandboxOptions {
        var options = SandboxOptions()
        options.users = users
        return options
    }

    @Test func eachTabGetsWhatItShowsAndAServedSessionNeverGetsWhereOrClientIDs() async throws {
        try await SandboxRun.with(Self.options(500), client: { $0.client() }) { sandbox, client in
            let ids = try await Self.users(client)
            let (runner, posted) = Self.runner(client)
            runner.run(.loadCatalog)
            let catalogAnswer = try await posted.first(within: .seconds(20)) { if case .access(.catalogLoaded) = $0 { true } else { false } }
            guard case .access(.catalogLoaded(let catalog)) = catalogAnswer else { return }
            #expect(catalog.roles.count == 7 && catalog.group("3")?.parentIDs == ["2"] && catalog.group("8")?.externallyManaged == true)
            #expect(catalog.attribute("8")?.hidden == true)

            runner.run(.loadTab(request: 1, userID: ids.withKeys, tab: .access, delayMs: 0))
            guard case .access(let access) = try await Self.tab(posted, 1) else { Issue.record("not access"); return }
            #expect(access.userID == ids.withKeys && !access.groupIDs.isEmpty)

            runner.run(.loadTab(request: 2, userID: ids.withKeys, tab: .attributes, delayMs: 0))
            guard case .attributes(let values) = try await Self.tab(posted, 2) else { Issue.record("not attributes"); return }
            let hidden = try #require(values.first { $0.attributeID == "8" })
            #expect(hidden.hidden && hidden.value == nil && hidden.shown == "(hidden)")

            runner.run(.loadTab(request: 3, userID: ids.withSessions, tab: .sessions, delayMs: 0))
            guard case .sessions(let sessions, _) = try await Self.tab(posted, 3) else { Issue.record("not sessions"); return }
            #expect(!sessions.isEmpty && sessions.allSatisfy { !$0.ipAddress.isEmpty })
            runner.run(.loadTab(request: 4, userID: ids.withKeys, tab: .sessions, delayMs: 0))
            guard case .sessions(_, let keys) = try await Self.tab(posted, 4) else { Issue.record("not sessions"); return }
            #expect(!keys.isEmpty && keys.allSatisfy { !$0.clientID.isEmpty })

            let (served, servedPosted) = Self.runner(client, secrets: false)
            served.run(.loadTab(request: 5, userID: ids.withSessions, tab: .sessions, delayMs: 0))
            guard case .sessions(let s2, _) = try await Self.tab(servedPosted, 5) else { Issue.record("not sessions"); return }
            served.run(.loadTab(request: 6, userID: ids.withKeys, tab: .sessions, delayMs: 0))
            guard case .sessions(_, let k2) = try await Self.tab(servedPosted, 6) else { Issue.record("not sessions"); return }
            #expect(s2.count == sessions.count && k2.count == keys.count, "counts stay")
            #expect(s2.allSatisfy { $0.ipAddress.isEmpty && $0.place.isEmpty && $0.browser.isEmpty })
            #expect(k2.allSatisfy { $0.clientID.isEmpty })
            #expect(s2.map(\.createdAt) == sessions.map(\.createdAt), "dates stay")

            // The Owned tab: names and counts for everyone; a served viewer's sessions come without
            // their address and its keys without their client id.
            runner.run(.loadTab(request: 7, userID: "3", tab: .owned, delayMs: 0))
            guard case .owned(let mine) = try await Self.tab(posted, 7) else { Issue.record("not owned"); return }
            served.run(.loadTab(request: 8, userID: "3", tab: .owned, delayMs: 0))
            guard case .owned(let theirs) = try await Self.tab(servedPosted, 8) else { Issue.record("not owned"); return }
            #expect(OwnedKind.allCases.allSatisfy { mine.count($0) > 0 }, "user 3 owns some of everything: \(mine.counts)")
            #expect(OwnedKind.allCases.allSatisfy { theirs.count($0) == mine.count($0) }, "the same counts")
            // "since DATE · ADDRESS" for the admin, "since DATE" for a served viewer.
            let details = mine.items.filter { $0.kind == .session }.map(\.detail)
            #expect(details.allSatisfy { $0.contains(" · ") }, "the address for the admin: \(details)")
            #expect(theirs.items.filter { $0.kind == .session }.allSatisfy { $0.detail.hasPrefix("since") && !$0.detail.contains(" · ") })
            #expect(theirs.items.filter { $0.kind == .apiKey }.allSatisfy { $0.name == "API key" })
            #expect(mine.items.filter { $0.kind == .apiKey }.allSatisfy { $0.name.hasPrefix("client id …") })
            try await runner.idle()
            try await served.idle()
            _ = sandbox
        }
    }

    @Test func addingARoleWritesOnceJournalsTheSetAndAChangedSetAsksInstead() async throws {
        let dir = try TemporaryDirectory("roster-access-effects")
        defer { dir.remove() }
        let journal = Journal(path: dir.path + "/journal.jsonl")
        try await SandboxRun.with(Self.options(500), client: { $0.client() }) { sandbox, client in
            let ids = try await Self.users(client)
            let direct = try await client.userRoles(userID: ids.changeable, directOnly: true).compactMap { $0.id?.rawValue }
            let role = try #require(["8", "7", "6"].first { !direct.contains($0) })
            let (runner, posted) = Self.runner(client, journal: journal)
            runner.run(.write(.addRole(roleID: role, expected: direct), userID: ids.changeable))
            let answer = try await posted.first(within: .seconds(20)) { if case .access = $0 { true } else if case .lifecycle(.failed) = $0 { true } else { false } }
            guard case .access(.changed(_, _, let undo, _, let row)) = answer else { Issue.record("\(answer)"); return }
            #expect(undo == .removeRole(roleID: role, expected: nil))
            #expect(row?.id == ids.changeable)
            let after = try await client.userRoles(userID: ids.changeable, directOnly: true).compactMap { $0.id?.rawValue }
            #expect(Set(after) == Set(direct + [role]))
            let entries = try journal.read()
            #expect(entries.count == 1)
            #expect(entries.first?.action == JournalAction(.addRole) && entries.first?.field == JournalField.roleIDs)
            #expect(entries.first?.after == after.joined(separator: ","))

            // The screen still shows the set from before: nothing is sent, the question comes back.
            try await runner.idle()
            guard let marker = try await sandbox.requestsBeforeMarker() else { Issue.record("no marker"); return }
            let putsBefore = marker.filter { $0.method == "PUT" }.count
            runner.run(.write(.addRole(roleID: "5", expected: direct), userID: ids.changeable))
            let second = try await posted.first(within: .seconds(20)) { if case .access(.rolesChanged) = $0 { true } else { false } }
            guard case .access(.rolesChanged(_, let current, _)) = second else { return }
            #expect(Set(current) == Set(after))
            try await runner.idle()
            let sent = try #require(try await sandbox.requestsBeforeMarker())
            #expect(sent.filter { $0.method == "PUT" }.count == putsBefore, "no PUT for a set that changed under the screen")
            #expect(try journal.read().count == 1)
        }
    }

    @Test func aValueOfTheWrongTypeIsA422NamingTheValue() async throws {
        try await SandboxRun.with(Self.options(500), client: { $0.client() }) { _, client in
            let ids = try await Self.users(client)
            let (runner, posted) = Self.runner(client)
            runner.run(.write(.setAttribute(attributeID: "2", name: "max_rows", value: "lots", hidden: false), userID: ids.changeable))
            let answer = try await posted.first(within: .seconds(20)) { if case .lifecycle(.failed) = $0 { true } else if case .access = $0 { true } else { false } }
            guard case .lifecycle(.failed(_, .setAttribute, let failure)) = answer else { Issue.record("\(answer)"); return }
            #expect(failure.kind == .validation)
            #expect(failure.otherErrors.contains { $0.hasPrefix("value:") })
            try await runner.idle()
        }
    }
}
