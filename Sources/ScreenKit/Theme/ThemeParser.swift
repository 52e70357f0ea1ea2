/// Reading a theme file. The format is documented at the top of `themes/default.toml`:
///
///     name = "dark"              # optional; must match the file name when given
///     [roles.selection]          # one table per role, keys are Role.themeKey
///     fg = "#ffffff"             # "#rrggbb", "color0".."color255", a basic name, "default"
///     fg16 = "bright_white"      # fallback for fewer than 256 colors; computed when missing
///     bg = "#005f87"
///     bg16 = "blue"
///     attrs = ["bold"]           # bold, dim, reverse, underline, italic
///
/// A role that leaves out `fg` or `bg` takes the `normal` role's, so a theme that paints its own
/// background sets it once in `[roles.normal]`. A role left out entirely keeps the default theme's
/// attributes with `normal`'s colors. The result always has a style for every role.
extension Theme {
    public static func parse(_ text: String, name: String, file: String) throws(ThemeError) -> Theme {
        let document: TOMLTable
        do throws(TOMLError) {
            document = try TOML.parse(text)
        } catch {
            throw ThemeError(file: file, line: error.line, reason: error.reason)
        }
        var reader = ThemeReader(file: file, name: name)
        return try reader.read(document)
    }
}

/// What one `[roles.x]` table says; nil means the key was left out.
private struct RoleSpec {
    var fg: ThemeColor?
    var bg: ThemeColor?
    var attributes: Set<TextAttribute>?
}

private struct ThemeReader {
    let file: String
    let name: String

    private static let roleKeys = ["fg", "fg16", "bg", "bg16", "attrs"]

    mutating func read(_ document: TOMLTable) throws(ThemeError) -> Theme {
        var specs: [Role: RoleSpec] = [:]
        for key in document.keys {
            guard let value = document[key] else { continue }
            switch key {
            case "name":
                let given = try string(value, for: "name")
                guard given == name else {
                    throw fail(value.line, "name \(DisplayText.quoted(given)) does not match the file name \(DisplayText.quoted(name))")
                }
            case "roles":
                guard let roles = value.table else {
                    throw fail(value.line, "roles must be a table of roles, like [roles.header]; found \(value.typeDescription)")
                }
                for roleKey in roles.keys {
                    guard let roleValue = roles[roleKey] else { continue }
                    guard let role = Role(themeKey: roleKey) else {
                        let known = Role.allCases.map(\.themeKey).joined(separator: ", ")
                        throw fail(roleValue.line, "unknown role \(DisplayText.quoted(roleKey)); roles are: \(known)")
                    }
                    guard let table = roleValue.table else {
                        throw fail(roleValue.line, "role \(roleKey) must be a table, like [roles.\(roleKey)]; found \(roleValue.typeDescription)")
                    }
                    specs[role] = try readRole(roleKey, table)
                }
            default:
                throw fail(value.line, "unknown key \(DisplayText.quoted(key)); a theme has an optional name and [roles.*] tables")
            }
        }
        return Theme(name: name, styles: Self.styles(from: specs))
    }

    private static func styles(from specs: [Role: RoleSpec]) -> [Role: Style] {
        let baseFg = specs[.normal]?.fg ?? .terminalDefault
        let baseBg = specs[.normal]?.bg ?? .terminalDefault
        var styles: [Role: Style] = [:]
        for role in Role.allCases {
            let spec = specs[role]
            styles[role] = Style(
                fg: spec?.fg ?? baseFg,
                bg: spec?.bg ?? baseBg,
                attributes: spec.map { $0.attributes ?? [] } ?? Theme.builtinDefault.style(role).attributes)
        }
        return styles
    }

    private func readRole(_ roleKey: String, _ table: TOMLTable) throws(ThemeError) -> RoleSpec {
        var spec = RoleSpec()
        var fallbacks: [String: (index: Int, line: Int)] = [:]
        for key in table.keys {
            guard let value = table[key] else { continue }
            switch key {
            case "fg", "bg":
                let text = try string(value, for: key)
                guard let color = ThemeColorSyntax.color(text) else {
                    throw fail(value.line, "bad color \(DisplayText.quoted(text)) for \(key): \(ThemeColorSyntax.colorHelp)")
                }
                if key == "fg" { spec.fg = color } else { spec.bg = color }
            case "fg16", "bg16":
                let text = try string(value, for: key)
                guard let index = ThemeColorSyntax.basic(text) else {
                    throw fail(value.line, "bad color \(DisplayText.quoted(text)) for \(key): \(ThemeColorSyntax.basicHelp)")
                }
                fallbacks[key] = (index, value.line)
            case "attrs":
                spec.attributes = try attributes(value)
            default:
                throw fail(value.line, "unknown key \(DisplayText.quoted(key)) in [roles.\(roleKey)]; keys are: \(Self.roleKeys.joined(separator: ", "))")
            }
        }
        if let f = fallbacks["fg16"] { spec.fg = try applying(f, to: spec.fg, key: "fg") }
        if let f = fallbacks["bg16"] { spec.bg = try applying(f, to: spec.bg, key: "bg") }
        return spec
    }

    private func applying(_ fallback: (index: Int, line: Int), to color: ThemeColor?, key: String) throws(ThemeError) -> ThemeColor {
        switch color {
        case .indexed(let n, _): return .indexed(n, fallback: fallback.index)
        case .rgb(let r, let g, let b, _): return .rgb(r, g, b, fallback: fallback.index)
        case .ansi, .terminalDefault:
            throw fail(fallback.line, "\(key)16 applies only when \(key) is \"#rrggbb\" or color16..color255; this \(key) already works on 16 colors")
        case nil:
            throw fail(fallback.line, "\(key)16 needs a \(key) in the same role")
        }
    }

    private func attributes(_ value: TOMLValue) throws(ThemeError) -> Set<TextAttribute> {
        guard let items = value.array else {
            throw fail(value.line, "attrs must be an array of strings, like [\"bold\"]; found \(value.typeDescription)")
        }
        var result: Set<TextAttribute> = []
        for item in items {
            let text = try string(item, for: "an attribute")
            guard let attribute = TextAttribute(rawValue: text) else {
                let known = TextAttribute.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail(item.line, "unknown attribute \(DisplayText.quoted(text)); attributes are: \(known)")
            }
            result.insert(attribute)
        }
        return result
    }

    private func string(_ value: TOMLValue, for what: String) throws(ThemeError) -> String {
        guard let text = value.string else {
            throw fail(value.line, "\(what) must be a string, found \(value.typeDescription)")
        }
        return text
    }

    private func fail(_ line: Int, _ reason: String) -> ThemeError { ThemeError(file: file, line: line, reason: reason) }
}

/// How theme files spell colors.
enum ThemeColorSyntax {
    static let colorHelp = "use \"#rrggbb\", \"color0\"..\"color255\", \"default\" or a name (black, red, green, yellow, blue, magenta, cyan, white, bright_black … bright_white)"
    static let basicHelp = "use one of the 16 basic colors: a name (black … white, bright_black … bright_white) or \"color0\"..\"color15\""

    /// A color as `fg`/`bg` give it; 256-color and RGB values get a computed 16-color fallback.
    static func color(_ text: String) -> ThemeColor? {
        if text == "default" { return .terminalDefault }
        if let index = XtermPalette.basicNames.firstIndex(of: text) { return .ansi(index) }
        if let n = colorNumber(text) {
            if n < 16 { return .ansi(n) }
            let c = XtermPalette.rgb(ofIndex: n)
            return .indexed(n, fallback: XtermPalette.nearestBasic(r: c.r, g: c.g, b: c.b))
        }
        if let (r, g, b) = hexRGB(text) {
            return .rgb(UInt8(r), UInt8(g), UInt8(b), fallback: XtermPalette.nearestBasic(r: r, g: g, b: b))
        }
        return nil
    }

    /// A basic color (0–15) as `fg16`/`bg16` give it.
    static func basic(_ text: String) -> Int? {
        if let index = XtermPalette.basicNames.firstIndex(of: text) { return index }
        if let n = colorNumber(text), n < 16 { return n }
        return nil
    }

    /// N from "colorN", 0–255, written without leading zeros.
    private static func colorNumber(_ text: String) -> Int? {
        guard text.hasPrefix("color") else { return nil }
        let digits = text.dropFirst(5)
        guard !digits.isEmpty, digits.count <= 3, digits.allSatisfy({ ("0"..."9").contains($0) }),
              digits == "0" || !digits.hasPrefix("0"), let n = Int(digits), n <= 255 else { return nil }
        return n
    }

    private static func hexRGB(_ text: String) -> (Int, Int, Int)? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 7, scalars[0] == "#" else { return nil }
        var values: [Int] = []
        for k in stride(from: 1, to: 7, by: 2) {
            guard let hi = hexDigit(scalars[k]), let lo = hexDigit(scalars[k + 1]) else { return nil }
            values.append(hi * 16 + lo)
        }
        return (values[0], values[1], values[2])
    }

    private static func hexDigit(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "0"..."9": Int(c.value) - 0x30
        case "a"..."f": Int(c.value) - 0x61 + 10
        case "A"..."F": Int(c.value) - 0x41 + 10
        default: nil
        }
    }
}
