import Foundation
import LookerAPI
import RosterServices
import Testing
@testable import Serve

@Suite struct HostKeyTests {
    let dir = NSTemporaryDirectory() + "roster-hostkey-\(UUID().uuidString)"

    @Test func createdOnceWithMode600AndReadBackTheSame() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/state/ssh_host_ed25519_key"
        let first = try HostKey.loadOrCreate(path: path)
        #expect(first.created)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let second = try HostKey.loadOrCreate(path: path)
        #expect(!second.created)
        #expect(second.openSSH == first.openSSH)
        #expect(first.openSSH.hasPrefix("ssh-ed25519 AAAA"))
        #expect(first.knownHostsLine(host: "127.0.0.1", port: 2222) == "[127.0.0.1]:2222 " + first.openSSH)
        #expect(first.knownHostsLine(host: "roster.internal", port: 22) == "roster.internal " + first.openSSH)
    }

    @Test func aKeyOthersCanReadIsRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/key"
        _ = try HostKey.loadOrCreate(path: path)
        chmod(path, 0o644)
        #expect(throws: ServeError.self) { try HostKey.loadOrCreate(path: path) }
        chmod(path, 0o600)
        #expect(FileManager.default.createFile(atPath: path, contents: Data("short".utf8)))
        chmod(path, 0o600)
        #expect(throws: ServeError.self) { try HostKey.loadOrCreate(path: path) }
    }

    @Test func aDirectoryIsNamedAsOneNotAsOpenToOthers() throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/key", withIntermediateDirectories: true)
        chmod(dir + "/key", 0o755)
        let error = #expect(throws: ServeError.self) { try HostKey.loadOrCreate(path: dir + "/key") }
        #expect(error.map { "\($0)" }?.contains("not a regular file") == true, "\(String(describing: error))")
        #expect(error.map { "\($0)" }?.contains("open to group or others") == false)
    }
}

@Suite struct ChildEnvironmentTests {
    @Test func termIsKeptOnlyWhenPlainAndKnown() {
        #expect(ChildEnvironment.term(requested: "xterm-256color") == "xterm-256color")
        #expect(ChildEnvironment.term(requested: "vt100") == "vt100")
        #expect(ChildEnvironment.term(requested: "no-such-terminal-xyz") == "xterm-256color")
        #expect(ChildEnvironment.term(requested: "../../tmp/evil") == "xterm-256color")
        #expect(ChildEnvironment.term(requested: "xterm\u{1b}[31m") == "xterm-256color")
        #expect(ChildEnvironment.term(requested: "") == "xterm-256color")
        #expect(ChildEnvironment.term(requested: String(repeating: "x", count: 65)) == "xterm-256color")
    }

    @Test func builtFromScratch() {
        let server = ["HOME": "/home/op", "XDG_STATE_HOME": "/s", "LOOKERSDK_CLIENT_SECRET": "hunter2", "LD_PRELOAD": "/x.so",
                      "SSH_AUTH_SOCK": "/tmp/agent", "LANG": "de_DE.ISO-8859-1"]
        let env = ChildEnvironment.build(term: "xterm", server: server)
        #expect(env == ["TERM": "xterm", "LANG": "C.UTF-8", "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/home/op", "XDG_STATE_HOME": "/s"])
    }
}

@Suite struct HandoffTests {
    @Test func travelsThroughAPipeAndIsReadToTheEnd() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let config = RosterConfig(looker: LookerConfig(baseURL: "https://acme.looker.com", clientID: "id", clientSecret: "s#;= ecret",
                                                       verifySSL: false, timeoutSeconds: 30),
                                  theme: "dark")
        let data = Handoff(config: config, demo: false).encoded()
        _ = data.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        close(fds[1])
        let read = try Handoff.read(fd: fds[0])
        #expect(read.config.looker.clientSecret == "s#;= ecret")
        #expect(read.config.looker.verifySSL == false)
        #expect(read.config.readOnly == true)
        #expect(read.config.theme == "dark")
        #expect(fcntl(fds[0], F_GETFD) == -1, "the descriptor is closed after reading")
    }

    @Test func aMissingDescriptorSaysWhatItIsFor() {
        #expect(throws: ServeError.self) { try Handoff.read(fd: 987) }
    }
}
