import Testing
import LookerAPI
import RosterServices

@Suite struct RedactionTests {
    static let secret = "Zq9#;= very-secret"

    @Test func descriptionAndRedactedLinesHideTheSecret() throws {
        let config = RosterConfig(looker: LookerConfig(baseURL: "https://looker.example.com", clientID: "id-one",
                                                       clientSecret: Self.secret, file: "/etc/looker.ini", profile: "Looker"),
                                  readOnly: true, theme: "mono")
        #expect(!config.description.contains(Self.secret))
        #expect(!config.description.contains("very-secret"))
        #expect(config.redactedLines.allSatisfy { !$0.contains("Zq9") })
        #expect(config.redactedLines == [
            "file          = /etc/looker.ini",
            "profile       = Looker",
            "base_url      = https://looker.example.com",
            "client_id     = id-one",
            "client_secret = ******** (hidden)",
            "verify_ssl    = true",
            "timeout       = 120",
            "read_only     = true",
            "theme         = mono",
        ])
        #expect("\(config)" == config.redactedLines.joined(separator: "\n"))
    }

    @Test func loadedConfigPrintsWithoutItsSecret() throws {
        let file = try IniFile.parse("[Looker]\nbase_url = https://x.example.com\nclient_id = a\nclient_secret = \(Self.secret)\n",
                                     path: "looker.ini")
        let config = try RosterConfig.resolve(file: file, profile: nil, environment: [:])
        #expect(config.clientSecret == Self.secret)
        #expect(!String(describing: config).contains("Zq9"))
        #expect(!String(reflecting: config).contains("Zq9"))
    }
}
