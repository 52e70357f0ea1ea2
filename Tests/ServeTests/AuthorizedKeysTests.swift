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

    @Test func optionsBeforeTheKeyAreSkippedWithAWarning() {
        let text = "restrict,from=\"10.0.0.1, 127.0.0.1\",command=\"echo hi there\"\t\(KeyFixtures.ed25519) alice\n"
        let parsed = AuthorizedKeys.parse(text, file: "ak")
        #expect(parsed.keys.map(\.viewer) == ["alice"])
        #expect(parsed.warnings.count == 1)
        #expect(parsed.warnings.first?.hasPrefix("ak:1: options before the key are not supported") == true)
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
