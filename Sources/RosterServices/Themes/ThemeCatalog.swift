import Foundation
import RosterCore
import ScreenKit

/// The theme folders Roster searches, and loading, listing and checking the themes in them.
///
/// Guarantees: a theme is only ever read as `<folder>/<name>.toml` from one of the search folders,
/// with `name` checked by `Theme.isValidName`, so no name reaches a file elsewhere. Loading never
/// fails: anything wrong yields the built-in default theme and a warning that says why.
public struct ThemeCatalog: Sendable {
    /// The user's own themes: `$XDG_CONFIG_HOME/roster/themes`, else `~/.config/roster/themes`.
    public let userDirectory: String?
    /// The themes shipped with Roster.
    public let shippedDirectory: String?

    /// Finds the folders from the environment and the running executable.
    ///
    /// The shipped folder is `$ROSTER_THEMES_DIR` when set; else `<prefix>/share/roster/themes` for
    /// an executable installed as `<prefix>/bin/roster`; else `themes/` of the first folder holding
    /// `Package.swift` and `themes/default.toml`, walking up from the executable's folder (a
    /// build or `swift run`) and then from `currentDirectory`.
    ///
    /// - Parameter executablePath: the running executable, as `CommandLine.arguments[0]` gives it
    ///   (relative paths and bare names found through `PATH` are resolved).
    public init(environment: [String: String], executablePath: String, currentDirectory: String) {
        let user = ThemePaths.userDirectory(environment: environment)
        let shipped = ThemePaths.shippedDirectory(
            environment: environment, executablePath: executablePath, currentDirectory: currentDirectory)
        self.init(userDirectory: user, shippedDirectory: shipped)
    }

    /// A catalog over explicit folders; either may be nil.
    public init(userDirectory: String?, shippedDirectory: String?) {
        self.userDirectory = userDirectory
        self.shippedDirectory = shippedDirectory == userDirectory ? nil : shippedDirectory
    }

    /// The folders searched, in order: the user's first, so their themes replace shipped ones.
    public var searchDirectories: [String] { [userDirectory, shippedDirectory].compactMap { $0 } }

    /// The theme called `name`, or the built-in default with a warning saying why not: an invalid
    /// name, no such theme in any folder (the warning lists them), or a bad file (`file:line:
    /// reason`). `default` needs no file: without one it is the built-in theme, silently.
    public func load(name: String) -> (theme: Theme, warning: String?) {
        let fallback = "using the default theme"
        guard Theme.isValidName(name) else {
            return (Theme.builtinDefault,
                    "theme name \(DisplayText.quoted(name)) is not a plain name (letters, digits, - and _); \(fallback)")
        }
        for directory in searchDirectories {
            let path = ThemePaths.join(directory, name + ".toml")
            guard FileManager.default.fileExists(atPath: path) else { continue }
            switch Self.check(file: path, name: name) {
            case .success(let theme): return (theme, nil)
            case .failure(let error): return (Theme.builtinDefault, "\(error) (\(fallback))")
            }
        }
        if name == Theme.builtinDefault.name { return (Theme.builtinDefault, nil) }
        let searched = searchDirectories.isEmpty
            ? "no theme folder is known (set XDG_CONFIG_HOME or HOME, or ROSTER_THEMES_DIR)"
            : "searched " + searchDirectories.joined(separator: ", ")
        return (Theme.builtinDefault, "theme \(DisplayText.quoted(name)) not found (\(searched)); \(fallback)")
    }

    /// Every theme file in the search folders, checked, sorted by name (a user's theme before the
    /// shipped one it replaces). The built-in default is listed when no `default.toml` exists.
    public func list() -> [ThemeListing] {
        var listings: [ThemeListing] = []
        var userNames: Set<String> = []
        let folders: [(String?, ThemeSource)] = [(userDirectory, .user), (shippedDirectory, .shipped)]
        for case let (directory?, source) in folders {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for file in files where file.hasSuffix(".toml") && !file.hasPrefix(".") {
                let name = String(file.dropLast(5))
                let path = ThemePaths.join(directory, file)
                var error: String?
                if !Theme.isValidName(name) {
                    error = "\(DisplayText.quoted(name)) is not a valid theme name (letters, digits, - and _)"
                } else if case .failure(let failure) = Self.check(file: path, name: name) {
                    error = failure.description
                }
                if source == .user { userNames.insert(name) }
                listings.append(ThemeListing(
                    name: name, path: path, source: source, error: error,
                    isShadowed: source == .shipped && userNames.contains(name)))
            }
        }
        if !listings.contains(where: { $0.name == Theme.builtinDefault.name }) {
            listings.append(ThemeListing(name: Theme.builtinDefault.name, path: nil, source: .builtin, error: nil, isShadowed: false))
        }
        return listings.sorted { ($0.name, $0.source.order) < ($1.name, $1.source.order) }
    }

    /// Reads and parses one theme file, named after the file (`dark.toml` → `dark`). A file that
    /// cannot be read gives line 0 and the reason.
    public static func check(file: String) -> Result<Theme, ThemeError> {
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        return check(file: file, name: name)
    }

    private static func check(file: String, name: String) -> Result<Theme, ThemeError> {
        switch ThemeFile.read(file) {
        case .failure(let error): return .failure(error)
        case .success(let text):
            do throws(ThemeError) {
                return .success(try Theme.parse(text, name: name, file: file))
            } catch {
                return .failure(error)
            }
        }
    }
}

/// Where a listed theme comes from.
public enum ThemeSource: String, Sendable, Hashable {
    case user, shipped, builtin

    fileprivate var order: Int {
        switch self {
        case .user: 0
        case .shipped: 1
        case .builtin: 2
        }
    }
}

/// One theme as `roster themes list` shows it.
public struct ThemeListing: Equatable, Sendable {
    public var name: String
    /// The file; nil for the built-in default.
    public var path: String?
    public var source: ThemeSource
    /// Why the file cannot be used (`file:line: reason`), nil when it is fine.
    public var error: String?
    /// A shipped theme replaced by the user's theme of the same name.
    public var isShadowed: Bool

    public init(name: String, path: String?, source: ThemeSource, error: String?, isShadowed: Bool) {
        self.name = name; self.path = path; self.source = source; self.error = error; self.isShadowed = isShadowed
    }
}
