/// Column widths of single scalars, as the sanitizer measures them.
enum UnicodeWidth {
    /// True for scalars drawn two columns wide: East Asian Wide/Fullwidth, or default emoji presentation.
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x1100 { return false }
        if inWideTable(v) { return true }
        // Emoji newer than the generated table; Emoji_Presentation=Yes implies wide (UTS #51).
        // Regional indicators (below U+1F200) have it too but are narrow; older emoji are in the table.
        return v >= 0x1F200 && scalar.properties.isEmojiPresentation
    }

    static func inWideTable(_ v: UInt32) -> Bool {
        let lower = WideRanges.lower
        let upper = WideRanges.upper
        var lo = 0
        var hi = lower.count
        // Finds the last range whose lower bound is <= v.
        while lo < hi {
            let mid = (lo + hi) / 2
            if lower[mid] <= v { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && v <= upper[lo - 1]
    }
}
