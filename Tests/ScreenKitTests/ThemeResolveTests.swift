import Testing
import ScreenKit

@Suite("Theme color resolution")
struct ThemeResolveTests {
    static let sample = """
    [roles.selection]
    fg = "#ffffff"
    fg16 = "bright_white"
    bg = "#005f87"
    bg16 = "blue"
    [roles.error]
    fg = "color203"
    fg16 = "bright_red"
    attrs = ["bold"]
    [roles.border]
    fg = "bright_black"
    [roles.header]
    fg = "#808080"          # fallback computed: bright black
    bg = "#1c1c1c"          # fallback computed: black
    [roles.warning]
    fg = "yellow"
    attrs = ["underline"]
    """

    static func sampleTheme() throws -> Theme { try Theme.parse(sample, name: "sample", file: "sample.toml") }

    @Test func at256ColorsIndexesPassAndRGBTakesTheNearestIndex() throws {
        let styles = try Self.sampleTheme().resolved(colors: 256)
        #expect(styles.count == Role.allCases.count)
        #expect(styles[.selection] == ResolvedStyle(fg: 231, bg: 24))
        #expect(styles[.error] == ResolvedStyle(fg: 203, bg: -1, attributes: [.bold]))
        #expect(styles[.border] == ResolvedStyle(fg: 8, bg: -1))
        #expect(styles[.header] == ResolvedStyle(fg: 244, bg: 234))
        #expect(styles[.warning] == ResolvedStyle(fg: 3, bg: -1, attributes: [.underline]))
        #expect(styles[.normal] == ResolvedStyle(fg: -1, bg: -1))
        #expect(styles[.badge] == ResolvedStyle(fg: -1, bg: -1, attributes: [.bold, .reverse]))
    }

    @Test func moreThan256ColorsStillUsesThe256Palette() throws {
        let theme = try Self.sampleTheme()
        #expect(theme.resolved(colors: 16_777_216) == theme.resolved(colors: 256))
    }

    @Test func at16ColorsEveryColorUsesItsFallback() throws {
        let styles = try Self.sampleTheme().resolved(colors: 16)
        #expect(styles[.selection] == ResolvedStyle(fg: 15, bg: 4))
        #expect(styles[.error] == ResolvedStyle(fg: 9, bg: -1, attributes: [.bold]))
        #expect(styles[.border] == ResolvedStyle(fg: 8, bg: -1))
        #expect(styles[.header] == ResolvedStyle(fg: 8, bg: 0))
        #expect(styles[.warning] == ResolvedStyle(fg: 3, bg: -1, attributes: [.underline]))
        let theme = try Self.sampleTheme()
        #expect(theme.resolved(colors: 88) == styles)
    }

    @Test func at8ColorsBrightForegroundsBecomeBold() throws {
        let styles = try Self.sampleTheme().resolved(colors: 8)
        #expect(styles[.selection] == ResolvedStyle(fg: 7, bg: 4, attributes: [.bold]))
        #expect(styles[.error] == ResolvedStyle(fg: 1, bg: -1, attributes: [.bold]))
        #expect(styles[.border] == ResolvedStyle(fg: 0, bg: -1, attributes: [.bold]))
        // Bright black on black folds to black on black: the text would vanish, so it turns white.
        #expect(styles[.header] == ResolvedStyle(fg: 7, bg: 0, attributes: [.bold]))
        #expect(styles[.warning] == ResolvedStyle(fg: 3, bg: -1, attributes: [.underline]))
    }

    @Test func withoutColorsMeaningMovesToAttributes() throws {
        let styles = try Self.sampleTheme().resolved(colors: 0)
        #expect(styles[.selection] == ResolvedStyle(attributes: [.reverse]))
        #expect(styles[.error] == ResolvedStyle(attributes: [.bold]))
        #expect(styles[.border] == ResolvedStyle())
        #expect(styles[.header] == ResolvedStyle(attributes: [.bold]))
        #expect(styles[.warning] == ResolvedStyle(attributes: [.underline, .bold]))
        // Left out of the file: the default theme's attributes (dim included) plus the monochrome set.
        #expect(styles[.dim] == ResolvedStyle(attributes: [.dim]))
        #expect(styles[.selectionInactive] == ResolvedStyle(attributes: [.underline]))
        #expect(styles[.badge] == ResolvedStyle(attributes: [.bold, .reverse]))
        #expect(styles[.inputFocused] == ResolvedStyle(attributes: [.reverse]))
        #expect(styles[.fieldError] == ResolvedStyle(attributes: [.bold]))
        #expect(styles[.escaped] == ResolvedStyle(attributes: [.reverse]))
        let theme = try Self.sampleTheme()
        #expect(theme.resolved(colors: 2) == styles)
        #expect(theme.resolved(colors: -1) == styles)
    }

    @Test func aColorOnlyThemeKeepsEveryMeaningWithoutColors() {
        var styles: [Role: Style] = [:]
        for role in Role.allCases { styles[role] = Style(fg: .ansi(2), bg: .indexed(52, fallback: 1)) }
        let resolved = Theme(name: "colors-only", styles: styles).resolved(colors: 0)
        for role in Role.allCases {
            #expect(resolved[role] == ResolvedStyle(attributes: Theme.monochromeAttributes[role] ?? []), "\(role)")
        }
        #expect(resolved[.selection]?.attributes == [.reverse])
        #expect(resolved[.selectionInactive]?.attributes == [.underline])
        #expect(resolved[.badge]?.attributes == [.bold, .reverse])
        #expect(resolved[.error]?.attributes == [.bold])
        #expect(resolved[.fieldError]?.attributes == [.bold])
        #expect(resolved[.warning]?.attributes == [.bold])
        #expect(resolved[.input]?.attributes == [.underline])
        #expect(resolved[.inputFocused]?.attributes == [.reverse])
        #expect(resolved[.changed]?.attributes == [.bold])
        #expect(resolved[.escaped]?.attributes == [.reverse])
        #expect(resolved[.header]?.attributes == [.bold])
        #expect(resolved[.normal]?.attributes == [])
    }

    static let nearest: [(r: Int, g: Int, b: Int, index: Int)] = [
        (255, 255, 255, 231),
        (0, 0, 0, 16),
        (128, 128, 128, 244),   // gray ramp beats the cube's (135,135,135)
        (95, 95, 95, 59),       // the cube's exact gray beats the ramp's 98
        (95, 135, 175, 67),
        (255, 95, 95, 203),
        (28, 28, 28, 234),
        (238, 238, 238, 255),
        (250, 5, 0, 196),
        (0, 100, 140, 24),
    ]

    @Test(arguments: nearest)
    func nearest256(_ example: (r: Int, g: Int, b: Int, index: Int)) {
        #expect(XtermPalette.nearestIndex(r: example.r, g: example.g, b: example.b) == example.index)
    }

    @Test func nearestBasicColor() {
        #expect(XtermPalette.nearestBasic(r: 255, g: 0, b: 0) == 9)
        #expect(XtermPalette.nearestBasic(r: 205, g: 0, b: 0) == 1)
        #expect(XtermPalette.nearestBasic(r: 0, g: 0, b: 0) == 0)
        #expect(XtermPalette.nearestBasic(r: 255, g: 255, b: 255) == 15)
        #expect(XtermPalette.nearestBasic(r: 128, g: 128, b: 128) == 8)
        #expect(XtermPalette.nearestBasic(r: 0, g: 200, b: 210) == 6)
    }

    @Test func paletteValues() {
        #expect(XtermPalette.rgb(ofIndex: 16) == (0, 0, 0))
        #expect(XtermPalette.rgb(ofIndex: 24) == (0, 95, 135))
        #expect(XtermPalette.rgb(ofIndex: 231) == (255, 255, 255))
        #expect(XtermPalette.rgb(ofIndex: 232) == (8, 8, 8))
        #expect(XtermPalette.rgb(ofIndex: 255) == (238, 238, 238))
        #expect(XtermPalette.rgb(ofIndex: 9) == (255, 0, 0))
    }
}
