/// Dates as the filter needs them: whole UTC days since 1970-01-01 ("epoch days"), parsed from the
/// timestamp spellings Looker servers send, without Foundation so every platform agrees.
public enum LoginTime {
    /// The epoch day of a Looker timestamp, in UTC: `2024-03-02T10:11:12.000+00:00`,
    /// `2024-03-02 02:11:12 -0800`, `2024-03-02T10:11:12Z`, `2024-03-02T15:41:12+05:30`, or a bare
    /// `2024-03-02` (taken as UTC). Nil for anything else (empty, garbage, impossible dates).
    public static func epochDay(from timestamp: String) -> Int32? {
        epochSeconds(from: timestamp).map { day(ofEpochSeconds: $0) }
    }

    /// Seconds since 1970 (UTC) of a Looker timestamp (see `epochDay(from:)` for the spellings).
    public static func epochSeconds(from timestamp: String) -> Int64? {
        var text = timestamp
        // Read in place: this runs for every credential of every user loaded.
        return text.withUTF8 { seconds($0) }
    }

    private static func seconds(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count >= 10, let date = civilDay(b, 0) else { return nil }
        var seconds = Int64(date) * 86_400
        var i = 10
        if i == b.count { return seconds }
        guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let h = number(b, i, 2), b.count > i + 2, b[i + 2] == UInt8(ascii: ":"), let m = number(b, i + 3, 2),
              h < 24, m < 60 else { return nil }
        i += 5
        var s = 0
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let sec = number(b, i + 1, 2), sec < 61 else { return nil }
            s = sec
            i += 3
        }
        if i < b.count, b[i] == UInt8(ascii: ".") {   // fractions of a second: ignored
            i += 1
            while i < b.count, isDigit(b[i]) { i += 1 }
        }
        seconds += Int64(h * 3600 + m * 60 + s)
        if i < b.count, b[i] == UInt8(ascii: " ") { i += 1 }
        if i == b.count { return seconds }   // no zone: UTC
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") { return i + 1 == b.count ? seconds : nil }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return nil }
        let sign: Int64 = b[i] == UInt8(ascii: "+") ? 1 : -1
        i += 1
        guard let zh = number(b, i, 2) else { return nil }
        i += 2
        if i < b.count, b[i] == UInt8(ascii: ":") { i += 1 }
        guard let zm = number(b, i, 2), i + 2 == b.count, zh < 24, zm < 60 else { return nil }
        // Local time minus its offset is UTC.
        return seconds - sign * Int64(zh * 3600 + zm * 60)
    }

    /// The UTC day a moment falls on (floor division, so moments before 1970 land on the right day).
    public static func day(ofEpochSeconds seconds: Int64) -> Int32 {
        let d = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return Int32(clamping: d)
    }

    /// The epoch day of a `YYYY-MM-DD` date; nil unless exactly that shape and a real date.
    public static func epochDay(ofDate text: Substring) -> Int32? {
        var date = String(text)
        return date.withUTF8 { $0.count == 10 ? civilDay($0, 0) : nil }
    }

    /// `YYYY-MM-DD` at `at` as an epoch day (days-from-civil, proleptic Gregorian).
    private static func civilDay(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int32? {
        guard b.count >= at + 10, b[at + 4] == UInt8(ascii: "-"), b[at + 7] == UInt8(ascii: "-"),
              let year = number(b, at, 4), let month = number(b, at + 5, 2), let day = number(b, at + 8, 2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Int32(era * 146_097 + dayOfEra - 719_468)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private static func number(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ width: Int) -> Int? {
        guard at >= 0, at + width <= b.count else { return nil }
        var n = 0
        for k in at..<(at + width) {
            guard isDigit(b[k]) else { return nil }
            n = n * 10 + Int(b[k] - UInt8(ascii: "0"))
        }
        return n
    }
}
