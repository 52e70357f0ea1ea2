extension Theme {
    /// Whether `name` can name a theme: one or more of `A-Z a-z 0-9 _ -`. A valid name is never a
    /// path, so it cannot reach a file outside the theme folders.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { c in
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
        }
    }
}

extension Role {
    /// The role's key in theme files: its raw value in snake_case (`selectionInactive` →
    /// `selection_inactive`).
    public var themeKey: String {
        var out = ""
        for c in rawValue {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    /// The role a theme file's key names, if any.
    public init?(themeKey: String) {
        guard let role = Role.allCases.first(where: { $0.themeKey == themeKey }) else { return nil }
        self = role
    }
}
