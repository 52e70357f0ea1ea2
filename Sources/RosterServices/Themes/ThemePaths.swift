import Foundation
import RosterCore
import ScreenKit

/// Finding the theme folders, and the small path helpers that needs.
enum ThemePaths {
    static func userDirectory(environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return join(config, "roster/themes")
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return join(home, ".config/roster/themes")
        }
        return nil
    }

    static func shippedDirectory(environment: [String: String], executablePath: String, currentDirectory: String) -> String? {
        if let explicit = environment["ROSTER_THEMES_DIR"], !explicit.isEmpty {
            return absolute(explicit, in: currentDirectory)
        }
        let executable = locateExecutable(executablePath, environment: environment, currentDirectory: currentDirectory)
        if let executable {
            let binDirectory = parent(executable)
            let installed = join(parent(binDirectory), "share/roster/themes")
            if isDirectory(installed) { return installed }
            if let found = checkout(above: binDirectory) { return found }
        }
        return checkout(above: absolute(currentDirectory, in: "/"))
    }

    /// `themes/` of the nearest folder at or above `start` that is a Roster source checkout.
    private static func checkout(above start: String) -> String? {
        var directory = start
        while true {
            let themes = join(directory, "themes")
            if FileManager.default.fileExists(atPath: join(directory, "Package.swift")),
               FileManager.default.fileExists(atPath: join(themes, "default.toml")) {
                return themes
            }
            let up = parent(directory)
            if up == directory { return nil }
            directory = up
        }
    }

    /// The executable's real path: made absolute, looked up in `PATH` when it is a bare name, and
    /// with symbolic links resolved (a `/usr/local/bin/roster` link into an install prefix).
    private static func locateExecutable(_ path: String, environment: [String: String], currentDirectory: String) -> String? {
        guard !path.isEmpty else { return nil }
        var candidate: String?
        if path.contains("/") {
            candidate = absolute(path, in: currentDirectory)
        } else {
            let searchPath = environment["PATH"] ?? ""
            candidate = searchPath.split(separator: ":").map { join(absolute(String($0), in: currentDirectory), path) }
                .first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        guard let candidate else { return nil }
        return URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
    }

    static func join(_ directory: String, _ component: String) -> String {
        directory.hasSuffix("/") ? directory + component : directory + "/" + component
    }

    static func absolute(_ path: String, in directory: String) -> String {
        let full = path.hasPrefix("/") ? path : join(directory, path)
        return URL(fileURLWithPath: full).standardizedFileURL.path
    }

    static func parent(_ path: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

/// Reading a theme file as text, with a reason a person understands when that fails.
enum ThemeFile {
    /// Theme files are a few kilobytes; anything this large is not one.
    static let maximumSize = 1 << 20

    static func read(_ path: String) -> Result<String, ThemeError> {
        func failure(_ reason: String) -> Result<String, ThemeError> { .failure(ThemeError(file: path, line: 0, reason: reason)) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return failure("no such file") }
        if isDirectory.boolValue { return failure("is a folder, not a theme file") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
           size.intValue > maximumSize {
            return failure("too large for a theme file (over 1 MiB)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as CocoaError where error.code == .fileReadNoPermission {
            return failure("permission denied")
        } catch {
            return failure("cannot be read (\(error.localizedDescription))")
        }
        guard data.count <= maximumSize else { return failure("too large for a theme file (over 1 MiB)") }
        guard let text = String(data: data, encoding: .utf8) else { return failure("not UTF-8 text") }
        return .success(text)
    }
}
