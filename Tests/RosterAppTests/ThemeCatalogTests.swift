import Foundation
import Testing
import RosterApp
import RosterServices
import RosterCore
import ScreenKit
import TestSupport

@Suite("Theme catalog")
struct ThemeCatalogTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let shipped = repository + "/themes"

    private func catalog(config: String) -> ThemeCatalog {
        ThemeCatalog(environment: ["XDG_CONFIG_HOME": config, "HOME": "/nonexistent", "ROSTER_THEMES_DIR": Self.shipped],
                     executablePath: "", currentDirectory: "/")
    }

    @Test func loadsEveryShippedThemeWithoutWarning() throws {
        let temp = try TemporaryDirectory("roster-theme-tests")
        defer { temp.remove() }
        let catalog = catalog(config: temp.path)
        for name in ["default", "dark", "light", "high-contrast", "mono"] {
            let loaded = catalog.load(name: name)
            #expect(loaded.warning == nil, "\(name)")
            #expect(loaded.theme.name == name)
        }
        #expect(catalog.load(name: "default").theme == Theme.builtinDefault)
        #expect(catalog.load(name: "dark").theme.style(.selection).bg == .rgb(0x00, 0x5f, 0x87, fallback: 4))
    }

    @Test func aUserThemeReplacesTheShippedOneOfTheSameName() throws {
        let temp = try TemporaryDirectory("roster-theme-tests")
        defer { temp.remove() }
        let userDark = try temp.write("roster/themes/dark.toml", "[roles.selection]\nbg = \"red\"\n")
        let catalog = catalog(config: temp.path)
        #expect(catalog.userDirectory == temp.path + "/roster/themes")
        #expect(catalog.searchDirectories == [temp.path + "/roster/themes", Self.shipped])

        let loaded = catalog.load(name: "dark")
        #expect(loaded.warning == nil)
        #expect(loaded.theme.style(.selection) == Style(bg: .ansi(1)))

        let darks = catalog.list().filter { $0.name == "dark" }
        #expect(darks == [
            ThemeListing(name: "dark", path: userDark, source: .user, error: nil, isShadowed: false),
            ThemeListing(name: "dark", path: Self.shipped + "/dark.toml", source: .shipped, error: nil, isShadowed: true),
        ])
    }

    @Test func aBrokenThemeGivesFileLineReasonAndTheDefault() throws {
        let temp = try TemporaryDirectory("roster-theme-tests")
        defer { temp.remove() }
        let broken = try temp.write("roster/themes/broken.toml", "# mine\n[roles.header]\nfg = \"nope\"\n")
        let loaded = catalog(config: temp.path).load(name: "broken")
        #expect(loaded.theme == Theme.builtinDefault)
        #expect(loaded.warning == "\(broken):3: bad color \"nope\" for fg: use \"#rrggbb\", \"color0\"..\"color255\", \"default\" or a name (black, red, green, yellow, blue, magenta, cyan, white, bright_black … bright_white) (using the default theme)")
    }

    @Test func aBrokenUserThemeDoesNotFallThroughToTheShippedOne() throws {
        let temp = try TemporaryDirectory("roster-theme-tests")
        defer { temp.remove() }
        let broken = try temp.write("roster/themes/light.toml", "[roles.nope]\n")
        let loaded = catalog(config: temp.path).load(name: "light")
        #expect(loaded.theme == Theme.builtinDefault)
        #expect(loaded.warning?.hasPrefix("\(broken):1: unknown role \"nope\"; roles are: normal, header,") == true)
    }

    @Test(arguments: ["../x", "a/b", "", "a.b", "/etc/passwd", "x\u{1B}[2J"])
    func anInvalidNameIsRefusedBeforeAnyFileIsRead(_ name: String) throws {
        let temp = try TemporaryDirectory("roster-theme-tests")
        defer { temp.remove() }
        _ = try temp.write("roster/x.toml", "[roles.selection]\nbg = \"red\"\n")
        _ = try temp.write("roster/themes/a.b.toml", "[roles.selection]\nbg = \"red\"\n")
        let loaded = catalog(config: temp.path).load(name: name)
        #expect(loaded.theme == Theme.builtinDefault)
        let shown = name == "x\u{1B}[2J" ? "x\\u{1B}[2J" : name
        #expect(loaded.warning == "theme name \"\(shown)\" is not a plain name (letters, digits, - and _); using the default theme")
    }

    @Test func anUnknownNameSaysWhereItLooked() throws {
        let temp = try TemporaryDirectory("roster-theme-tests")
        defer { temp.remove() }
        let loaded = catalog(config: temp.path).load(name: "solarized")
        #expect(loaded.theme == Theme.builtinDefault)
        #expect(loaded.warning == "theme \"solarized\" not found (searched \(temp.path)/roster/themes, \(Self.shipped)); using the default theme")
    }

    @Test func defaultNeedsNoFile() {
        let catalog = ThemeCatalog(userDirectory: nil, shippedDirectory: nil)
        #expect(catalog.load(name: "default").theme == Theme.builtinDefault)
        #expect(catalog.load(name: "default").warning == nil)
        #expect(catalog.load(name: "dark").warning
                == "theme \"dark\" not found (no theme folder is known (set XDG_CONFIG_HOME or HOME, or ROSTER_THEMES_DIR)); using the default theme")
        #expect(catalog.list() == [ThemeListing(name: "default", path: nil, source: .builtin, error: nil, isShadowed: false)])
    }

    @Test func listsUserAndShippedThemesSortedWithTheirErrors() throws {
        let temp = try TemporaryDirectory("roster-theme-tests")
        defer { temp.remove() }
        let user = temp.path + "/roster/themes"
        _ = try temp.write("roster/themes/zebra.toml", "[roles.title]\nattrs = [\"bold\"]\n")
        _ = try temp.write("roster/themes/bad.toml", "\n\n[roles.title]\nattrs = [\"blink\"]\n")
        _ = try temp.write("roster/themes/my.theme.toml", "")
        _ = try temp.write("roster/themes/.hidden.toml", "")
        _ = try temp.write("roster/themes/notes.txt", "")
        let listing = catalog(config: temp.path).list()
        #expect(listing.map(\.name) == ["bad", "dark", "default", "high-contrast", "light", "mono", "my.theme", "zebra"])
        #expect(listing.first == ThemeListing(
            name: "bad", path: user + "/bad.toml", source: .user,
            error: "\(user)/bad.toml:4: unknown attribute \"blink\"; attributes are: bold, dim, reverse, underline, italic",
            isShadowed: false))
        #expect(listing.first { $0.name == "my.theme" }?.error == "\"my.theme\" is not a valid theme name (letters, digits, - and _)")
        #expect(listing.last == ThemeListing(name: "zebra", path: user + "/zebra.toml", source: .user, error: nil, isShadowed: false))
        let shippedOnes = listing.filter { $0.source == .shipped }
        #expect(shippedOnes.count == 5)
        #expect(shippedOnes.allSatisfy { $0.error == nil && !$0.isShadowed })
    }

    @Test func checkReadsOneFile() throws {
        let temp = try TemporaryDirectory("roster-theme-tests")
        defer { temp.remove() }
        let good = try temp.write("ocean.toml", "name = \"ocean\"\n[roles.selection]\nbg = \"blue\"\n")
        let theme = try ThemeCatalog.check(file: good).get()
        #expect(theme.name == "ocean")
        #expect(theme.style(.selection) == Style(bg: .ansi(4)))

        let missing = temp.path + "/missing.toml"
        #expect(ThemeCatalog.check(file: missing) == .failure(ThemeError(file: missing, line: 0, reason: "no such file")))
        let folder = try temp.folder("folder.toml")
        #expect(ThemeCatalog.check(file: folder) == .failure(ThemeError(file: folder, line: 0, reason: "is a folder, not a theme file")))
        let binary = temp.path + "/binary.toml"
        try Data([0x66, 0x67, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: binary))
        #expect(ThemeCatalog.check(file: binary) == .failure(ThemeError(file: binary, line: 0, reason: "not UTF-8 text")))
        let bad = try temp.write("bad.toml", "[roles.header]\nfg16 = \"red\"\n")
        #expect(ThemeCatalog.check(file: bad) == .failure(ThemeError(file: bad, line: 2, reason: "fg16 needs a fg in the same role")))
    }

    @Test func tooLargeFilesAreRefused() throws {
        let temp = try TemporaryDirectory("roster-theme-tests")
        defer { temp.remove() }
        let huge = try temp.write("huge.toml", String(repeating: "# filler\n", count: 200_000))
        #expect(ThemeCatalog.check(file: huge) == .failure(ThemeError(file: huge, line: 0, reason: "too large for a theme file (over 1 MiB)")))
    }
}
