/// The sliding windows of the ``EndpointLimit``s: for each limit, when the requests it admitted arrived.
///
/// Asking and admitting are separate steps, so a request refused by a later stage of the pipeline (the
/// every-Nth rate limit) takes no slot. Owned by the emulator actor.
struct EndpointLimiter: Sendable {
    let limits: [EndpointLimit]
    /// Per limit, arrival times of admitted requests still inside the window, oldest first.
    private var admitted: [[ContinuousClock.Instant]]

    init(_ limits: [EndpointLimit]) {
        self.limits = limits
        self.admitted = Array(repeating: [], count: limits.count)
    }

    /// The seconds to announce in `Retry-After` when a limit on this request is full, else nil.
    mutating func retryAfter(_ endpoint: Endpoint, method: String, now: ContinuousClock.Instant) -> Int? {
        var longest: Duration?
        for index in limits.indices where Self.covers(limits[index].target, endpoint, method) {
            let window = Self.window(limits[index])
            admitted[index].removeAll { $0 + window <= now }
            if admitted[index].count >= limits[index].requests, let oldest = admitted[index].first {
                let wait = oldest + window - now
                longest = max(longest ?? wait, wait)
            }
        }
        guard let longest else { return nil }
        // Whole seconds, rounded up, so a client that waits exactly that long finds the slot free.
        let (seconds, attoseconds) = longest.components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }

    /// Takes a slot in every limit covering this request.
    mutating func admit(_ endpoint: Endpoint, method: String, now: ContinuousClock.Instant) {
        for index in limits.indices where Self.covers(limits[index].target, endpoint, method) {
            admitted[index].append(now)
        }
    }

    private static func window(_ limit: EndpointLimit) -> Duration {
        .nanoseconds(Int64((limit.windowSeconds * 1_000_000_000).rounded(.up)))
    }

    static func covers(_ target: EndpointLimit.Target, _ endpoint: Endpoint, _ method: String) -> Bool {
        switch (target, endpoint) {
        case (.sendPasswordReset, .sendPasswordReset), (.passwordReset, .passwordReset),
             (.credentialsEmail, .credentialsEmail), (.login, .login):
            return true
        case (.users, .user):
            return method == "PATCH"
        case (.roles, .roles), (.roles, .userRoles),
             (.groups, .groups), (.groups, .searchGroups), (.groups, .searchGroupsWithHierarchy), (.groups, .groupGroups), (.groups, .groupUsers), (.groups, .groupUser),
             (.sessions, .sessions), (.sessions, .session), (.credentialsAPI3, .apiKeys), (.credentialsAPI3, .apiKey),
             (.userAttributes, .userAttributes), (.userAttributes, .groupValues), (.attributeValues, .attributeValues), (.attributeValues, .attributeValue),
             (.scheduledPlans, .scheduledPlans), (.scheduledPlans, .searchScheduledPlans), (.scheduledPlans, .scheduledPlan),
             (.alerts, .searchAlerts), (.alerts, .alert),
             (.folders, .folder), (.folders, .folderChildren), (.folders, .folderDashboards), (.folders, .folderLooks),
             (.dashboards, .dashboard), (.looks, .look):
            return true
        default:
            return false
        }
    }
}
