import Foundation
import Testing
import ScreenKit

/// The theme files in the repository's top-level `themes/` folder.
@Suite("Shipped themes")
struct ThemeShippedTests {
    static let themesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: themesFolder.appendingPathComponent("\(name).toml"), encoding: .utf8)
    }

    static func theme(_ name: String) throws -> Theme {
        try Theme.parse(text(name), name: name, file: "themes/\(name).toml")
    }

    static let names = ["dark", "default", "high-contrast", "light", "mono"]

    @Test func theFolderHoldsExactlyTheShippedThemes() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesFolder.path)
        #expect(files.sorted() == Self.names.map { "\($0).toml" })
    }

    @Test(arguments: names)
    func parsesAndGivesEveryRoleExplicitly(_ name: String) throws {
        let theme = try Self.theme(name)
        #expect(theme.name == name)
        let roles = try #require(try TOML.parse(Self.text(name))["roles"]?.table)
        #expect(roles.keys == Role.allCases.map(\.themeKey))
    }

    @Test(arguments: names)
    func everyRichColorHasAHandPickedFallback(_ name: String) throws {
        let roles = try #require(try TOML.parse(Self.text(name))["roles"]?.table)
        for key in roles.keys {
            let role = try #require(roles[key]?.table)
            for channel in ["fg", "bg"] {
                guard let color = role[channel]?.string, color.hasPrefix("#") || color.hasPrefix("color") else { continue }
                #expect(role[channel + "16"] != nil, "\(name): \(key).\(channel) = \(color) has no \(channel)16")
            }
        }
    }

    @Test func builtinDefaultIsTheDefaultFile() throws {
        #expect(try Self.theme("default") == Theme.builtinDefault)
    }

    @Test func defaultUsesTheTerminalColorsAndMonoNoColorsAtAll() throws {
        for name in ["default", "mono"] {
            let theme = try Self.theme(name)
            for role in Role.allCases {
                #expect(theme.style(role).fg == .terminalDefault, "\(name) \(role)")
                #expect(theme.style(role).bg == .terminalDefault, "\(name) \(role)")
            }
        }
        let mono = try Self.theme("mono")
        for role in Role.allCases {
            #expect(mono.style(role).attributes == Theme.monochromeAttributes[role], "\(role)")
        }
        // Default is mono with dim for secondary things.
        let defaultTheme = try Self.theme("default")
        #expect(defaultTheme.style(.border).attributes == [.dim])
        #expect(defaultTheme.style(.dim).attributes == [.dim])
        #expect(defaultTheme.style(.masked).attributes == [.dim])
        #expect(defaultTheme.style(.selection).attributes == [.reverse])
        #expect(defaultTheme.style(.badge).attributes == [.bold, .reverse])
    }

    @Test func darkLooksAsDesigned() throws {
        let at256 = try Self.theme("dark").resolved(colors: 256)
        #expect(at256[.selection] == ResolvedStyle(fg: 231, bg: 24))
        #expect(at256[.selectionInactive] == ResolvedStyle(fg: 252, bg: 237))
        #expect(at256[.header] == ResolvedStyle(fg: 254, bg: 235, attributes: [.bold]))
        #expect(at256[.border] == ResolvedStyle(fg: 240, bg: -1))
        #expect(at256[.error] == ResolvedStyle(fg: 203, bg: -1, attributes: [.bold]))
        #expect(at256[.warning] == ResolvedStyle(fg: 221, bg: -1))
        #expect(at256[.success] == ResolvedStyle(fg: 114, bg: -1))
        #expect(at256[.normal] == ResolvedStyle(fg: -1, bg: -1))
        let at16 = try Self.theme("dark").resolved(colors: 16)
        #expect(at16[.selection] == ResolvedStyle(fg: 15, bg: 4))
        #expect(at16[.error] == ResolvedStyle(fg: 9, bg: -1, attributes: [.bold]))
        #expect(at16[.warning] == ResolvedStyle(fg: 11, bg: -1))
        #expect(at16[.success] == ResolvedStyle(fg: 10, bg: -1))
    }

    @Test func lightLooksAsDesigned() throws {
        let at256 = try Self.theme("light").resolved(colors: 256)
        #expect(at256[.selection] == ResolvedStyle(fg: 231, bg: 25))
        #expect(at256[.header] == ResolvedStyle(fg: 234, bg: 252, attributes: [.bold]))
        #expect(at256[.error] == ResolvedStyle(fg: 160, bg: -1, attributes: [.bold]))
        #expect(at256[.warning] == ResolvedStyle(fg: 136, bg: -1, attributes: [.bold]))
        #expect(at256[.success] == ResolvedStyle(fg: 28, bg: -1))
        let at16 = try Self.theme("light").resolved(colors: 16)
        #expect(at16[.selection] == ResolvedStyle(fg: 15, bg: 4))
        #expect(at16[.error] == ResolvedStyle(fg: 1, bg: -1, attributes: [.bold]))
    }

    @Test func highContrastPaintsItsOwnBackgroundEverywhere() throws {
        let theme = try Self.theme("high-contrast")
        for colors in [256, 16, 8] {
            for (role, style) in theme.resolved(colors: colors) {
                #expect(style.bg >= 0, "\(role) at \(colors) colors")
                #expect(style.fg >= 0 && style.fg != style.bg, "\(role) at \(colors) colors")
            }
        }
        #expect(theme.resolved(colors: 256)[.normal] == ResolvedStyle(fg: 15, bg: 0))
        #expect(theme.resolved(colors: 8)[.normal] == ResolvedStyle(fg: 7, bg: 0, attributes: [.bold]))
    }

    @Test(arguments: names)
    func noThemeHidesTextBehindItsOwnBackground(_ name: String) throws {
        let theme = try Self.theme(name)
        for colors in [256, 16, 8] {
            for (role, style) in theme.resolved(colors: colors) where style.fg >= 0 {
                #expect(style.fg != style.bg, "\(name) \(role) at \(colors) colors")
            }
        }
    }
}
