import Foundation
import Testing
import RosterApp
import RosterServices
import TestSupport

@Suite("Theme folder discovery")
struct ThemeDiscoveryTests {
    /// A fresh folder with symbolic links resolved, so paths compare equal to what discovery finds.
    private func makeRoot() throws -> String {
        try TemporaryDirectory("roster-discovery").path
    }

    private func touch(_ path: String, executable: Bool = false) throws {
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try "".write(toFile: path, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
    }

    @Test func userFolderFollowsXDGThenHome() {
        let xdg = ThemeCatalog(environment: ["XDG_CONFIG_HOME": "/cfg", "HOME": "/home/u"], executablePath: "", currentDirectory: "/")
        #expect(xdg.userDirectory == "/cfg/roster/themes")
        let home = ThemeCatalog(environment: ["HOME": "/home/u"], executablePath: "", currentDirectory: "/")
        #expect(home.userDirectory == "/home/u/.config/roster/themes")
        // The XDG spec says a relative XDG_CONFIG_HOME is to be ignored.
        let relative = ThemeCatalog(environment: ["XDG_CONFIG_HOME": "cfg", "HOME": "/home/u"], executablePath: "", currentDirectory: "/")
        #expect(relative.userDirectory == "/home/u/.config/roster/themes")
        let none = ThemeCatalog(environment: [:], executablePath: "", currentDirectory: "/")
        #expect(none.userDirectory == nil)
    }

    @Test func anExplicitThemesFolderWins() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try touch(root + "/prefix/bin/roster", executable: true)
        try FileManager.default.createDirectory(atPath: root + "/prefix/share/roster/themes", withIntermediateDirectories: true)
        let catalog = ThemeCatalog(
            environment: ["ROSTER_THEMES_DIR": "mine/themes"], executablePath: root + "/prefix/bin/roster", currentDirectory: root)
        #expect(catalog.shippedDirectory == root + "/mine/themes")
    }

    @Test func anInstalledExecutableUsesItsPrefix() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try touch(root + "/prefix/bin/roster", executable: true)
        try FileManager.default.createDirectory(atPath: root + "/prefix/share/roster/themes", withIntermediateDirectories: true)
        let direct = ThemeCatalog(environment: [:], executablePath: root + "/prefix/bin/roster", currentDirectory: "/")
        #expect(direct.shippedDirectory == root + "/prefix/share/roster/themes")
        // Found through PATH, and through a symbolic link from another bin folder.
        let viaPath = ThemeCatalog(environment: ["PATH": "/nonexistent:\(root)/prefix/bin"], executablePath: "roster", currentDirectory: "/")
        #expect(viaPath.shippedDirectory == root + "/prefix/share/roster/themes")
        try FileManager.default.createDirectory(atPath: root + "/links", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/links/roster", withDestinationPath: root + "/prefix/bin/roster")
        let viaLink = ThemeCatalog(environment: [:], executablePath: "links/roster", currentDirectory: root)
        #expect(viaLink.shippedDirectory == root + "/prefix/share/roster/themes")
    }

    @Test func aBuildInACheckoutUsesTheCheckoutThemes() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try touch(root + "/repo/Package.swift")
        try touch(root + "/repo/themes/default.toml")
        try touch(root + "/repo/.build/debug/roster", executable: true)
        let catalog = ThemeCatalog(environment: [:], executablePath: root + "/repo/.build/debug/roster", currentDirectory: "/")
        #expect(catalog.shippedDirectory == root + "/repo/themes")
    }

    @Test func otherwiseTheCurrentDirectoryIsWalkedUp() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try touch(root + "/repo/Package.swift")
        try touch(root + "/repo/themes/default.toml")
        try FileManager.default.createDirectory(atPath: root + "/repo/Sources/roster", withIntermediateDirectories: true)
        try touch(root + "/elsewhere/roster", executable: true)
        let catalog = ThemeCatalog(environment: [:], executablePath: root + "/elsewhere/roster", currentDirectory: root + "/repo/Sources/roster")
        #expect(catalog.shippedDirectory == root + "/repo/themes")
    }

    @Test func aFolderWithoutThemesIsNotACheckout() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try touch(root + "/other/Package.swift")
        try touch(root + "/other/bin/tool", executable: true)
        let catalog = ThemeCatalog(environment: [:], executablePath: root + "/other/bin/tool", currentDirectory: root + "/other")
        #expect(catalog.shippedDirectory == nil)
        #expect(catalog.searchDirectories == [])
    }
}
