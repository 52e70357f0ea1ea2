import Foundation

/// The sandbox's whole state (users, tokens, faults, the request log) and the request pipeline:
/// fault → endpoint limit → rate limit → route → authentication → operation. Being an actor, it serves one request at a time,
/// so every answer sees a consistent store.
actor LookerEmulator {
    let options: SandboxOptions
    var store: UserStore
    /// Scheduled plans, alerts, folders, dashboards and looks (see ``ContentFactory``).
    var content: ContentStore
    /// The last destination id handed out; a PATCH that replaces destinations gives new ones.
    var nextDestinationID: Int
    var baseURL = ""
    /// Access token → when it stops working.
    var tokens: [String: ContinuousClock.Instant] = [:]
    var faults: [Fault] = []
    /// Requests seen by the rate limiter (all but logins).
    var limitedRequestCount = 0
    var endpointLimiter: EndpointLimiter
    var log: [LoggedRequest] = []
    let logFile: RequestLogFile?

    init(options: SandboxOptions) throws {
        self.options = options
        var factory = UserFactory(seed: options.seed, clientID: options.clientID, now: Int64(options.now.timeIntervalSince1970.rounded(.down)))
        var users = factory.makeUsers(count: max(1, options.users), hostile: options.hostileNames)
        var contentFactory = ContentFactory(seed: options.seed, now: factory.now)
        let content = contentFactory.make(users: users)
        self.content = content
        // One user owns some of everything offboarding hands over or ends (see `equipLeaver`).
        if let index = users.indices.first(where: { users[$0].id != 1 && content.ownsEveryKind(users[$0].idString) }) {
            factory.equipLeaver(&users[index])
        }
        self.store = UserStore(users: users)
        self.nextDestinationID = content.schedules.lazy.flatMap(\.destinations).compactMap { Int($0.id) }.max() ?? 0
        self.logFile = try options.requestLogPath.map(RequestLogFile.init(path:))
        self.endpointLimiter = EndpointLimiter(options.endpointLimits)
    }

    func setBaseURL(_ url: String) {
        baseURL = url
    }

    // MARK: Control surface used by `Sandbox`

    func requests() -> [LoggedRequest] { log }

    func clearRequests() { log.removeAll() }

    func inject(_ fault: Fault) { faults.append(fault) }

    func expireAllTokens() {
        let past = ContinuousClock.now - .seconds(1)
        for token in tokens.keys { tokens[token] = past }
    }

    func user(id: String) -> SandboxUser? {
        store.position(ofID: id).map(store.user(at:))
    }

    func close() {
        logFile?.close()
    }

    // MARK: Pipeline

    func handle(_ request: APIRequest) -> APIResponse {
        // A test's marker: logged and answered 200 before any fault, limit or route sees it.
        let isMarker = request.method == "GET" && request.path.hasPrefix(Sandbox.markerPathPrefix)
        let response = isMarker ? APIResponse(status: 200, contentType: nil, body: [], retryAfter: nil) : respond(request)
        record(request, status: response.status)
        return response
    }

    /// Logs a request the sandbox holds and will never answer, with status 0.
    func recordUnanswered(_ request: APIRequest) {
        record(request, status: 0)
    }

    private func respond(_ request: APIRequest) -> APIResponse {
        if let index = faults.firstIndex(where: { $0.matches(method: request.method, path: request.path) }) {
            faults[index].remaining -= 1
            let fault = faults[index]
            return APIResponse(status: fault.status, contentType: fault.contentType, body: Array(fault.body.utf8), retryAfter: nil)
        }
        let resolved = request.apiSegments.flatMap(Endpoint.resolve)
        let route = RouteName(method: request.method, template: resolved?.template ?? relativePath(request.path))
        let now = ContinuousClock.now
        if let endpoint = resolved?.0, let seconds = endpointLimiter.retryAfter(endpoint, method: request.method, now: now) {
            var response = APIResponse.error(429, "Too Many Requests", route: route)
            response.retryAfter = seconds
            return response
        }
        if resolved?.0 != .login, let limited = rateLimit(route) {
            return limited
        }
        guard let (endpoint, _) = resolved else { return .notFound(route) }
        endpointLimiter.admit(endpoint, method: request.method, now: now)
        if endpoint == .login {
            return request.method == "POST" ? login(request, route) : .notFound(route)
        }
        guard let token = authenticatedToken(request) else {
            return .error(401, "Requires authentication.", route: route)
        }
        return dispatch(endpoint, request, route, token: token)
    }

    private func dispatch(_ endpoint: Endpoint, _ request: APIRequest, _ route: RouteName, token: String) -> APIResponse {
        // A bad `fields` must fail before anything changes, not after.
        if let response = fieldsProblem(request, route) { return response }
        switch (endpoint, request.method) {
        case (.logout, "DELETE"): return logout(token)
        case (.me, "GET"): return showUser("1", request, route)
        case (.users, "GET"): return listUsers(request, route)
        case (.searchUsers, "GET"): return searchUsers(request, route)
        case (.user(let id), "GET"): return showUser(id, request, route)
        case (.user(let id), "PATCH"): return updateUser(id, request, route)
        case (.credentialsEmail(let id), "GET"): return showEmailCredential(id, request, route)
        case (.credentialsEmail(let id), "POST"): return createEmailCredential(id, request, route)
        case (.credentialsEmail(let id), "PATCH"): return updateEmailCredential(id, request, route)
        case (.credentialsEmail(let id), "DELETE"): return deleteEmailCredential(id, route)
        case (.passwordReset(let id), "POST"): return createPasswordReset(id, request, route)
        case (.sendPasswordReset(let id), "POST"): return sendPasswordReset(id, request, route)
        case (.otherCredential(let id, let kind), "GET"): return showOtherCredential(id, kind: kind, request, route)
        case (.roles, "GET"): return listRoles(request, route)
        case (.userRoles(let id), "GET"): return showUserRoles(id, request, route)
        case (.userRoles(let id), "PUT"): return replaceUserRoles(id, request, route)
        case (.groups, "GET"): return listGroups(request, route, search: false)
        case (.searchGroups, "GET"): return listGroups(request, route, search: true)
        case (.searchGroupsWithHierarchy, "GET"): return listGroups(request, route, search: true, hierarchy: true)
        case (.groupGroups(let id), "GET"): return showGroupGroups(id, request, route)
        case (.groupUsers(let id), "GET"): return showGroupUsers(id, request, route)
        case (.groupUsers(let id), "POST"): return addGroupUser(id, request, route)
        case (.groupUser(let id, let userID), "DELETE"): return removeGroupUser(id, userID: userID, route)
        case (.sessions(let id), "GET"): return listSessions(id, request, route)
        case (.session(let id, let sessionID), "DELETE"): return deleteSession(id, sessionID: sessionID, route)
        case (.apiKeys(let id), "GET"): return listAPIKeys(id, request, route)
        case (.apiKey(let id, let keyID), "DELETE"): return deleteAPIKey(id, keyID: keyID, route)
        case (.userAttributes, "GET"): return listUserAttributes(request, route)
        case (.groupValues(let id), "GET"): return showGroupValues(id, request, route)
        case (.attributeValues(let id), "GET"): return showAttributeValues(id, request, route)
        case (.attributeValue(let id, let attributeID), "PATCH"): return setAttributeValue(id, attributeID: attributeID, request, route)
        case (.attributeValue(let id, let attributeID), "DELETE"): return deleteAttributeValue(id, attributeID: attributeID, route)
        case (.scheduledPlans, "GET"): return listSchedules(request, route, search: false)
        case (.searchScheduledPlans, "GET"): return listSchedules(request, route, search: true)
        case (.scheduledPlan(let id), "GET"): return showSchedule(id, request, route)
        case (.scheduledPlan(let id), "PATCH"): return updateSchedule(id, request, route)
        case (.searchAlerts, "GET"): return searchAlerts(request, route)
        case (.alert(let id), "GET"): return showAlert(id, request, route)
        case (.alert(let id), "PATCH"): return updateAlert(id, request, route)
        case (.folder(let id), "GET"): return showFolder(id, request, route)
        case (.folderChildren(let id), "GET"): return showFolderChildren(id, request, route)
        case (.folderDashboards(let id), "GET"): return showFolderItems(id, looks: false, request, route)
        case (.folderLooks(let id), "GET"): return showFolderItems(id, looks: true, request, route)
        case (.dashboard(let id), "GET"): return showItem(id, looks: false, request, route)
        case (.dashboard(let id), "PATCH"): return updateItem(id, looks: false, request, route)
        case (.look(let id), "GET"): return showItem(id, looks: true, request, route)
        case (.look(let id), "PATCH"): return updateItem(id, looks: true, request, route)
        default: return .notFound(route)
        }
    }

    /// Every Nth counted request answers 429 while rate limiting is on.
    private func rateLimit(_ route: RouteName) -> APIResponse? {
        guard options.rateLimitEvery > 0 else { return nil }
        limitedRequestCount += 1
        guard limitedRequestCount % options.rateLimitEvery == 0 else { return nil }
        var response = APIResponse.error(429, "Too Many Requests", route: route)
        response.retryAfter = options.retryAfterSeconds
        return response
    }

    private func relativePath(_ path: String) -> String {
        let segments = path.split(separator: "/")
        let relative = segments.starts(with: ["api", "4.0"]) ? segments.dropFirst(2) : segments[...]
        return relative.joined(separator: "/")
    }

    private func record(_ request: APIRequest, status: Int) {
        let entry = LoggedRequest(
            method: request.method,
            path: request.path,
            query: FormEncoding.redactingSecret(request.rawQuery),
            body: request.bodyText.map(FormEncoding.redactingSecret),
            status: status
        )
        log.append(entry)
        logFile?.append(entry)
    }

    // MARK: Shared helpers for operations

    /// A 400 answer when `fields` does not parse; checked before any operation runs.
    private func fieldsProblem(_ request: APIRequest, _ route: RouteName) -> APIResponse? {
        do {
            _ = try FieldSelection.parse(request.query["fields"])
            return nil
        } catch {
            return .badRequest("Invalid fields: \(error.message)", route)
        }
    }

    /// The request's `fields`, already known to parse (see `fieldsProblem`).
    func selection(_ request: APIRequest) -> FieldSelection {
        (try? FieldSelection.parse(request.query["fields"])) ?? .all
    }

    func encoder() -> UserJSON {
        UserJSON(baseURL: baseURL, now: Date().timeIntervalSince1970)
    }

    static func randomToken(length: Int = 40) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return String((0..<length).map { _ in digits[Int(generator.next() % UInt64(digits.count))] })
    }
}
