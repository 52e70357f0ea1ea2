import Foundation
import LookerAPI

/// The one spelling of Roster's JSON-lines files and outputs (the journal, run files, `--format json`
/// lines): compact, keys sorted, slashes left alone, one value per line.
public enum JSONLines {
    public static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// `value` as one line of a file someone may `cat` or `tail -f` in a terminal: inside strings,
    /// the controls and bidi or zero-width characters the encoder leaves raw (C1, RLO, ZWSP) are
    /// written as `\uXXXX` too, which reads back the same. Ends with a newline.
    public static func line<T: Encodable>(_ value: T) throws -> Data {
        let encoded = try encoder.encode(value)
        var safe = try encoded.withUnsafeBytes { raw throws(JSONPassThrough.Malformed) in
            try JSONPassThrough.sanitize(document: raw)
        }
        safe.append(0x0A)
        return Data(safe)
    }
}
