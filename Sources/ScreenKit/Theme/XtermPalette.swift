/// The xterm color palette, used to turn RGB theme colors into the indexes a terminal understands.
///
/// Indexes 16–231 are a 6×6×6 color cube and 232–255 a 24-step gray ramp; both are the same on
/// every 256-color terminal. Indexes 0–15 are the terminal's own palette, which users retune, so
/// RGB colors are never matched against them at 256 colors; the xterm defaults below serve only to
/// pick a 16-color fallback when a theme leaves it out.
public enum XtermPalette {
    /// The six channel levels of the color cube.
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// xterm's default values for the 16 basic colors.
    static let basic: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
        (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
        (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// The names theme files use for the 16 basic colors, by index.
    public static let basicNames: [String] = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright_black", "bright_red", "bright_green", "bright_yellow",
        "bright_blue", "bright_magenta", "bright_cyan", "bright_white",
    ]

    /// The RGB value of a palette index (0–255; basic colors use xterm's defaults).
    public static func rgb(ofIndex index: Int) -> (r: Int, g: Int, b: Int) {
        switch index {
        case ..<0: return (0, 0, 0)
        case 0..<16: let c = basic[index]; return (c.0, c.1, c.2)
        case 16..<232:
            let n = index - 16
            return (cubeLevels[n / 36], cubeLevels[(n / 6) % 6], cubeLevels[n % 6])
        default:
            let v = 8 + 10 * (min(index, 255) - 232)
            return (v, v, v)
        }
    }

    /// The index in 16–255 closest to an RGB color: the nearest cube color or the nearest gray,
    /// whichever is closer (the cube wins a tie).
    public static func nearestIndex(r: Int, g: Int, b: Int) -> Int {
        let ri = nearestLevel(r), gi = nearestLevel(g), bi = nearestLevel(b)
        let cube = 16 + 36 * ri + 6 * gi + bi
        let cubeDistance = distance((r, g, b), (cubeLevels[ri], cubeLevels[gi], cubeLevels[bi]))

        let mean = (r + g + b) / 3
        let step = min(23, max(0, Int((Double(mean - 8) / 10).rounded())))
        let gray = 8 + 10 * step
        let grayDistance = distance((r, g, b), (gray, gray, gray))
        return grayDistance < cubeDistance ? 232 + step : cube
    }

    /// The basic color (0–15) closest to an RGB color, judged on xterm's default palette with a
    /// weighting that follows how the eye sees red and blue differences.
    public static func nearestBasic(r: Int, g: Int, b: Int) -> Int {
        var best = 0
        var bestDistance = Int.max
        for (index, c) in basic.enumerated() {
            let d = perceptualDistance((r, g, b), c)
            if d < bestDistance { best = index; bestDistance = d }
        }
        return best
    }

    private static func nearestLevel(_ v: Int) -> Int {
        var best = 0
        for (i, level) in cubeLevels.enumerated() where abs(level - v) < abs(cubeLevels[best] - v) { best = i }
        return best
    }

    private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return dr * dr + dg * dg + db * db
    }

    /// The "redmean" approximation of perceived color difference (scaled by 256, squared).
    private static func perceptualDistance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let rMean = (a.0 + b.0) / 2
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return ((512 + rMean) * dr * dr) / 256 + 4 * dg * dg + ((767 - rMean) * db * db) / 256
    }
}
