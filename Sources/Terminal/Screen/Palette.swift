import CNcursesw
import ScreenKit

/// How each role is drawn: ncurses attributes and a color pair (0 = the terminal's colors).
///
/// One pair per role, numbered in `Role.allCases` order from 1. With colors off every role uses
/// pair 0, so only attributes carry meaning.
struct Palette {
    struct Entry: Equatable {
        var attributes: attr_t
        var pair: Int16
    }

    /// A pair to create with `init_pair`.
    struct PairDefinition: Equatable {
        var pair: Int16
        var fg: Int16
        var bg: Int16
    }

    private(set) var entries: [Role: Entry] = [:]
    private(set) var pairs: [PairDefinition] = []

    /// `colors` is the number of usable colors (0 = colors off); `maxPairs` is COLOR_PAIRS;
    /// `defaultColors` says whether -1 (the terminal's own color) is allowed in a pair.
    init(theme: Theme, colors: Int, maxPairs: Int, defaultColors: Bool) {
        let resolved = theme.resolved(colors: colors)
        for (index, role) in Role.allCases.enumerated() {
            let style = resolved[role]
            var entry = Entry(attributes: Self.attributes(style?.attributes ?? []), pair: 0)
            let pair = index + 1
            if colors > 0, let style, pair < maxPairs {
                entry.pair = Int16(pair)
                pairs.append(PairDefinition(
                    pair: Int16(pair),
                    fg: Self.color(style.fg, colors: colors, defaultColors: defaultColors, fallback: COLOR_WHITE),
                    bg: Self.color(style.bg, colors: colors, defaultColors: defaultColors, fallback: COLOR_BLACK)))
            }
            entries[role] = entry
        }
    }

    subscript(role: Role) -> Entry { entries[role] ?? Entry(attributes: 0, pair: 0) }

    static func attributes(_ set: Set<TextAttribute>) -> attr_t {
        var bits: attr_t = NC_A_NORMAL
        for attribute in set {
            switch attribute {
            case .bold: bits |= NC_A_BOLD
            case .dim: bits |= NC_A_DIM
            case .reverse: bits |= NC_A_REVERSE
            case .underline: bits |= NC_A_UNDERLINE
            case .italic: bits |= NC_A_ITALIC
            }
        }
        return bits
    }

    /// A color the terminal accepts: out-of-range values and, without default-color support,
    /// -1 become the classic white-on-black.
    private static func color(_ value: Int, colors: Int, defaultColors: Bool, fallback: Int32) -> Int16 {
        if value >= 0 && value < colors { return Int16(value) }
        if value < 0 && defaultColors { return -1 }
        return Int16(fallback)
    }
}
