import LookerAPI

/// A profile as Roster reads it: the Looker SDKs' settings (`LookerConfig`) and Roster's own keys,
/// which live in the same looker.ini section. Roster looks for the file in more places than the SDKs
/// do (`candidatePaths`).
@dynamicMemberLookup
public struct RosterConfig: Sendable, Equatable, CustomStringConvertible {
    public var looker: LookerConfig
    /// `read_only = true|false`: the profile's say in the policy (flags win, see `Policy.decide`).
    public var readOnly: Bool?
    /// `theme = NAME`: the theme to draw with (`--theme` wins).
    public var theme: String?

    /// Roster's keys; any other key the SDKs do not know is warned about.
    public static let keys: Set<String> = ["read_only", "theme"]

    public init(looker: LookerConfig, readOnly: Bool? = nil, theme: String? = nil) {
        self.looker = looker
        self.readOnly = readOnly
        self.theme = theme
    }

    /// Reads Roster's keys from the entries the loader handed back; a bad value names the file, line and key.
    public init(_ looker: LookerConfig) throws(ConfigError) {
        self.init(looker: looker)
        for entry in looker.applicationEntries {
            switch entry.key {
            case "read_only":
                guard let value = ConfigLoader.boolean(entry.value) else {
                    throw ConfigError(file: looker.file, line: entry.line, key: entry.key,
                                      reason: "expected true or false, got '\(entry.value)'")
                }
                readOnly = value
            case "theme":
                theme = entry.value.isEmpty ? nil : entry.value
            default:
                break
            }
        }
    }

    /// The files tried, in order, when `--config` is not given: `./looker.ini`, then
    /// `$XDG_CONFIG_HOME/roster/looker.ini` (`~/.config/roster/looker.ini`).
    public static func candidatePaths(environment: [String: String], currentDirectory: String) -> [String] {
        var paths = [currentDirectory + "/looker.ini"]
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            paths.append(xdg + "/roster/looker.ini")
        } else if let home = environment["HOME"], !home.isEmpty {
            paths.append(home + "/.config/roster/looker.ini")
        }
        return paths
    }

    /// `--config FILE`, else the first of `candidatePaths` that exists; then the environment.
    public static func load(configPath: String?, profile: String?, environment: [String: String],
                            currentDirectory: String) throws(ConfigError) -> RosterConfig {
        try RosterConfig(ConfigLoader.load(configPath: configPath, profile: profile, environment: environment,
                                           searchPaths: candidatePaths(environment: environment, currentDirectory: currentDirectory),
                                           applicationKeys: keys))
    }

    /// Picks the profile and applies the environment, without files.
    public static func resolve(file: IniFile?, profile: String?, environment: [String: String],
                               warnings: [String] = []) throws(ConfigError) -> RosterConfig {
        try RosterConfig(ConfigLoader.resolve(file: file, profile: profile, environment: environment, warnings: warnings,
                                              applicationKeys: keys))
    }

    /// The SDK settings read through (`config.baseURL`, `config.host`, `config.warnings`).
    public subscript<T>(dynamicMember path: KeyPath<LookerConfig, T>) -> T { looker[keyPath: path] }

    /// `key = value` lines with the secret masked; for `roster config show`.
    public var redactedLines: [String] {
        var lines = looker.redactedLines
        if let readOnly { lines.append("read_only     = \(readOnly)") }
        if let theme { lines.append("theme         = \(theme)") }
        return lines
    }

    public var description: String { redactedLines.joined(separator: "\n") }
}
