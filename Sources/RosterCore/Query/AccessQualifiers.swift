import ScreenKit

/// What a `role:` or `group:` term asks of a user, once its name is resolved: one of these role ids
/// held directly, or membership of one of these groups (directly; nesting is already folded in).
public struct AccessWanted: Sendable, Equatable {
    public var roleIDs: Set<String>
    public var groupIDs: Set<String>

    public init(roleIDs: Set<String>, groupIDs: Set<String>) {
        self.roleIDs = roleIDs
        self.groupIDs = groupIDs
    }

    /// Whether a user with these direct roles and direct groups holds it.
    public func holds(roles: [String], groups: [String]) -> Bool {
        roles.contains { roleIDs.contains($0) } || groups.contains { groupIDs.contains($0) }
    }
}

extension QueryTerm.Kind {
    /// A `role:` or `group:` term, resolved against `catalog` (nil: not loaded yet):
    /// - `role:NAME`: the role itself, and every group whose members get it (the groups giving it and
    ///   every group inside those, at any depth);
    /// - `group:NAME`: the group and every group inside it.
    /// Nil for other kinds. An unknown or ambiguous name is an error naming a few candidates.
    public func accessWanted(_ catalog: AccessCatalog?) -> Result<AccessWanted, QueryError>? {
        switch self {
        case .role(let name):
            guard let catalog else { return .failure(Self.notLoaded("role", name)) }
            return Self.resolve(name, catalog.resolveRole).map { role in
                AccessWanted(roleIDs: [role.id], groupIDs: catalog.groupsGiving(role: role.id))
            }.mapError { $0.error("role", name) }
        case .group(let name):
            guard let catalog else { return .failure(Self.notLoaded("group", name)) }
            return Self.resolve(name, catalog.resolveGroup).map { group in
                AccessWanted(roleIDs: [], groupIDs: catalog.withDescendants(group.id))
            }.mapError { $0.error("group", name) }
        default:
            return nil
        }
    }

    /// Whether the term needs the access catalog.
    public var needsCatalog: Bool {
        switch self {
        case .role, .group: true
        default: false
        }
    }

    private static func notLoaded(_ kind: String, _ name: String) -> QueryError {
        var error = QueryError("\(kind):\(DisplayText.fit(name, width: 40)): \(QueryError.catalogNotLoaded)", aboutName: true)
        error.catalogMissing = true
        return error
    }

    /// The name as typed; if nothing has that name, the same with each dash read as a space
    /// (`sales-explorer` for "Sales Explorer").
    private static func resolve<T: CatalogEntry>(_ name: String, _ lookup: (String) -> NameMatch<T>) -> Result<T, NameProblem> {
        var match = lookup(name)
        if case .unknown = match, name.contains("-") {
            let spaced = lookup(String(name.map { $0 == "-" ? " " : $0 }))
            if case .unknown = spaced {} else { match = spaced }
        }
        switch match {
        case .found(let entry): return .success(entry)
        case .unknown(let candidates): return .failure(NameProblem(ambiguous: false, candidates: candidates))
        case .ambiguous(let candidates): return .failure(NameProblem(ambiguous: true, candidates: candidates))
        }
    }

    /// At most this many candidates are named in the filter line.
    static let shownCandidates = 4
}

/// Why a name did not resolve, before it is worded.
private struct NameProblem: Error {
    var ambiguous: Bool
    var candidates: [String]

    func error(_ kind: String, _ name: String) -> QueryError {
        let shown = DisplayText.fit(name, width: 40)
        let few = candidates.prefix(QueryTerm.Kind.shownCandidates).joined(separator: ", ")
            + (candidates.count > QueryTerm.Kind.shownCandidates ? ", …" : "")
        if ambiguous {
            return QueryError("\(kind): \"\(shown)\" names \(candidates.count) \(kind)s, give the id: \(few)", aboutName: true)
        }
        return QueryError("\(kind): no \(kind) \"\(shown)\"" + (few.isEmpty ? "" : "; try \(few)"), aboutName: true)
    }
}
