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
    public private(set) var visible: [Int32] = []
    public private(set) var sort: SortColumn = .id
    public private(set) var descending = false
    public private(set) var filter = ""
    /// Index into `visible`.
    public private(set) var selection = 0
    /// First visible row on screen.
    public var scrollTop = 0
    public var progress: LoadProgress = .loading
    /// Columns of the widest id loaded, so the id column never cuts one.
    public private(set) var widestID = 0
    /// Every row's search key in one buffer, so filtering reads memory in order instead of
    /// following one small array per row.
    private var keys: [UInt8] = []
    /// Where each row's key lies in `keys` (a replaced row's key is appended anew; the old bytes
    /// stay unused until `reset`).
    private var keySpans: [KeySpan] = []

    private struct KeySpan: Sendable {
        var start: Int32
        var count: Int32
    }
    /// The results of the filters typed on the way to the current one ("a", "an", "and"), so
    /// Backspace returns to a result instead of scanning every user again. Emptied whenever the
    /// rows or their order change.
    private var narrowings: [(filter: String, visible: [Int32])] = []
    /// One shared copy of each list of login kinds: 100,000 users have a handful of distinct lists.
    private var loginLists: [[String]: [String]] = [:]

    public init() {}

    public static func == (a: UserList, b: UserList) -> Bool {
        a.rows == b.rows && a.visible == b.visible && a.sort == b.sort && a.descending == b.descending &&
            a.filter == b.filter && a.selection == b.selection && a.scrollTop == b.scrollTop && a.progress == b.progress
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
        var added: [Int32] = []
        for var row in newRows {
            if let shared = loginLists[row.logins] { row.logins = shared } else { loginLists[row.logins] = row.logins }
            widestID = max(widestID, DisplayText.width(row.id))
            let key = UserRow.searchKey(name: row.name, email: row.email)
            let span = KeySpan(start: Int32(keys.count), count: Int32(key.count))
            keys.append(contentsOf: key)
            if let i = indexByID[row.id] {
                rows[Int(i)] = row
                keySpans[Int(i)] = span
            } else {
                let i = Int32(rows.count)
                rows.append(row)
                keySpans.append(span)
                indexByID[row.id] = i
                added.append(i)
            }
        }
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
        let addedVisible = filter.isEmpty ? addedSorted : matching(addedSorted, needle(filter))
        if let last = visible.last, let first = addedVisible.first, precedes(last, first) || visible.isEmpty {
            visible.append(contentsOf: addedVisible)
        } else if !addedVisible.isEmpty {
            visible = merge(visible, addedVisible)
        }
        reselect(selectedID)
    }

    /// Drops everything (reload).
    public mutating func reset() {
        let keepSort = (sort, descending, filter)
        self = UserList()
        (sort, descending, filter) = keepSort
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

    private func precedes(_ a: Int32, _ b: Int32) -> Bool {
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

    private func sorted(_ indices: [Int32]) -> [Int32] {
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

    // MARK: Filtering

    /// Sets the filter: case-insensitive substring on name and email. Narrowing (the new text
    /// contains the old) filters only the rows that matched before.
    public mutating func setFilter(_ text: String) {
        let selectedID = selectedRow?.id
        if let k = narrowings.lastIndex(where: { $0.filter == text }) {
            // Back to a filter typed on the way here: its result still holds.
            narrowings.removeSubrange((k + 1)...)
            filter = text
            visible = narrowings[k].visible
            reselect(selectedID)
            return
        }
        let narrowing = !filter.isEmpty && text.lowercased().contains(filter.lowercased())
        filter = text
        refilter(from: narrowing ? visible : order, keeping: selectedID)
        if !narrowing { narrowings.removeAll() }
        if !text.isEmpty { narrowings.append((text, visible)) }
    }

    private func needle(_ text: String) -> [UInt8] { Array(UserRow.folded(text).utf8) }

    private mutating func refilter(from source: [Int32], keeping selectedID: String?) {
        if filter.isEmpty {
            visible = order
        } else {
            visible = matching(source, needle(filter))
        }
        reselect(selectedID)
    }

    /// The rows of `source` (in its order) whose key contains `needle`.
    private func matching(_ source: [Int32], _ needle: [UInt8]) -> [Int32] {
        keys.withUnsafeBufferPointer { all in
            keySpans.withUnsafeBufferPointer { spans in
                needle.withUnsafeBufferPointer { n in
                    // Written in place: appending one by one costs a uniqueness check per match.
                    [Int32](unsafeUninitializedCapacity: source.count) { out, found in
                        found = 0
                        for index in source {
                            let span = spans[Int(index)]
                            let hay = UnsafeBufferPointer(rebasing: all[Int(span.start) ..< Int(span.start) + Int(span.count)])
                            if Self.contains(hay, n) {
                                out[found] = index
                                found += 1
                            }
                        }
                    }
                }
            }
        }
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

    // MARK: Selection

    private mutating func reselect(_ id: String?) {
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
