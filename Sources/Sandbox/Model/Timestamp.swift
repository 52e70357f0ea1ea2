/// The timestamp spellings real Looker servers have been seen to send; users are spread across them.
enum TimestampStyle: Int, Sendable, CaseIterable {
    /// `2024-03-02T10:11:12.000+00:00`
    case isoMillisUTC
    /// `2024-03-02 02:11:12 -0800` (older servers, local time)
    case spacedPacific
    /// `2024-03-02T10:11:12Z`
    case isoZulu
    /// `2024-03-02T15:41:12.000+05:30`
    case isoMillisIndia

    /// Formats seconds since 1970 without Foundation, so output is identical on every platform.
    func format(_ epoch: Int64) -> String {
        switch self {
        case .isoMillisUTC:
            return Self.civil(epoch, separator: "T") + ".000+00:00"
        case .spacedPacific:
            return Self.civil(epoch - 8 * 3600, separator: " ") + " -0800"
        case .isoZulu:
            return Self.civil(epoch, separator: "T") + "Z"
        case .isoMillisIndia:
            return Self.civil(epoch + 5 * 3600 + 1800, separator: "T") + ".000+05:30"
        }
    }

    /// `YYYY-MM-DD<sep>HH:MM:SS` for the given seconds since 1970 (proleptic Gregorian, days-from-civil inverse).
    private static func civil(_ epoch: Int64, separator: String) -> String {
        let days = epoch >= 0 ? epoch / 86_400 : (epoch - 86_399) / 86_400
        let secondsOfDay = epoch - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + separator
            + pad(secondsOfDay / 3600, 2) + ":" + pad(secondsOfDay / 60 % 60, 2) + ":" + pad(secondsOfDay % 60, 2)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
