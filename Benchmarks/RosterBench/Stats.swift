#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Nanoseconds on the monotonic clock.
func nowNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// CPU time of the calling thread, in nanoseconds: unlike wall time, it leaves out the time the
/// thread waited while other processes had the CPU.
func threadCPUNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Runs `body` once; returns its wall time and the thread's CPU time, in milliseconds.
func timeWallAndCPU(_ body: () -> Void) -> (wall: Double, cpu: Double) {
    let cpu = threadCPUNanos()
    let wall = nowNanos()
    body()
    return (Double(nowNanos() - wall) / 1e6, Double(threadCPUNanos() - cpu) / 1e6)
}

/// Runs `body` once and returns how long it took, in milliseconds.
func timeMs(_ body: () throws -> Void) rethrows -> Double {
    let start = nowNanos()
    try body()
    return Double(nowNanos() - start) / 1e6
}

/// The same, for async work.
func timeMsAsync(_ body: () async throws -> Void) async rethrows -> Double {
    let start = nowNanos()
    try await body()
    return Double(nowNanos() - start) / 1e6
}

/// A set of measurements and their order statistics (nearest-rank percentiles).
struct Samples {
    private(set) var values: [Double] = []

    init(_ values: [Double] = []) { self.values = values }

    mutating func add(_ value: Double) { values.append(value) }

    var count: Int { values.count }

    /// The `p`-th percentile (0...100), nearest rank; 0 when empty.
    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(sorted.count - 1, Swift.max(0, rank - 1))]
    }

    var median: Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    var p99: Double { percentile(99) }
    var max: Double { values.max() ?? 0 }
    var min: Double { values.min() ?? 0 }
}

/// Formats a number with `digits` decimals.
func fmt(_ value: Double, _ digits: Int = 2) -> String {
    var text = String(Int64((abs(value) * pow(10, Double(digits))).rounded()))
    while text.count <= digits { text = "0" + text }
    let cut = text.index(text.endIndex, offsetBy: -digits)
    let whole = String(text[..<cut])
    let grouped = group(whole)
    let sign = value < 0 && text.contains(where: { $0 != "0" }) ? "-" : ""
    return digits == 0 ? sign + grouped : sign + grouped + "." + text[cut...]
}

/// "1234567" → "1,234,567".
func group(_ digits: String) -> String {
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return out
}

/// One line of the results table.
struct Figure {
    var name: String
    var value: String
    var target: String
    var verdict: String

    init(_ name: String, _ value: String, target: String = "", met: Bool? = nil) {
        self.name = name
        self.value = value
        self.target = target
        self.verdict = met.map { $0 ? "met" : "MISSED" } ?? ""
    }
}

/// Prints figures as an aligned text table.
func printTable(_ title: String, _ figures: [Figure]) {
    let widths = [
        Swift.max(6, figures.map(\.name.count).max() ?? 0),
        Swift.max(5, figures.map(\.value.count).max() ?? 0),
        Swift.max(6, figures.map(\.target.count).max() ?? 0),
    ]
    func line(_ a: String, _ b: String, _ c: String, _ d: String) -> String {
        let cells = [a.padding(widths[0]), b.padding(widths[1]), c.padding(widths[2]), d]
        return "  " + cells.joined(separator: "  ")
    }
    print("\n" + title)
    print(line("figure", "value", "target", ""))
    for f in figures { print(line(f.name, f.value, f.target, f.verdict)) }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
