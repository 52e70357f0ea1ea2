/// What a row's qualifiers are tested against, in 12 bytes: filtering 100,000 users reads 1.2 MB of
/// these, in order, instead of strings. (Role and group ids are elsewhere, `UserList.accessOfRow`,
/// read only by a filter that names a role or a group.)
struct RowFacts: Sendable {
    /// Epoch day of the last login; `Int32.min`: never.
    var lastLogin: Int32
    /// The email-login domain's number in `UserList.domainIDs`; -1: no email login address.
    var domain: Int32
    var logins: UInt16
    var flags: UInt8

    static let enabled: UInt8 = 1, disabled: UInt8 = 2, forcedReset: UInt8 = 4, session: UInt8 = 8, apiKey: UInt8 = 16
}

/// A query term made ready for `RowFacts`: strings resolved to numbers once per keystroke.
private enum Test {
    case text([UInt8])
    case flag(UInt8)
    case login(UInt16)
    case domain(Int32)
    case never
    case lastLogin(QueryTerm.Kind)
    case duplicate
    /// `role:` / `group:`: per distinct set of ids (`UserList.accessStarts`), whether it passes;
    /// a row passes when its set does (decided once per set, not once per row).
    case access([Bool])
}

extension UserList {
    // MARK: Filtering

    /// Sets the filter (see `Query` for qualifiers, negation and quoting). What does not parse sets
    /// `filterError` and leaves the list on the last valid result. Narrowing (the new query implies
    /// the old, e.g. a text term grown by a letter) filters only the rows that matched before.
    public mutating func setFilter(_ text: String) {
        filter = text
        switch Query.parse(text) {
        case .failure(let error):
            filterError = error
        case .success(let parsed):
            if let error = unresolved(parsed) {
                filterError = error
                return
            }
            filterError = nil
            apply(parsed)
        }
    }

    /// Hands the list the roles and groups: `role:` and `group:` resolve against them, and the
    /// roles and groups columns name them. A filter that names a role or group (typed before the
    /// catalog came, or meaning something else in a new one) is applied again.
    public mutating func setCatalog(_ catalog: AccessCatalog) {
        self.catalog = catalog
        guard case .success(let parsed) = Query.parse(filter), parsed.terms.contains(where: { $0.kind.needsCatalog }) else { return }
        narrowings.removeAll()
        if let error = unresolved(parsed) {
            filterError = error
            return
        }
        filterError = nil
        query = parsed
        refilter(from: order, keeping: selectedRow?.id)
        narrowings.append((parsed, visible))
    }

    /// The first `role:` or `group:` term whose name does not resolve, as the filter's error.
    private func unresolved(_ parsed: Query) -> QueryError? {
        for term in parsed.terms {
            if case .failure(let error)? = term.kind.accessWanted(catalog) { return error }
        }
        return nil
    }

    /// Tells the list today's date (seconds since 1970, from the shell's clock). Relative `last-login`
    /// terms are evaluated again when the day changes.
    public mutating func setClock(epochSeconds: Int64) {
        let day = LoginTime.day(ofEpochSeconds: epochSeconds)
        guard day != today else { return }
        today = day
        narrowings.removeAll()
        if query.usesClock { refilter(from: order, keeping: selectedRow?.id) }
    }

    private mutating func apply(_ parsed: Query) {
        guard parsed != query else { return }   // "ann " is "ann": nothing to do
        let selectedID = selectedRow?.id
        if let k = narrowings.lastIndex(where: { $0.query == parsed }) {
            // Back to a filter typed on the way here: its result still holds.
            narrowings.removeSubrange((k + 1)...)
            query = parsed
            visible = narrowings[k].visible
            reselect(selectedID)
            return
        }
        let narrowing = !query.isEmpty && parsed.narrows(query)
        query = parsed
        refilter(from: narrowing ? visible : order, keeping: selectedID)
        if !narrowing { narrowings.removeAll() }
        if !parsed.isEmpty { narrowings.append((parsed, visible)) }
    }

    mutating func refilter(from source: [Int32], keeping selectedID: String?) {
        visible = query.isEmpty ? order : matching(source)
        reselect(selectedID)
    }

    /// The rows of `source` (in its order) that pass the query.
    mutating func matching(_ source: [Int32]) -> [Int32] {
        if query.needsDuplicates && duplicateRows == nil { duplicateRows = findDuplicates() }
        let tests = query.terms.map { (test(for: $0.kind), $0.negated) }
        // Qualifiers first: they cost a load and a compare, text costs a scan.
        let ordered = tests.filter { if case .text = $0.0 { false } else { true } } + tests.filter { if case .text = $0.0 { true } else { false } }
        let dup = duplicateRows ?? []
        let today = self.today
        let setOfRow = accessOfRow
        return keys.withUnsafeBufferPointer { all in
            keySpans.withUnsafeBufferPointer { spans in
                facts.withUnsafeBufferPointer { facts in
                    // Written in place: appending one by one costs a uniqueness check per match.
                    [Int32](unsafeUninitializedCapacity: source.count) { out, found in
                        found = 0
                        for index in source {
                            let f = facts[Int(index)]
                            var pass = true
                            for (test, negated) in ordered {
                                let hit: Bool
                                switch test {
                                case .flag(let bit): hit = f.flags & bit != 0
                                case .login(let bit): hit = f.logins & bit != 0
                                case .domain(let id): hit = f.domain == id
                                case .never: hit = f.lastLogin == Int32.min
                                case .lastLogin(let kind): hit = f.lastLogin != Int32.min && kind.acceptsLogin(day: f.lastLogin, today: today)
                                case .duplicate: hit = dup[Int(index)]
                                case .access(let passes):
                                    let set = setOfRow[Int(index)]
                                    hit = set >= 0 && passes[Int(set)]
                                case .text(let needle):
                                    let span = spans[Int(index)]
                                    let hay = UnsafeBufferPointer(rebasing: all[Int(span.start) ..< Int(span.start) + Int(span.count)])
                                    hit = needle.withUnsafeBufferPointer { Self.contains(hay, $0) }
                                }
                                if hit == negated { pass = false; break }
                            }
                            if pass {
                                out[found] = index
                                found += 1
                            }
                        }
                    }
                }
            }
        }
    }

    private func test(for kind: QueryTerm.Kind) -> Test {
        switch kind {
        case .text(let needle): .text(Array(needle.utf8))
        case .enabled: .flag(RowFacts.enabled)
        case .disabled: .flag(RowFacts.disabled)
        case .forcedReset: .flag(RowFacts.forcedReset)
        case .hasEmail: .login(LoginKind.email.bit)
        case .login(let kind): .login(kind.bit)
        case .domain(let domain): .domain(domainIDs[domain] ?? -2)   // -2: no row has it
        case .neverLoggedIn: .never
        case .duplicateEmail: .duplicate
        case .lastLoginWithin, .lastLoginOlder, .lastLoginBefore, .lastLoginAfter: .lastLogin(kind)
        case .hasSession: .flag(RowFacts.session)
        case .hasAPIKey: .flag(RowFacts.apiKey)
        case .role, .group:
            if case .success(let wanted)? = kind.accessWanted(catalog) {
                .access(accessPasses(roles: accessNumbers(wanted.roleIDs), groups: accessNumbers(wanted.groupIDs)))
            } else {
                .access([Bool](repeating: false, count: accessStarts.count))   // never reached: setFilter refuses an unresolved name
            }
        }
    }

    /// For each distinct set of ids, whether it holds one of `roles` or one of `groups`.
    private func accessPasses(roles: [Int32], groups: [Int32]) -> [Bool] {
        accessStarts.map { Self.holds(accessBuffer, at: Int($0), roles: roles, groups: groups) }
    }

    /// Ids as the numbers `accessBuffer` holds, sorted; ids no row has are left out.
    private func accessNumbers(_ ids: Set<String>) -> [Int32] {
        ids.compactMap { AccessIDs.number($0) ?? textAccessIDs[$0] }.sorted()
    }

    /// Whether the entry at `start` of `buffer` holds one of `roles` or one of `groups`.
    private static func holds(_ buffer: [Int32], at start: Int, roles: [Int32], groups: [Int32]) -> Bool {
        let header = buffer[start]
        let roleCount = Int(header & 0xFFFF), groupCount = Int(header >> 16)
        var i = start + 1
        if !roles.isEmpty {
            for k in i ..< i + roleCount where isMember(buffer[k], roles) { return true }
        }
        i += roleCount
        if !groups.isEmpty {
            for k in i ..< i + groupCount where isMember(buffer[k], groups) { return true }
        }
        return false
    }

    /// `x` is in `sorted` (a handful of ids: a scan; more: a binary search).
    private static func isMember(_ x: Int32, _ sorted: [Int32]) -> Bool {
        if sorted.count <= 8 { return sorted.contains(x) }
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < x { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == x
    }

    /// The number of the row's set of ids (registered when new); -1: no roles and no groups.
    mutating func accessSet(_ row: UserRow) -> Int32 {
        let ids = row.accessIDs
        guard !ids.isEmpty else { return -1 }
        if let known = accessEntries[ids] { return known }
        let number = Int32(accessStarts.count)
        accessStarts.append(appendAccess(row))
        accessEntries[ids] = number
        return number
    }

    /// Appends a row's direct role and group ids to `accessBuffer`: a header (roles in the low 16
    /// bits, groups in the high), then the roles, then the groups, each id as its number (numeric
    /// ids as themselves, others as a negative number from `textAccessIDs`). -1: nothing to append.
    mutating func appendAccess(_ row: UserRow) -> Int32 {
        let ids = row.accessIDs
        guard !ids.isEmpty else { return -1 }
        let start = Int32(accessBuffer.count)
        switch ids {
        case .numeric(let n):
            let roleCount = Int(n[0]), groupCount = n.count - 1 - roleCount
            guard roleCount <= 0xFFFF, groupCount <= 0x7FFF else { return appendText(row.roleIDs, row.groupIDs) }
            accessBuffer.append(Int32(roleCount) | Int32(groupCount) << 16)
            accessBuffer.append(contentsOf: n[1...])
        case .text(let t):
            return appendText(t.roles, t.groups)
        }
        return start
    }

    private mutating func appendText(_ roles: [String], _ groups: [String]) -> Int32 {
        let start = Int32(accessBuffer.count)
        let roles = roles.prefix(0xFFFF), groups = groups.prefix(0x7FFF)
        accessBuffer.append(Int32(roles.count) | Int32(groups.count) << 16)
        for id in roles + groups {
            if let n = AccessIDs.number(id) {
                accessBuffer.append(n)
            } else if let known = textAccessIDs[id] {
                accessBuffer.append(known)
            } else {
                let fresh = -1 - Int32(textAccessIDs.count)
                textAccessIDs[id] = fresh
                accessBuffer.append(fresh)
            }
        }
        return start
    }

    // MARK: Per-row facts

    /// A row's facts; registers its email-login domain.
    mutating func makeFacts(_ row: UserRow) -> RowFacts {
        var flags: UInt8 = 0
        if let enabled = row.enabled { flags |= enabled ? RowFacts.enabled : RowFacts.disabled }
        if row.forcedReset == true { flags |= RowFacts.forcedReset }
        if row.hasSession == true { flags |= RowFacts.session }
        if row.hasAPIKey == true { flags |= RowFacts.apiKey }
        var domain: Int32 = -1
        if let name = row.emailLoginDomain {
            if let known = domainIDs[name] { domain = known } else {
                domain = Int32(domainIDs.count)
                domainIDs[name] = domain
            }
        }
        return RowFacts(lastLogin: row.lastLoginDay ?? Int32.min, domain: domain,
                        logins: LoginKind.mask(row.logins, totp: row.hasTOTP), flags: flags)
    }

    /// A row's entry in `emailIndex`; nil without an email-login address.
    static func emailEntry(_ row: UserRow, at index: Int32) -> UInt64? {
        guard let key = DuplicateEmails.key(row) else { return nil }
        return UInt64(UInt32(truncatingIfNeeded: key.hashValue)) << 32 | UInt64(UInt32(bitPattern: index))
    }

    /// Merges new entries into `emailIndex` (one pass: pages of a thousand into a hundred thousand).
    mutating func indexEmails(_ entries: [UInt64]) {
        guard !entries.isEmpty else { return }
        let fresh = entries.sorted()
        if let last = emailIndex.last, let first = fresh.first, last < first {
            emailIndex.append(contentsOf: fresh)
            return
        }
        // In place, from the back: no second copy of the index while it grows.
        var i = emailIndex.count - 1, j = fresh.count - 1
        emailIndex.append(contentsOf: fresh)
        var k = emailIndex.count - 1
        while j >= 0 {
            if i >= 0 && emailIndex[i] > fresh[j] {
                emailIndex[k] = emailIndex[i]
                i -= 1
            } else {
                emailIndex[k] = fresh[j]
                j -= 1
            }
            k -= 1
        }
    }

    /// Drops a replaced row's entry from `emailIndex`.
    mutating func forgetEmail(of row: UserRow, at index: Int32) {
        guard let entry = Self.emailEntry(row, at: index) else { return }
        var low = 0, high = emailIndex.count
        while low < high {
            let mid = (low + high) / 2
            if emailIndex[mid] < entry { low = mid + 1 } else { high = mid }
        }
        if low < emailIndex.count && emailIndex[low] == entry { emailIndex.remove(at: low) }
    }

    /// Which rows share their email-login address with another: runs of equal hashes in
    /// `emailIndex` are the candidates, compared as strings (two addresses may share a hash).
    private func findDuplicates() -> [Bool] {
        var result = [Bool](repeating: false, count: rows.count)
        var start = 0
        while start < emailIndex.count {
            var end = start + 1
            while end < emailIndex.count && emailIndex[end] >> 32 == emailIndex[start] >> 32 { end += 1 }
            if end - start > 1 {
                var byAddress: [String: [Int]] = [:]
                for entry in emailIndex[start..<end] {
                    let i = Int(UInt32(truncatingIfNeeded: entry))
                    if let key = DuplicateEmails.key(rows[i]) { byAddress[key, default: []].append(i) }
                }
                for same in byAddress.values where same.count > 1 {
                    for i in same { result[i] = true }
                }
            }
            start = end
        }
        return result
    }

    static func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        let m = needle.count
        if m == 0 { return true }
        guard hay.count >= m, let base = hay.baseAddress else { return false }
        let last = hay.count - m
        func matchesAt(_ i: Int) -> Bool {
            var k = 0
            while k < m && hay[i + k] == needle[k] { k += 1 }
            return k == m
        }
        // Eight start positions at a time: XOR with the needle's first byte (and, one byte on,
        // its second) turns equal bytes into zero bytes, found by the exact zero-byte test. Both
        // must match, so a common first letter ("a") costs few full comparisons.
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        func zeroBytes(_ x: UInt64) -> UInt64 { ~(((x & low7) &+ low7) | x | low7) }
        let first = UInt64(needle[0]) &* ones
        let second = UInt64(needle[m > 1 ? 1 : 0]) &* ones
        let reach = m > 1 ? 9 : 8
        var i = 0
        while i + reach <= hay.count && i <= last {
            var candidates = zeroBytes(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self).littleEndian ^ first)
            if m > 1 && candidates != 0 {
                candidates &= zeroBytes(UnsafeRawPointer(base + i + 1).loadUnaligned(as: UInt64.self).littleEndian ^ second)
            }
            while candidates != 0 {
                let at = i + candidates.trailingZeroBitCount / 8
                if at > last { return false }
                if matchesAt(at) { return true }
                candidates &= candidates &- 1
            }
            i += 8
        }
        while i <= last {
            if matchesAt(i) { return true }
            i += 1
        }
        return false
    }
}
