import Foundation

/// The one spelling of Roster's JSON-lines files and outputs (the journal, run files, `--format json`
/// lines): compact, keys sorted, slashes left alone, one value per line.
public enum JSONLines {
    public static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()
}
