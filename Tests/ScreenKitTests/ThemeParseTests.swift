import Testing
import ScreenKit

@Suite("Theme file parsing")
struct ThemeParseTests {
    static let colorHelp = "use \"#rrggbb\", \"color0\"..\"color255\", \"default\" or a name (black, red, green, yellow, blue, magenta, cyan, white, bright_black … bright_white)"
    static let basicHelp = "use one of the 16 basic colors: a name (black … white, bright_black … bright_white) or \"color0\"..\"color15\""

    @Test func readsColorsFallbacksAttributesAndBothTableForms() throws {
        let text = """
        name = "sample"
        [roles.selection]
        fg = "#FFFFFF"          # upper-case hex is fine
        fg16 = "bright_white"
        bg = "color24"
        bg16 = "color4"
        attrs = ["bold", "underline"]

        [roles]
        error = { fg = "red", attrs = ["bold"] }
        column_header = { fg = "#808080" }
        """
        let theme = try Theme.parse(text, name: "sample", file: "sample.toml")
        #expect(theme.name == "sample")
        #expect(theme.style(.selection) == Style(
            fg: .rgb(255, 255, 255, fallback: 15), bg: .indexed(24, fallback: 4), attributes: [.bold, .underline]))
        #expect(theme.style(.error) == Style(fg: .ansi(1), attributes: [.bold]))
        // No fg16: the nearest basic color, bright black for a mid gray.
        #expect(theme.style(.columnHeader) == Style(fg: .rgb(128, 128, 128, fallback: 8)))
        // Roles the file leaves out keep the default theme's attributes.
        #expect(theme.style(.badge) == Style(attributes: [.bold, .reverse]))
        #expect(theme.styles.count == Role.allCases.count)
    }

    @Test func rolesInheritNormalColorsUnlessTheySayOtherwise() throws {
        let text = """
        [roles.normal]
        fg = "bright_white"
        bg = "black"
        [roles.header]
        fg = "black"
        bg = "white"
        [roles.title]
        attrs = ["bold"]
        [roles.status]
        bg = "default"
        """
        let theme = try Theme.parse(text, name: "t", file: "t.toml")
        #expect(theme.style(.normal) == Style(fg: .ansi(15), bg: .ansi(0)))
        #expect(theme.style(.header) == Style(fg: .ansi(0), bg: .ansi(7)))
        #expect(theme.style(.title) == Style(fg: .ansi(15), bg: .ansi(0), attributes: [.bold]))
        #expect(theme.style(.status) == Style(fg: .ansi(15), bg: .terminalDefault))
        // Left out entirely: normal's colors, the default theme's attributes.
        #expect(theme.style(.selection) == Style(fg: .ansi(15), bg: .ansi(0), attributes: [.reverse]))
    }

    @Test func colorSpellings() throws {
        func fg(_ spelling: String) throws -> ThemeColor {
            try Theme.parse("[roles.normal]\nfg = \"\(spelling)\"", name: "t", file: "t.toml").style(.normal).fg
        }
        #expect(try fg("default") == .terminalDefault)
        #expect(try fg("black") == .ansi(0))
        #expect(try fg("white") == .ansi(7))
        #expect(try fg("bright_black") == .ansi(8))
        #expect(try fg("bright_white") == .ansi(15))
        #expect(try fg("color0") == .ansi(0))
        #expect(try fg("color15") == .ansi(15))
        #expect(try fg("color196") == .indexed(196, fallback: 9))
        #expect(try fg("color255") == .indexed(255, fallback: 7))  // (238,238,238): nearer xterm white than bright white
        #expect(try fg("#cd0000") == .rgb(205, 0, 0, fallback: 1))
        #expect(try fg("#000000") == .rgb(0, 0, 0, fallback: 0))
    }

    static let errors: [(text: String, line: Int, reason: String)] = [
        ("\n[roles.selected]\nfg = \"red\"", 2,
         "unknown role \"selected\"; roles are: normal, header, badge, border, title, column_header, selection, selection_inactive, dim, label, input, input_focused, changed, field_error, warning, error, success, status, key_hint, escaped, overlay, masked, mark"),
        ("[roles]\nheader = { fg = \"red\" }\nbogus = { fg = \"red\" }", 3,
         "unknown role \"bogus\"; roles are: normal, header, badge, border, title, column_header, selection, selection_inactive, dim, label, input, input_focused, changed, field_error, warning, error, success, status, key_hint, escaped, overlay, masked, mark"),
        ("[roles.header]\nfg = \"red\"\ncolor = \"red\"", 3,
         "unknown key \"color\" in [roles.header]; keys are: fg, fg16, bg, bg16, attrs"),
        ("[roles.header]\nfg = \"#12345\"", 2, "bad color \"#12345\" for fg: \(colorHelp)"),
        ("[roles.header]\nbg = \"#gg0000\"", 2, "bad color \"#gg0000\" for bg: \(colorHelp)"),
        ("[roles.header]\nfg = \"color256\"", 2, "bad color \"color256\" for fg: \(colorHelp)"),
        ("[roles.header]\nfg = \"color07\"", 2, "bad color \"color07\" for fg: \(colorHelp)"),
        ("[roles.header]\nfg = \"Red\"", 2, "bad color \"Red\" for fg: \(colorHelp)"),
        ("[roles.header]\nfg = \"#ffffff\"\nfg16 = \"#ffffff\"", 3, "bad color \"#ffffff\" for fg16: \(basicHelp)"),
        ("[roles.header]\nbg = \"#ffffff\"\nbg16 = \"color16\"", 3, "bad color \"color16\" for bg16: \(basicHelp)"),
        ("[roles.header]\nfg = \"red\"\nfg16 = \"bright_red\"", 3,
         "fg16 applies only when fg is \"#rrggbb\" or color16..color255; this fg already works on 16 colors"),
        ("[roles.header]\nbg16 = \"blue\"", 2, "bg16 needs a bg in the same role"),
        ("[roles.header]\nfg = 3", 2, "fg must be a string, found an integer"),
        ("[roles.header]\nattrs = \"bold\"", 2, "attrs must be an array of strings, like [\"bold\"]; found a string"),
        ("[roles.header]\nattrs = [\n  \"bold\",\n  \"blink\",\n]", 4,
         "unknown attribute \"blink\"; attributes are: bold, dim, reverse, underline, italic"),
        ("[roles.header]\nattrs = [true]", 2, "an attribute must be a string, found a boolean"),
        ("colors = 256", 1, "unknown key \"colors\"; a theme has an optional name and [roles.*] tables"),
        ("roles = \"dark\"", 1, "roles must be a table of roles, like [roles.header]; found a string"),
        ("[roles]\nheader = \"red\"", 2, "role header must be a table, like [roles.header]; found a string"),
        ("name = \"light\"", 1, "name \"light\" does not match the file name \"t\""),
        ("name = 1", 1, "name must be a string, found an integer"),
        ("[roles.header]\nfg = \"red\n", 2, "unterminated string (missing closing \")"),
    ]

    @Test(arguments: errors)
    func reportsFileLineAndReason(_ example: (text: String, line: Int, reason: String)) {
        #expect(throws: ThemeError(file: "themes/t.toml", line: example.line, reason: example.reason)) {
            try Theme.parse(example.text, name: "t", file: "themes/t.toml")
        }
    }

    @Test func errorsPrintLikeCompilerErrors() {
        #expect(ThemeError(file: "themes/t.toml", line: 3, reason: "unknown role \"x\"").description
                == "themes/t.toml:3: unknown role \"x\"")
        #expect(ThemeError(file: "themes/t.toml", line: 0, reason: "permission denied").description
                == "themes/t.toml: permission denied")
    }

    @Test(arguments: ["dark", "high-contrast", "my_theme2", "A", "-", "_"])
    func acceptsPlainNames(_ name: String) {
        #expect(Theme.isValidName(name))
    }

    @Test(arguments: ["", "../x", "a/b", "a.b", "/etc/passwd", "a b", "dark.toml", "thème", "x\n", "..", "~"])
    func rejectsAnythingElse(_ name: String) {
        #expect(!Theme.isValidName(name))
    }

    @Test func roleKeysAreSnakeCase() {
        #expect(Role.selectionInactive.themeKey == "selection_inactive")
        #expect(Role.columnHeader.themeKey == "column_header")
        #expect(Role.fieldError.themeKey == "field_error")
        #expect(Role.keyHint.themeKey == "key_hint")
        #expect(Role.inputFocused.themeKey == "input_focused")
        #expect(Role.header.themeKey == "header")
        #expect(Role(themeKey: "selection_inactive") == .selectionInactive)
        #expect(Role(themeKey: "selectionInactive") == nil)
        for role in Role.allCases { #expect(Role(themeKey: role.themeKey) == role) }
    }
}
