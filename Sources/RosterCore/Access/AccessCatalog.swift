import Foundation
import ScreenKit

/// The instance's roles, groups and user attributes: what the Access and Attributes tabs name, what
/// the list's `role:` and `group:` qualifiers and the pickers search, and what `--role NAME` resolves
/// against. Read once (roles, groups with their hierarchy, attributes) and kept; every name in it is
/// server text, sanitized where it is shown.
public struct AccessCatalog: Sendable, Equatable {
    public struct Role: Sendable, Equatable, CatalogEntry {
        public var id: String
        public var name: String
        public var permissionSet: String
        public var modelSet: String

        public init(id: String, name: String, permissionSet: String = "", modelSet: String = "") {
            self.id = id
            self.name = name
            self.permissionSet = permissionSet
            self.modelSet = modelSet
        }
    }

    public struct Group: Sendable, Equatable, CatalogEntry {
        public var id: String
        public var name: String
        /// The groups this one sits in: its members are members of those too, and get their roles.
        public var parentIDs: [String]
        /// The roles the group gives its members.
        public var roleIDs: [String]
        /// Synced from SAML, LDAP or OIDC: its members are not changed by hand.
        public var externallyManaged: Bool

        public init(id: String, name: String, parentIDs: [String] = [], roleIDs: [String] = [], externallyManaged: Bool = false) {
            self.id = id
            self.name = name
            self.parentIDs = parentIDs
            self.roleIDs = roleIDs
            self.externallyManaged = externallyManaged
        }
    }

    public struct Attribute: Sendable, Equatable, CatalogEntry {
        public var id: String
        public var name: String
        public var label: String
        /// string, number, datetime, yesno, zipcode, advanced_filter_string…
        public var type: String
        /// Values are never shown (they come back blank).
        public var hidden: Bool
        public var userCanEdit: Bool

        public init(id: String, name: String, label: String = "", type: String = "string", hidden: Bool = false, userCanEdit: Bool = false) {
            self.id = id
            self.name = name
            self.label = label
            self.type = type
            self.hidden = hidden
            self.userCanEdit = userCanEdit
        }
    }

    public private(set) var roles: [Role]
    public private(set) var groups: [Group]
    public private(set) var attributes: [Attribute]
    private var roleIndex: [String: Int]
    private var groupIndex: [String: Int]
    private var attributeIndex: [String: Int]
    /// The groups directly inside each group (the other way round from `Group.parentIDs`).
    private var children: [String: [String]]

    public init(roles: [Role], groups: [Group], attributes: [Attribute]) {
        self.roles = roles
        self.groups = groups
        self.attributes = attributes
        roleIndex = Self.index(roles)
        groupIndex = Self.index(groups)
        attributeIndex = Self.index(attributes)
        var children: [String: [String]] = [:]
        for group in groups { for parent in group.parentIDs { children[parent, default: []].append(group.id) } }
        self.children = children
    }

    /// Nothing known yet.
    public static let empty = AccessCatalog(roles: [], groups: [], attributes: [])

    public var isEmpty: Bool { roles.isEmpty && groups.isEmpty && attributes.isEmpty }

    private static func index<T: CatalogEntry>(_ entries: [T]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (i, entry) in entries.enumerated() where index[entry.id] == nil { index[entry.id] = i }
        return index
    }

    public func role(_ id: String) -> Role? { roleIndex[id].map { roles[$0] } }
    public func group(_ id: String) -> Group? { groupIndex[id].map { groups[$0] } }
    public func attribute(_ id: String) -> Attribute? { attributeIndex[id].map { attributes[$0] } }

    /// A role's name, or "role #ID" when the catalog does not know it.
    public func roleName(_ id: String) -> String { role(id)?.name ?? "role #\(id)" }
    public func groupName(_ id: String) -> String { group(id)?.name ?? "group #\(id)" }

    // MARK: - Nesting

    /// The given groups and every group they sit in, each once, nearest first (safe against cycles).
    public func withAncestors(_ ids: [String]) -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        var queue = ids
        var next = 0
        while next < queue.count {
            let id = queue[next]
            next += 1
            guard seen.insert(id).inserted else { continue }
            result.append(id)
            queue.append(contentsOf: group(id)?.parentIDs ?? [])
        }
        return result
    }

    /// `id` and every group inside it, at any depth: whoever is in one of these is in `id`.
    public func withDescendants(_ id: String) -> Set<String> {
        var result: Set<String> = []
        var stack = [id]
        while let current = stack.popLast() {
            guard result.insert(current).inserted else { continue }
            stack.append(contentsOf: children[current] ?? [])
        }
        return result
    }

    /// The groups whose members hold `roleID` through them: those giving it, and every group inside those.
    public func groupsGiving(role roleID: String) -> Set<String> {
        var result: Set<String> = []
        for group in groups where group.roleIDs.contains(roleID) { result.formUnion(withDescendants(group.id)) }
        return result
    }

    /// Each role a user holds, with where it comes from: directly, and/or through which groups (the
    /// user's groups and the groups those sit in). In the catalog's order; unknown ids last.
    public func grants(directRoles: [String], groups userGroups: [String]) -> [RoleGrant] {
        var byRole: [String: RoleGrant] = [:]
        var order: [String] = []
        func grant(_ roleID: String) -> RoleGrant {
            if let existing = byRole[roleID] { return existing }
            order.append(roleID)
            return RoleGrant(roleID: roleID, direct: false, groupIDs: [])
        }
        for roleID in directRoles {
            var g = grant(roleID)
            g.direct = true
            byRole[roleID] = g
        }
        for groupID in withAncestors(userGroups) {
            for roleID in group(groupID)?.roleIDs ?? [] {
                var g = grant(roleID)
                if !g.groupIDs.contains(groupID) { g.groupIDs.append(groupID) }
                byRole[roleID] = g
            }
        }
        return order.compactMap { byRole[$0] }.sorted { a, b in
            (roleIndex[a.roleID] ?? Int.max, a.roleID) < (roleIndex[b.roleID] ?? Int.max, b.roleID)
        }
    }

    // MARK: - Names

    public func resolveRole(_ text: String) -> NameMatch<Role> { Self.resolve(text, in: roles) }
    public func resolveGroup(_ text: String) -> NameMatch<Group> { Self.resolve(text, in: groups) }
    public func resolveAttribute(_ text: String) -> NameMatch<Attribute> { Self.resolve(text, in: attributes) }

    /// `text` as an id, else as a name in any case. Several entries of that name are ambiguous; none
    /// is unknown, with the names that contain `text` (or all names) as candidates.
    static func resolve<T: CatalogEntry>(_ text: String, in entries: [T]) -> NameMatch<T> {
        let wanted = text.trimmingCharacters(in: .whitespaces)
        if let byID = entries.first(where: { $0.id == wanted }) { return .found(byID) }
        let lower = wanted.lowercased()
        let named = entries.filter { $0.name.lowercased() == lower }
        if named.count == 1 { return .found(named[0]) }
        if named.count > 1 { return .ambiguous(named.map(\.candidate)) }
        let near = lower.isEmpty ? [] : entries.filter { $0.name.lowercased().contains(lower) }
        return .unknown((near.isEmpty ? entries : near).prefix(Self.candidateLimit).map(\.candidate))
    }

    /// At most this many candidates are named.
    public static let candidateLimit = 20

    /// Entries whose name or id contains `text` (any case), for a picker; all when `text` is empty.
    public static func matching<T: CatalogEntry>(_ text: String, in entries: [T]) -> [T] {
        let lower = text.lowercased()
        guard !lower.isEmpty else { return entries }
        return entries.filter { $0.name.lowercased().contains(lower) || $0.id == text }
    }
}

/// Something the catalog names: a role, a group, an attribute.
public protocol CatalogEntry: Sendable {
    var id: String { get }
    var name: String { get }
}

extension CatalogEntry {
    /// How a candidate is named in an error: "Admin (id 2)", sanitized and cut.
    public var candidate: String { "\(DisplayText.fit(name, width: 60)) (id \(DisplayText.fit(id, width: 20)))" }
}

/// What a name given on the command line or in a plan is.
public enum NameMatch<T: Sendable>: Sendable {
    case found(T)
    /// No such name or id; the candidates to choose from.
    case unknown([String])
    /// More than one entry has that name.
    case ambiguous([String])
}

extension NameMatch: Equatable where T: Equatable {}

/// A role a user holds, and from where: directly, through groups, or both.
public struct RoleGrant: Sendable, Equatable {
    public var roleID: String
    public var direct: Bool
    /// The groups giving it (the user's own or those they sit in), nearest first.
    public var groupIDs: [String]

    public init(roleID: String, direct: Bool, groupIDs: [String]) {
        self.roleID = roleID
        self.direct = direct
        self.groupIDs = groupIDs
    }
}
