/// The filters of `GET /users/search`, combined with AND, or with OR when `filter_or=true`.
struct SearchFilter: Sendable {
    enum TextField: Sendable {
        case firstName, lastName, fullName, email
    }

    enum TextTest: Sendable {
        case isNull
        case notNull
        case like(LikePattern)

        /// Looker's special values `IS NULL` and `NOT NULL`, else a `LIKE` pattern.
        init(_ value: String) {
            switch value.uppercased() {
            case "IS NULL": self = .isNull
            case "NOT NULL": self = .notNull
            default: self = .like(LikePattern(value))
            }
        }

        func passes(_ lowercased: String?) -> Bool {
            switch self {
            case .isNull: lowercased == nil
            case .notNull: lowercased != nil
            case .like(let pattern): lowercased.map { pattern.matches(lowercased: $0) } ?? false
            }
        }
    }

    enum Condition: Sendable {
        case ids(Set<String>)
        case text(TextField, TextTest)
        case disabled(Bool)
        case managesAPIKeys(Bool)
        /// A filter on something no sandbox user has; it passes everyone or no one.
        case constant(Bool)
    }

    var conditions: [Condition] = []
    var anyOf = false

    func matches(_ user: SandboxUser, _ keys: SearchKeys) -> Bool {
        guard !conditions.isEmpty else { return true }
        if anyOf {
            return conditions.contains { holds($0, user, keys) }
        }
        return conditions.allSatisfy { holds($0, user, keys) }
    }

    private func holds(_ condition: Condition, _ user: SandboxUser, _ keys: SearchKeys) -> Bool {
        switch condition {
        case .ids(let ids): ids.contains(user.idString)
        case .disabled(let wanted): user.isDisabled == wanted
        case .managesAPIKeys(let wanted): user.canManageAPI3Creds == wanted
        case .constant(let result): result
        case .text(.firstName, let test): test.passes(keys.firstName)
        case .text(.lastName, let test): test.passes(keys.lastName)
        case .text(.fullName, let test): test.passes(keys.fullName)
        case .text(.email, let test): test.passes(keys.email)
        }
    }
}

/// Lower-cased copies of the text a search or sort looks at, kept beside each user so neither
/// has to lower-case 100,000 names per request.
struct SearchKeys: Sendable {
    let firstName: String?
    let lastName: String?
    let fullName: String?
    let email: String?
    let displayName: String?

    init(_ user: SandboxUser) {
        firstName = user.firstName?.lowercased()
        lastName = user.lastName?.lowercased()
        let full = [user.firstName, user.lastName].compactMap { $0 }.joined(separator: " ")
        fullName = full.isEmpty ? nil : full.lowercased()
        email = user.email?.lowercased()
        displayName = user.displayName?.lowercased()
    }
}
