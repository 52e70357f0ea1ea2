/// SplitMix64: a tiny generator whose output depends only on the seed, so seeded data is the same
/// everywhere (and a random test can be replayed from its printed seed).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound`. The modulo bias is negligible for the small bounds used here and,
    /// unlike `Int.random(in:using:)`, the mapping is fixed by this file rather than by the standard library.
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// True with the given probability in percent.
    mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }

    /// Draws and drops one value, to keep later draws where they were when a draw's use moved elsewhere.
    mutating func skip() {
        _ = next()
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// Lower-case hex of the given length.
    mutating func hex(_ length: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<length).map { _ in digits[below(16)] })
    }
}
