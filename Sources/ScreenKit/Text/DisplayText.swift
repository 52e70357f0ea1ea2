/// Untrusted text made safe to show: sanitized, measured in columns and truncated by width.
///
/// Every string from the server, a config file or the command line reaches the screen through
/// these functions or `Grid.put`, which share one sanitizer. The results never contain a control
/// character, and their width in columns is what every terminal draws.
public enum DisplayText {
    /// The glyphs `s` is drawn as, each one or two columns wide.
    public static func glyphs(_ s: String) -> [Glyph] {
        var result: [Glyph] = []
        result.reserveCapacity(s.utf8.count)
        Sanitizer.forEachGlyph(in: s) { result.append($0) }
        return result
    }

    /// `s` with every glyph replaced by what is drawn for it, uncut (for plain output such as logs and CLI lines).
    public static func sanitize(_ s: String) -> String {
        if s.utf8.allSatisfy(Glyph.isPrintableASCII) { return s }
        var result = ""
        result.reserveCapacity(s.utf8.count)
        Sanitizer.forEachGlyph(in: s) { result += $0.text }
        return result
    }

    /// Columns `s` takes once sanitized.
    public static func width(_ s: String) -> Int {
        if s.utf8.allSatisfy(Glyph.isPrintableASCII) { return s.utf8.count }
        var total = 0
        Sanitizer.forEachGlyph(in: s) { total += $0.width }
        return total
    }

    /// Whether `s` holds anything the sanitizer shows as a placeholder: control, bidi, zero-width or
    /// invisible characters, or private-use and unassigned code points. Joiners inside emoji
    /// sequences and emoji presentation selectors do not count.
    public static func isSuspicious(_ s: String) -> Bool {
        if s.utf8.allSatisfy(Glyph.isPrintableASCII) { return false }
        var found = false
        Sanitizer.forEachGlyph(in: s) { if $0.escaped { found = true } }
        return found
    }

    /// `text` in double quotes, exact and safe in any message: `"` and `\` escaped, and every
    /// control, format (bidi, zero-width), separator, private-use or unassigned scalar spelled
    /// `\u{…}`, so a hostile name cannot turn a warning into terminal escapes or hide what it is.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case " "..."~": out.unicodeScalars.append(scalar)
            default:
                switch scalar.properties.generalCategory {
                case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .privateUse, .surrogate,
                     .unassigned:
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                default:
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `s` sanitized and cut to at most `width` columns; when cut, it ends with `…`.
    public static func fit(_ s: String, width: Int) -> String {
        fitted(s, width: width).text
    }

    /// `fit(s, width:)` padded with spaces to exactly `width` columns.
    public static func pad(_ s: String, width: Int) -> String {
        let (text, used) = fitted(s, width: width)
        return used < width ? text + String(repeating: " ", count: width - used) : text
    }

    private static func fitted(_ s: String, width: Int) -> (text: String, width: Int) {
        guard width > 0 else { return ("", 0) }
        if s.utf8.allSatisfy(Glyph.isPrintableASCII) {
            let count = s.utf8.count
            if count <= width { return (s, count) }
            return (String(s.utf8.prefix(width - 1))! + "…", width)
        }
        let all = glyphs(s)
        let total = all.reduce(0) { $0 + $1.width }
        if total <= width { return (all.map(\.text).joined(), total) }
        var text = ""
        var used = 0
        for glyph in all {
            if used + glyph.width > width - 1 { break }
            text += glyph.text
            used += glyph.width
        }
        return (text + "…", used + 1)
    }
}
