/// The `sorts` query parameter: `field [asc|desc]` items separated by commas. Results are always
/// tie-broken by ascending id, so offset paging over any order is stable.
struct SortSpec: Sendable, Equatable {
    enum Field: String, Sendable, CaseIterable {
        case id
        case firstName = "first_name"
        case lastName = "last_name"
        case email
        case displayName = "display_name"
        case isDisabled = "is_disabled"
        case createdAt = "created_at"
    }

    struct Key: Sendable, Equatable {
        let field: Field
        let descending: Bool
    }

    let keys: [Key]

    /// A canonical spelling, used as the cache key for the computed order.
    var cacheKey: String {
        keys.map { $0.field.rawValue + ($0.descending ? " desc" : "") }.joined(separator: ",")
    }

    /// True when the order is simply ascending id, the order users are stored in.
    var isStorageOrder: Bool {
        keys.isEmpty || keys.first == Key(field: .id, descending: false)
    }

    struct SyntaxError: Error, Equatable {
        let message: String
    }

    static func parse(_ text: String?) throws(SyntaxError) -> SortSpec {
        guard let text else { return SortSpec(keys: []) }
        var keys: [Key] = []
        for item in text.split(separator: ",") {
            let words = item.split(whereSeparator: { $0.isWhitespace }).map { $0.lowercased() }
            guard let name = words.first else { continue }
            guard let field = Field(rawValue: name) else {
                throw SyntaxError(message: "cannot sort by '\(name)'")
            }
            guard words.count <= 2 else { throw SyntaxError(message: "invalid sort '\(String(item).trimmingSpaces())'") }
            let direction = words.count == 2 ? words[1] : "asc"
            guard direction == "asc" || direction == "desc" else {
                throw SyntaxError(message: "invalid sort direction '\(direction)'")
            }
            keys.append(Key(field: field, descending: direction == "desc"))
        }
        return SortSpec(keys: keys)
    }

    /// Orders two users by the keys, then by id. Missing values come first, as SQL sorts NULL.
    func areInIncreasingOrder(_ a: SandboxUser, _ aKeys: SearchKeys, _ b: SandboxUser, _ bKeys: SearchKeys) -> Bool {
        for key in keys {
            let order: Int
            switch key.field {
            case .id: order = compare(a.id, b.id)
            case .firstName: order = compare(aKeys.firstName, bKeys.firstName)
            case .lastName: order = compare(aKeys.lastName, bKeys.lastName)
            case .email: order = compare(aKeys.email, bKeys.email)
            case .displayName: order = compare(aKeys.displayName, bKeys.displayName)
            case .isDisabled: order = compare(a.isDisabled ? 1 : 0, b.isDisabled ? 1 : 0)
            case .createdAt: order = compare(a.createdEpoch, b.createdEpoch)
            }
            if order != 0 { return key.descending ? order > 0 : order < 0 }
        }
        return a.id < b.id
    }

    private func compare<T: Comparable>(_ a: T, _ b: T) -> Int {
        a < b ? -1 : (a == b ? 0 : 1)
    }

    private func compare(_ a: String?, _ b: String?) -> Int {
        switch (a, b) {
        case (nil, nil): 0
        case (nil, _): -1
        case (_, nil): 1
        case let (a?, b?): compare(a, b)
        }
    }
}
