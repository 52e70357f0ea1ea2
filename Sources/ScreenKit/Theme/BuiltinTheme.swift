extension Theme {
    /// The attributes that keep every role's meaning visible without any color. They use only
    /// bold, underline and reverse, which every terminal shows. This is the `mono` theme, and what
    /// every theme adds to its own attributes when colors are off (`resolved(colors: 0)`).
    public static let monochromeAttributes: [Role: Set<TextAttribute>] = [
        .normal: [],
        .header: [.bold],
        .badge: [.bold, .reverse],
        .border: [],
        .title: [.bold],
        .columnHeader: [.underline],
        .selection: [.reverse],
        .selectionInactive: [.underline],
        .dim: [],
        .label: [],
        .input: [.underline],
        .inputFocused: [.reverse],
        .changed: [.bold],
        .fieldError: [.bold],
        .warning: [.bold],
        .error: [.bold],
        .success: [],
        .status: [],
        .keyHint: [.bold],
        .escaped: [.reverse],
        .overlay: [],
        .masked: [],
        .mark: [.bold],
    ]

    /// The `default` theme, built in so Roster always has one: the terminal's own foreground and
    /// background everywhere, meaning carried by attributes (the monochrome set, with dim for
    /// borders, secondary text and masked secrets). `themes/default.toml` parses to exactly this.
    public static let builtinDefault: Theme = {
        var styles: [Role: Style] = [:]
        for role in Role.allCases {
            var attributes = monochromeAttributes[role] ?? []
            if [.border, .dim, .masked].contains(role) { attributes.insert(.dim) }
            styles[role] = Style(attributes: attributes)
        }
        return Theme(name: "default", styles: styles)
    }()
}
