import LookerAPI
import RosterCore

// What a user owns, read once for the Owned tab, `roster users owned` and offboarding: the
// scheduled plans they own, their alerts (Looker's alert search has no owner filter, so every
// alert is read and filtered here), the dashboards and looks of their personal folder and its
// sub-folders, their sessions and API keys.

extension LookerService {
    /// Sub-folders read at most under a personal folder; a deeper or cyclic tree stops there
    /// (`OwnedSummary.truncated` says so) rather than reading forever.
    public static var maxOwnedFolders: Int { 500 }

    /// Everything user `userID` owns. `secrets: false` (a served viewer) leaves out where a session
    /// is from and an API key's client id. `alerts`: every alert, when already read (an offboarding
    /// of several users reads them once).
    public func owned(userID: String, secrets: Bool = true, alerts known: [Alert]? = nil) async throws(LookerError) -> OwnedSummary {
        let user = try await user(id: userID, fields: "id,personal_folder_id")
        let personal = user.personalFolderID?.rawValue
        var items: [OwnedItem] = []
        for plan in try await scheduledPlans(userID: userID, fields: nil) where plan.userID?.rawValue ?? userID == userID {
            guard let id = plan.id?.rawValue else { continue }
            items.append(OwnedItem(kind: .schedule, id: id, name: plan.name ?? "", detail: Mapping.delivers(plan)))
        }
        let every: [Alert]
        if let known { every = known } else { every = try await alerts(pageSize: 500, fields: nil) }
        for alert in every where alert.ownerID?.rawValue == userID {
            guard let id = alert.id?.rawValue else { continue }
            let title = alert.customTitle ?? alert.description ?? ""
            items.append(OwnedItem(kind: .alert, id: id, name: title,
                                   detail: [alert.cron ?? "", alert.isDisabled == true ? "disabled" : "enabled"].filter { !$0.isEmpty }
                                       .joined(separator: " · ")))
        }
        var folderOf: [String: String] = [:]
        var truncated = false
        if let personal {
            var names = [personal: "personal folder"]
            var pending = [personal]
            var seen: Set<String> = [personal]
            var dashboards: [OwnedItem] = [], looks: [OwnedItem] = []
            while !pending.isEmpty {
                let folderID = pending.removeFirst()
                let place = names[folderID] ?? folderID
                for d in try await folderDashboards(id: folderID, fields: "id,title,folder_id") {
                    guard let id = d.id?.rawValue else { continue }
                    folderOf["dashboard/" + id] = d.folderID?.rawValue ?? folderID
                    dashboards.append(OwnedItem(kind: .dashboard, id: id, name: d.title ?? "", detail: place))
                }
                for l in try await folderLooks(id: folderID, fields: "id,title,folder_id") {
                    guard let id = l.id?.rawValue else { continue }
                    folderOf["look/" + id] = l.folderID?.rawValue ?? folderID
                    looks.append(OwnedItem(kind: .look, id: id, name: l.title ?? "", detail: place))
                }
                for child in try await folderChildren(id: folderID, fields: "id,name,parent_id") {
                    guard let childID = child.id?.rawValue, seen.insert(childID).inserted else { continue }
                    if seen.count > Self.maxOwnedFolders {
                        truncated = true
                        break
                    }
                    names[childID] = (place == "personal folder" ? "" : place + " / ") + (child.name ?? childID)
                    pending.append(childID)
                }
                if truncated { break }
            }
            items += dashboards + looks
        }
        let (sessions, keys) = try await sessionsAndKeys(userID: userID)
        for session in sessions where !session.id.isEmpty {
            let s = secrets ? session : session.withoutWhere
            let name = [s.browser, s.operatingSystem].filter { !$0.isEmpty }.joined(separator: " on ")
            items.append(OwnedItem(kind: .session, id: s.id, name: name.isEmpty ? "session" : name,
                                   detail: [s.createdAt.isEmpty ? "" : "since " + s.createdAt, secrets ? s.ipAddress : ""]
                                       .filter { !$0.isEmpty }.joined(separator: " · ")))
        }
        for key in keys where !key.id.isEmpty {
            items.append(OwnedItem(kind: .apiKey, id: key.id, name: secrets && !key.clientID.isEmpty ? "client id …" + key.lastFour : "API key",
                                   detail: (key.createdAt.isEmpty ? "" : "made " + key.createdAt) + (key.disabled ? " · disabled" : "")))
        }
        return OwnedSummary(userID: userID, personalFolderID: personal, items: items, folderOf: folderOf, truncated: truncated)
    }
}

extension Mapping {
    /// What a scheduled plan delivers, in words: "look 5 · 2 destinations · enabled".
    public static func delivers(_ plan: ScheduledPlan) -> String {
        let what = plan.lookID.map { "look " + $0.rawValue } ?? plan.dashboardID.map { "dashboard " + $0.rawValue }
            ?? plan.lookmlDashboardID.map { "LookML dashboard " + $0 } ?? "?"
        let n = plan.scheduledPlanDestination?.count
        return [what, n.map { "\($0) destination\($0 == 1 ? "" : "s")" }, plan.enabled.map { $0 ? "enabled" : "disabled" }]
            .compactMap { $0 }.joined(separator: " · ")
    }
}
