/// A user attribute (`UserAttribute`) and the values groups give it.
struct SandboxUserAttribute: Sendable, Equatable {
    /// A value a group gives its members; the lowest rank wins among a user's groups.
    struct GroupValue: Sendable, Equatable {
        let id: String
        let groupID: String
        let rank: Int
        let value: String
    }

    let id: String
    let name: String
    let label: String
    let type: String
    let defaultValue: String?
    let valueIsHidden: Bool
    let userCanView: Bool
    let userCanEdit: Bool
    let groupValues: [GroupValue]

    /// Whether `value` is acceptable for this attribute's type.
    func accepts(_ value: String) -> Bool {
        switch type {
        case "number":
            return Double(value.trimmingSpaces()).map(\.isFinite) ?? false
        case "yesno":
            return value == "yes" || value == "no"
        case "zipcode":
            let parts = value.split(separator: "-", omittingEmptySubsequences: false)
            let digits = { (part: Substring, count: Int) in part.count == count && part.allSatisfy { $0.isASCII && $0.isNumber } }
            return digits(parts[0], 5) && (parts.count == 1 || (parts.count == 2 && digits(parts[1], 4)))
        case "datetime":
            // `YYYY-MM-DD`, optionally followed by ` HH:MM:SS` or `THH:MM:SS`.
            let bytes = Array(value.utf8)
            let isDigit = { (i: Int) in bytes[i] >= 0x30 && bytes[i] <= 0x39 }
            guard bytes.count == 10 || bytes.count == 19 else { return false }
            let datePattern = [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy(isDigit) && bytes[4] == 0x2D && bytes[7] == 0x2D
            guard datePattern else { return false }
            if bytes.count == 10 { return true }
            return (bytes[10] == 0x20 || bytes[10] == 0x54) && [11, 12, 14, 15, 17, 18].allSatisfy(isDigit) && bytes[13] == 0x3A && bytes[16] == 0x3A
        default:
            return true
        }
    }
}

/// One value of an attribute for a user, and where it comes from (`UserAttributeWithValue`).
struct ResolvedAttributeValue: Sendable, Equatable {
    let attribute: SandboxUserAttribute
    /// nil for an attribute that has no value anywhere.
    let value: String?
    /// `user`, `group: NAME` or `default`; nil when unset.
    let source: String?
    let rank: Int?
}

/// The sandbox's user attributes: one of each type, some hidden, some not editable by the user.
enum UserAttributes {
    static let all: [SandboxUserAttribute] = [
        SandboxUserAttribute(id: "1", name: "region", label: "Region", type: "string", defaultValue: "global", valueIsHidden: false,
                             userCanView: true, userCanEdit: false, groupValues: [
                                 .init(id: "1", groupID: "5", rank: 1, value: "emea"),
                                 .init(id: "2", groupID: "4", rank: 2, value: "na"),
                                 .init(id: "3", groupID: "8", rank: 3, value: "analytics"),
                             ]),
        SandboxUserAttribute(id: "2", name: "max_rows", label: "Max Rows", type: "number", defaultValue: "5000", valueIsHidden: false,
                             userCanView: true, userCanEdit: true, groupValues: [.init(id: "4", groupID: "7", rank: 1, value: "50000")]),
        SandboxUserAttribute(id: "3", name: "contract_end", label: "Contract End", type: "datetime", defaultValue: nil, valueIsHidden: false,
                             userCanView: true, userCanEdit: false, groupValues: [.init(id: "5", groupID: "9", rank: 1, value: "2027-06-30")]),
        SandboxUserAttribute(id: "4", name: "is_manager", label: "Is Manager", type: "yesno", defaultValue: "no", valueIsHidden: false,
                             userCanView: true, userCanEdit: false, groupValues: []),
        SandboxUserAttribute(id: "5", name: "office_zip", label: "Office ZIP", type: "zipcode", defaultValue: nil, valueIsHidden: false,
                             userCanView: true, userCanEdit: true, groupValues: []),
        SandboxUserAttribute(id: "6", name: "allowed_countries", label: "Allowed Countries", type: "advanced_filter_string", defaultValue: "%",
                             valueIsHidden: false, userCanView: true, userCanEdit: false, groupValues: [.init(id: "6", groupID: "4", rank: 1, value: "US,CA,MX")]),
        SandboxUserAttribute(id: "7", name: "cost_ceiling", label: "Cost Ceiling", type: "advanced_filter_number", defaultValue: "<=1000",
                             valueIsHidden: false, userCanView: true, userCanEdit: false, groupValues: []),
        SandboxUserAttribute(id: "8", name: "warehouse_password", label: "Warehouse Password", type: "string", defaultValue: "changeme",
                             valueIsHidden: true, userCanView: false, userCanEdit: false, groupValues: [.init(id: "7", groupID: "2", rank: 1, value: "eng-warehouse")]),
    ]

    private static let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    static func attribute(_ id: String) -> SandboxUserAttribute? { byID[id] }

    /// The values in the user's search path for `attribute`: the user's own, then its groups' (nested
    /// groups included) by rank, then the default.
    static func searchPath(_ attribute: SandboxUserAttribute, of user: SandboxUser) -> [ResolvedAttributeValue] {
        var path: [ResolvedAttributeValue] = []
        if let own = user.attributeValues[attribute.id] {
            path.append(ResolvedAttributeValue(attribute: attribute, value: own, source: "user", rank: nil))
        }
        let groups = Directory.withAncestors(user.groupIDs)
        for groupValue in attribute.groupValues.sorted(by: { $0.rank < $1.rank }) {
            guard let group = groups.first(where: { $0.id == groupValue.groupID }) else { continue }
            path.append(ResolvedAttributeValue(attribute: attribute, value: groupValue.value, source: "group: " + group.name, rank: groupValue.rank))
        }
        if let value = attribute.defaultValue {
            path.append(ResolvedAttributeValue(attribute: attribute, value: value, source: "default", rank: nil))
        }
        return path
    }
}
