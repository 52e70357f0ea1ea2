import LookerAPI
import NIOSSH
import Testing
@testable import Serve

/// Keys made with ssh-keygen; the fingerprints are what `ssh-keygen -lf` printed for them.
enum KeyFixtures {
    static let ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIP6X+RUJqAUD0EPt00hdXDyAdmTo8FU2dmutS5OIg7A7"
    static let ed25519Fingerprint = "SHA256:B1E7dcBsVAtkiwKudEOjr+bxuaVJXTmHTaSIMot8pLo"
    static let ecdsa = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBORvJQHGSQS8ZzFyXdEZBbeBYaikv5VLjD7lv21HxMH2vFkgo7jQmM6e2Hu5w0XOv6V+4btilI6DVQv7SzH2kzk="
    static let ecdsaFingerprint = "SHA256:ryceVYeyKsAw1CEt9/rlSrWeMFNM65tH9NbsDJ1/quA"
    static let rsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCmINEboZ7R/dsJHWVee9Yr0rRjkq59bpV2uiWnuJe3pHQ2ClcuNjIKqWciBDNaDvlfXsquF7iGnAhycHJwBUffhFj49fGcJhIMMaAOLQcPw1/xC7DpARlgMYUStRbOGKpEg/cwhcirIlG2KIuVAMCWlmD87rBqT2Naoebsqb3vWzHbGmYgrqc0q0/o916nJRI1oUZc4yXdOvq9/+6TJFQIy3WLxJM85Uz7aZOCS5cDwRxN9Oc0BraxKtyDfMPR5Lrngh8IN8jxBLoTFMdHKcZTu0C4Zb5LRg2r7jU+fscl2BK8ph/GhszOB4t1MPT3ODLOZ5J+lSjSGr1q8ZBup4GX"
}

@Suite struct AuthorizedKeysTests {
    @Test func commentsBlankLinesTabsAndCRLF() throws {
        let text = "# viewers\n\n   \n\(KeyFixtures.ed25519) alice@laptop\r\n\t\(KeyFixtures.ecdsa.replacingOccurrences(of: " ", with: "\t"))\tcarol  on   ecdsa\n"
        let parsed = AuthorizedKeys.parse(text, file: "ak")
        #expect(parsed.warnings == [])
        #expect(parsed.keys.map(\.viewer) == ["alice@laptop", "carol on ecdsa"])
        #expect(parsed.keys.map(\.line) == [4, 5])
        #expect(parsed.keys.map(\.fingerprint) == [KeyFixtures.ed25519Fingerprint, KeyFixtures.ecdsaFingerprint])
        let alice = try NIOSSHPublicKey(openSSHPublicKey: KeyFixtures.ed25519)
        #expect(parsed.lookup(alice)?.viewer == "alice@laptop")
    }

    @Test func optionsRosterDoesNotApplyRefuseTheLineWithItsNumber() {
        let lines = [
            "command=\"echo hi there\"", "environment=\"LD_PRELOAD=/x.so\"", "permitopen=\"db:5432\"", "tunnel=\"0\"",
            "expiry-time=\"20300101\"", "principals=\"alice\"", "cert-authority", "no-such-option", "no-pty", "restrict",
            "pty,restrict", "from=10.0.0.1", "from=\"10.0.0.1/8\"", "from=\"10.0.0.0/33\"", "from=\"\"", "from=\"a,,b\"",
            "from=\"*\",from=\"*\"", "from=\"10.0.0.1", "no-pty,,pty",
        ]
        let text = lines.map { "\($0) \(KeyFixtures.ed25519) alice" }.joined(separator: "\n")
        let parsed = AuthorizedKeys.parse(text, file: "ak")
        #expect(parsed.keys.isEmpty, "no line with a restriction Roster does not apply grants anything")
        #expect(parsed.warnings.count == lines.count)
        for (index, warning) in parsed.warnings.enumerated() {
            #expect(warning.hasPrefix("ak:\(index + 1): "), "\(warning)")
        }
        #expect(parsed.warnings[0].contains("command= is not applied by roster serve; line refused"))
        #expect(parsed.warnings[8].contains("no-pty"))
        #expect(parsed.warnings[12].contains("bits set outside its mask"))
    }

    @Test func optionsServeAppliesAnywayAreAccepted() {
        let text = """
            restrict,pty \(KeyFixtures.ed25519) a
            no-port-forwarding,no-agent-forwarding,NO-X11-FORWARDING,no-user-rc \(KeyFixtures.ed25519) b
            restrict,port-forwarding,pty,from="127.0.0.1" \(KeyFixtures.ed25519) c
            from="10.0.0.0/8, 192.168.1.*",no-pty,pty \(KeyFixtures.ecdsa) d
            """
        let parsed = AuthorizedKeys.parse(text, file: "ak")
        #expect(parsed.warnings == [])
        #expect(parsed.keys.map(\.viewer) == ["a", "b", "c", "d"])
        #expect(parsed.keys[2].options.from?.allows("127.0.0.1") == true)
        #expect(parsed.keys[2].options.from?.allows("127.0.0.2") == false)
    }

    @Test func fromFollowsOpenSSHPatternLists() throws {
        func allows(_ patterns: String, _ address: String) throws -> Bool {
            guard case .success(let list) = AddressPatternList.parse(patterns) else { throw KeyOptionError("bad: \(patterns)") }
            return list.allows(address)
        }
        let cases: [(String, String, Bool)] = [
            ("127.0.0.1", "127.0.0.1", true), ("127.0.0.1", "127.0.0.2", false),
            ("10.0.0.0/8", "10.200.3.4", true), ("10.0.0.0/8", "11.0.0.1", false),
            ("10.0.0.0/8,!10.1.2.3", "10.1.2.3", false), ("!10.1.2.3,10.0.0.0/8", "10.1.2.4", true),
            ("!10.1.2.3", "192.168.0.1", false),   // only negations: nothing matches positively
            ("192.168.1.*", "192.168.1.77", true), ("192.168.1.*", "192.168.10.7", false), ("192.168.1*", "192.168.10.7", true), ("192.168.1.?", "192.168.1.77", false),
            ("*", "203.0.113.9", true), ("*,!203.0.113.*", "203.0.113.9", false),
            ("172.16.0.0/12", "172.31.255.255", true), ("172.16.0.0/12", "172.32.0.0", false),
            ("0.0.0.0/0", "8.8.8.8", true), ("0.0.0.0/0", "::1", false),
            ("::1", "::1", true), ("::1", "127.0.0.1", false), ("2001:db8::/32", "2001:DB8:0:1::5", true),
            ("2001:db8::/32", "2001:db9::1", false), ("fe80::/10", "fe80::1%eth0", true), ("2001:db8::*", "2001:db8::1f", true),
            ("10.0.0.0/8", "::ffff:10.9.9.9", true),   // an IPv4 client on an IPv6 socket
            ("example.com", "93.184.216.34", false),   // names are not resolved (sshd's UseDNS no)
            ("10.0.0.0/8", "not-an-address", false),
        ]
        for (patterns, address, expected) in cases {
            #expect(try allows(patterns, address) == expected, "from=\"\(patterns)\" for \(address)")
        }
    }

    @Test func theFirstLineWhoseFromAllowsTheClientWins() throws {
        let text = """
            from="10.0.0.0/8" \(KeyFixtures.ed25519) office
            from="127.0.0.1" \(KeyFixtures.ed25519) local
            """
        let parsed = AuthorizedKeys.parse(text)
        let key = try NIOSSHPublicKey(openSSHPublicKey: KeyFixtures.ed25519)
        #expect(parsed.lookup(key, from: "10.1.1.1").entry?.viewer == "office")
        #expect(parsed.lookup(key, from: "127.0.0.1").entry?.viewer == "local")
        let elsewhere = parsed.lookup(key, from: "192.0.2.1")
        #expect(elsewhere.entry == nil && elsewhere.listed)
        let other = try NIOSSHPublicKey(openSSHPublicKey: KeyFixtures.ecdsa)
        #expect(parsed.lookup(other, from: "127.0.0.1").listed == false)
    }

    @Test func theCommentIsSanitizedAndCutBeforeItNamesAnyone() {
        let hostile = "alice\u{1b}]0;owned\u{07}\u{0}root\u{202E}gpj.exe\u{200B}"
        let parsed = AuthorizedKeys.parse("\(KeyFixtures.ed25519) \(hostile)\n\(KeyFixtures.ecdsa) \(String(repeating: "x", count: 10_000))\n")
        let viewer = parsed.keys[0].viewer
        #expect(viewer.unicodeScalars.allSatisfy { !JSONPassThrough.mustEscape($0.value) }, "\(viewer.debugDescription)")
        #expect(viewer.hasPrefix("alice") && viewer.contains("root") && viewer.contains("gpj.exe"), "a NUL does not cut the name short")
        #expect(parsed.keys[1].viewer.count == AuthorizedKey.maxViewer)
        #expect(parsed.keys[1].viewer.hasSuffix("…"))
    }

    @Test func aWarningIsReportedOnceWhenTheFileIsReadAgain() {
        let warnings = KeyFileWarnings(["ak:1: old"])
        #expect(warnings.new(["ak:1: old", "ak:2: added while running"]) == ["ak:2: added while running"])
        #expect(warnings.new(["ak:1: old", "ak:2: added while running"]) == [])
    }

    @Test func unsupportedAndBrokenLinesAreWarnedWithTheirLine() {
        let text = """
            \(KeyFixtures.rsa) bob
            sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29t token
            ssh-ed25519 AAAAnotbase64!! broken
            just some words
            ssh-ed25519
            \(KeyFixtures.ed25519) ok
            """
        let parsed = AuthorizedKeys.parse(text, file: "ak")
        #expect(parsed.keys.map(\.line) == [6])
        #expect(parsed.warnings == [
            "ak:1: ssh-rsa keys are not supported (ed25519 and ecdsa only); line ignored",
            "ak:2: sk-ssh-ed25519@openssh.com keys are not supported (ed25519 and ecdsa only); line ignored",
            "ak:3: not a valid ssh-ed25519 key",
            "ak:4: no key type found (expected ssh-ed25519 or ecdsa-sha2-nistp256/384/521)",
            "ak:5: ssh-ed25519 without key data",
        ])
    }

    @Test func aKeyWithoutCommentIsNamedByItsFingerprint() {
        let parsed = AuthorizedKeys.parse(KeyFixtures.ed25519 + "\n")
        #expect(parsed.keys.first?.viewer == KeyFixtures.ed25519Fingerprint)
    }

    @Test func aMissingFileGrantsNothing() {
        let parsed = AuthorizedKeys.load(path: "/nonexistent/authorized_keys")
        #expect(parsed.keys.isEmpty)
        #expect(parsed.warnings.first?.contains("nobody can log in") == true)
    }
}
