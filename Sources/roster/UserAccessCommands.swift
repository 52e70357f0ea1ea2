import ArgumentParser
import Foundation
import LookerAPI
import RosterCore
import RosterServices
import ScreenKit

// A user's access from the command line: `roster users access` shows it, `grant` and `revoke`
// change it. Every change goes through `LookerService.perform` (read, compare, write once) and is
// journaled on its own; names are resolved against the instance's catalog before anything is sent.

/// `roster users access ID`: roles with where each comes from, groups with their nesting, and the
/// three flags that decide what can be changed by hand.
struct UserAccessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "A user's roles (each with its source: direct or a group), groups (direct and inherited) and access flags.",
        discussion: ExitStatus.helpText)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
    @Option(help: "table or json.") var format: ItemFormat = .table

    func run() async throws {
        let report = try await withClient(global) { client in
            let catalog = try await client.accessCatalog()
            return AccessReport(try await client.access(userID: id), catalog: catalog)
        }
        var out = Output()
        if format == .json {
            try out.json(report)
        } else {
            report.write(to: &out)
        }
        out.flush()
    }
}

/// `roster users grant ID --role NAME --group NAME …`.
struct UserGrantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Give a user direct roles and/or put them in groups, one change at a time.",
        discussion: AccessChanges.discussion(verb: "given") + "\n" + ExitStatus.helpText)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
    @Option(name: .customLong("role"), help: "A role, by name (any case) or id; may be repeated.") var roles: [String] = []
    @Option(name: .customLong("group"), help: "A group, by name (any case) or id; may be repeated.") var groups: [String] = []

    func validate() throws { try AccessChanges.validate(roles: roles, groups: groups, verb: "grant") }

    func run() async throws {
        try await AccessChanges.run(adding: true, userID: id, roles: roles, groups: groups, global: global)
    }
}

/// `roster users revoke ID --role NAME --group NAME …`.
struct UserRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Take direct roles from a user and/or take them out of groups, one change at a time.",
        discussion: AccessChanges.discussion(verb: "taken away") + "\n" + ExitStatus.helpText)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
    @Option(name: .customLong("role"), help: "A role, by name (any case) or id; may be repeated.") var roles: [String] = []
    @Option(name: .customLong("group"), help: "A group, by name (any case) or id; may be repeated.") var groups: [String] = []

    func validate() throws { try AccessChanges.validate(roles: roles, groups: groups, verb: "revoke") }

    func run() async throws {
        try await AccessChanges.run(adding: false, userID: id, roles: roles, groups: groups, global: global)
    }
}

/// What `grant` and `revoke` share: resolve every name, refuse what cannot be done by hand before
/// sending anything, then make the changes one by one.
enum AccessChanges {
    static func discussion(verb: String) -> String {
        """
        Roles are \(verb) first, then groups, each in the order given; one line per change says `done` or \
        `nothing to do, …`, and each change made is journaled. Every name is checked first: an unknown or \
        ambiguous one is a usage error (exit 2, with the candidates) and nothing is sent. When the user's \
        roles or a group's membership cannot be changed by hand (roles_externally_managed, \
        allow_direct_roles, allow_normal_group_membership, an externally managed group), nothing is sent \
        and the exit code is 1.
        """
    }

    static func validate(roles: [String], groups: [String], verb: String) throws {
        if roles.isEmpty && groups.isEmpty {
            throw ValidationError("say what to \(verb): --role NAME or --group NAME (each may be repeated)")
        }
    }

    static func run(adding: Bool, userID: String, roles: [String], groups: [String], global: GlobalOptions) async throws {
        try await withClient(global) { client in
            let catalog = try await client.accessCatalog()
            let resolvedRoles = try roles.map { try CatalogName.resolve(catalog.resolveRole($0), text: $0, noun: "role") }
            let resolvedGroups = try groups.map { try CatalogName.resolve(catalog.resolveGroup($0), text: $0, noun: "group") }
            let access = try await client.access(userID: userID)

            let user = "user \(DisplayText.fit(userID, width: 40))"
            var refusals: [String] = []
            if let why = access.rolesRefusal {
                for role in resolvedRoles { refusals.append("  role \(role.candidate): \(why)") }
            }
            for group in resolvedGroups {
                if let why = access.membershipRefusal(group) { refusals.append("  group \(group.candidate): \(why)") }
            }
            if !refusals.isEmpty {
                throw CLIFailure(.other, "roster: \(user): cannot be changed by hand, so nothing was sent:\n"
                                 + refusals.joined(separator: "\n"))
            }

            for role in resolvedRoles {
                let write: UserWrite = adding ? .addRole(roleID: role.id, expected: nil) : .removeRole(roleID: role.id, expected: nil)
                try await AccessChanges.make(write, what: role.candidate, userID: userID, client: client, global: global) { reason in
                    // A role that stays through a group is worth saying when the direct one is not there to take.
                    guard !adding, let grant = catalog.grants(directRoles: access.directRoleIDs, groups: access.groupIDs)
                        .first(where: { $0.roleID == role.id }), !grant.groupIDs.isEmpty else { return reason }
                    let through = grant.groupIDs.map { "group " + DisplayText.fit(catalog.groupName($0), width: 60) }
                    return reason + " (it comes through " + through.joined(separator: ", ") + ")"
                }
            }
            for group in resolvedGroups {
                let write: UserWrite = adding ? .addToGroup(groupID: group.id) : .removeFromGroup(groupID: group.id)
                try await AccessChanges.make(write, what: group.candidate, userID: userID, client: client, global: global)
            }
        }
    }

    /// Makes one change and says so on a line of its own: `user ID: add role Admin (id 2): done`,
    /// or `…: nothing to do, already has the role directly`. A change made is journaled; a failure
    /// names the change, then the server's answer (422 details field by field).
    @discardableResult
    static func make(_ write: UserWrite, what: String, userID: String, client: LookerClient, global: GlobalOptions,
                     explain: (String) -> String = { $0 }) async throws -> AccessOutcome {
        let operation = write.operation
        let head = "user \(DisplayText.fit(userID, width: 40)): \(operation.label) \(what)"
        let outcome: AccessOutcome
        do throws(LookerError) {
            outcome = try await client.perform(write, userID: userID)
        } catch {
            var failure = CLIFailure(error)
            failure.message = "roster: \(head): failed\n" + failure.message
            throw failure
        }
        var out = Output()
        switch outcome {
        case .changed(let before, let after):
            await journal(client, global, JournalAction(operation), userID: userID,
                          changes: FieldChange.changes(operation, before: before, after: after))
            out.line(head + ": done")
        case .unchanged(let reason):
            out.line(head + ": nothing to do, " + explain(reason))
        case .rolesChanged:
            // Only asked with an expected set, which the commands never give.
            throw CLIFailure(.other, "roster: \(head): the user's roles changed meanwhile; nothing was sent")
        }
        out.flush()
        return outcome
    }
}

/// A role, group or attribute named on the command line, or a usage error naming the candidates.
enum CatalogName {
    static func resolve<T>(_ match: NameMatch<T>, text: String, noun: String) throws -> T {
        let asked = DisplayText.fit(text, width: 60)
        switch match {
        case .found(let entry):
            return entry
        case .unknown(let candidates):
            guard !candidates.isEmpty else { throw CLIFailure(.usage, "roster: no \(noun) '\(asked)': the instance has none") }
            throw CLIFailure(.usage, "roster: no \(noun) '\(asked)'; candidates:\n" + candidates.map { "  " + $0 }.joined(separator: "\n"))
        case .ambiguous(let candidates):
            throw CLIFailure(.usage, "roster: '\(asked)' names \(candidates.count) \(noun)s; give the id of one:\n"
                             + candidates.map { "  " + $0 }.joined(separator: "\n"))
        }
    }
}

/// A user's access as `users access` prints it: JSON fields for scripts, or a table.
struct AccessReport: Encodable {
    struct Named: Encodable {
        var id: String
        var name: String
    }

    struct RoleRow: Encodable {
        var id: String
        var name: String
        var direct: Bool
        /// The groups giving it (the user's own and those they sit in), nearest first.
        var groups: [Named]
        /// "direct", "group Engineering", "direct, group Engineering".
        var source: String
    }

    struct GroupRow: Encodable {
        var id: String
        var name: String
        var direct: Bool
        /// For an inherited group: the group of the user's it is reached through.
        var through: Named?
        var externallyManaged: Bool

        enum CodingKeys: String, CodingKey { case id, name, direct, through, externallyManaged = "externally_managed" }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            try c.encode(direct, forKey: .direct)
            try c.encode(through, forKey: .through)   // null when direct
            try c.encode(externallyManaged, forKey: .externallyManaged)
        }

        var membership: String { through.map { "through " + $0.name } ?? "direct" }
    }

    var userID: String
    var rolesExternallyManaged: Bool
    var allowDirectRoles: Bool?
    var allowNormalGroupMembership: Bool?
    var roles: [RoleRow]
    var groups: [GroupRow]

    enum CodingKeys: String, CodingKey {
        case userID = "user_id", rolesExternallyManaged = "roles_externally_managed", allowDirectRoles = "allow_direct_roles"
        case allowNormalGroupMembership = "allow_normal_group_membership", roles, groups
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(userID, forKey: .userID)
        try c.encode(rolesExternallyManaged, forKey: .rolesExternallyManaged)
        try c.encode(allowDirectRoles, forKey: .allowDirectRoles)   // null when the server did not say
        try c.encode(allowNormalGroupMembership, forKey: .allowNormalGroupMembership)
        try c.encode(roles, forKey: .roles)
        try c.encode(groups, forKey: .groups)
    }

    init(_ access: UserAccess, catalog: AccessCatalog) {
        userID = access.userID
        rolesExternallyManaged = access.rolesExternallyManaged
        allowDirectRoles = access.allowDirectRoles
        allowNormalGroupMembership = access.allowNormalGroupMembership
        roles = catalog.grants(directRoles: access.directRoleIDs, groups: access.groupIDs).map { grant in
            let groups = grant.groupIDs.map { Named(id: $0, name: catalog.groupName($0)) }
            let source = (grant.direct ? ["direct"] : []) + groups.map { "group " + $0.name }
            return RoleRow(id: grant.roleID, name: catalog.roleName(grant.roleID), direct: grant.direct, groups: groups,
                           source: source.joined(separator: ", "))
        }
        groups = Self.memberships(access.groupIDs, catalog: catalog).map { id, via in
            GroupRow(id: id, name: catalog.groupName(id), direct: via == nil,
                     through: via.map { Named(id: $0, name: catalog.groupName($0)) },
                     externallyManaged: catalog.group(id)?.externallyManaged ?? false)
        }
    }

    /// The user's groups, then the groups those sit in, each once and nearest first, with the group
    /// it is reached through (nil for a direct membership). Safe against cycles.
    static func memberships(_ direct: [String], catalog: AccessCatalog) -> [(id: String, via: String?)] {
        var seen: Set<String> = []
        var result: [(id: String, via: String?)] = []
        var queue: [(id: String, via: String?)] = direct.map { ($0, nil) }
        var next = 0
        while next < queue.count {
            let item = queue[next]
            next += 1
            guard seen.insert(item.id).inserted else { continue }
            result.append(item)
            for parent in catalog.group(item.id)?.parentIDs ?? [] { queue.append((parent, item.id)) }
        }
        return result
    }

    func write(to out: inout Output) {
        out.line("user \(DisplayText.fit(userID, width: 40))")
        let flags: [(String, String)] = [
            ("roles_externally_managed", Records.yesNo(rolesExternallyManaged)),
            ("allow_direct_roles", Records.yesNo(allowDirectRoles)),
            ("allow_normal_group_membership", Records.yesNo(allowNormalGroupMembership)),
        ]
        for (name, value) in flags { out.line(DisplayText.pad(name, width: 29) + "  " + value) }
        out.line("")
        if roles.isEmpty {
            out.line("no roles")
        } else {
            out.table(headers: ["ROLE ID", "ROLE", "SOURCE"], rows: roles.map { [$0.id, $0.name, $0.source] },
                      maxWidths: [10, 40, 120])
        }
        out.line("")
        if groups.isEmpty {
            out.line("no groups")
        } else {
            out.table(headers: ["GROUP ID", "GROUP", "MEMBERSHIP", "EXTERNALLY MANAGED"],
                      rows: groups.map { [$0.id, $0.name, $0.membership, Records.yesNo($0.externallyManaged)] },
                      maxWidths: [10, 48, 56, 18])
        }
    }
}
