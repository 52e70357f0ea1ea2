/// A permission set or a model set as a role carries it (`PermissionSet`, `ModelSet`): a named list
/// of permissions or of models, built in or not.
struct SandboxAccessSet: Sendable, Equatable {
    let id: String
    let name: String
    let builtIn: Bool
    let allAccess: Bool
    let members: [String]
}

/// A role (`Role`): a permission set over a model set.
struct SandboxRole: Sendable, Equatable {
    let id: String
    let name: String
    let permissionSet: SandboxAccessSet
    let modelSet: SandboxAccessSet
}

/// A group (`Group`). Nesting goes one way: `parentID` names the group this one is a member of, so the
/// members of this group are also, through it, members of the parent (and get the parent's roles).
struct SandboxGroup: Sendable, Equatable {
    let id: String
    let name: String
    let parentID: String?
    /// Synced from an identity provider: membership can't be changed through the API.
    let externalGroupID: String?
    let includeByDefault: Bool
    /// Roles every member gets through the group.
    let roleIDs: [String]

    var externallyManaged: Bool { externalGroupID != nil }
}

/// The roles and groups of the sandbox instance. Fixed, so they cost nothing at seed time and every seed
/// shares them; which users hold which role or group is what the seed decides.
enum Directory {
    private static let everyModel = SandboxAccessSet(id: "1", name: "All", builtIn: true, allAccess: true, members: [])
    private static let viewing = ["access_data", "see_looks", "see_user_dashboards", "see_lookml_dashboards", "download_with_limit", "schedule_look_emails"]
    private static let exploring = viewing + ["explore", "save_content", "create_public_looks", "see_drill_overlay", "create_alerts"]
    private static let developing = exploring + ["develop", "see_lookml", "see_sql", "use_sql_runner", "deploy"]

    private static let adminSet = SandboxAccessSet(id: "1", name: "Admin", builtIn: true, allAccess: true, members: ["administer"] + developing + ["see_users", "sudo", "manage_models"])
    private static let developerSet = SandboxAccessSet(id: "2", name: "Developer", builtIn: true, allAccess: false, members: developing)
    private static let userSet = SandboxAccessSet(id: "3", name: "User", builtIn: true, allAccess: false, members: exploring)
    private static let viewerSet = SandboxAccessSet(id: "4", name: "Viewer", builtIn: true, allAccess: false, members: viewing)
    private static let supportSet = SandboxAccessSet(id: "5", name: "Support", builtIn: false, allAccess: false, members: exploring + ["see_users", "see_queries", "see_schedules"])
    private static let salesSet = SandboxAccessSet(id: "6", name: "Sales Exploring", builtIn: false, allAccess: false, members: viewing + ["explore", "save_content"])

    /// Roles in id order; 2–5 are Looker's built-ins.
    static let roles: [SandboxRole] = [
        SandboxRole(id: "2", name: "Admin", permissionSet: adminSet, modelSet: everyModel),
        SandboxRole(id: "3", name: "Developer", permissionSet: developerSet, modelSet: everyModel),
        SandboxRole(id: "4", name: "User", permissionSet: userSet, modelSet: everyModel),
        SandboxRole(id: "5", name: "Viewer", permissionSet: viewerSet, modelSet: everyModel),
        SandboxRole(id: "6", name: "Support Analyst", permissionSet: supportSet,
                    modelSet: SandboxAccessSet(id: "2", name: "Support", builtIn: false, allAccess: false, members: ["support", "thelook"])),
        SandboxRole(id: "7", name: "Sales Explorer", permissionSet: salesSet,
                    modelSet: SandboxAccessSet(id: "3", name: "Sales", builtIn: false, allAccess: false, members: ["sales", "thelook"])),
        SandboxRole(id: "8", name: "Finance Viewer", permissionSet: viewerSet,
                    modelSet: SandboxAccessSet(id: "4", name: "Finance", builtIn: false, allAccess: false, members: ["finance"])),
    ]

    /// Groups in id order; the seed puts everyone in 1 and some users in one of 2–9.
    static let groups: [SandboxGroup] = [
        SandboxGroup(id: "1", name: "All Users", parentID: nil, externalGroupID: nil, includeByDefault: true, roleIDs: []),
        SandboxGroup(id: "2", name: "Engineering", parentID: nil, externalGroupID: nil, includeByDefault: false, roleIDs: ["3"]),
        SandboxGroup(id: "3", name: "Data Platform", parentID: "2", externalGroupID: nil, includeByDefault: false, roleIDs: ["6"]),
        SandboxGroup(id: "4", name: "Sales", parentID: nil, externalGroupID: nil, includeByDefault: false, roleIDs: ["7"]),
        SandboxGroup(id: "5", name: "Sales EMEA", parentID: "4", externalGroupID: nil, includeByDefault: false, roleIDs: []),
        SandboxGroup(id: "6", name: "Marketing", parentID: nil, externalGroupID: nil, includeByDefault: false, roleIDs: ["7"]),
        SandboxGroup(id: "7", name: "Finance", parentID: nil, externalGroupID: nil, includeByDefault: false, roleIDs: ["8"]),
        SandboxGroup(id: "8", name: "Okta Analysts", parentID: nil, externalGroupID: "00g1analysts", includeByDefault: false, roleIDs: ["4"]),
        SandboxGroup(id: "9", name: "Okta Contractors", parentID: "8", externalGroupID: "00g2contractors", includeByDefault: false, roleIDs: ["5"]),
    ]

    private static let roleByID = Dictionary(uniqueKeysWithValues: roles.map { ($0.id, $0) })
    private static let groupByID = Dictionary(uniqueKeysWithValues: groups.map { ($0.id, $0) })

    static func role(_ id: String) -> SandboxRole? { roleByID[id] }

    static func group(_ id: String) -> SandboxGroup? { groupByID[id] }

    /// Groups directly inside `id`.
    static func children(of id: String) -> [SandboxGroup] {
        groups.filter { $0.parentID == id }
    }

    /// The given groups and every group they sit in, each once.
    static func withAncestors(_ ids: [String]) -> [SandboxGroup] {
        var seen: Set<String> = []
        var result: [SandboxGroup] = []
        for id in ids {
            var current = group(id)
            while let group = current, seen.insert(group.id).inserted {
                result.append(group)
                current = group.parentID.flatMap(Self.group)
            }
        }
        return result
    }

    /// The roles a user holds: the direct ones, and unless `directOnly` those of the user's groups
    /// (and the groups those sit in), in id order.
    static func roles(of user: SandboxUser, directOnly: Bool) -> [SandboxRole] {
        var ids = Set(user.roleIDs)
        if !directOnly {
            for group in withAncestors(user.groupIDs) { ids.formUnion(group.roleIDs) }
        }
        return roles.filter { ids.contains($0.id) }
    }
}
