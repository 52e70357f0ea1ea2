import Foundation

/// The settings for one Looker instance, resolved from a looker.ini profile and `LOOKERSDK_*`
/// environment variables (the environment wins), following the Looker SDK conventions.
///
/// `clientSecret` is kept in memory only; `description` and `redactedLines` mask it.
public struct LookerConfig: Sendable, Equatable, CustomStringConvertible {
    public var baseURL: String
    public var clientID: String
    public var clientSecret: String
    public var verifySSL: Bool
    public var timeoutSeconds: Int
    /// The section's entries that the SDKs do not define but the application reading the file said it
    /// knows (`applicationKeys`), in file order, for it to read with their lines.
    public var applicationEntries: [IniFile.Entry]
    /// Where the settings came from: the file path, or nil when only the environment was used.
    public var file: String?
    public var profile: String?
    /// Non-fatal findings (a world-readable file, an unknown key) to show once.
    public var warnings: [String]

    public init(baseURL: String, clientID: String, clientSecret: String, verifySSL: Bool = true,
                timeoutSeconds: Int = 120, applicationEntries: [IniFile.Entry] = [],
                file: String? = nil, profile: String? = nil, warnings: [String] = []) {
        self.baseURL = baseURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.verifySSL = verifySSL
        self.timeoutSeconds = timeoutSeconds
        self.applicationEntries = applicationEntries
        self.file = file
        self.profile = profile
        self.warnings = warnings
    }

    /// The instance's host name, for headers and the journal.
    public var host: String { URLComponents(string: baseURL)?.host ?? baseURL }

    /// The instance as a whole, for comparing: two configs name the same Looker only when scheme,
    /// host, port and path all agree (`https://acme.looker.com:443`). Runs and plans are bound to it.
    public var instanceURL: String { Self.instanceURL(baseURL) }

    /// `url` in one spelling: scheme and host in lower case, the port written out (443 for https,
    /// 80 for http), the path without trailing slashes or an `/api/X.Y` suffix; no query, fragment
    /// or user info. Text that is no URL is kept as it is (and so matches only itself).
    public static func instanceURL(_ url: String) -> String {
        guard let c = URLComponents(string: url.trimmingCharacters(in: .whitespaces)),
              let scheme = c.scheme?.lowercased(), let host = c.host?.lowercased(), !host.isEmpty else { return url }
        let port = c.port ?? (scheme == "http" ? 80 : 443)
        var path = c.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        for suffix in ["/api/4.0", "/api/3.1", "/api/3.0"] where path.hasSuffix(suffix) { path.removeLast(suffix.count) }
        while path.hasSuffix("/") { path.removeLast() }
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost):\(port)\(path)"
    }

    public var description: String { redactedLines.joined(separator: "\n") }

    /// `key = value` lines with the secret masked; for `roster config show`.
    public var redactedLines: [String] {
        [
            "file          = \(file ?? "(environment only)")",
            "profile       = \(profile ?? "(none)")",
            "base_url      = \(baseURL)",
            "client_id     = \(clientID)",
            "client_secret = \(clientSecret.isEmpty ? "(empty)" : "******** (hidden)")",
            "verify_ssl    = \(verifySSL)",
            "timeout       = \(timeoutSeconds)",
        ]
    }
}

/// Finds and reads the configuration as the Looker SDKs do: a looker.ini file (the one given, else the
/// first of `searchPaths` that exists), one section of it, then the `LOOKERSDK_*` environment.
public enum ConfigLoader {
    static let sdkKeys: Set<String> = ["base_url", "client_id", "client_secret", "verify_ssl", "timeout"]
    /// Keys the Looker SDKs accept or once accepted; Roster ignores them without a warning.
    static let toleratedKeys: Set<String> = ["api_version", "embed_secret", "user_id", "redirect_uri", "looker_url"]

    /// `applicationKeys`: keys of the caller's own that the file may hold beside the SDKs' (they are
    /// handed back in `applicationEntries`; any other key is warned about).
    public static func load(configPath: String?, profile: String?, environment: [String: String],
                            searchPaths: [String], applicationKeys: Set<String> = []) throws(ConfigError) -> LookerConfig {
        var file: IniFile?
        var warnings: [String] = []
        if let configPath {
            file = try readFile(configPath, warnings: &warnings)
        } else {
            for path in searchPaths
            where FileManager.default.fileExists(atPath: path) {
                file = try readFile(path, warnings: &warnings)
                break
            }
        }
        return try resolve(file: file, profile: profile, environment: environment, warnings: warnings,
                           applicationKeys: applicationKeys)
    }

    static func readFile(_ path: String, warnings: inout [String]) throws(ConfigError) -> IniFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw ConfigError(file: path, line: nil, key: nil, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: nil, key: nil, reason: "is not UTF-8 text")
        }
        if let attrs = try? FileManager.default.attributesOfItem(atPath: path),
           let mode = (attrs[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            warnings.append("\(path) is readable by group or others (mode \(String(mode, radix: 8))); it holds a client_secret: chmod 600 it")
        }
        return try IniFile.parse(text, path: path)
    }

    /// A looker.ini boolean as the SDKs spell them (true/false, yes/no, t/f, y/n, 1/0, any case).
    public static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "t", "yes", "y", "1": true
        case "false", "f", "no", "n", "0": false
        default: nil
        }
    }

    /// Picks the profile and applies the environment. Pure: no file access.
    public static func resolve(file: IniFile?, profile: String?, environment: [String: String],
                               warnings: [String] = [], applicationKeys: Set<String> = []) throws(ConfigError) -> LookerConfig {
        var warnings = warnings
        var section: IniFile.Section?
        if let file {
            if let profile {
                guard let s = file.section(profile) else {
                    let names = file.sections.map(\.name).joined(separator: ", ")
                    throw ConfigError(file: file.path, line: nil, key: nil,
                                      reason: "no profile [\(profile)] (profiles: \(names.isEmpty ? "none" : names))")
                }
                section = s
            } else {
                section = file.sections.first
            }
        } else if let profile {
            throw ConfigError(file: nil, line: nil, key: nil, reason: "--profile \(profile) given but no looker.ini was found")
        }
        let entries = section?.entries ?? []
        for entry in entries where !sdkKeys.contains(entry.key) && !applicationKeys.contains(entry.key) && !toleratedKeys.contains(entry.key) {
            warnings.append("\(file?.path ?? ""):\(entry.line): unknown key '\(entry.key)' ignored")
        }

        func value(_ key: String, env: String?) -> (String, Int?)? {
            if let env, let v = environment[env] { return (v, nil) }
            if let e = section?.entry(key) { return (e.value, e.line) }
            return nil
        }
        func fail(_ key: String, _ line: Int?, _ reason: String) -> ConfigError {
            ConfigError(file: line == nil ? "environment" : file?.path, line: line, key: key, reason: reason)
        }
        func bool(_ key: String, env: String?) throws(ConfigError) -> Bool? {
            guard let (v, line) = value(key, env: env) else { return nil }
            guard let b = boolean(v) else { throw fail(key, line, "expected true or false, got '\(v)'") }
            return b
        }

        guard let (rawURL, urlLine) = value("base_url", env: "LOOKERSDK_BASE_URL"), !rawURL.isEmpty else {
            throw ConfigError(file: file?.path, line: section?.line, key: "base_url",
                              reason: "missing (set base_url in looker.ini or LOOKERSDK_BASE_URL)")
        }
        var baseURL = rawURL
        while baseURL.hasSuffix("/") { baseURL.removeLast() }
        for suffix in ["/api/4.0", "/api/3.1", "/api/3.0"] where baseURL.hasSuffix(suffix) {
            baseURL.removeLast(suffix.count)
            warnings.append("base_url should not include \(suffix); using \(baseURL)")
        }
        guard let comps = URLComponents(string: baseURL), let scheme = comps.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = comps.host, !host.isEmpty else {
            throw fail("base_url", urlLine, "'\(rawURL)' is not an http(s) URL")
        }
        guard let (clientID, _) = value("client_id", env: "LOOKERSDK_CLIENT_ID"), !clientID.isEmpty else {
            throw ConfigError(file: file?.path, line: section?.line, key: "client_id",
                              reason: "missing (set client_id in looker.ini or LOOKERSDK_CLIENT_ID)")
        }
        guard let (clientSecret, _) = value("client_secret", env: "LOOKERSDK_CLIENT_SECRET"), !clientSecret.isEmpty else {
            throw ConfigError(file: file?.path, line: section?.line, key: "client_secret",
                              reason: "missing (set client_secret in looker.ini or LOOKERSDK_CLIENT_SECRET)")
        }
        var timeout = 120
        if let (t, line) = value("timeout", env: "LOOKERSDK_TIMEOUT") {
            guard let n = Int(t), n > 0 else { throw fail("timeout", line, "expected a whole number of seconds, got '\(t)'") }
            timeout = n
        }
        return LookerConfig(
            baseURL: baseURL, clientID: clientID, clientSecret: clientSecret,
            verifySSL: try bool("verify_ssl", env: "LOOKERSDK_VERIFY_SSL") ?? true,
            timeoutSeconds: timeout, applicationEntries: entries.filter { applicationKeys.contains($0.key) },
            file: file?.path, profile: section?.name, warnings: warnings)
    }
}
