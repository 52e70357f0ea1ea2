/// An id as Looker 4.0 sends it: a string. Older servers and hand-written JSON send numbers; those
/// are accepted and kept as their decimal text, so `LookerID` always compares as a string.
public struct LookerID: Codable, Hashable, Sendable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) {
            rawValue = s
        } else if let i = try? c.decode(Int64.self) {
            rawValue = String(i)
        } else {
            let d = try c.decode(Double.self)
            guard d.isFinite, d == d.rounded(), abs(d) < 9.0e15 else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a string or a whole number")
            }
            rawValue = String(Int64(d))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// Numeric ids sort numerically ("9" before "10"); anything else sorts as text after them.
    public static func < (a: LookerID, b: LookerID) -> Bool {
        switch (Int64(a.rawValue), Int64(b.rawValue)) {
        case let (x?, y?): return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return a.rawValue < b.rawValue
        }
    }
}
