/// Seeds what users own: scheduled plans, alerts, sub-folders of personal folders, dashboards and looks.
///
/// Each user's share is drawn from a generator of its own, seeded from (seed, user id), so it depends
/// on nothing else: the streams that draw the users (see ``UserFactory``) are untouched, and the first
/// users own the same things whatever the user count. Ids are handed out in user order, so they are
/// stable too. About one user in eight owns something (every owner at least one dashboard); the API
/// admin (id 1) always does, and also owns the dashboards and looks of the Shared folder.
struct ContentFactory {
    /// Percent of ordinary users who own content.
    static let ownerShare = 12
    private static let salt: UInt64 = 0xC0_4E47_0F_0123_BEEF

    let seed: UInt64
    let now: Int64

    private var schedules: [SandboxSchedule] = []
    private var alerts: [SandboxAlert] = []
    private var folders: [SandboxFolder] = []
    private var dashboards: [SandboxContentItem] = []
    private var looks: [SandboxContentItem] = []
    private var nextFolder = ContentStore.subFolderBase + 1
    private var nextDestination = 1

    init(seed: UInt64, now: Int64) {
        self.seed = seed
        self.now = now
    }

    static let dashboardTitles = ["Weekly Revenue", "Pipeline Health", "Churn Watch", "Support Backlog", "Marketing Funnel",
                                  "Inventory Levels", "Daily Active Users", "Quarterly Board Pack", "Cost Centres", "Hiring Plan"]
    static let lookTitles = ["Orders by Region", "Top Customers", "Open Tickets", "Refunds this Month", "Signups by Channel",
                             "Late Shipments", "Margin by Product", "Renewals Due", "Web Sessions", "Headcount"]
    static let folderNames = ["Drafts", "Archive", "Team", "Experiments", "Board", "Old"]
    static let crontabs = ["0 8 * * 1", "0 7 * * *", "30 6 1 * *", "0 9 * * 1-5", "15 17 * * 5", "0 */4 * * *"]
    static let timezones = ["UTC", "America/Los_Angeles", "Europe/Berlin", "Asia/Kolkata", "America/New_York"]
    static let alertFields = [("Orders Count", "orders.count"), ("Revenue", "orders.total_revenue"),
                              ("Open Tickets", "tickets.open_count"), ("Error Rate", "events.error_rate")]
    static let comparisons = ["GREATER_THAN", "LESS_THAN", "EQUAL_TO", "INCREASES_BY", "DECREASES_BY"]

    mutating func make(users: [SandboxUser]) -> ContentStore {
        let epoch = now - 3_000 * UserFactory.day
        folders = [
            SandboxFolder(id: ContentStore.sharedRootID, name: "Shared", parentID: nil, creatorID: nil, createdEpoch: epoch),
            SandboxFolder(id: ContentStore.usersRootID, name: "Users", parentID: nil, creatorID: nil, createdEpoch: epoch),
        ]
        // The Shared folder's content, the API admin's.
        for (index, title) in ["Company KPIs", "Sales Overview"].enumerated() {
            dashboards.append(SandboxContentItem(id: String(index + 1), title: title, description: "Shared with everyone",
                                                 userID: "1", folderID: ContentStore.sharedRootID, createdEpoch: epoch,
                                                 updatedEpoch: epoch + UserFactory.day, queryID: nil))
        }
        for (index, title) in ["All Orders", "Active Users"].enumerated() {
            looks.append(SandboxContentItem(id: String(index + 1), title: title, description: nil, userID: "1",
                                            folderID: ContentStore.sharedRootID, createdEpoch: epoch,
                                            updatedEpoch: epoch + UserFactory.day, queryID: String(100 + index)))
        }
        for user in users {
            var rng = SplitMix64(seed: seed ^ Self.salt ^ (UInt64(user.id) &* 0x9E37_79B9_7F4A_7C15))
            guard user.id == 1 || rng.chance(Self.ownerShare) else { continue }
            makeContent(of: user, &rng)
        }
        return ContentStore(schedules: schedules, alerts: alerts, folders: folders, dashboards: dashboards, looks: looks)
    }

    private mutating func makeContent(of user: SandboxUser, _ rng: inout SplitMix64) {
        let owner = user.idString
        let personal = String(ContentStore.personalFolderBase + user.id)
        let created = max(user.createdEpoch, now - 3_000 * UserFactory.day)
        func when(_ rng: inout SplitMix64) -> Int64 { created + Int64(rng.below(Int(max(1, now - created)))) }

        var places = [personal]
        for _ in 0..<(user.id == 1 ? 1 : rng.below(3)) {
            let id = String(nextFolder)
            nextFolder += 1
            folders.append(SandboxFolder(id: id, name: rng.pick(Self.folderNames), parentID: personal, creatorID: owner,
                                         createdEpoch: when(&rng)))
            places.append(id)
        }
        var ownDashboards: [String] = []
        for _ in 0..<(1 + rng.below(3)) {
            let id = String(dashboards.count + 1)
            let made = when(&rng)
            dashboards.append(SandboxContentItem(id: id, title: rng.pick(Self.dashboardTitles),
                                                 description: rng.chance(50) ? "Kept by \(user.displayName ?? "its owner")" : nil,
                                                 userID: owner, folderID: rng.pick(places), createdEpoch: made,
                                                 updatedEpoch: made + Int64(rng.below(90)) * UserFactory.day, queryID: nil))
            ownDashboards.append(id)
        }
        var ownLooks: [String] = []
        for _ in 0..<rng.below(4) {
            let id = String(looks.count + 1)
            let made = when(&rng)
            looks.append(SandboxContentItem(id: id, title: rng.pick(Self.lookTitles), description: nil, userID: owner,
                                            folderID: rng.pick(places), createdEpoch: made,
                                            updatedEpoch: made + Int64(rng.below(90)) * UserFactory.day,
                                            queryID: String(1_000 + looks.count)))
            ownLooks.append(id)
        }
        for _ in 0..<(user.id == 1 ? 2 : rng.below(3)) {
            makeSchedule(owner: owner, user: user, dashboards: ownDashboards, looks: ownLooks, created: when(&rng), &rng)
        }
        for _ in 0..<(user.id == 1 ? 2 : rng.below(3)) {
            let dashboard = rng.pick(ownDashboards)
            let field = rng.pick(Self.alertFields)
            let disabled = rng.chance(15)
            alerts.append(SandboxAlert(
                id: String(alerts.count + 1), ownerID: owner,
                customTitle: rng.chance(60) ? field.0 + " watch" : nil,
                description: rng.chance(40) ? "Tell me when it moves" : nil,
                cron: rng.pick(Self.crontabs), comparisonType: rng.pick(Self.comparisons),
                threshold: Double(rng.below(1_000)) + (rng.chance(50) ? 0.5 : 0),
                dashboardElementID: String(Int(dashboard)! * 10 + 1 + rng.below(4)),
                fieldTitle: field.0, fieldName: field.1,
                isDisabled: disabled, disabledReason: disabled ? "The query failed" : nil, isPublic: rng.chance(30)
            ))
        }
    }

    private mutating func makeSchedule(owner: String, user: SandboxUser, dashboards ownDashboards: [String], looks ownLooks: [String],
                                       created: Int64, _ rng: inout SplitMix64) {
        let ofLook = !ownLooks.isEmpty && rng.chance(40)
        let target = ofLook ? rng.pick(ownLooks) : rng.pick(ownDashboards)
        let title = ofLook ? looks[Int(target)! - 1].title : dashboards[Int(target)! - 1].title
        var destinations: [SandboxDestination] = []
        let local = user.email.map { String($0.prefix { $0 != "@" }) } ?? "user\(user.id)"
        for number in 0..<(1 + rng.below(3)) {
            let webhook = rng.chance(20)
            destinations.append(SandboxDestination(
                id: String(nextDestination), type: webhook ? "webhook" : "email",
                format: webhook ? "json_detail" : rng.pick(ofLook ? ["csv", "inline_table", "xlsx"] : ["wysiwyg_pdf", "csv_zip", "wysiwyg_png"]),
                address: webhook ? "https://hooks.example.com/roster/\(rng.hex(12))"
                    : (number == 0 ? (user.email ?? "\(local)@acme.com") : "\(rng.pick(["team", "finance", "ops", "exec"]))-\(local)@acme.com"),
                applyFormatting: rng.chance(70), applyVis: rng.chance(50),
                message: rng.chance(30) ? "Scheduled by \(user.displayName ?? "a colleague")" : nil
            ))
            nextDestination += 1
        }
        schedules.append(SandboxSchedule(
            id: String(schedules.count + 1), name: rng.pick(["Weekly ", "Daily ", "Monthly ", ""]) + title,
            userID: owner, lookID: ofLook ? target : nil, dashboardID: ofLook ? nil : target,
            crontab: rng.pick(Self.crontabs), timezone: rng.pick(Self.timezones), enabled: !rng.chance(20),
            destinations: destinations, createdEpoch: created, updatedEpoch: created + Int64(rng.below(60)) * UserFactory.day
        ))
    }
}
