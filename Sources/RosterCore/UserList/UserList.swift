import ScreenKit

/// The columns the list can sort by, in the order `s` cycles through them.
public enum SortColumn: String, CaseIterable, Sendable {
    case id, name, email, logins, enabled

    public var next: SortColumn {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// How far loading the users has come.
public enum LoadProgress: Sendable, Equatable {
    case loading
    case complete
    case failed(String)
}

/// Every loaded user, the sort order, the filter and the selection. Pure and fast: loading appends
/// or merges, filtering narrows incrementally, and the selection follows the selected user's id
/// through sorting and filtering.
public struct UserList: Sendable, Equatable {
    public private(set) var rows: [UserRow] = []
    private var indexByID: [String: Int32] = [:]
    /// All rows in sort order (indices into `rows`).
    public private(set) var order: [Int32] = []
    /// The rows that pass the filter, in sort order.
    public internal(set) var visible: [Int32] = []
    public private(set) var sort: SortColumn = .id
    public private(set) var descending = false
    /// The filter as typed (see `Query` for its syntax).
    public internal(set) var filter = ""
    /// Why `filter` does not parse, while it does not; `visible` keeps the last valid result meanwhile.
    public internal(set) var filterError: QueryError?
    /// The last filter that parsed: the one `visible` shows.
    public internal(set) var query = Query()
    /// Today, as a UTC day number, from the shell's clock: relative `last-login` terms count from it.
    public internal(set) var today: Int32 = 0
    /// Index into `visible`.
    public private(set) var selection = 0
    /// First visible row on screen.
    public var scrollTop = 0
    public var progress: LoadProgress = .loading
    /// Columns of the widest id loaded, so the id column never cuts one.
    public private(set) var widestID = 0
    /// Every row's search key in one buffer, so filtering reads memory in order instead of
    /// following one small array per row.
    var keys: [UInt8] = []
    /// Where each row's key lies in `keys` (a replaced row's key is appended anew; the old bytes
    /// stay unused until `reset`).
    var keySpans: [KeySpan] = []
    /// What qualifiers test, per row, in a few bytes: filtering reads these instead of strings.
    var facts: [RowFacts] = []
    /// A number per email-login domain (lower-cased), so `domain:` compares integers.
    var domainIDs: [String: Int32] = [:]
    /// Every email-login address as (32-bit hash of its folded form) << 32 | row index, sorted, so
    /// rows with the same address sit together: `dup:email` compares only neighbours with equal
    /// hashes as strings. 8 bytes a user, no dictionary.
    var emailIndex: [UInt64] = []
    /// Per row: its email login is shared with another row. Nil when rows changed since it was built.
    var duplicateRows: [Bool]?
    /// Each distinct set of direct role and group ids, once, in one buffer (`accessStarts` says
    /// where each starts). `role:` and `group:` decide once per set, so a row costs one look-up in
    /// `accessOfRow` and one in that answer. 100,000 users have a few dozen distinct sets.
    var accessBuffer: [Int32] = []
    /// Where each distinct set starts in `accessBuffer`, by its number.
    var accessStarts: [Int32] = []
    /// Each distinct set of ids and its number; rows with the same ids share the key's storage, as
    /// they share login lists.
    var accessEntries: [AccessIDs: Int32] = [:]
    /// Per row, the number of its set of ids; -1: no roles and no groups.
    var accessOfRow: [Int32] = []
    /// Numbers for the role and group ids that are not numeric (negative, so they never meet a
    /// numeric id). Looker's ids are numeric: this stays empty.
    var textAccessIDs: [String: Int32] = [:]
    /// The roles and groups (`setCatalog`): what `role:` and `group:` resolve against and the roles
    /// and groups columns name. Nil until they are read.
    public internal(set) var catalog: AccessCatalog?
    /// The optional columns on show.
    public var showsRoles = false
    public var showsGroups = false

    struct KeySpan: Sendable {
        var start: Int32
        var count: Int32
    }
    /// The results of the filters typed on the way to the current one ("a", "an", "and"), so
    /// Backspace returns to a result instead of scanning every user again. Emptied whenever the
    /// rows or their order change.
    var narrowings: [(query: Query, visible: [Int32])] = []
    /// One shared copy of each list of login kinds: 100,000 users have a handful of distinct lists.
    private var loginLists: [[String]: [String]] = [:]

    public init() {}

    public static func == (a: UserList, b: UserList) -> Bool {
        a.rows == b.rows && a.visible == b.visible && a.sort == b.sort && a.descending == b.descending &&
            a.filter == b.filter && a.filterError == b.filterError && a.selection == b.selection && a.scrollTop == b.scrollTop && a.progress == b.progress
            && a.catalog == b.catalog && a.showsRoles == b.showsRoles && a.showsGroups == b.showsGroups
    }

    public var count: Int { rows.count }
    public var selectedRow: UserRow? {
        visible.indices.contains(selection) ? rows[Int(visible[selection])] : nil
    }
    public func visibleRow(_ i: Int) -> UserRow { rows[Int(visible[i])] }
    public func row(id: String) -> UserRow? { indexByID[id].map { rows[Int($0)] } }

    // MARK: Loading

    /// Adds rows (new ids) or replaces them (known ids). Keeps the selection on the same user.
    public mutating func add(_ newRows: [UserRow]) {
        let selectedID = selectedRow?.id
        narrowings.removeAll()
        duplicateRows = nil
        var added: [Int32] = []
        var addresses: [UInt64] = []
        for var row in newRows {
            if let shared = loginLists[row.logins] { row.logins = shared } else { loginLists[row.logins] = row.logins }
            if let k = accessEntries.index(forKey: row.accessIDs) { row.accessIDs = accessEntries[k].key }
            widestID = max(widestID, DisplayText.width(row.id))
            let key = UserRow.searchKey(name: row.name, email: row.email)
            let span = KeySpan(start: Int32(keys.count), count: Int32(key.count))
            keys.append(contentsOf: key)
            let rowFacts = makeFacts(row)
            let rowSet = accessSet(row)
            if let i = indexByID[row.id] {
                forgetEmail(of: rows[Int(i)], at: i)
                if let entry = Self.emailEntry(row, at: i) { addresses.append(entry) }
                rows[Int(i)] = row
                keySpans[Int(i)] = span
                facts[Int(i)] = rowFacts
                accessOfRow[Int(i)] = rowSet
            } else {
                let i = Int32(rows.count)
                if let entry = Self.emailEntry(row, at: i) { addresses.append(entry) }
                rows.append(row)
                keySpans.append(span)
                facts.append(rowFacts)
                accessOfRow.append(rowSet)
                indexByID[row.id] = i
                added.append(i)
            }
        }
        indexEmails(addresses)
        if added.count < newRows.count {
            // Replaced rows may have moved in the sort order.
            order = sorted(Array(0..<Int32(rows.count)))
            refilter(from: order, keeping: selectedID)
            return
        }
        let addedSorted = sorted(added)
        if let last = order.last, let first = addedSorted.first, !precedes(first, last) {
            order.append(contentsOf: addedSorted)     // the usual case: pages arrive in sort order
        } else {
            order = merge(order, addedSorted)
        }
        if query.needsDuplicates {
            // A new address can make a row shown before a duplicate.
            refilter(from: order, keeping: selectedID)
            return
        }
        let addedVisible = query.isEmpty ? addedSorted : matching(addedSorted)
        if let last = visible.last, let first = addedVisible.first, precedes(last, first) || visible.isEmpty {
            visible.append(contentsOf: addedVisible)
        } else if !addedVisible.isEmpty {
            visible = merge(visible, addedVisible)
        }
        reselect(selectedID)
    }

    /// Drops everything (reload).
    public mutating func reset() {
        let keep = (sort, descending, filter, filterError, query, today)
        let kept = (catalog, showsRoles, showsGroups)
        self = UserList()
        (sort, descending, filter, filterError, query, today) = keep
        (catalog, showsRoles, showsGroups) = kept
    }

    /// Replaces one row's fields (after a save).
    public mutating func update(_ row: UserRow) { add([row]) }

    // MARK: Sorting

    public mutating func setSort(_ column: SortColumn, descending: Bool) {
        let selectedID = selectedRow?.id
        sort = column
        self.descending = descending
        narrowings.removeAll()
        order = sorted(Array(0..<Int32(rows.count)))
        refilter(from: order, keeping: selectedID)
    }

    func precedes(_ a: Int32, _ b: Int32) -> Bool {
        let x = rows[Int(a)], y = rows[Int(b)]
        let less: Bool
        switch sort {
        case .id: less = x.numericID != y.numericID ? x.numericID < y.numericID : x.id < y.id
        case .name: less = x.name.lowercased() != y.name.lowercased() ? x.name.lowercased() < y.name.lowercased() : x.numericID < y.numericID
        case .email: less = x.email != y.email ? x.email < y.email : x.numericID < y.numericID
        case .logins: less = x.logins != y.logins ? x.loginsText < y.loginsText : x.numericID < y.numericID
        case .enabled:
            // Enabled first, then disabled, then unknown.
            let rank = { (e: Bool?) in e == true ? 0 : (e == false ? 1 : 2) }
            less = x.enabled != y.enabled ? rank(x.enabled) < rank(y.enabled) : x.numericID < y.numericID
        }
        return descending ? !less && !(x.id == y.id) : less
    }

    func sorted(_ indices: [Int32]) -> [Int32] {
        if sort == .name {
            // Lower-casing once per row instead of once per comparison.
            let keys = indices.map { rows[Int($0)].name.lowercased() }
            let perm = Array(keys.indices).sorted { a, b in
                if keys[a] != keys[b] { return descending ? keys[a] > keys[b] : keys[a] < keys[b] }
                let x = rows[Int(indices[a])].numericID, y = rows[Int(indices[b])].numericID
                return descending ? x > y : x < y
            }
            return perm.map { indices[$0] }
        }
        return indices.sorted { precedes($0, $1) }
    }

    private func merge(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if precedes(b[j], a[i]) { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }

    // MARK: Selection

    mutating func reselect(_ id: String?) {
        if let id, let target = indexByID[id], let pos = visible.firstIndex(of: target) {
            selection = pos
        } else {
            selection = min(selection, max(0, visible.count - 1))
        }
    }

    /// Moves the selection by `delta` rows, clamped.
    public mutating func move(by delta: Int) {
        guard !visible.isEmpty else { selection = 0; return }
        selection = max(0, min(visible.count - 1, selection + delta))
    }

    public mutating func select(index: Int) {
        guard !visible.isEmpty else { selection = 0; return }
        selection = max(0, min(visible.count - 1, index))
    }

    /// Keeps the selection on screen for a list area of `height` rows.
    public mutating func scrollToSelection(height: Int) {
        guard height > 0 else { return }
        if selection < scrollTop { scrollTop = selection }
        if selection >= scrollTop + height { scrollTop = selection - height + 1 }
        scrollTop = max(0, min(scrollTop, max(0, visible.count - height)))
    }
}
