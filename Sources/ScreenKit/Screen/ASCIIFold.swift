/// The screen's own marks and punctuation in ASCII, for terminals without UTF-8 (`--ascii`).
///
/// The app writes "…", "—", "↑", box lines and the like in its own text; in ASCII mode one pass over
/// the finished frame replaces each with a one-column ASCII look-alike, so no literal can leak.
/// Every replacement is one column wide, like what it replaces, so layout does not move.
extension Grid {
    static let asciiLookAlikes: [String: String] = [
        "…": "~", "—": "-", "–": "-", "·": "-", "•": "*", "×": "x",
        "↑": "^", "↓": "v", "←": "<", "→": ">", "▲": "^", "▼": "v", "▸": ">",
        "✓": "y", "✗": "n", "│": "|", "─": "-", "┌": "+", "┐": "+", "└": "+", "┘": "+",
        "⟨": "<", "⟩": ">", "␛": "^", "␍": "^", "␊": "^", "␇": "^", "␈": "^", "␉": "^", "␡": "^", "‘": "'", "’": "'",
        "“": "\"", "”": "\"",
    ]

    /// This frame with the app's Unicode marks replaced by ASCII look-alikes.
    public func asciiFolded() -> Grid {
        var copy = self
        for i in copy.cells.indices {
            if let ascii = Self.asciiLookAlikes[copy.cells[i].text] { copy.cells[i].text = ascii }
        }
        return copy
    }
}
