/// What users own: `GET /scheduled_plans`, `/scheduled_plans/search`, GET and PATCH
/// `/scheduled_plans/{id}`; `GET /alerts/search`, GET and PATCH `/alerts/{id}`; `GET /folders/{id}` and its
/// `children`, `dashboards` and `looks`; GET and PATCH `/dashboards/{id}` and `/looks/{id}`.
///
/// Unknown records in the path answer 404. A write naming a user or folder that does not exist answers
/// 422 with the field (the spec lists 422 for all four PATCHes): the request is well formed, its value
/// is not. A PATCH that carries `scheduled_plan_destination` replaces every destination, as Looker's does.
extension LookerEmulator {
    // MARK: Scheduled plans

    /// `user_id` names the owner; without it, `all_users=true` lists every plan, else the caller's own.
    func listSchedules(_ request: APIRequest, _ route: RouteName, search: Bool) -> APIResponse {
        let q = request.query
        var allUsers = false
        if let text = q["all_users"] {
            guard let flag = Self.flag(text) else { return .badRequest("all_users must be true or false", route) }
            allUsers = flag
        }
        let owner: String? = q["user_id"].map { $0.trimmingSpaces() } ?? (allUsers ? nil : "1")
        var plans = content.schedules.filter { owner == nil || $0.userID == owner }
        if search {
            if let name = q["name"] {
                let test = SearchFilter.TextTest(name)
                plans = plans.filter { test.passes($0.name.lowercased()) }
            }
            if let dashboard = q["dashboard_id"] { plans = plans.filter { $0.dashboardID == dashboard } }
            if let look = q["look_id"] { plans = plans.filter { $0.lookID == look } }
            guard let window = Self.window(q, count: plans.count) else {
                return .badRequest("limit and offset must be non-negative integers", route)
            }
            plans = Array(plans[window])
        }
        let selection = self.selection(request)
        var writer = JSONWriter(capacity: 1_024 * max(1, plans.count))
        writer.beginArray()
        let json = contentJSON()
        for plan in plans { json.writeSchedule(plan, style(ofUser: plan.userID), selection, into: &writer) }
        writer.endArray()
        return .json(200, writer)
    }

    func showSchedule(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let plan = content.schedule(id) else { return .notFound(route) }
        return writeSchedule(plan, request)
    }

    /// Changes `user_id`, `name` and `enabled`; `scheduled_plan_destination`, when present,
    /// replaces the destinations (it may not be null or empty). Other keys are ignored.
    func updateSchedule(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard content.schedule(id) != nil else { return .notFound(route) }
        guard let body = JSONValue.object(from: request.body) else {
            return .badRequest("Request body must be a JSON object", route)
        }
        var problems: [FieldProblem] = []
        var newOwner: String?
        if let value = body["user_id"] {
            switch userProblem("user_id", value) {
            case .success(let owner): newOwner = owner
            case .failure(let problem): problems.append(problem)
            }
        }
        if let value = body["name"], let problem = Validation.optionalString("name", value) { problems.append(problem) }
        if let value = body["enabled"], let problem = Validation.boolean("enabled", value) { problems.append(problem) }
        var destinations: [SandboxDestination]?
        if let value = body["scheduled_plan_destination"] {
            switch parseDestinations(value) {
            case .success(let parsed): destinations = parsed
            case .failure(let problem): problems.append(problem)
            }
        }
        guard problems.isEmpty else { return .validationFailed(problems, route: route) }
        let now = Int64(options.now.timeIntervalSince1970)
        content.updateSchedule(id) { plan in
            if let newOwner { plan.userID = newOwner }
            if case .string(let name)? = body["name"] { plan.name = name }
            if case .bool(let enabled)? = body["enabled"] { plan.enabled = enabled }
            if let destinations { plan.destinations = destinations }
            plan.updatedEpoch = max(plan.updatedEpoch, now)
        }
        return writeSchedule(content.schedule(id)!, request)
    }

    private func parseDestinations(_ value: JSONValue) -> Result<[SandboxDestination], FieldProblem> {
        let field = "scheduled_plan_destination"
        guard case .array(let items) = value, !items.isEmpty else {
            return .failure(FieldProblem(field: field, code: "invalid", message: "A scheduled plan must have at least one destination"))
        }
        var result: [SandboxDestination] = []
        for item in items {
            guard case .object(let d) = item, case .string(let type)? = d["type"], case .string(let address)? = d["address"],
                  ["email", "webhook"].contains(type), !address.isEmpty else {
                return .failure(FieldProblem(field: field, code: "invalid", message: "Each destination needs a type (email or webhook) and an address"))
            }
            var format = "wysiwyg_pdf"
            if case .string(let given)? = d["format"] { format = given }
            var message: String?
            if case .string(let given)? = d["message"] { message = given }
            nextDestinationID += 1
            result.append(SandboxDestination(id: String(nextDestinationID), type: type, format: format, address: address,
                                             applyFormatting: d["apply_formatting"] == .bool(true), applyVis: d["apply_vis"] == .bool(true),
                                             message: message))
        }
        return .success(result)
    }

    private func writeSchedule(_ plan: SandboxSchedule, _ request: APIRequest) -> APIResponse {
        var writer = JSONWriter(capacity: 1_024)
        contentJSON().writeSchedule(plan, style(ofUser: plan.userID), selection(request), into: &writer)
        return .json(200, writer)
    }

    // MARK: Alerts

    /// Without `all_owners=true`, only the caller's (the API admin's) alerts; `disabled` filters;
    /// `limit` and `offset` page in id order.
    func searchAlerts(_ request: APIRequest, _ route: RouteName) -> APIResponse {
        let q = request.query
        var flags: [String: Bool] = [:]
        for name in ["all_owners", "disabled"] {
            guard let text = q[name] else { continue }
            guard let flag = Self.flag(text) else { return .badRequest("\(name) must be true or false", route) }
            flags[name] = flag
        }
        var alerts = content.alerts
        if flags["all_owners"] != true { alerts = alerts.filter { $0.ownerID == "1" } }
        if let disabled = flags["disabled"] { alerts = alerts.filter { $0.isDisabled == disabled } }
        guard let window = Self.window(q, count: alerts.count) else {
            return .badRequest("limit and offset must be non-negative integers", route)
        }
        let selection = self.selection(request)
        var writer = JSONWriter(capacity: 512 * max(1, window.count))
        writer.beginArray()
        let json = contentJSON()
        for alert in alerts[window] { json.writeAlert(alert, selection, into: &writer) }
        writer.endArray()
        return .json(200, writer)
    }

    func showAlert(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let alert = content.alert(id) else { return .notFound(route) }
        return writeAlert(alert)
    }

    /// The `AlertPatch` fields: `owner_id`, `is_disabled`, `disabled_reason`, `is_public`; others are ignored.
    func updateAlert(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard content.alert(id) != nil else { return .notFound(route) }
        guard let body = JSONValue.object(from: request.body) else {
            return .badRequest("Request body must be a JSON object", route)
        }
        var problems: [FieldProblem] = []
        var newOwner: String?
        if let value = body["owner_id"] {
            switch userProblem("owner_id", value) {
            case .success(let owner): newOwner = owner
            case .failure(let problem): problems.append(problem)
            }
        }
        for name in ["is_disabled", "is_public"] {
            if let value = body[name], let problem = Validation.boolean(name, value) { problems.append(problem) }
        }
        if let value = body["disabled_reason"], let problem = Validation.optionalString("disabled_reason", value) {
            problems.append(problem)
        }
        guard problems.isEmpty else { return .validationFailed(problems, route: route) }
        content.updateAlert(id) { alert in
            if let newOwner { alert.ownerID = newOwner }
            if case .bool(let disabled)? = body["is_disabled"] { alert.isDisabled = disabled }
            if case .bool(let isPublic)? = body["is_public"] { alert.isPublic = isPublic }
            if let reason = body["disabled_reason"] {
                if case .string(let text) = reason { alert.disabledReason = text } else { alert.disabledReason = nil }
            }
        }
        return writeAlert(content.alert(id)!)
    }

    /// `GET /alerts/{id}` takes no `fields`, so an alert is always written whole.
    private func writeAlert(_ alert: SandboxAlert) -> APIResponse {
        var writer = JSONWriter(capacity: 1_024)
        contentJSON().writeAlert(alert, .all, into: &writer)
        return .json(200, writer)
    }

    // MARK: Folders

    func showFolder(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let folder = folder(id) else { return .notFound(route) }
        var writer = JSONWriter(capacity: 512)
        writeFolder(folder, selection(request), into: &writer)
        return .json(200, writer)
    }

    /// The folders directly inside; the users root lists every personal folder. `limit`/`offset` page.
    func showFolderChildren(_ id: String, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard folder(id) != nil else { return .notFound(route) }
        let isUsersRoot = id == ContentStore.usersRootID
        let stored = isUsersRoot ? [] : content.folders.filter { $0.parentID == id }
        guard let window = Self.window(request.query, count: isUsersRoot ? store.count : stored.count) else {
            return .badRequest("limit and offset must be non-negative integers", route)
        }
        // Only the page asked for is built: the users root holds a folder per user.
        let children = isUsersRoot ? store.users[window].map(personalFolder) : Array(stored[window])
        let selection = self.selection(request)
        var writer = JSONWriter(capacity: 384 * max(1, window.count))
        writer.beginArray()
        for child in children { writeFolder(child, selection, into: &writer) }
        writer.endArray()
        return .json(200, writer)
    }

    func showFolderItems(_ id: String, looks: Bool, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard folder(id) != nil else { return .notFound(route) }
        let items = (looks ? content.looks : content.dashboards).filter { $0.folderID == id }
        let selection = self.selection(request)
        var writer = JSONWriter(capacity: 512 * max(1, items.count))
        writer.beginArray()
        for item in items { writeItem(item, looks: looks, selection, into: &writer) }
        writer.endArray()
        return .json(200, writer)
    }

    // MARK: Dashboards and looks

    func showItem(_ id: String, looks: Bool, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard let item = looks ? content.look(id) : content.dashboard(id) else { return .notFound(route) }
        var writer = JSONWriter(capacity: 512)
        writeItem(item, looks: looks, selection(request), into: &writer)
        return .json(200, writer)
    }

    /// Moves a dashboard or look (`folder_id`) and retitles it (`title`); other keys are ignored.
    func updateItem(_ id: String, looks: Bool, _ request: APIRequest, _ route: RouteName) -> APIResponse {
        guard (looks ? content.look(id) : content.dashboard(id)) != nil else { return .notFound(route) }
        guard let body = JSONValue.object(from: request.body) else {
            return .badRequest("Request body must be a JSON object", route)
        }
        var target: String?
        if let value = body["folder_id"] {
            guard case .string(let folderID) = value else {
                return .validationFailed([FieldProblem(field: "folder_id", code: "invalid", message: "folder_id must be a string")], route: route)
            }
            guard folder(folderID) != nil else {
                return .validationFailed([FieldProblem(field: "folder_id", code: "not_found", message: "Folder \(folderID) does not exist")], route: route)
            }
            target = folderID
        }
        let now = Int64(options.now.timeIntervalSince1970)
        let change: (inout SandboxContentItem) -> Void = { item in
            if let target { item.folderID = target }
            item.updatedEpoch = max(item.updatedEpoch, now)
        }
        if looks { content.updateLook(id, change) } else { content.updateDashboard(id, change) }
        return showItem(id, looks: looks, request, route)
    }

    // MARK: Helpers

    /// A folder by id: a stored one, or the personal folder of an existing user.
    func folder(_ id: String) -> SandboxFolder? {
        if let stored = content.storedFolder(id) { return stored }
        guard let owner = ContentStore.personalFolderOwner(id), let position = store.position(ofID: String(owner)) else { return nil }
        return personalFolder(store.user(at: position))
    }

    private func personalFolder(_ user: SandboxUser) -> SandboxFolder {
        SandboxFolder(id: String(ContentStore.personalFolderBase + user.id), name: user.displayName ?? user.email ?? "User \(user.id)",
                      parentID: ContentStore.usersRootID, creatorID: user.idString, createdEpoch: user.createdEpoch)
    }

    private func writeFolder(_ folder: SandboxFolder, _ selection: FieldSelection, into writer: inout JSONWriter) {
        let personalOwner = ContentStore.personalFolderOwner(folder.id)
        let descendant = folder.parentID.map { ContentStore.personalFolderOwner($0) != nil || content.storedFolder($0)?.parentID.flatMap(ContentStore.personalFolderOwner) != nil } ?? false
        let childCount = folder.id == ContentStore.usersRootID ? store.count
            : content.childCount(folder.id)
        contentJSON().writeFolder(folder, personalOwner: personalOwner, personalDescendant: descendant && personalOwner == nil,
                                  childCount: childCount, style(ofUser: folder.creatorID), selection, into: &writer)
    }

    private func writeItem(_ item: SandboxContentItem, looks: Bool, _ selection: FieldSelection, into writer: inout JSONWriter) {
        if looks {
            contentJSON().writeLook(item, style(ofUser: item.userID), selection, into: &writer)
        } else {
            contentJSON().writeDashboard(item, style(ofUser: item.userID), selection, into: &writer)
        }
    }

    /// A user id in a write body: a string naming an existing user, else the 422 detail.
    private func userProblem(_ field: String, _ value: JSONValue) -> Result<String, FieldProblem> {
        guard case .string(let id) = value else {
            return .failure(FieldProblem(field: field, code: "invalid", message: "\(field) must be a string, not \(value.typeName)"))
        }
        guard store.position(ofID: id) != nil else {
            return .failure(FieldProblem(field: field, code: "not_found", message: "User \(id) does not exist"))
        }
        return .success(id)
    }

    /// How the owner's dates are written (their account's style), ISO for records of nobody.
    private func style(ofUser id: String?) -> TimestampStyle {
        id.flatMap(store.position(ofID:)).map { store.user(at: $0).timestampStyle } ?? .isoMillisUTC
    }

    private func contentJSON() -> ContentJSON {
        let store = self.store
        return ContentJSON(baseURL: baseURL) { id in
            store.position(ofID: id).map { store.user(at: $0) }.flatMap { $0.displayName ?? $0.email }
        }
    }

    private static func flag(_ text: String) -> Bool? {
        text == "true" ? true : text == "false" ? false : nil
    }

    /// The `limit`/`offset` window over `count` items; nil when either is not a non-negative integer.
    private static func window(_ q: [String: String], count: Int) -> Range<Int>? {
        var numbers: [String: Int] = [:]
        for name in ["limit", "offset"] {
            guard let text = q[name] else { continue }
            guard let value = Int(text.trimmingSpaces()), value >= 0 else { return nil }
            numbers[name] = value
        }
        let offset = min(numbers["offset"] ?? 0, count)
        let end = numbers["limit"].map { min(count, offset + $0) } ?? count
        return offset..<end
    }
}

/// A 422 detail carried as the failure of a parse (`Result<_, FieldProblem>`).
extension FieldProblem: Error {}
