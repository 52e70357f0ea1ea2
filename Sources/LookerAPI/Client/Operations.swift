import Foundation

/// Filters for `GET /users/search`. Strings match case-insensitively and take SQL LIKE wildcards
/// (`%`, `_`); parameters combine with AND unless `filterOr` is set.
public struct UserSearch: Sendable, Equatable {
    public var id: String?
    public var firstName: String?
    public var lastName: String?
    public var fullName: String?
    public var email: String?
    public var isDisabled: Bool?
    public var filterOr: Bool?

    public init(id: String? = nil, firstName: String? = nil, lastName: String? = nil, fullName: String? = nil,
                email: String? = nil, isDisabled: Bool? = nil, filterOr: Bool? = nil) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.fullName = fullName
        self.email = email
        self.isDisabled = isDisabled
        self.filterOr = filterOr
    }

    /// A free-text search as a person types it: `%text%` over first name, last name and email, OR-ed.
    /// `%` and `_` typed by the user stay wildcards, as in Looker's own search.
    public static func text(_ text: String) -> UserSearch {
        let pattern = "%" + text + "%"
        return UserSearch(firstName: pattern, lastName: pattern, email: pattern, filterOr: true)
    }

    var query: [(String, String?)] {
        [("id", id), ("first_name", firstName), ("last_name", lastName), ("full_name", fullName),
         ("email", email), ("is_disabled", isDisabled.map(String.init)), ("filter_or", filterOr.map(String.init))]
    }
}

extension LookerClient {
    /// The fields the user list needs; small pages decode fast. `logged_in_at` of every credential that
    /// has one (api3 and totp credentials have none) gives the last login for `last-login:` filters;
    /// `role_ids`, `group_ids`, `sessions(id)` and `credentials_api3(id)` give `role:`, `group:`,
    /// `has:session` and `has:api-key`.
    public static let listFields =
        "id,first_name,last_name,display_name,email,is_disabled,credentials_email(email,forced_password_reset_at_next_login,logged_in_at),credentials_saml(email,logged_in_at),credentials_google(email,logged_in_at),credentials_oidc(email,logged_in_at),credentials_ldap(email,logged_in_at),credentials_looker_openid(email,logged_in_at),credentials_workforce(email,logged_in_at),credentials_embed(id,logged_in_at),credentials_api3(id),credentials_totp(verified),role_ids,group_ids,sessions(id)"

    /// Every user, page by page (`GET /users`, or `GET /users/search` with a search), with limit/offset
    /// and a stable sort. The next page is requested while the caller handles the current one.
    public func users(search: UserSearch? = nil, pageSize: Int = 1000, fields: String? = nil,
                      sorts: String = "id") -> UserPages {
        UserPages(client: self, search: search, pageSize: max(1, pageSize), fields: fields, sorts: sorts)
    }

    /// One page of users.
    public func usersPage(search: UserSearch?, limit: Int, offset: Int, fields: String?, sorts: String) async throws(LookerError) -> [User] {
        var query: [(String, String?)] = [("fields", fields), ("limit", String(limit)), ("offset", String(offset)), ("sorts", sorts)]
        let path: String
        if let search {
            path = "/users/search"
            query += search.query
        } else {
            path = "/users"
        }
        return try decode([User].self, try await send(.GET, path, query: query), noun: "user")
    }

    /// The API user (`GET /user`).
    public func me(fields: String? = nil) async throws(LookerError) -> User {
        try decode(User.self, try await send(.GET, "/user", query: [("fields", fields)]))
    }

    public func user(id: String, fields: String? = nil) async throws(LookerError) -> User {
        try decode(User.self, try await send(.GET, "/users/\(Self.pathComponent(id))", query: [("fields", fields)]))
    }

    /// `PATCH /users/{id}`: only the fields set in `body` are sent.
    public func updateUser(id: String, _ body: WriteUser) async throws(LookerError) -> User {
        try decode(User.self, try await send(.PATCH, "/users/\(Self.pathComponent(id))", json: encode(body)))
    }

    /// `GET /users/{id}/credentials_email`; `.notFound` when the user has no email login.
    /// `fields` limits what the server sends (a served session leaves the reset/setup URLs out).
    public func credentialsEmail(userID: String, fields: String? = nil) async throws(LookerError) -> CredentialsEmail {
        try decode(CredentialsEmail.self, try await send(.GET, credentialPath(userID), query: [("fields", fields)]))
    }

    /// `PATCH /users/{id}/credentials_email` with only the writable fields that are set.
    public func updateCredentialsEmail(userID: String, _ body: WriteCredentialsEmail) async throws(LookerError) -> CredentialsEmail {
        try decode(CredentialsEmail.self, try await send(.PATCH, credentialPath(userID), json: encode(body)))
    }

    /// `POST /users/{id}/credentials_email`; `.conflict` when one exists.
    public func createCredentialsEmail(userID: String, _ body: WriteCredentialsEmail) async throws(LookerError) -> CredentialsEmail {
        try decode(CredentialsEmail.self, try await send(.POST, credentialPath(userID), json: encode(body)))
    }

    public func deleteCredentialsEmail(userID: String) async throws(LookerError) {
        _ = try await send(.DELETE, credentialPath(userID))
    }

    /// A new one-time reset URL (invalidates the previous one); `expires` makes it expire after 60 minutes.
    public func createPasswordReset(userID: String, expires: Bool) async throws(LookerError) -> CredentialsEmail {
        try decode(CredentialsEmail.self, try await send(.POST, credentialPath(userID) + "/password_reset",
                                                        query: [("expires", String(expires))]))
    }

    /// Emails the user a reset link (or the setup link when the account was never set up).
    public func sendPasswordReset(userID: String) async throws(LookerError) -> CredentialsEmail {
        try decode(CredentialsEmail.self, try await send(.POST, credentialPath(userID) + "/send_password_reset"))
    }

    private func credentialPath(_ userID: String) -> String {
        "/users/\(Self.pathComponent(userID))/credentials_email"
    }
}

/// Pages of users as an `AsyncSequence`. Ends after a page shorter than the page size.
public struct UserPages: AsyncSequence, Sendable {
    public typealias Element = [User]
    let client: LookerClient
    let search: UserSearch?
    let pageSize: Int
    let fields: String?
    let sorts: String

    public func makeAsyncIterator() -> Iterator {
        Iterator(pages: self)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let pages: UserPages
        var offset = 0
        var done = false
        var prefetch: Task<[User], any Error>?

        init(pages: UserPages) { self.pages = pages }

        func fetch(_ offset: Int) -> Task<[User], any Error> {
            let p = pages
            return Task {
                try await p.client.usersPage(search: p.search, limit: p.pageSize, offset: offset, fields: p.fields, sorts: p.sorts)
            }
        }

        public mutating func next() async throws -> [User]? {
            if done { return nil }
            let task = prefetch ?? fetch(offset)
            prefetch = nil
            let page: [User]
            do {
                page = try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
            } catch {
                done = true
                throw LookerClient.wrap(error)
            }
            offset += page.count
            if page.count < pages.pageSize {
                done = true
                if page.isEmpty { return nil }
            } else {
                prefetch = fetch(offset)
            }
            return page
        }
    }
}
