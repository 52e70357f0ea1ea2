import ArgumentParser
import Foundation
import LookerAPI
import ScreenKit

/// `roster users owned ID`: what offboarding would hand to a successor (scheduled plans, alerts, the
/// dashboards and looks in the personal folder and its sub-folders) and what it would end (sessions,
/// API keys). Reads only.
struct UserOwnedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "owned",
        abstract: "What a user owns: schedules, alerts, the personal folder's dashboards and looks, sessions and API keys.",
        discussion: "Alerts are found by reading every alert (Looker's search has no owner filter).\n" + ExitStatus.helpText)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
    @Option(help: "table or json.") var format: ItemFormat = .table

    func run() async throws {
        let userID = id
        let owned = try await withClient(global) { client in try await OwnedContent.read(client, userID: userID) }
        var out = Output()
        if format == .json {
            try out.json(owned)
        } else {
            owned.table(into: &out)
        }
        out.flush()
    }
}

/// Everything a user owns, as `users owned` prints it. Folders are the personal folder's sub-folders,
/// at any depth; dashboards and looks are those in the personal folder or one of them.
struct OwnedContent: Encodable {
    var userID: String
    var personalFolderID: String?
    var scheduledPlans: [ScheduledPlan] = []
    var alerts: [Alert] = []
    var folders: [Folder] = []
    var dashboards: [Dashboard] = []
    var looks: [Look] = []
    var sessions = 0
    var apiKeys = 0

    enum CodingKeys: String, CodingKey {
        case userID = "user_id", personalFolderID = "personal_folder_id", scheduledPlans = "scheduled_plans", alerts, folders,
             dashboards, looks, sessions, apiKeys = "api_keys"
    }

    /// Sub-folders read at most; a deeper or cyclic tree stops here rather than reading forever.
    static let maxFolders = 500

    static func read(_ client: LookerClient, userID: String) async throws -> OwnedContent {
        let user = try await client.user(id: userID, fields: "id,personal_folder_id")
        var owned = OwnedContent(userID: userID, personalFolderID: user.personalFolderID?.rawValue)
        owned.scheduledPlans = try await client.scheduledPlans(userID: userID)
        owned.alerts = try await client.alerts().filter { $0.ownerID?.rawValue == userID }
        if let personal = owned.personalFolderID {
            var pending = [personal]
            var seen: Set<String> = [personal]
            while let folderID = pending.first, owned.folders.count < maxFolders {
                pending.removeFirst()
                owned.dashboards += try await client.folderDashboards(id: folderID)
                owned.looks += try await client.folderLooks(id: folderID)
                for child in try await client.folderChildren(id: folderID) {
                    guard let childID = child.id?.rawValue, seen.insert(childID).inserted else { continue }
                    owned.folders.append(child)
                    pending.append(childID)
                }
            }
        }
        owned.sessions = try await client.sessions(userID: userID).count
        owned.apiKeys = try await client.apiKeys(userID: userID).count
        return owned
    }

    /// Sections with a heading and a count each; every server string goes through the table's fitting.
    func table(into out: inout Output) {
        func section(_ title: String, _ count: Int, headers: [String], rows: [[String]], widths: [Int]) {
            out.line("\(title) (\(count))")
            if !rows.isEmpty { out.table(headers: headers, rows: rows, maxWidths: widths) }
            out.line("")
        }
        section("Scheduled plans", scheduledPlans.count, headers: ["ID", "NAME", "DELIVERS", "DESTINATIONS", "ENABLED"],
                rows: scheduledPlans.map { plan in
                    let delivers = plan.lookID.map { "look " + $0.rawValue } ?? plan.dashboardID.map { "dashboard " + $0.rawValue }
                        ?? plan.lookmlDashboardID.map { "LookML dashboard " + $0 } ?? unknownValue
                    return [plan.id?.rawValue ?? unknownValue, plan.name ?? "", delivers,
                            plan.scheduledPlanDestination.map { String($0.count) } ?? unknownValue, Records.yesNo(plan.enabled)]
                }, widths: [10, 40, 24, 12, 7])
        section("Alerts", alerts.count, headers: ["ID", "TITLE", "CRON", "DISABLED"],
                rows: alerts.map { [$0.id?.rawValue ?? unknownValue, $0.customTitle ?? $0.description ?? "", $0.cron ?? "",
                                    Records.yesNo($0.isDisabled)] }, widths: [10, 40, 16, 8])
        let folderNames = Dictionary(folders.compactMap { f in f.id.map { ($0.rawValue, f.name ?? "") } }, uniquingKeysWith: { a, _ in a })
        func place(_ id: LookerID?) -> String {
            guard let id = id?.rawValue else { return unknownValue }
            return id == personalFolderID ? "personal" : folderNames[id] ?? id
        }
        section("Dashboards", dashboards.count, headers: ["ID", "TITLE", "FOLDER"],
                rows: dashboards.map { [$0.id?.rawValue ?? unknownValue, $0.title ?? "", place($0.folderID)] }, widths: [10, 48, 24])
        section("Looks", looks.count, headers: ["ID", "TITLE", "FOLDER"],
                rows: looks.map { [$0.id?.rawValue ?? unknownValue, $0.title ?? "", place($0.folderID)] }, widths: [10, 48, 24])
        out.line("Sessions \(sessions)   API keys \(apiKeys)")
    }
}
