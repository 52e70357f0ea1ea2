import Foundation
import Testing
import LookerAPI
import RosterServices
import TestSupport

/// `ConfigLoader.load`: finding the file, reading it, and the permission warning.
@Suite struct ConfigLoadTests {
    static let secret = "a#b;c=d e"
    static let body = """
        [Looker]
        base_url = https://looker.example.com
        client_id = id-one
        client_secret = \(secret)
        """

    @Test func explicitConfigFileIsRead() throws {
        let dir = try TemporaryDirectory("roster-apitests")
        defer { dir.remove() }
        let path = try dir.write("custom.ini", Self.body)
        let config = try RosterConfig.load(configPath: path, profile: nil, environment: ["HOME": dir.path],
                                           currentDirectory: dir.path)
        #expect(config.file == path)
        #expect(config.clientSecret == Self.secret)
        #expect(config.warnings == [])
    }

    @Test func worldReadableFileEarnsAWarning() throws {
        let dir = try TemporaryDirectory("roster-apitests")
        defer { dir.remove() }
        let path = try dir.write("looker.ini", Self.body, mode: 0o644)
        let config = try RosterConfig.load(configPath: path, profile: nil, environment: [:], currentDirectory: dir.path)
        #expect(config.warnings == [
            "\(path) is readable by group or others (mode 644); it holds a client_secret: chmod 600 it",
        ])
        #expect(!config.warnings.joined().contains(Self.secret))
    }

    @Test func groupReadableFileEarnsAWarningToo() throws {
        let dir = try TemporaryDirectory("roster-apitests")
        defer { dir.remove() }
        let path = try dir.write("looker.ini", Self.body, mode: 0o640)
        let config = try RosterConfig.load(configPath: path, profile: nil, environment: [:], currentDirectory: dir.path)
        #expect(config.warnings.count == 1)
        #expect(config.warnings.first?.contains("(mode 640)") == true)
    }

    @Test func missingExplicitFileIsAnError() throws {
        let dir = try TemporaryDirectory("roster-apitests")
        defer { dir.remove() }
        let path = dir.path + "/absent.ini"
        #expect(throws: ConfigError(file: path, line: nil, key: nil, reason: "no such file")) {
            try RosterConfig.load(configPath: path, profile: nil, environment: [:], currentDirectory: dir.path)
        }
    }

    @Test func currentDirectoryFileComesBeforeTheXDGOne() throws {
        let dir = try TemporaryDirectory("roster-apitests")
        defer { dir.remove() }
        let local = try dir.write("work/looker.ini", Self.body)
        try dir.write("xdg/roster/looker.ini", Self.body.replacingOccurrences(of: "id-one", with: "id-xdg"))
        let env = ["XDG_CONFIG_HOME": dir.path + "/xdg", "HOME": dir.path + "/home"]
        let config = try RosterConfig.load(configPath: nil, profile: nil, environment: env,
                                           currentDirectory: dir.path + "/work")
        #expect(config.file == local)
        #expect(config.clientID == "id-one")
    }

    @Test func xdgFileIsUsedWhenTheCurrentDirectoryHasNone() throws {
        let dir = try TemporaryDirectory("roster-apitests")
        defer { dir.remove() }
        let xdg = try dir.write("xdg/roster/looker.ini", Self.body.replacingOccurrences(of: "id-one", with: "id-xdg"))
        let env = ["XDG_CONFIG_HOME": dir.path + "/xdg", "HOME": dir.path + "/home"]
        let config = try RosterConfig.load(configPath: nil, profile: nil, environment: env, currentDirectory: dir.path)
        #expect(config.file == xdg)
        #expect(config.clientID == "id-xdg")
    }

    @Test func homeConfigIsUsedWithoutXDG() throws {
        let dir = try TemporaryDirectory("roster-apitests")
        defer { dir.remove() }
        let home = try dir.write("home/.config/roster/looker.ini", Self.body)
        let config = try RosterConfig.load(configPath: nil, profile: nil, environment: ["HOME": dir.path + "/home"],
                                           currentDirectory: dir.path)
        #expect(config.file == home)
        #expect(RosterConfig.candidatePaths(environment: ["HOME": "/h"], currentDirectory: "/w")
                == ["/w/looker.ini", "/h/.config/roster/looker.ini"])
    }

    @Test func environmentAloneWorksWhenNoFileExists() throws {
        let dir = try TemporaryDirectory("roster-apitests")
        defer { dir.remove() }
        let env = [
            "HOME": dir.path,
            "LOOKERSDK_BASE_URL": "https://env.example.com",
            "LOOKERSDK_CLIENT_ID": "env-id",
            "LOOKERSDK_CLIENT_SECRET": "env-secret",
        ]
        let config = try RosterConfig.load(configPath: nil, profile: nil, environment: env, currentDirectory: dir.path)
        #expect(config.file == nil)
        #expect(config.baseURL == "https://env.example.com")
        #expect(config.clientSecret == "env-secret")
    }

    @Test func environmentOverridesTheFoundFile() throws {
        let dir = try TemporaryDirectory("roster-apitests")
        defer { dir.remove() }
        try dir.write("looker.ini", Self.body)
        let env = ["HOME": dir.path, "LOOKERSDK_CLIENT_ID": "env-id", "LOOKERSDK_TIMEOUT": "9"]
        let config = try RosterConfig.load(configPath: nil, profile: nil, environment: env, currentDirectory: dir.path)
        #expect(config.clientID == "env-id")
        #expect(config.timeoutSeconds == 9)
        #expect(config.clientSecret == Self.secret)
    }

    @Test func parseErrorsInAFileNameItsPathAndLineButNotTheSecret() throws {
        let dir = try TemporaryDirectory("roster-apitests")
        defer { dir.remove() }
        let path = try dir.write("looker.ini", Self.body + "\nverify_ssl = maybe\n")
        do {
            _ = try RosterConfig.load(configPath: path, profile: nil, environment: [:], currentDirectory: dir.path)
            Issue.record("verify_ssl = maybe must be refused")
        } catch {
            #expect(error.description == "\(path):5: verify_ssl: expected true or false, got 'maybe'")
            #expect(!error.description.contains(Self.secret))
        }
    }
}
