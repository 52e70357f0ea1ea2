import Foundation

// What a user owns besides their logins: scheduled deliveries, alerts, and the dashboards and looks in
// their personal folder. Each call is one request (the alert pager one per page); writes are never
// retried by the client (see `RetryPolicy`), and each write body carries exactly one key.

extension LookerClient {
    // MARK: - Scheduled plans

    /// The scheduled plans a user owns (`GET /scheduled_plans?user_id=&all_users=true`): `all_users`
    /// because they are another user's (seeing them takes the `see_schedules` permission).
    public func scheduledPlans(userID: String, fields: String? = nil) async throws(LookerError) -> [ScheduledPlan] {
        try decode([ScheduledPlan].self,
                   try await send(.GET, "/scheduled_plans",
                                  query: [("user_id", userID), ("all_users", "true"), ("fields", fields)]),
                   noun: "scheduled plan")
    }

    /// One scheduled plan (`GET /scheduled_plans/{id}`).
    public func scheduledPlan(id: String, fields: String? = nil) async throws(LookerError) -> ScheduledPlan {
        try decode(ScheduledPlan.self, try await send(.GET, planPath(id), query: [("fields", fields)]))
    }

    /// `PATCH /scheduled_plans/{id}` with `{"user_id": …}` only: the plan's destinations are left as
    /// they are (a body that names `scheduled_plan_destination` replaces every one of them).
    public func setScheduledPlanOwner(planID: String, userID: String) async throws(LookerError) -> ScheduledPlan {
        try decode(ScheduledPlan.self,
                   try await send(.PATCH, planPath(planID), json: encode(WriteScheduledPlanOwner(userID: userID))))
    }

    // MARK: - Alerts

    /// Every alert of every owner (`GET /alerts/search?all_owners=true`), page by page with limit and
    /// offset until a short page. The search has no owner filter: callers filter on `ownerID`.
    public func alerts(pageSize: Int = 500, fields: String? = nil) async throws(LookerError) -> [Alert] {
        let limit = max(1, pageSize)
        var all: [Alert] = []
        while true {
            let page = try decode([Alert].self,
                                  try await send(.GET, "/alerts/search",
                                                 query: [("all_owners", "true"), ("limit", String(limit)),
                                                         ("offset", String(all.count)), ("fields", fields)]),
                                  noun: "alert")
            all += page
            if page.count < limit { return all }
        }
    }

    /// One alert (`GET /alerts/{id}`; this endpoint takes no `fields`).
    public func alert(id: String) async throws(LookerError) -> Alert {
        try decode(Alert.self, try await send(.GET, alertPath(id)))
    }

    /// `PATCH /alerts/{id}` with `{"owner_id": …}` only.
    public func setAlertOwner(alertID: String, ownerID: String) async throws(LookerError) -> Alert {
        try decode(Alert.self, try await send(.PATCH, alertPath(alertID), json: encode(WriteAlertOwner(ownerID: ownerID))))
    }

    // MARK: - Folders and their content

    /// One folder (`GET /folders/{id}`).
    public func folder(id: String, fields: String? = nil) async throws(LookerError) -> Folder {
        try decode(Folder.self, try await send(.GET, folderPath(id), query: [("fields", fields)]))
    }

    /// The folders directly inside a folder (`GET /folders/{id}/children`).
    public func folderChildren(id: String, fields: String? = nil) async throws(LookerError) -> [Folder] {
        try decode([Folder].self, try await send(.GET, folderPath(id) + "/children", query: [("fields", fields)]),
                   noun: "folder")
    }

    /// The dashboards directly in a folder (`GET /folders/{id}/dashboards`).
    public func folderDashboards(id: String, fields: String? = nil) async throws(LookerError) -> [Dashboard] {
        try decode([Dashboard].self, try await send(.GET, folderPath(id) + "/dashboards", query: [("fields", fields)]),
                   noun: "dashboard")
    }

    /// The looks directly in a folder (`GET /folders/{id}/looks`).
    public func folderLooks(id: String, fields: String? = nil) async throws(LookerError) -> [Look] {
        try decode([Look].self, try await send(.GET, folderPath(id) + "/looks", query: [("fields", fields)]), noun: "look")
    }

    /// One dashboard (`GET /dashboards/{id}`).
    public func dashboard(id: String, fields: String? = nil) async throws(LookerError) -> Dashboard {
        try decode(Dashboard.self, try await send(.GET, "/dashboards/\(Self.pathComponent(id))", query: [("fields", fields)]))
    }

    /// One look (`GET /looks/{id}`).
    public func look(id: String, fields: String? = nil) async throws(LookerError) -> Look {
        try decode(Look.self, try await send(.GET, "/looks/\(Self.pathComponent(id))", query: [("fields", fields)]))
    }

    /// `PATCH /dashboards/{id}` with `{"folder_id": …}` only: moves the dashboard.
    public func moveDashboard(id: String, folderID: String) async throws(LookerError) -> Dashboard {
        try decode(Dashboard.self, try await send(.PATCH, "/dashboards/\(Self.pathComponent(id))",
                                                  json: encode(WriteDashboardFolder(folderID: folderID))))
    }

    /// `PATCH /looks/{id}` with `{"folder_id": …}` only: moves the look.
    public func moveLook(id: String, folderID: String) async throws(LookerError) -> Look {
        try decode(Look.self, try await send(.PATCH, "/looks/\(Self.pathComponent(id))",
                                             json: encode(WriteLookFolder(folderID: folderID))))
    }

    private func planPath(_ id: String) -> String { "/scheduled_plans/\(Self.pathComponent(id))" }
    private func alertPath(_ id: String) -> String { "/alerts/\(Self.pathComponent(id))" }
    private func folderPath(_ id: String) -> String { "/folders/\(Self.pathComponent(id))" }
}
