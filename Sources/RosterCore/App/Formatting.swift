import ScreenKit

extension Int {
    /// 1 → "1 row", 1204 → "1,204 rows": the count grouped, the noun plural unless one.
    public func counted(_ noun: String) -> String { "\(grouped) \(noun)\(self == 1 ? "" : "s")" }

    /// 1204 → "1,204".
    public var grouped: String {
        let digits = String(Swift.abs(self))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return self < 0 ? "-" + out : out
    }
}

extension Double {
    /// Seconds as people read a wait or an ETA: 42 → "42s", 75 → "1m15s", 4000 → "1h06m";
    /// "?" for a value that is not a duration.
    public var durationText: String {
        guard isFinite, self >= 0 else { return "?" }
        let s = Int(rounded())
        if s < 60 { return "\(s)s" }
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        if s < 3600 { return "\(s / 60)m\(two(s % 60))s" }
        return "\(s / 3600)h\(two((s % 3600) / 60))m"
    }
}
