import Foundation
import LookerAPI
import RosterApp
import RosterServices
import RosterCore
import ScreenKit
import Synchronization
import Testing
import TestSupport

/// A scripted `LookerService`: answers per endpoint (and per user when scripted so), gates that
/// hold a call until the test opens them, and a log of every call in the order it arrived.
///
/// An unscripted call fails with a transport error naming it, so a test never passes on a default.
final class FakeLooker: LookerService {
    enum Endpoint: String, Sendable, CaseIterable {
        case me, users, search, user, updateUser, credential, updateCredential, createCredential, deleteCredential
        case passwordReset, sendReset
        case roles, groups, attributes, userRoles, setUserRoles, addToGroup, removeFromGroup
        case attributeValues, setAttribute, clearAttribute, sessions, deleteSession, apiKeys, deleteAPIKey
        case plans, plan, setPlanOwner, alerts, alert, setAlertOwner, folderChildren, folderDashboards, folderLooks
        case dashboard, look, moveDashboard, moveLook, folder

        /// The calls that change something on the server.
        var isWrite: Bool {
            switch self {
            case .updateUser, .updateCredential, .createCredential, .deleteCredential, .passwordReset, .sendReset,
                 .setUserRoles, .addToGroup, .removeFromGroup, .setAttribute, .clearAttribute, .deleteSession, .deleteAPIKey,
                 .setPlanOwner, .setAlertOwner, .moveDashboard, .moveLook: true
            default: false
            }
        }
    }

    /// One call as it arrived: the endpoint, the user it was about, and a short form of its body.
    struct Call: Sendable, Equatable, CustomStringConvertible {
        var endpoint: Endpoint
        var userID: String?
        var detail: String = ""
        var description: String { "\(endpoint.rawValue) \(userID ?? "-") \(detail)" }
    }

    enum Answer: Sendable {
        case user(User)
        case pages([[User]])
        case users([User])
        case credential(CredentialsEmail)
        case done
        case failure(LookerError)
        /// Any other model (roles, groups, attribute values, sessions, API keys).
        case value(any Sendable)
    }

    /// Holds calls until `open()`. Not cancellable on purpose: like a server that has the request,
    /// it answers whether or not the caller still wants it.
    final class Gate: Sendable {
        private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

        func wait() async {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { s in
                    if s.open { return true }
                    s.waiters.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }

        func open() {
            let waiters = state.withLock { s in
                s.open = true
                defer { s.waiters = [] }
                return s.waiters
            }
            for w in waiters { w.resume() }
        }
    }

    private struct Script {
        var answers: [String: [Answer]] = [:]
        var lastAnswers: [String: Answer] = [:]
        var gates: [String: [Gate]] = [:]
        var log: [Call] = []
    }

    private let script = Mutex(Script())
    let instance = "looker.fake.test"
    let instanceURL = "https://looker.fake.test:443"
    let readOnly = false

    /// Queues answers for `endpoint` (for `userID` only, when given), given in order; once the queue
    /// is empty the last answer given repeats.
    func on(_ endpoint: Endpoint, user userID: String? = nil, _ answers: Answer...) {
        script.withLock { $0.answers[Self.key(endpoint, userID), default: []] += answers }
    }

    /// The next call to `endpoint` (for `userID`, when given) waits until the returned gate opens.
    func hold(_ endpoint: Endpoint, user userID: String? = nil) -> Gate {
        let gate = Gate()
        script.withLock { $0.gates[Self.key(endpoint, userID), default: []].append(gate) }
        return gate
    }

    var calls: [Call] { script.withLock { $0.log } }

    func calls(_ endpoint: Endpoint) -> [Call] { calls.filter { $0.endpoint == endpoint } }

    private static func key(_ endpoint: Endpoint, _ userID: String?) -> String {
        endpoint.rawValue + "/" + (userID ?? "*")
    }

    /// Logs the call, waits at its gate if one is set, and gives the scripted answer.
    private func answer(_ call: Call) async throws(LookerError) -> Answer {
        let (answer, gate) = script.withLock { s -> (Answer, Gate?) in
            s.log.append(call)
            let keys = [Self.key(call.endpoint, call.userID), Self.key(call.endpoint, nil)]
            var gate: Gate?
            if let key = keys.first(where: { s.gates[$0]?.isEmpty == false }) { gate = s.gates[key]?.removeFirst() }
            if let key = keys.first(where: { s.answers[$0]?.isEmpty == false }) {
                let next = s.answers[key]!.removeFirst()
                s.lastAnswers[key] = next
                return (next, gate)
            }
            // Nothing queued: the last answer given repeats (a server keeps its state).
            let last = s.lastAnswers[keys[0]] ?? s.lastAnswers[keys[1]]
            guard let last else {
                return (.failure(.transport("unscripted call: \(call)")), gate)
            }
            return (last, gate)
        }
        if let gate { await gate.wait() }
        if case .failure(let error) = answer { throw error }
        return answer
    }

    private func wrongAnswer(_ call: Call) -> LookerError {
        .undecodable(status: 200, firstLine: "the test scripted another kind of answer for \(call)")
    }

    private func user(_ call: Call) async throws(LookerError) -> User {
        guard case .user(let u) = try await answer(call) else { throw wrongAnswer(call) }
        return u
    }

    private func credential(_ call: Call) async throws(LookerError) -> CredentialsEmail {
        guard case .credential(let c) = try await answer(call) else { throw wrongAnswer(call) }
        return c
    }

    func me(fields: String?) async throws(LookerError) -> User {
        try await user(Call(endpoint: .me))
    }

    func userPages(fields: String) -> AsyncThrowingStream<[User], any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do throws(LookerError) {
                    let call = Call(endpoint: .users)
                    guard case .pages(let pages) = try await self.answer(call) else { throw self.wrongAnswer(call) }
                    for page in pages { continuation.yield(page) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func usersPage(search: UserSearch?, limit: Int, offset: Int, fields: String?, sorts: String) async throws(LookerError) -> [User] {
        let call = Call(endpoint: .search, detail: search?.email ?? "")
        guard case .users(let users) = try await answer(call) else { throw wrongAnswer(call) }
        return users
    }

    func user(id: String, fields: String?) async throws(LookerError) -> User {
        try await user(Call(endpoint: .user, userID: id))
    }

    func updateUser(id: String, _ body: WriteUser) async throws(LookerError) -> User {
        try await user(Call(endpoint: .updateUser, userID: id, detail: "is_disabled=\(body.isDisabled.map(String.init) ?? "-")"))
    }

    func credentialsEmail(userID: String, fields: String?) async throws(LookerError) -> CredentialsEmail {
        try await credential(Call(endpoint: .credential, userID: userID))
    }

    func updateCredentialsEmail(userID: String, _ body: WriteCredentialsEmail) async throws(LookerError) -> CredentialsEmail {
        try await credential(Call(endpoint: .updateCredential, userID: userID, detail: Self.describe(body)))
    }

    func createCredentialsEmail(userID: String, _ body: WriteCredentialsEmail) async throws(LookerError) -> CredentialsEmail {
        try await credential(Call(endpoint: .createCredential, userID: userID, detail: Self.describe(body)))
    }

    func deleteCredentialsEmail(userID: String) async throws(LookerError) {
        let call = Call(endpoint: .deleteCredential, userID: userID)
        guard case .done = try await answer(call) else { throw wrongAnswer(call) }
    }

    func createPasswordReset(userID: String, expires: Bool) async throws(LookerError) -> CredentialsEmail {
        try await credential(Call(endpoint: .passwordReset, userID: userID, detail: "expires=\(expires)"))
    }

    func sendPasswordReset(userID: String) async throws(LookerError) -> CredentialsEmail {
        try await credential(Call(endpoint: .sendReset, userID: userID))
    }

    private func value<T>(_ call: Call, as type: T.Type = T.self) async throws(LookerError) -> T {
        guard case .value(let v) = try await answer(call), let t = v as? T else { throw wrongAnswer(call) }
        return t
    }

    private func done(_ call: Call) async throws(LookerError) {
        guard case .done = try await answer(call) else { throw wrongAnswer(call) }
    }

    func roles(fields: String?) async throws(LookerError) -> [LookerAPI.Role] { try await value(Call(endpoint: .roles)) }
    func groupsWithHierarchy(fields: String?) async throws(LookerError) -> [GroupHierarchy] { try await value(Call(endpoint: .groups)) }
    func userAttributes(fields: String?) async throws(LookerError) -> [UserAttribute] { try await value(Call(endpoint: .attributes)) }
    func userRoles(userID: String, directOnly: Bool, fields: String?) async throws(LookerError) -> [LookerAPI.Role] {
        try await value(Call(endpoint: .userRoles, userID: userID, detail: "direct=\(directOnly)"))
    }
    func setUserRoles(userID: String, roleIDs: [String]) async throws(LookerError) -> [LookerAPI.Role] {
        try await value(Call(endpoint: .setUserRoles, userID: userID, detail: roleIDs.joined(separator: ",")))
    }
    func addUserToGroup(groupID: String, userID: String) async throws(LookerError) -> User {
        try await user(Call(endpoint: .addToGroup, userID: userID, detail: groupID))
    }
    func removeUserFromGroup(groupID: String, userID: String) async throws(LookerError) {
        try await done(Call(endpoint: .removeFromGroup, userID: userID, detail: groupID))
    }
    func userAttributeValues(userID: String, fields: String?) async throws(LookerError) -> [UserAttributeWithValue] {
        try await value(Call(endpoint: .attributeValues, userID: userID))
    }
    func setUserAttributeValue(userID: String, attributeID: String, value v: String) async throws(LookerError) -> UserAttributeWithValue {
        try await value(Call(endpoint: .setAttribute, userID: userID, detail: "\(attributeID)=\(v)"))
    }
    func deleteUserAttributeValue(userID: String, attributeID: String) async throws(LookerError) {
        try await done(Call(endpoint: .clearAttribute, userID: userID, detail: attributeID))
    }
    func sessions(userID: String) async throws(LookerError) -> [Session] { try await value(Call(endpoint: .sessions, userID: userID)) }
    func deleteSession(userID: String, sessionID: String) async throws(LookerError) {
        try await done(Call(endpoint: .deleteSession, userID: userID, detail: sessionID))
    }
    func apiKeys(userID: String) async throws(LookerError) -> [CredentialsApi3] { try await value(Call(endpoint: .apiKeys, userID: userID)) }
    func deleteAPIKey(userID: String, keyID: String) async throws(LookerError) {
        try await done(Call(endpoint: .deleteAPIKey, userID: userID, detail: keyID))
    }

    func scheduledPlans(userID: String, fields: String?) async throws(LookerError) -> [ScheduledPlan] {
        try await value(Call(endpoint: .plans, userID: userID))
    }
    func scheduledPlan(id: String, fields: String?) async throws(LookerError) -> ScheduledPlan { try await value(Call(endpoint: .plan, detail: id)) }
    func setScheduledPlanOwner(planID: String, userID: String) async throws(LookerError) -> ScheduledPlan {
        try await value(Call(endpoint: .setPlanOwner, userID: userID, detail: planID))
    }
    func alerts(pageSize: Int, fields: String?) async throws(LookerError) -> [Alert] { try await value(Call(endpoint: .alerts)) }
    func alert(id: String) async throws(LookerError) -> Alert { try await value(Call(endpoint: .alert, detail: id)) }
    func setAlertOwner(alertID: String, ownerID: String) async throws(LookerError) -> Alert {
        try await value(Call(endpoint: .setAlertOwner, userID: ownerID, detail: alertID))
    }
    func folder(id: String, fields: String?) async throws(LookerError) -> Folder { try await value(Call(endpoint: .folder, detail: id)) }
    func folderChildren(id: String, fields: String?) async throws(LookerError) -> [Folder] { try await value(Call(endpoint: .folderChildren, detail: id)) }
    func folderDashboards(id: String, fields: String?) async throws(LookerError) -> [Dashboard] {
        try await value(Call(endpoint: .folderDashboards, detail: id))
    }
    func folderLooks(id: String, fields: String?) async throws(LookerError) -> [Look] { try await value(Call(endpoint: .folderLooks, detail: id)) }
    func dashboard(id: String, fields: String?) async throws(LookerError) -> Dashboard { try await value(Call(endpoint: .dashboard, detail: id)) }
    func look(id: String, fields: String?) async throws(LookerError) -> Look { try await value(Call(endpoint: .look, detail: id)) }
    func moveDashboard(id: String, folderID: String) async throws(LookerError) -> Dashboard {
        try await value(Call(endpoint: .moveDashboard, detail: "\(id)->\(folderID)"))
    }
    func moveLook(id: String, folderID: String) async throws(LookerError) -> Look { try await value(Call(endpoint: .moveLook, detail: "\(id)->\(folderID)")) }

    static func describe(_ body: WriteCredentialsEmail) -> String {
        "email=\(body.email ?? "-") forced=\(body.forcedPasswordResetAtNextLogin.map(String.init) ?? "-")"
    }
}

/// The actions a runner posted, and bounded waits for them (polling with a deadline, never a fixed sleep).
final class PostedActions: Sendable {
    private let actions = Recorder<Action>()

    func post(_ action: Action) { actions.append(action) }

    var all: [Action] { actions.values }

    /// The first posted action `match` accepts, waiting up to `timeout`; records an issue and throws
    /// when none comes.
    func first(within timeout: Duration = .seconds(5), sourceLocation: SourceLocation = #_sourceLocation,
               _ match: (Action) -> Bool) async throws -> Action {
        try await until(within: timeout, sourceLocation: sourceLocation) { all.contains(where: match) }
        let found = all.first(where: match)
        return try #require(found, sourceLocation: sourceLocation)
    }
}

/// Waits until `condition` holds (``Wait``), for at most `timeout`; records an issue and throws when
/// it never does.
func until(within timeout: Duration = .seconds(5), sourceLocation: SourceLocation = #_sourceLocation,
           _ condition: () -> Bool) async throws {
    guard try await Wait.until(within: timeout, { condition() }) else {
        Issue.record("condition not met within \(timeout)", sourceLocation: sourceLocation)
        throw WaitTimedOut()
    }
}

struct WaitTimedOut: Error {}
