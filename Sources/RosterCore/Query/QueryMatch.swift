/// The users whose email login shares its address with another user's email login, compared
/// case-insensitively (lower-cased, NFC). Built once from every row; `dup:email` asks it.
public struct DuplicateEmails: Sendable, Equatable {
    /// The folded addresses held by more than one row.
    public private(set) var addresses: Set<String>

    public init<Rows: Sequence>(_ rows: Rows) where Rows.Element == UserRow {
        var seen = Set<String>()
        var twice = Set<String>()
        for row in rows {
            guard let key = Self.key(row) else { continue }
            if !seen.insert(key).inserted { twice.insert(key) }
        }
        addresses = twice
    }

    /// The row's email login address as compared; nil without an email login address.
    public static func key(_ row: UserRow) -> String? {
        guard let address = row.emailLogin, !address.isEmpty else { return nil }
        return UserRow.folded(address)
    }

    public func contains(_ row: UserRow) -> Bool {
        guard !addresses.isEmpty, let key = Self.key(row) else { return false }
        return addresses.contains(key)
    }
}

extension UserRow {
    /// The domain of the email login's address (after the last "@"), lower-cased; nil without one.
    public var emailLoginDomain: String? {
        guard let address = emailLogin, let at = address.lastIndex(of: "@") else { return nil }
        let domain = address[address.index(after: at)...]
        return domain.isEmpty ? nil : domain.lowercased()
    }
}

extension Query {
    /// Whether `row` passes every term. `now` is seconds since 1970 (relative `last-login` terms
    /// count whole UTC days back from it); `duplicates` is built from every row considered, for
    /// `dup:email`; `catalog` resolves `role:` and `group:`. Without it, or when a name does not
    /// resolve, the query matches no user at all, negated or not (`-role:x` must never mean
    /// everyone because x was not looked up): resolve first with `QueryTerm.Kind.accessWanted` to
    /// report the name. This is the reference meaning: `UserList` evaluates the same terms on
    /// compact per-row data and is tested against it.
    public func matches(_ row: UserRow, now: Int64, duplicates: DuplicateEmails, catalog: AccessCatalog? = nil) -> Bool {
        let today = LoginTime.day(ofEpochSeconds: now)
        var key: [UInt8]?
        for term in terms {
            let hit: Bool
            switch term.kind {
            case .text(let needle):
                if key == nil { key = UserRow.searchKey(name: row.name, email: row.email) }
                hit = key!.withUnsafeBufferPointer { hay in
                    Array(needle.utf8).withUnsafeBufferPointer { UserList.contains(hay, $0) }
                }
            case .disabled: hit = row.enabled == false
            case .enabled: hit = row.enabled == true
            case .hasEmail: hit = row.logins.contains(LoginKind.email.rawValue)
            case .login(let kind): hit = kind == .totp ? row.hasTOTP : row.logins.contains(kind.rawValue)
            case .domain(let domain): hit = row.emailLoginDomain == domain
            case .neverLoggedIn: hit = row.lastLoginDay == nil
            case .forcedReset: hit = row.forcedReset == true
            case .duplicateEmail: hit = duplicates.contains(row)
            case .hasSession: hit = row.hasSession == true
            case .hasAPIKey: hit = row.hasAPIKey == true
            case .role, .group:
                guard case .success(let wanted)? = term.kind.accessWanted(catalog) else { return false }
                hit = wanted.holds(roles: row.roleIDs, groups: row.groupIDs)
            case .lastLoginWithin, .lastLoginOlder, .lastLoginBefore, .lastLoginAfter:
                hit = row.lastLoginDay.map { term.kind.acceptsLogin(day: $0, today: today) } ?? false
            }
            if hit == term.negated { return false }
        }
        return true
    }
}

extension QueryTerm.Kind {
    /// A `last-login` term against a known login day. (Users who never logged in match none of
    /// them, so `-last-login:<90d` finds both the stale and the never-logged-in.)
    func acceptsLogin(day: Int32, today: Int32) -> Bool {
        switch self {
        case .lastLoginWithin(let days): return Int64(today) - Int64(day) < Int64(days)
        case .lastLoginOlder(let days): return Int64(today) - Int64(day) > Int64(days)
        case .lastLoginBefore(let limit): return day < limit
        case .lastLoginAfter(let limit): return day > limit
        default: return false
        }
    }
}
