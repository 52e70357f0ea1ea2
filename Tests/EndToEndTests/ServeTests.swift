import Foundation
import Sandbox
import Testing
import TestSupport

/// `roster serve` end to end: the real binary as the server, OpenSSH's `ssh` as the client, in tmux.
@Suite(.serialized) struct ServeTests {
    @Test func anAllowedKeySeesTheReadOnlyListResizeRelaysOutAndQEndsWithZero() throws {
        let serve = try ServeProcess()
        try serve.start(["--demo", "--demo-users", "300", "--listen", "127.0.0.1:0"], env: ["ROSTER_LOG_LEVEL": "debug"])
        #expect(serve.startOutput.contains("host key SHA256:"))
        #expect(serve.knownHostsLine.hasPrefix("[127.0.0.1]:\(serve.port) ssh-ed25519 AAAA"))
        let warnings = (try? String(contentsOfFile: serve.stderrPath, encoding: .utf8)) ?? ""
        #expect(warnings.contains("authorized_keys:4: ssh-rsa keys are not supported"), "the RSA line is named at start")

        let t = try Tmux(serve.sshCommand(key: "alice"), cols: 120, rows: 35)
        t.waitFor(text: "(all loaded)")
        let header = t.lines.first ?? ""
        #expect(header.contains("viewing as alice@laptop, read-only"))
        #expect(header.contains("READ-ONLY"))
        #expect(t.screen.contains("API Admin"))
        #expect(t.lines.count >= 35 && t.lines[34].contains("q quit"), "key hints on the last row of 35")

        // The child has the pty as its controlling terminal and leads its foreground group.
        let child = try #require(serve.children.first)
        let stat = try String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8)
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        #expect(Int32(fields[3]) == child, "session id is the child's own")
        #expect(Int(fields[4]) != 0, "a controlling tty")
        #expect(Int32(fields[5]) == child, "the child is the tty's foreground process group")

        // Ctrl-Z and Ctrl-\ do nothing: the session is still there and answers keys.
        try t.send("C-z")
        try t.send("C-\\")
        try t.send("j")
        t.waitFor("the selection to move") { $0.contains("#2") }

        try t.resize(cols: 90, rows: 30)
        let relaid = t.waitFor("the hints to move to the last row of 30") { screen in
            let lines = screen.components(separatedBy: "\n")
            return lines.count >= 30 && lines[29].contains("q quit") && lines[0].contains("READ-ONLY")
        }
        if !relaid {
            let log = (try? String(contentsOfFile: serve.dir + "/state/roster/roster.log", encoding: .utf8)) ?? ""
            Issue.record("server and session log:\n\(log.split(separator: "\n").suffix(30).joined(separator: "\n"))")
        }
        try t.send("q")
        t.waitFor(text: "EXIT=0")
        #expect(Wait.until(seconds: 5) { serve.records.count == 1 })
        let record = try #require(serve.records.first)
        #expect(record["viewer"] as? String == "alice@laptop")
        #expect(record["exit"] as? String == "0")
        #expect((record["fingerprint"] as? String)?.hasPrefix("SHA256:") == true)
        #expect(record["size"] as? String == "120x35")
        #expect((record["bytes_sent"] as? Int ?? 0) > 1000)
        #expect(record["remote"] as? String != nil && record["term"] as? String != nil && record["end"] as? String != nil)
        #expect(serve.stop() == 0)
    }

    @Test func wrongRSAAndRemovedKeysShellExecSftpAndForwardingAreRefused() throws {
        let serve = try ServeProcess()
        try serve.start(["--demo", "--demo-users", "20", "--listen", "127.0.0.1:0"])
        let target = "viewer@127.0.0.1"

        for name in ["mallory", "rsa"] {
            let r = try run(["ssh"] + serve.sshOptions(key: name) + ["-tt", target])
            #expect(r.status == 255, "\(name) is refused")
            #expect(r.err.contains("Permission denied (publickey)"), "\(name): \(r.err)")
        }
        let noPty = try run(["ssh"] + serve.sshOptions(key: "alice") + ["-T", target])
        #expect(noPty.status == 1)
        #expect(noPty.err.contains("roster serve needs a terminal: ssh -t"))
        #expect(noPty.out.isEmpty)

        let exec = try run(["ssh"] + serve.sshOptions(key: "alice") + [target, "cat /etc/passwd"])
        #expect(exec.status != 0)
        #expect(!exec.out.contains("root:"))

        let sftp = try run(["sftp", "-b", "-", "-P", String(serve.port)] + Array(serve.sshOptions(key: "alice").dropFirst(2)) + [target])
        #expect(sftp.status != 0)
        #expect(sftp.err.contains("subsystem request failed") || sftp.err.contains("Connection closed"), "\(sftp.err)")

        // -L: the client listens locally, but the server refuses the channel: nothing comes back
        // (a working forward to the server's own port would answer with its SSH banner).
        let local = freePort()
        let forward = Process()
        forward.executableURL = URL(fileURLWithPath: "/usr/bin/ssh")
        forward.arguments = serve.sshOptions(key: "alice") + ["-N", "-L", "127.0.0.1:\(local):127.0.0.1:\(serve.port)", target]
        forward.standardInput = FileHandle.nullDevice
        forward.standardOutput = FileHandle.nullDevice
        forward.standardError = FileHandle.nullDevice
        try forward.run()
        defer { forward.terminate(); forward.waitUntilExit() }
        var answer: String?
        #expect(Wait.until(seconds: 10) { answer = readFromTCP(port: local, timeout: 3); return answer != nil }, "the local side listens")
        #expect(answer == "", "no bytes through a refused forward, got: \(answer ?? "nil")")
        #expect(Wait.until(seconds: 5) {
            ((try? String(contentsOfFile: serve.dir + "/state/roster/roster.log", encoding: .utf8)) ?? "").contains("channel refused")
        })

        // Removing the line revokes the key for the next connection.
        let remaining = try String(contentsOfFile: serve.authorizedKeys, encoding: .utf8)
            .split(separator: "\n").filter { !$0.contains("alice@laptop") }.joined(separator: "\n")
        try remaining.write(toFile: serve.authorizedKeys, atomically: true, encoding: .utf8)
        let removed = try run(["ssh"] + serve.sshOptions(key: "alice") + ["-tt", target])
        #expect(removed.status == 255)
        #expect(removed.err.contains("Permission denied (publickey)"))
        #expect(serve.children.isEmpty, "no session was started by any of these")
        #expect(serve.stop() == 0)
    }

    @Test func eightSessionsAtOnceAndAKilledClientLeavesNoChild() throws {
        let serve = try ServeProcess()
        try serve.start(["--demo", "--demo-users", "100", "--listen", "127.0.0.1:0"])
        let panes = try (0..<8).map { _ in try Tmux(serve.sshCommand(key: "alice"), cols: 100, rows: 30) }
        for t in panes { t.waitFor(text: "(all loaded)", timeout: 60) }
        for t in panes { #expect(t.screen.contains("viewing as alice@laptop")) }
        #expect(serve.children.count == 8)

        // kill -9 of one ssh client: its child is hung up, killed if need be, and reaped.
        let shell = Int32((try Tmux.tmux(["display", "-p", "-t", panes[0].name, "#{pane_pid}"])).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        let ssh = try #require(childPIDs(of: shell).first)
        kill(ssh, SIGKILL)
        #expect(Wait.until(seconds: 5) { serve.children.count == 7 }, "the orphaned session's child is gone within 5 s: \(serve.children)")

        for t in panes.dropFirst() { try t.send("q") }
        for t in panes.dropFirst() { t.waitFor(text: "EXIT=0") }
        #expect(Wait.until(seconds: 5) { serve.children.isEmpty })
        #expect(Wait.until(seconds: 5) { serve.records.count == 8 })
        #expect(serve.stop() == 0)
    }

    @Test func hostKeySurvivesARestartAndSIGTERMEndsSessionsCleanly() throws {
        let port = freePort()
        let first = try ServeProcess()
        try first.start(["--demo", "--demo-users", "50", "--listen", "127.0.0.1:\(port)"])
        let mode = try FileManager.default.attributesOfItem(atPath: first.hostKeyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let knownHosts = first.dir + "/known_hosts"
        try (first.knownHostsLine + "\n").write(toFile: knownHosts, atomically: true, encoding: .utf8)

        let t = try Tmux(first.sshCommand(key: "alice", knownHosts: knownHosts))
        t.waitFor(text: "(all loaded)")
        // SIGTERM: the child gets SIGTERM, restores its terminal (EXIT= lands on a line of its own,
        // not after the UI's last row), and its exit status reaches ssh (255 when none arrives).
        #expect(first.stop() == 0, "the server exits 0 after SIGTERM")
        t.waitFor("ssh to exit with the child's status on a restored screen") { $0.components(separatedBy: "\n").contains("EXIT=143") }
        #expect(try t.modes() == Tmux.restoredModes)
        #expect(childPIDs(of: first.process.processIdentifier).isEmpty)

        let second = try ServeProcess(dir: first.dir)
        try second.start(["--demo", "--demo-users", "50", "--listen", "127.0.0.1:\(port)"])
        #expect(second.knownHostsLine == first.knownHostsLine)
        #expect(!second.startOutput.contains("created"))
        let again = try Tmux(second.sshCommand(key: "alice", knownHosts: knownHosts))
        again.waitFor(text: "viewing as alice@laptop")
        try again.send("q")
        again.waitFor(text: "EXIT=0")
        #expect(second.stop() == 0)
    }

    @Test func sessionCapAndIdleTimeoutAreEnforced() throws {
        let serve = try ServeProcess()
        try serve.start(["--demo", "--demo-users", "20", "--listen", "127.0.0.1:0", "--max-sessions", "1", "--idle-timeout", "3s"])
        let first = try Tmux(serve.sshCommand(key: "alice"))
        first.waitFor(text: "(all loaded)")
        // A second session while the only one is in use: one line, exit 1.
        let second = try Tmux(serve.sshCommand(key: "alice"))
        second.waitFor(text: "roster serve: all 1 sessions are in use, try again later")
        second.waitFor(text: "EXIT=1")
        // No input for 3 s ends the first one as SIGTERM would (exit 143), with the reason, and the
        // viewer's terminal restored: main screen, cursor shown, keypad back in normal mode.
        first.waitFor("the idle session to end") { $0.contains("without input") && $0.contains("EXIT=143") }
        #expect(try first.modes() == Tmux.restoredModes, "the idle path ends the UI as SIGTERM does")
        #expect(Wait.until(seconds: 5) { serve.records.contains { $0["ended_by"] as? String == "idle timeout" } })
        #expect(serve.stop() == 0)
    }

    @Test func randomKeysSendNoMutatingRequestAndNoSecretReachesTheChild() throws {
        let sandbox = try SandboxProcess(arguments: ["--users", "200"], logRequests: true)
        let serve = try ServeProcess()
        let ini = serve.dir + "/looker.ini"
        try "[Looker]\nbase_url=\(sandbox.baseURL)\nclient_id=\(sandbox.clientID)\nclient_secret=\(sandbox.clientSecret)\n"
            .write(toFile: ini, atomically: true, encoding: .utf8)
        chmod(ini, 0o600)
        try serve.start(["--config", ini, "--listen", "127.0.0.1:0"])
        let t = try Tmux(serve.sshCommand(key: "alice"), cols: 120, rows: 35)
        t.waitFor(text: "(all loaded)")

        let child = try #require(serve.children.first)
        let environ = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(child)/environ"))
        let cmdline = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(child)/cmdline"))
        for secret in [sandbox.clientSecret, sandbox.clientID] {
            #expect(!String(decoding: environ, as: UTF8.self).contains(secret), "the environment holds no credential")
            #expect(!String(decoding: cmdline, as: UTF8.self).contains(secret), "the command line holds no credential")
        }
        let args = String(decoding: cmdline, as: UTF8.self).split(separator: "\0").dropFirst().map(String.init)
        #expect(args == ["tui", "--read-only", "--served-as=alice@laptop"])

        // 3,000 keys from a fixed seed: letters (every one-letter command), editing and control keys.
        // Not q or Ctrl-C, so the session lives through all of them (Ctrl-Z and Ctrl-\ are in).
        let specials = ["Enter", "Escape", "Tab", "BTab", "C-s", "C-r", "C-d", "C-u", "C-w", "C-k", "C-z", "C-\\", "BSpace",
                        "Up", "Down", "PageUp", "PageDown", "Home", "End", "Space", "DC"]
        let letters = Array("abcdefghijklmnoprstuvwxyzABCDEFGHIJKLMNOPRSTUVWXYZ0123456789*/@.-_").map(String.init)
        var rng = SplitMix64(seed: 10)
        var sent = 0
        while sent < 3000 {
            let batch = (0..<50).map { _ in rng.next() % 4 == 0 ? specials[Int(rng.next() % UInt64(specials.count))]
                                                                : letters[Int(rng.next() % UInt64(letters.count))] }
            try Tmux.tmux(["send-keys", "-t", t.name] + batch)
            sent += batch.count
        }
        // The barrier: back in the list, every key handled, nothing on its way, the request log complete.
        try t.backToList()
        try t.barrier()
        t.waitFor("the session to be alive after 3,000 keys") { $0.contains("READ-ONLY") && !$0.contains("EXIT=") }
        #expect(serve.children.count == 1)

        let entries = try #require(sandbox.requestsBeforeMarker())
        #expect(entries.count > 3)
        var credentialReads = 0
        for entry in entries {
            #expect(!entry.mayChange, "a served session sent \(entry.line)")
            if entry.method == "GET" && entry.path.hasSuffix("/credentials_email") {
                credentialReads += 1
                let query = entry.query.removingPercentEncoding ?? ""
                let fields = query.components(separatedBy: "fields=").last?.components(separatedBy: "&").first?.split(separator: ",") ?? []
                #expect(!fields.isEmpty && !fields.contains("password_reset_url") && !fields.contains("account_setup_url"),
                        "credential read without the secret URLs: \(query)")
            }
        }
        #expect(credentialReads > 0)
        #expect(!t.screen.contains(sandbox.clientSecret))
        #expect(serve.stop() == 0)
    }
}

/// Connects to 127.0.0.1:`port` and reads until EOF or `timeout`: what arrived, or nil when the
/// connection was refused.
func readFromTCP(port: Int, timeout: Double) -> String? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = UInt16(port).bigEndian
    let connected = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { return nil }
    var received = Data()
    let deadline = Date().addingTimeInterval(timeout)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while Date() < deadline {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, 100) > 0 else { continue }
        let n = read(fd, &buffer, buffer.count)
        if n <= 0 { break }
        received.append(contentsOf: buffer[0..<n])
    }
    return String(decoding: received, as: UTF8.self)
}
