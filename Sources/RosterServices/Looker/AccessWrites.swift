import LookerAPI
import RosterCore
import ScreenKit

/// What an access write did: changed the user (with the fields before and after, for the journal),
/// found nothing to change, or found the direct roles changed on the server since they were shown.
public enum AccessOutcome: Sendable, Equatable {
    case changed(before: BulkSnapshot, after: BulkSnapshot)
    /// Nothing was sent: the user already is as asked ("already has the role").
    case unchanged(String)
    /// The direct roles are not what the screen showed: nothing was sent; these are the server's.
    case rolesChanged(current: [String])
}

extension LookerService {
    /// Makes one access change (roles, groups, attributes, sessions, API keys): reads what it is about
    /// to change, writes only when there is a change to make, and says what it was. The one path for
    /// the TUI, the commands and bulk rows. A role set is read, changed and written whole (`PUT`
    /// replaces it). Throws the server's answer; never retries a write.
    public func perform(_ write: UserWrite, userID: String) async throws(LookerError) -> AccessOutcome {
        switch write {
        case .addRole(let roleID, let expected), .removeRole(let roleID, let expected):
            let adding = write.operation == .addRole
            let current = try await userRoles(userID: userID, directOnly: true, fields: "id").compactMap { $0.id?.rawValue }
            if let expected, Set(expected) != Set(current) { return .rolesChanged(current: current) }
            if adding == current.contains(roleID) {
                return .unchanged(adding ? "already has the role directly" : "does not have the role directly")
            }
            let wanted = adding ? current + [roleID] : current.filter { $0 != roleID }
            let after = try await setUserRoles(userID: userID, roleIDs: wanted).compactMap { $0.id?.rawValue }
            return .changed(before: .roles(current), after: .roles(after))
        case .addToGroup(let groupID), .removeFromGroup(let groupID):
            let adding = write.operation == .addToGroup
            let current = (try await user(id: userID, fields: "id,group_ids").groupIDs ?? []).map(\.rawValue)
            if adding == current.contains(groupID) {
                return .unchanged(adding ? "already in the group" : "not directly in the group")
            }
            if adding {
                let answer = try await addUserToGroup(groupID: groupID, userID: userID)
                return .changed(before: .groups(current), after: .groups(answer.groupIDs.map { $0.map(\.rawValue) } ?? current + [groupID]))
            }
            try await removeUserFromGroup(groupID: groupID, userID: userID)
            return .changed(before: .groups(current), after: .groups(current.filter { $0 != groupID }))
        case .setAttribute(let attributeID, let name, let value, let hidden):
            let before = try await attributeSnapshot(userID: userID, attributeID: attributeID, name: name, hidden: hidden)
            if !before.hidden, before.own, before.value == value { return .unchanged("already has that value") }
            let answer = try await setUserAttributeValue(userID: userID, attributeID: attributeID, value: value)
            let after = AttributeSnapshot(id: attributeID, name: name, value: answer.value ?? value, own: true, hidden: before.hidden)
            return .changed(before: .attribute(before), after: .attribute(after))
        case .clearAttribute(let attributeID, let name, let hidden):
            let before = try await attributeSnapshot(userID: userID, attributeID: attributeID, name: name, hidden: hidden)
            if !before.own { return .unchanged("has no value of their own") }
            try await deleteUserAttributeValue(userID: userID, attributeID: attributeID)
            let after = AttributeSnapshot(id: attributeID, name: name, value: nil, own: false, hidden: before.hidden)
            return .changed(before: .attribute(before), after: .attribute(after))
        case .logout(let sessionID):
            let ids: [String]
            if let sessionID {
                ids = [sessionID]
            } else {
                ids = try await sessions(userID: userID).compactMap { $0.id?.rawValue }
                if ids.isEmpty { return .unchanged("has no session") }
            }
            // Each delete stands on its own: a failure part-way reports what was logged out before it.
            var done: [String] = []
            do throws(LookerError) {
                for id in ids {
                    try await deleteSession(userID: userID, sessionID: id)
                    done.append(id)
                }
            } catch {
                if done.isEmpty { throw error }
            }
            let what = sessionID ?? (done.count == ids.count ? "all (\(done.count))" : "\(done.count) of \(ids.count)")
            return .changed(before: BulkSnapshot(email: nil, forcedReset: nil, disabled: nil, session: what), after: .unknown)
        case .deleteAPIKey(let keyID):
            let key = try await apiKeys(userID: userID).first { $0.id?.rawValue == keyID }
            guard let key else { throw .notFound(ServerMessage(message: "no API key \(DisplayText.fit(keyID, width: 40)) for this user")) }
            try await deleteAPIKey(userID: userID, keyID: keyID)
            let named = keyID + (key.clientID.map { " (client id …\(DisplayText.fit(String($0.suffix(4)), width: 4)))" } ?? "")
            return .changed(before: BulkSnapshot(email: nil, forcedReset: nil, disabled: nil, apiKey: named), after: .unknown)
        case .updateCredential, .createLogin, .deleteLogin, .createResetURL, .sendResetEmail, .setDisabled:
            preconditionFailure("not an access write: \(write.operation)")
        }
    }

    /// One attribute's value for the user, as a change reads it before writing.
    func attributeSnapshot(userID: String, attributeID: String, name: String, hidden: Bool) async throws(LookerError) -> AttributeSnapshot {
        let values = try await userAttributeValues(userID: userID, fields: nil)
        let v = values.first { $0.userAttributeID?.rawValue == attributeID }
        let isHidden = hidden || v?.valueIsHidden == true
        return AttributeSnapshot(id: attributeID, name: name, value: v?.value, own: v?.source?.lowercased() == "user", hidden: isHidden)
    }
}
