/// One destination of a scheduled plan (`ScheduledPlanDestination`): an email address or a webhook.
/// The sandbox holds no secret parameters, so it never has one to show.
struct SandboxDestination: Sendable, Equatable {
    let id: String
    /// `email` or `webhook`.
    let type: String
    let format: String
    let address: String
    let applyFormatting: Bool
    let applyVis: Bool
    let message: String?
}

/// A scheduled delivery (`ScheduledPlan`) of a look or a dashboard.
struct SandboxSchedule: Sendable, Equatable {
    let id: String
    var name: String
    var userID: String
    let lookID: String?
    let dashboardID: String?
    let crontab: String
    let timezone: String
    var enabled: Bool
    var destinations: [SandboxDestination]
    let createdEpoch: Int64
    var updatedEpoch: Int64
}

/// An alert on a dashboard tile (`Alert`).
struct SandboxAlert: Sendable, Equatable {
    let id: String
    var ownerID: String
    let customTitle: String?
    let description: String?
    let cron: String
    let comparisonType: String
    let threshold: Double
    let dashboardElementID: String
    /// The field the alert watches (`AlertField`): its title and name.
    let fieldTitle: String
    let fieldName: String
    var isDisabled: Bool
    var disabledReason: String?
    var isPublic: Bool
}

/// A folder the seed creates: the two roots, and sub-folders of personal folders. Personal folders
/// themselves are not stored: every user has one, id 1000 + user id, inside the users root.
struct SandboxFolder: Sendable, Equatable {
    let id: String
    let name: String
    let parentID: String?
    let creatorID: String?
    let createdEpoch: Int64
}

/// A user-defined dashboard or a look: the fields an owner change or a move touches, and a title.
struct SandboxContentItem: Sendable, Equatable {
    let id: String
    let title: String
    let description: String?
    var userID: String
    var folderID: String
    let createdEpoch: Int64
    var updatedEpoch: Int64
    /// Looks only: the query they run.
    let queryID: String?
}

/// Scheduled plans, alerts, folders, dashboards and looks of the sandbox instance, kept in id order.
/// Lookups by id are indexed; listings scan (a few items per owning user, so a scan is short).
struct ContentStore: Sendable {
    static let sharedRootID = "1"
    static let usersRootID = "2"
    /// A user's personal folder id is this plus the user id (what `User.personal_folder_id` says).
    static let personalFolderBase = 1_000

    private(set) var schedules: [SandboxSchedule] = []
    private(set) var alerts: [SandboxAlert] = []
    private(set) var folders: [SandboxFolder] = []
    private(set) var dashboards: [SandboxContentItem] = []
    private(set) var looks: [SandboxContentItem] = []
    private var scheduleIndex: [String: Int] = [:]

    /// Whether `userID` owns at least one schedule, alert, dashboard and look.
    func ownsEveryKind(_ userID: String) -> Bool {
        schedules.contains { $0.userID == userID } && alerts.contains { $0.ownerID == userID }
            && dashboards.contains { $0.userID == userID } && looks.contains { $0.userID == userID }
    }

    private var alertIndex: [String: Int] = [:]
    private var folderIndex: [String: Int] = [:]
    private var dashboardIndex: [String: Int] = [:]
    private var lookIndex: [String: Int] = [:]
    /// Folder id → how many stored folders sit directly in it (folders are never created or moved).
    private var childCounts: [String: Int] = [:]

    init(schedules: [SandboxSchedule], alerts: [SandboxAlert], folders: [SandboxFolder],
         dashboards: [SandboxContentItem], looks: [SandboxContentItem]) {
        self.schedules = schedules
        self.alerts = alerts
        self.folders = folders
        self.dashboards = dashboards
        self.looks = looks
        scheduleIndex = Self.index(schedules.map(\.id))
        alertIndex = Self.index(alerts.map(\.id))
        folderIndex = Self.index(folders.map(\.id))
        dashboardIndex = Self.index(dashboards.map(\.id))
        lookIndex = Self.index(looks.map(\.id))
        for folder in folders { if let parent = folder.parentID { childCounts[parent, default: 0] += 1 } }
    }

    private static func index(_ ids: [String]) -> [String: Int] {
        Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Stored folders directly inside `id` (personal folders inside the users root are not counted here).
    func childCount(_ id: String) -> Int { childCounts[id] ?? 0 }

    func schedule(_ id: String) -> SandboxSchedule? { scheduleIndex[id].map { schedules[$0] } }
    func alert(_ id: String) -> SandboxAlert? { alertIndex[id].map { alerts[$0] } }
    func storedFolder(_ id: String) -> SandboxFolder? { folderIndex[id].map { folders[$0] } }
    func dashboard(_ id: String) -> SandboxContentItem? { dashboardIndex[id].map { dashboards[$0] } }
    func look(_ id: String) -> SandboxContentItem? { lookIndex[id].map { looks[$0] } }

    mutating func updateSchedule(_ id: String, _ change: (inout SandboxSchedule) -> Void) {
        if let position = scheduleIndex[id] { change(&schedules[position]) }
    }

    mutating func updateAlert(_ id: String, _ change: (inout SandboxAlert) -> Void) {
        if let position = alertIndex[id] { change(&alerts[position]) }
    }

    mutating func updateDashboard(_ id: String, _ change: (inout SandboxContentItem) -> Void) {
        if let position = dashboardIndex[id] { change(&dashboards[position]) }
    }

    mutating func updateLook(_ id: String, _ change: (inout SandboxContentItem) -> Void) {
        if let position = lookIndex[id] { change(&looks[position]) }
    }

    /// The user whose personal folder `id` is, when it is one (the user may not exist).
    static func personalFolderOwner(_ id: String) -> Int? {
        guard let number = Int(id), number > personalFolderBase, number < subFolderBase else { return nil }
        return number - personalFolderBase
    }

    /// Sub-folder ids start here, above every personal folder id the sandbox can have.
    static let subFolderBase = 100_000_000
}
