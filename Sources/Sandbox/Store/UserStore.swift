/// All users, kept in ascending id order, with per-user search keys, an email index for uniqueness
/// checks and a cache of computed sort orders. Any change to a user drops the cached orders.
struct UserStore: Sendable {
    private(set) var users: [SandboxUser]
    private var keys: [SearchKeys]
    private var positionByID: [String: Int]
    /// Lower-cased email-login address → positions of its owners; more than one only for the duplicates
    /// the seed plants on purpose (the API refuses to make new ones).
    private var emailOwners: [String: Set<Int>]
    private var orderCache: [String: [Int]] = [:]

    init(users: [SandboxUser]) {
        let sorted = users.sorted { $0.id < $1.id }
        self.users = sorted
        self.keys = sorted.map(SearchKeys.init)
        self.positionByID = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1.idString, $0) })
        var owners: [String: Set<Int>] = [:]
        for (position, user) in sorted.enumerated() {
            if let email = user.emailCredential?.email { owners[email.lowercased(), default: []].insert(position) }
        }
        self.emailOwners = owners
    }

    var count: Int { users.count }

    func position(ofID id: String) -> Int? {
        positionByID[id]
    }

    func user(at position: Int) -> SandboxUser {
        users[position]
    }

    /// Positions of the users whose email login uses `email` (case-insensitive).
    func owners(ofEmail email: String) -> Set<Int> {
        emailOwners[email.lowercased()] ?? []
    }

    mutating func update(at position: Int, _ change: (inout SandboxUser) -> Void) {
        let oldEmail = users[position].emailCredential?.email.lowercased()
        change(&users[position])
        let newEmail = users[position].emailCredential?.email.lowercased()
        if oldEmail != newEmail {
            if let oldEmail {
                emailOwners[oldEmail]?.remove(position)
                if emailOwners[oldEmail]?.isEmpty == true { emailOwners[oldEmail] = nil }
            }
            if let newEmail { emailOwners[newEmail, default: []].insert(position) }
        }
        keys[position] = SearchKeys(users[position])
        orderCache.removeAll()
    }

    /// Positions of all users in the order `sort` asks for; computed once per spelling until a change.
    mutating func order(_ sort: SortSpec) -> [Int] {
        if sort.isStorageOrder {
            return Array(users.indices)
        }
        if let cached = orderCache[sort.cacheKey] { return cached }
        let users = self.users
        let keys = self.keys
        let order = users.indices.sorted { sort.areInIncreasingOrder(users[$0], keys[$0], users[$1], keys[$1]) }
        orderCache[sort.cacheKey] = order
        return order
    }

    /// One page of users in `sort` order that pass `filter`.
    mutating func page(sort: SortSpec, filter: SearchFilter?, ids: Set<String>?, offset: Int, limit: Int?) -> [SandboxUser] {
        var result: [SandboxUser] = []
        let wanted = limit ?? Int.max
        result.reserveCapacity(min(wanted, 1_000))
        if filter == nil && ids == nil && sort.isStorageOrder {
            // The common paging case needs no scan at all.
            guard offset < users.count, wanted > 0 else { return [] }
            let end = wanted >= users.count - offset ? users.count : offset + wanted
            return Array(users[offset..<end])
        }
        var skipped = 0
        for position in order(sort) {
            let user = users[position]
            if let ids, !ids.contains(user.idString) { continue }
            if let filter, !filter.matches(user, keys[position]) { continue }
            if skipped < offset {
                skipped += 1
                continue
            }
            if result.count >= wanted { break }
            result.append(user)
        }
        return result
    }
}
