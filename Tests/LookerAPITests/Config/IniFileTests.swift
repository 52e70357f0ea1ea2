import Testing
import LookerAPI

@Suite struct IniFileTests {
    static let twoProfiles = """
        # Roster test file
        ; another comment style
        [Looker]
        base_url = https://looker.example.com
        Client_ID = id-one
        client_secret = a#b;c=d e

        [staging]
        base_url = "https://staging.example.com:19999"
        client_id = 'id-two'
        client_secret = "  spaced  "
        timeout: 30
        """

    @Test func sectionsKeepFileOrderAndLines() throws {
        let ini = try IniFile.parse(Self.twoProfiles, path: "looker.ini")
        #expect(ini.sections.map(\.name) == ["Looker", "staging"])
        #expect(ini.sections.map(\.line) == [3, 8])
        #expect(ini.section("Looker")?.entries.map(\.key) == ["base_url", "client_id", "client_secret"])
        #expect(ini.section("Looker")?.entries.map(\.line) == [4, 5, 6])
        #expect(ini.section("staging")?.entry("timeout")?.value == "30")
        #expect(ini.section("nope") == nil)
    }

    @Test func secretIsTakenWholeWithHashSemicolonEqualsAndSpaces() throws {
        let ini = try IniFile.parse(Self.twoProfiles, path: "looker.ini")
        #expect(ini.section("Looker")?.entry("client_secret")?.value == "a#b;c=d e")
    }

    @Test func onePairOfQuotesIsStrippedAndInnerSpacesKept() throws {
        let ini = try IniFile.parse(Self.twoProfiles, path: "looker.ini")
        let staging = try #require(ini.section("staging"))
        #expect(staging.entry("base_url")?.value == "https://staging.example.com:19999")
        #expect(staging.entry("client_id")?.value == "id-two")
        #expect(staging.entry("client_secret")?.value == "  spaced  ")
    }

    @Test func mismatchedQuotesAreKept() throws {
        let ini = try IniFile.parse("[a]\nclient_secret = \"abc'\n", path: "x.ini")
        #expect(ini.section("a")?.entry("client_secret")?.value == "\"abc'")
    }

    @Test func windowsLineEndingsAreAccepted() throws {
        let ini = try IniFile.parse("[Looker]\r\nclient_id = abc\r\nclient_secret = x;y\r\n", path: "x.ini")
        #expect(ini.section("Looker")?.entry("client_id")?.value == "abc")
        #expect(ini.section("Looker")?.entry("client_secret")?.value == "x;y")
        #expect(ini.section("Looker")?.entry("client_secret")?.line == 3)
        #expect(throws: ConfigError(file: "x.ini", line: 3, key: nil, reason: "expected 'key = value'")) {
            try IniFile.parse("[Looker]\r\nclient_id = abc\r\nbroken\r\n", path: "x.ini")
        }
    }

    @Test func lineWithoutEqualsNamesFileAndLine() {
        let text = "[Looker]\nbase_url = https://x.example.com\nclient_secret hunter2-secret\n"
        #expect(throws: ConfigError(file: "conf/looker.ini", line: 3, key: nil, reason: "expected 'key = value'")) {
            try IniFile.parse(text, path: "conf/looker.ini")
        }
        do {
            _ = try IniFile.parse(text, path: "conf/looker.ini")
        } catch {
            #expect(error.description == "conf/looker.ini:3: expected 'key = value'")
            #expect(!error.description.contains("hunter2"))
        }
    }

    @Test func keyOutsideSectionNamesKeyAndLine() {
        let text = "# header\nclient_id = abc\n[Looker]\n"
        do {
            _ = try IniFile.parse(text, path: "looker.ini")
            Issue.record("a key before any section must be refused")
        } catch {
            #expect(error == ConfigError(file: "looker.ini", line: 2, key: "client_id", reason: "key outside of a [section]"))
            #expect(error.description == "looker.ini:2: client_id: key outside of a [section]")
        }
    }

    @Test func secretOutsideSectionDoesNotLeakIntoTheError() {
        do {
            _ = try IniFile.parse("client_secret = p@ss#word;1\n", path: "looker.ini")
            Issue.record("a key before any section must be refused")
        } catch {
            #expect(error.line == 1)
            #expect(!error.description.contains("p@ss"))
        }
    }

    @Test func brokenSectionHeaders() {
        #expect(throws: ConfigError(file: "f", line: 2, key: nil, reason: "a section header looks like [name]")) {
            try IniFile.parse("\n[Looker\n", path: "f")
        }
        #expect(throws: ConfigError(file: "f", line: 1, key: nil, reason: "empty section name")) {
            try IniFile.parse("[  ]\n", path: "f")
        }
        #expect(throws: ConfigError(file: "f", line: 2, key: nil, reason: "missing key before '='")) {
            try IniFile.parse("[a]\n = value\n", path: "f")
        }
    }

    @Test func laterDuplicateKeyWins() throws {
        let ini = try IniFile.parse("[a]\ntimeout = 5\ntimeout = 7\n", path: "f")
        #expect(ini.section("a")?.entry("timeout")?.value == "7")
        #expect(ini.section("a")?.entry("timeout")?.line == 3)
    }
}
