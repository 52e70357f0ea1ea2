import Foundation
import LookerAPI
import RosterServices
import RosterCore
import ScreenKit

/// `roster bulk plan`'s access actions: `--add-role NAME`, `--remove-role NAME`, `--add-group NAME`,
/// `--remove-group NAME`, `--set-attribute NAME=VALUE`, `--clear-attribute NAME`, `--logout`. A
/// name is a name in any case or an id, resolved against the instance's catalog; an unknown or
/// ambiguous one is a usage error listing the candidates.
enum BulkAccessOption: Equatable {
    case addRole(String), removeRole(String), addToGroup(String), removeFromGroup(String)
    case setAttribute(name: String, value: String), clearAttribute(String), logout

    /// `--set-attribute NAME=VALUE` split: the name is trimmed, the value kept as typed (it may be empty).
    static func attribute(_ text: String) throws -> (String, String) {
        guard let eq = text.firstIndex(of: "=") else { throw CLIFailure(.usage, "roster: --set-attribute takes NAME=VALUE, e.g. max_rows=5000") }
        let name = text[..<eq].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw CLIFailure(.usage, "roster: --set-attribute takes NAME=VALUE: the name is missing") }
        return (name, String(text[text.index(after: eq)...]))
    }

    /// Whether planning reads each user's direct roles, groups and flags (roles and groups only).
    var readsAccess: Bool {
        switch self {
        case .addRole, .removeRole, .addToGroup, .removeFromGroup: true
        case .setAttribute, .clearAttribute, .logout: false
        }
    }

    /// The action, with its name resolved in `catalog`; throws a usage error naming the candidates.
    func action(in catalog: AccessCatalog) throws -> BulkAction {
        switch self {
        case .addRole(let text): let r = try Self.found(catalog.resolveRole(text), "role", "--add-role", text); return .addRole(id: r.id, name: r.name)
        case .removeRole(let text): let r = try Self.found(catalog.resolveRole(text), "role", "--remove-role", text); return .removeRole(id: r.id, name: r.name)
        case .addToGroup(let text): let g = try Self.found(catalog.resolveGroup(text), "group", "--add-group", text); return .addToGroup(id: g.id, name: g.name)
        case .removeFromGroup(let text):
            let g = try Self.found(catalog.resolveGroup(text), "group", "--remove-group", text)
            return .removeFromGroup(id: g.id, name: g.name)
        case .setAttribute(let text, let value):
            let a = try Self.found(catalog.resolveAttribute(text), "attribute", "--set-attribute", text)
            return .setAttribute(id: a.id, name: a.name, value: value, hidden: a.hidden)
        case .clearAttribute(let text):
            let a = try Self.found(catalog.resolveAttribute(text), "attribute", "--clear-attribute", text)
            return .clearAttribute(id: a.id, name: a.name, hidden: a.hidden)
        case .logout: return .logout
        }
    }

    static func found<T>(_ match: NameMatch<T>, _ kind: String, _ option: String, _ text: String) throws -> T {
        let shown = DisplayText.fit(text, width: 80)
        switch match {
        case .found(let entry): return entry
        case .unknown(let candidates):
            throw CLIFailure(.usage, "roster: \(option): no \(kind) is named \(shown) (or has that id); the \(kind)s are:\n"
                             + candidates.map { "  " + $0 }.joined(separator: "\n") + "\nroster: nothing planned")
        case .ambiguous(let candidates):
            throw CLIFailure(.usage, "roster: \(option): several \(kind)s are named \(shown); give the id of one:\n"
                             + candidates.map { "  " + $0 }.joined(separator: "\n") + "\nroster: nothing planned")
        }
    }

    /// Each chosen user's direct roles, groups and flags, read in pages of 100 ids (one request each).
    static func access(of ids: [String], client: LookerClient) async throws -> [String: UserAccess] {
        var result: [String: UserAccess] = [:]
        var start = 0
        while start < ids.count {
            let chunk = ids[start..<min(ids.count, start + 100)]
            let users = try await client.usersPage(search: UserSearch(id: chunk.joined(separator: ",")), limit: chunk.count,
                                                   offset: 0, fields: UserAccess.fields, sorts: "id")
            for user in users { if let id = user.id?.rawValue { result[id] = Mapping.access(user, userID: id) } }
            start += chunk.count
        }
        return result
    }
}

extension BulkAction {
    /// The action with a hidden attribute's value replaced by "(hidden)", for printing.
    var masked: BulkAction {
        if case .setAttribute(let id, let name, _, true) = self { return .setAttribute(id: id, name: name, value: "(hidden)", hidden: true) }
        return self
    }
}

extension BulkPlan {
    /// The plan with every hidden attribute value replaced by "(hidden)", for printing.
    var masked: BulkPlan {
        guard case .setAttribute(_, _, _, true) = action else { return self }
        var copy = self
        copy.action = action.masked
        for i in copy.rows.indices where copy.rows[i].target?.hidden == true && copy.rows[i].target?.value != nil {
            copy.rows[i].target?.value = "(hidden)"
        }
        return copy
    }
}
