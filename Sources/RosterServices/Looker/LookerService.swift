import LookerAPI

/// The Looker calls the effect runner makes, and nothing else: `LookerClient` in the app, a
/// scripted fake in tests (so cancellation, refusals and every kind of failure can be tested
/// without timing tricks).
///
/// Every call either answers or throws a `LookerError`; the reads (`me`, `userPages`, `usersPage`,
/// `user`, `credentialsEmail`) change nothing on the server.
public protocol LookerService: Sendable {
    /// The pages `userPages` yields.
    associatedtype UserPageSequence: AsyncSequence where UserPageSequence.Element == [User]

    /// The instance's host, as the journal names it.
    var instance: String { get }
    /// The instance's whole base URL in one spelling (`LookerConfig.instanceURL`): what runs and
    /// plans are bound to.
    var instanceURL: String { get }
    /// Whether every write is refused (read-only mode). Said by the service itself, so the runner
    /// and the effects are told, never left to find out by looking at the service's type.
    var readOnly: Bool { get }

    /// `GET /user`.
    func me(fields: String?) async throws(LookerError) -> User
    /// Every user, page by page, sorted by id.
    func userPages(fields: String) -> UserPageSequence
    /// One page of a search.
    func usersPage(search: UserSearch?, limit: Int, offset: Int, fields: String?, sorts: String) async throws(LookerError) -> [User]
    /// `GET /users/{id}`.
    func user(id: String, fields: String?) async throws(LookerError) -> User
    /// `PATCH /users/{id}`.
    func updateUser(id: String, _ body: WriteUser) async throws(LookerError) -> User
    /// `GET /users/{id}/credentials_email`; `.notFound` when the user has no email login.
    func credentialsEmail(userID: String, fields: String?) async throws(LookerError) -> CredentialsEmail
    /// `PATCH /users/{id}/credentials_email`.
    func updateCredentialsEmail(userID: String, _ body: WriteCredentialsEmail) async throws(LookerError) -> CredentialsEmail
    /// `POST /users/{id}/credentials_email`.
    func createCredentialsEmail(userID: String, _ body: WriteCredentialsEmail) async throws(LookerError) -> CredentialsEmail
    /// `DELETE /users/{id}/credentials_email`.
    func deleteCredentialsEmail(userID: String) async throws(LookerError)
    /// `POST /users/{id}/credentials_email/password_reset`.
    func createPasswordReset(userID: String, expires: Bool) async throws(LookerError) -> CredentialsEmail
    /// `POST /users/{id}/credentials_email/send_password_reset`.
    func sendPasswordReset(userID: String) async throws(LookerError) -> CredentialsEmail

    // The rest of the user (see `AccessOperations.swift` in LookerAPI).
    func roles(fields: String?) async throws(LookerError) -> [LookerAPI.Role]
    func groupsWithHierarchy(fields: String?) async throws(LookerError) -> [GroupHierarchy]
    func userAttributes(fields: String?) async throws(LookerError) -> [UserAttribute]
    func userRoles(userID: String, directOnly: Bool, fields: String?) async throws(LookerError) -> [LookerAPI.Role]
    func setUserRoles(userID: String, roleIDs: [String]) async throws(LookerError) -> [LookerAPI.Role]
    func addUserToGroup(groupID: String, userID: String) async throws(LookerError) -> User
    func removeUserFromGroup(groupID: String, userID: String) async throws(LookerError)
    func userAttributeValues(userID: String, fields: String?) async throws(LookerError) -> [UserAttributeWithValue]
    func setUserAttributeValue(userID: String, attributeID: String, value: String) async throws(LookerError) -> UserAttributeWithValue
    func deleteUserAttributeValue(userID: String, attributeID: String) async throws(LookerError)
    func sessions(userID: String) async throws(LookerError) -> [Session]
    func deleteSession(userID: String, sessionID: String) async throws(LookerError)
    func apiKeys(userID: String) async throws(LookerError) -> [CredentialsApi3]
    func deleteAPIKey(userID: String, keyID: String) async throws(LookerError)

    // What a user owns (offboarding).
    func scheduledPlans(userID: String, fields: String?) async throws(LookerError) -> [ScheduledPlan]
    func scheduledPlan(id: String, fields: String?) async throws(LookerError) -> ScheduledPlan
    func setScheduledPlanOwner(planID: String, userID: String) async throws(LookerError) -> ScheduledPlan
    func alerts(pageSize: Int, fields: String?) async throws(LookerError) -> [Alert]
    func alert(id: String) async throws(LookerError) -> Alert
    func setAlertOwner(alertID: String, ownerID: String) async throws(LookerError) -> Alert
    func folder(id: String, fields: String?) async throws(LookerError) -> Folder
    func folderChildren(id: String, fields: String?) async throws(LookerError) -> [Folder]
    func folderDashboards(id: String, fields: String?) async throws(LookerError) -> [Dashboard]
    func folderLooks(id: String, fields: String?) async throws(LookerError) -> [Look]
    func dashboard(id: String, fields: String?) async throws(LookerError) -> Dashboard
    func look(id: String, fields: String?) async throws(LookerError) -> Look
    func moveDashboard(id: String, folderID: String) async throws(LookerError) -> Dashboard
    func moveLook(id: String, folderID: String) async throws(LookerError) -> Look
}

extension LookerClient: LookerService {
    public var instance: String { config.host }
    public var instanceURL: String { config.instanceURL }

    public func userPages(fields: String) -> UserPages {
        users(fields: fields)
    }
}
