import Foundation
import Testing
import LookerAPI
import Sandbox
import TestSupport

/// Roles and groups through the real client against the sandbox: reads, the whole-set PUT of direct
/// roles, group membership, and the refusals Looker gives (the client maps them, never retries a write).
@Suite struct AccessClientTests {
    /// A user whose direct roles and normal groups may be changed by hand.
    static func changeableUser(_ c: LookerClient) async throws -> User {
        var pages = c.users(pageSize: 100, fields: "id,role_ids,group_ids,roles_externally_managed,allow_direct_roles,allow_normal_group_membership")
            .makeAsyncIterator()
        let users = try #require(try await pages.next())
        return try #require(users.first {
            $0.rolesExternallyManaged != true && $0.allowDirectRoles != false && $0.allowNormalGroupMembership != false
        })
    }

    @Test func rolesAreListedAndAUsersRolesThroughGroupsIncludeTheDirectOnes() async throws {
        try await Harness.run(users: 40) { h in
            let roles = try await h.client.roles()
            #expect(Set(roles.compactMap(\.name)).isSuperset(of: ["Admin", "Viewer"]))
            #expect(roles.allSatisfy { $0.id != nil })
            let user = try await Self.changeableUser(h.client)
            let id = try #require(user.id?.rawValue)
            let direct = try await h.client.userRoles(userID: id, directOnly: true)
            let all = try await h.client.userRoles(userID: id, directOnly: false)
            #expect(Set(all.compactMap(\.id)).isSuperset(of: direct.compactMap(\.id)))
        }
    }

    @Test func puttingRolesReplacesTheWholeDirectSet() async throws {
        try await Harness.run(users: 40) { h in
            let roles = try await h.client.roles()
            let user = try await Self.changeableUser(h.client)
            let id = try #require(user.id?.rawValue)
            let before = Set(try await h.client.userRoles(userID: id, directOnly: true).compactMap(\.id?.rawValue))
            // A set that differs from the one held: one role that is not there now.
            let other = try #require(roles.compactMap(\.id?.rawValue).first { !before.contains($0) })
            let answered = try await h.client.setUserRoles(userID: id, roleIDs: [other])
            #expect(answered.compactMap(\.id?.rawValue) == [other])
            let after = try await h.client.userRoles(userID: id, directOnly: true).compactMap(\.id?.rawValue)
            #expect(after == [other], "the PUT replaced the set, it did not add to it")
            let request = try #require(await h.sandbox.requests().last { $0.method == "PUT" })
            #expect(request.path == "/api/4.0/users/\(id)/roles")
            #expect(request.body == "[\"\(other)\"]")
        }
    }

    @Test func anUnknownRoleIsAValidationErrorAndNothingChanges() async throws {
        try await Harness.run(users: 40) { h in
            let user = try await Self.changeableUser(h.client)
            let id = try #require(user.id?.rawValue)
            let before = try await h.client.userRoles(userID: id, directOnly: true).compactMap(\.id)
            do throws(LookerError) {
                _ = try await h.client.setUserRoles(userID: id, roleIDs: ["987654"])
                Issue.record("an unknown role was accepted")
            } catch {
                guard case .validation = error else {
                    Issue.record("expected a 422, got \(error)")
                    return
                }
            }
            #expect(try await h.client.userRoles(userID: id, directOnly: true).compactMap(\.id) == before)
        }
    }

    @Test func aUserJoinsAndLeavesANormalGroupButNotAnExternallyManagedOne() async throws {
        try await Harness.run(users: 40) { h in
            let groups = try await h.client.groups()
            let normal = try #require(groups.first { $0.externallyManaged != true })
            let external = try #require(groups.first { $0.externallyManaged == true }, "the seed has an externally managed group")
            let user = try await Self.changeableUser(h.client)
            let id = try #require(user.id?.rawValue)
            let groupID = try #require(normal.id?.rawValue)
            if user.groupIDs?.contains(where: { $0.rawValue == groupID }) == true {
                try await h.client.removeUserFromGroup(groupID: groupID, userID: id)
            }
            _ = try await h.client.addUserToGroup(groupID: groupID, userID: id)
            #expect(try await h.client.user(id: id, fields: "group_ids").groupIDs?.map(\.rawValue).contains(groupID) == true)
            try await h.client.removeUserFromGroup(groupID: groupID, userID: id)
            #expect(try await h.client.user(id: id, fields: "group_ids").groupIDs?.map(\.rawValue).contains(groupID) != true)

            let writesBefore = await h.sandbox.requests().count { $0.method == "POST" && $0.path.hasSuffix("/users") }
            let externalID = try #require(external.id?.rawValue)
            do throws(LookerError) {
                _ = try await h.client.addUserToGroup(groupID: externalID, userID: id)
                Issue.record("an externally managed group took a member by hand")
            } catch {
                #expect(error.status.map { $0 >= 400 && $0 < 500 } == true, "refused: \(error)")
            }
            let writesAfter = await h.sandbox.requests().count { $0.method == "POST" && $0.path.hasSuffix("/users") }
            #expect(writesAfter == writesBefore + 1, "the refused write was sent once, not retried")
        }
    }

    @Test func anAttributeValueIsSetInPlaceAndFallsBackWhenCleared() async throws {
        try await Harness.run(users: 40) { h in
            let attributes = try await h.client.userAttributes()
            let number = try #require(attributes.first { $0.type == "number" && $0.valueIsHidden != true })
            let attributeID = try #require(number.id?.rawValue)
            let user = try await Self.changeableUser(h.client)
            let id = try #require(user.id?.rawValue)
            let set = try await h.client.setUserAttributeValue(userID: id, attributeID: attributeID, value: "42")
            #expect(set.value == "42")
            #expect(set.source == "user")
            let values = try await h.client.userAttributeValues(userID: id)
            #expect(values.contains { $0.userAttributeID?.rawValue == attributeID && $0.value == "42" && $0.source == "user" })
            do throws(LookerError) {
                _ = try await h.client.setUserAttributeValue(userID: id, attributeID: attributeID, value: "forty-two")
                Issue.record("a word was accepted as a number")
            } catch {
                guard case .validation(_, let details) = error else {
                    Issue.record("expected a 422, got \(error)")
                    return
                }
                #expect(details.map(\.field) == ["value"])
            }
            try await h.client.deleteUserAttributeValue(userID: id, attributeID: attributeID)
            let after = try await h.client.userAttributeValues(userID: id)
            let winning = after.filter { $0.userAttributeID?.rawValue == attributeID && $0.source == "user" }
            #expect(winning.isEmpty, "cleared: the value comes from a group or the default again")
        }
    }

    @Test func hiddenValuesComeBackBlankNeverAsAValue() async throws {
        try await Harness.run(users: 40) { h in
            let hidden = try #require(try await h.client.userAttributes().first { $0.valueIsHidden == true })
            let attributeID = try #require(hidden.id?.rawValue)
            let user = try await Self.changeableUser(h.client)
            let id = try #require(user.id?.rawValue)
            _ = try? await h.client.setUserAttributeValue(userID: id, attributeID: attributeID, value: "s3cret-value")
            let values = try await h.client.userAttributeValues(userID: id).filter { $0.userAttributeID?.rawValue == attributeID }
            #expect(!values.isEmpty)
            #expect(values.allSatisfy { $0.valueIsHidden == true && ($0.value ?? "").isEmpty })
        }
    }

    @Test func sessionsAndAPIKeysAreListedAndDeletedOneByOne() async throws {
        try await Harness.run(users: 60) { h in
            var pages = h.client.users(pageSize: 100, fields: "id,sessions(id),credentials_api3(id)").makeAsyncIterator()
            let users = try #require(try await pages.next())
            let withSession = try #require(users.first { ($0.sessions ?? []).count >= 1 }, "the seed gives some users sessions")
            let userID = try #require(withSession.id?.rawValue)
            let sessions = try await h.client.sessions(userID: userID)
            let first = try #require(sessions.first?.id?.rawValue)
            try await h.client.deleteSession(userID: userID, sessionID: first)
            let left = try await h.client.sessions(userID: userID).compactMap(\.id?.rawValue)
            #expect(left == sessions.dropFirst().compactMap(\.id?.rawValue), "only that session was logged out")

            let withKey = try #require(users.first { ($0.credentialsApi3 ?? []).count >= 1 }, "the seed gives some users API keys")
            let keyUser = try #require(withKey.id?.rawValue)
            let keys = try await h.client.apiKeys(userID: keyUser)
            #expect(keys.allSatisfy { $0.clientID?.isEmpty == false })
            let keyID = try #require(keys.first?.id?.rawValue)
            try await h.client.deleteAPIKey(userID: keyUser, keyID: keyID)
            #expect(try await h.client.apiKeys(userID: keyUser).compactMap(\.id?.rawValue) == keys.dropFirst().compactMap(\.id?.rawValue))
        }
    }

    @Test func aReadOnlyClientSendsNoneOfTheseWrites() async throws {
        try await Harness.run(users: 5, readOnly: true) { h in
            let c = h.client
            let calls: [() async throws -> Void] = [
                { _ = try await c.setUserRoles(userID: "2", roleIDs: ["1"]) },
                { _ = try await c.addUserToGroup(groupID: "1", userID: "2") },
                { try await c.removeUserFromGroup(groupID: "1", userID: "2") },
                { _ = try await c.setUserAttributeValue(userID: "2", attributeID: "1", value: "x") },
                { try await c.deleteUserAttributeValue(userID: "2", attributeID: "1") },
                { try await c.deleteSession(userID: "2", sessionID: "1") },
                { try await c.deleteAPIKey(userID: "2", keyID: "1") },
            ]
            for call in calls {
                do {
                    try await call()
                    Issue.record("a write went through in read-only mode")
                } catch {
                    guard case .readOnly? = error as? LookerError else {
                        Issue.record("expected a read-only refusal, got \(error)")
                        continue
                    }
                }
            }
            let sent = try #require(try await h.sandbox.requestsBeforeMarker())
            #expect(sent.allSatisfy { !$0.mayChange }, "\(sent.filter(\.mayChange).map(\.line))")
        }
    }
}
