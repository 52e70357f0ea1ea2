import Testing
import LookerAPI
import RosterServices

/// `ConfigLoader.resolve`: profile choice, environment precedence and value checks, without files.
@Suite struct ConfigResolveTests {
    static let secret = "a#b;c=d e"

    static func ini(_ text: String, path: String = "/etc/looker.ini") throws -> IniFile {
        try IniFile.parse(text, path: path)
    }

    static let twoProfiles = """
        [Looker]
        base_url = https://looker.example.com
        client_id = id-one
        client_secret = a#b;c=d e

        [staging]
        base_url = https://staging.example.com:19999
        client_id = id-two
        client_secret = other-secret
        verify_ssl = false
        timeout = 30
        read_only = yes
        theme = mono
        """

    @Test func firstSectionIsTheDefault() throws {
        let config = try RosterConfig.resolve(file: Self.ini(Self.twoProfiles), profile: nil, environment: [:])
        #expect(config.profile == "Looker")
        #expect(config.baseURL == "https://looker.example.com")
        #expect(config.clientID == "id-one")
        #expect(config.clientSecret == Self.secret)
        #expect(config.verifySSL == true)
        #expect(config.timeoutSeconds == 120)
        #expect(config.readOnly == nil)
        #expect(config.theme == nil)
        #expect(config.file == "/etc/looker.ini")
        #expect(config.warnings == [])
    }

    @Test func profilePicksItsSection() throws {
        let config = try RosterConfig.resolve(file: Self.ini(Self.twoProfiles), profile: "staging", environment: [:])
        #expect(config.profile == "staging")
        #expect(config.baseURL == "https://staging.example.com:19999")
        #expect(config.host == "staging.example.com")
        #expect(config.clientID == "id-two")
        #expect(config.clientSecret == "other-secret")
        #expect(config.verifySSL == false)
        #expect(config.timeoutSeconds == 30)
        #expect(config.readOnly == true)
        #expect(config.theme == "mono")
    }

    @Test func missingProfileNamesTheAvailableOnes() throws {
        let file = try Self.ini(Self.twoProfiles)
        #expect(throws: ConfigError(file: "/etc/looker.ini", line: nil, key: nil,
                                    reason: "no profile [prod] (profiles: Looker, staging)")) {
            try RosterConfig.resolve(file: file, profile: "prod", environment: [:])
        }
    }

    @Test func profileWithoutAnyFileIsAnError() {
        #expect(throws: ConfigError(file: nil, line: nil, key: nil,
                                    reason: "--profile prod given but no looker.ini was found")) {
            try RosterConfig.resolve(file: nil, profile: "prod", environment: [:])
        }
    }

    @Test func environmentOverridesTheFile() throws {
        let env = [
            "LOOKERSDK_BASE_URL": "https://env.example.com",
            "LOOKERSDK_CLIENT_ID": "env-id",
            "LOOKERSDK_CLIENT_SECRET": "env#secret",
            "LOOKERSDK_VERIFY_SSL": "no",
            "LOOKERSDK_TIMEOUT": "15",
        ]
        let config = try RosterConfig.resolve(file: Self.ini(Self.twoProfiles), profile: nil, environment: env)
        #expect(config.baseURL == "https://env.example.com")
        #expect(config.clientID == "env-id")
        #expect(config.clientSecret == "env#secret")
        #expect(config.verifySSL == false)
        #expect(config.timeoutSeconds == 15)
        #expect(config.profile == "Looker")
    }

    @Test func environmentOverridesOneKeyAndTheFileKeepsTheRest() throws {
        let config = try RosterConfig.resolve(file: Self.ini(Self.twoProfiles), profile: "staging",
                                              environment: ["LOOKERSDK_CLIENT_SECRET": "rotated"])
        #expect(config.clientSecret == "rotated")
        #expect(config.clientID == "id-two")
        #expect(config.timeoutSeconds == 30)
    }

    @Test func environmentAloneWorksWithoutAFile() throws {
        let env = [
            "LOOKERSDK_BASE_URL": "http://127.0.0.1:8080/",
            "LOOKERSDK_CLIENT_ID": "env-id",
            "LOOKERSDK_CLIENT_SECRET": "env-secret",
        ]
        let config = try RosterConfig.resolve(file: nil, profile: nil, environment: env)
        #expect(config.baseURL == "http://127.0.0.1:8080")
        #expect(config.clientID == "env-id")
        #expect(config.clientSecret == "env-secret")
        #expect(config.file == nil)
        #expect(config.profile == nil)
        #expect(config.verifySSL == true)
        #expect(config.timeoutSeconds == 120)
    }

    @Test func missingKeysAreNamed() throws {
        #expect(throws: ConfigError(file: nil, line: nil, key: "base_url",
                                    reason: "missing (set base_url in looker.ini or LOOKERSDK_BASE_URL)")) {
            try RosterConfig.resolve(file: nil, profile: nil, environment: [:])
        }
        let noSecret = try Self.ini("[Looker]\nbase_url = https://x.example.com\nclient_id = abc\n")
        #expect(throws: ConfigError(file: "/etc/looker.ini", line: 1, key: "client_secret",
                                    reason: "missing (set client_secret in looker.ini or LOOKERSDK_CLIENT_SECRET)")) {
            try RosterConfig.resolve(file: noSecret, profile: nil, environment: [:])
        }
    }

    @Test func verifySSLMaybeNamesKeyAndLine() throws {
        let file = try Self.ini("[Looker]\nbase_url = https://x.example.com\nclient_id = abc\nclient_secret = \(Self.secret)\nverify_ssl = maybe\n")
        do {
            _ = try RosterConfig.resolve(file: file, profile: nil, environment: [:])
            Issue.record("verify_ssl = maybe must be refused")
        } catch {
            #expect(error == ConfigError(file: "/etc/looker.ini", line: 5, key: "verify_ssl",
                                         reason: "expected true or false, got 'maybe'"))
            #expect(error.description == "/etc/looker.ini:5: verify_ssl: expected true or false, got 'maybe'")
            #expect(!error.description.contains(Self.secret))
        }
    }

    @Test func timeoutThatIsNotANumberNamesKeyAndLine() throws {
        let file = try Self.ini("[Looker]\nbase_url = https://x.example.com\nclient_id = abc\ntimeout = abc\nclient_secret = \(Self.secret)\n")
        do {
            _ = try RosterConfig.resolve(file: file, profile: nil, environment: [:])
            Issue.record("timeout = abc must be refused")
        } catch {
            #expect(error.description == "/etc/looker.ini:4: timeout: expected a whole number of seconds, got 'abc'")
            #expect(!error.description.contains(Self.secret))
        }
        let zero = try Self.ini("[Looker]\nbase_url = https://x.example.com\nclient_id = abc\nclient_secret = s\ntimeout = 0\n")
        #expect(throws: ConfigError(file: "/etc/looker.ini", line: 5, key: "timeout",
                                    reason: "expected a whole number of seconds, got '0'")) {
            try RosterConfig.resolve(file: zero, profile: nil, environment: [:])
        }
    }

    @Test func nonHTTPBaseURLNamesKeyAndLine() throws {
        let file = try Self.ini("[Looker]\nclient_secret = \(Self.secret)\nclient_id = abc\nbase_url = ftp://looker.example.com\n")
        do {
            _ = try RosterConfig.resolve(file: file, profile: nil, environment: [:])
            Issue.record("an ftp base_url must be refused")
        } catch {
            #expect(error.description == "/etc/looker.ini:4: base_url: 'ftp://looker.example.com' is not an http(s) URL")
            #expect(!error.description.contains(Self.secret))
        }
        let noScheme = try Self.ini("[Looker]\nbase_url = looker.example.com\nclient_id = abc\nclient_secret = s\n")
        #expect(throws: ConfigError(file: "/etc/looker.ini", line: 2, key: "base_url",
                                    reason: "'looker.example.com' is not an http(s) URL")) {
            try RosterConfig.resolve(file: noScheme, profile: nil, environment: [:])
        }
    }

    @Test func badEnvironmentValueSaysItCameFromTheEnvironment() throws {
        let file = try Self.ini(Self.twoProfiles)
        #expect(throws: ConfigError(file: "environment", line: nil, key: "verify_ssl",
                                    reason: "expected true or false, got 'sometimes'")) {
            try RosterConfig.resolve(file: file, profile: nil, environment: ["LOOKERSDK_VERIFY_SSL": "sometimes"])
        }
    }

    @Test func apiSuffixIsStrippedWithAWarning() throws {
        let file = try Self.ini("[Looker]\nbase_url = https://looker.example.com:19999/api/4.0/\nclient_id = abc\nclient_secret = s\n")
        let config = try RosterConfig.resolve(file: file, profile: nil, environment: [:])
        #expect(config.baseURL == "https://looker.example.com:19999")
        #expect(config.warnings == ["base_url should not include /api/4.0; using https://looker.example.com:19999"])
    }

    @Test func unknownKeysWarnWithTheLineAndToleratedOnesDoNot() throws {
        let file = try Self.ini("""
            [Looker]
            base_url = https://looker.example.com
            api_version = 4.0
            client_id = abc
            colour = red
            client_secret = s
            """)
        let config = try RosterConfig.resolve(file: file, profile: nil, environment: [:], warnings: ["earlier"])
        #expect(config.warnings == ["earlier", "/etc/looker.ini:5: unknown key 'colour' ignored"])
    }

    @Test func booleanSpellings() throws {
        for (text, expected) in [("TRUE", true), ("t", true), ("Yes", true), ("y", true), ("1", true),
                                 ("false", false), ("F", false), ("no", false), ("N", false), ("0", false)] {
            let file = try Self.ini("[L]\nbase_url = https://x.example.com\nclient_id = a\nclient_secret = s\nverify_ssl = \(text)\n")
            let config = try RosterConfig.resolve(file: file, profile: nil, environment: [:])
            #expect(config.verifySSL == expected, "verify_ssl = \(text)")
        }
    }
}
