import Foundation
import Testing
import TestSupport

/// `roster serve` against what a key holder or a stranger can do to it: authorized_keys options,
/// connection floods, multiplexed connections, hostile comments and TERMs. The real binary as the
/// server, OpenSSH's `ssh` as the client.
@Suite(.serialized) struct ServeLimitsTests {
    let target = "viewer@127.0.0.1"

    /// Makes another key in the server's folder and returns its public line.
    func newKey(_ serve: ServeProcess, _ name: String) throws -> String {
        try run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "\(name)@laptop", "-f", serve.key(name)])
        return try serve.pub(name)
    }

    /// `ssh -T` with `key`: 1 and "needs a terminal" when the key logged in, 255 when refused.
    func loginStatus(_ serve: ServeProcess, _ key: String) throws -> (status: Int32, err: String) {
        let r = try run(["ssh"] + serve.sshOptions(key: key) + ["-T", target])
        return (r.status, r.err)
    }

    @Test func fromIsEnforcedWithOpenSSHAndOptionsNotAppliedRefuseTheLine() throws {
        let serve = try ServeProcess()
        let bob = try newKey(serve, "bob"), carol = try newKey(serve, "carol")
        let lines = [
            "from=\"10.0.0.0/8,192.168.*\" \(try serve.pub("alice"))",
            "restrict,pty,from=\"127.0.0.0/8,!127.0.0.2\" \(try serve.pub("mallory"))",
            "command=\"/bin/sh\" \(bob)",
            "no-pty \(carol)",
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: serve.authorizedKeys, atomically: true, encoding: .utf8)
        try serve.start(["--demo", "--demo-users", "20", "--listen", "127.0.0.1:0"])
        let startErr = (try? String(contentsOfFile: serve.stderrPath, encoding: .utf8)) ?? ""
        #expect(startErr.contains("authorized_keys:3: option command= is not applied by roster serve; line refused"), "\(startErr)")
        #expect(startErr.contains("authorized_keys:4: no-pty"), "\(startErr)")
        #expect(serve.startOutput.contains("(2 usable)"))

        let alice = try loginStatus(serve, "alice")
        #expect(alice.status == 255 && alice.err.contains("Permission denied (publickey)"), "from= keeps 127.0.0.1 out: \(alice.err)")
        let mallory = try loginStatus(serve, "mallory")
        #expect(mallory.status == 1 && mallory.err.contains("needs a terminal"), "from= lets 127.0.0.1 in: \(mallory.err)")
        for name in ["bob", "carol"] {
            #expect(try loginStatus(serve, name).status == 255, "\(name)'s line is refused, not let in without its option")
        }
        let log = { (try? String(contentsOfFile: serve.dir + "/state/roster/roster.log", encoding: .utf8)) ?? "" }
        #expect(Wait.until(seconds: 5) { log().contains("key refused: from= does not allow this address") })

        // A line added while the server runs is reported (once) when the file is next read.
        let handle = try #require(FileHandle(forWritingAtPath: serve.authorizedKeys))
        handle.seekToEndOfFile()
        handle.write(Data("environment=\"LD_PRELOAD=/tmp/x.so\" \(try serve.pub("alice"))\n".utf8))
        try handle.close()
        #expect(try loginStatus(serve, "alice").status == 255, "the new line grants nothing either")
        #expect(try loginStatus(serve, "mallory").status == 1)
        let err = (try? String(contentsOfFile: serve.stderrPath, encoding: .utf8)) ?? ""
        let added = err.components(separatedBy: "authorized_keys:5: option environment= is not applied").count - 1
        #expect(added == 1, "reported once: \(err)")
        #expect(serve.stop() == 0)
    }

    @Test func aFloodOfPlainConnectionsDoesNotLockKeyHoldersOutAndRefusalsSayWhy() throws {
        let serve = try ServeProcess()
        try serve.start(["--demo", "--demo-users", "20", "--listen", "127.0.0.1:0"])
        // 40 connections that never log in: over the default 30 failed logins a minute.
        for _ in 0..<40 { close(try openTCP(port: serve.port)) }
        var last = (status: Int32(0), err: "")
        #expect(Wait.until(seconds: 15) { last = (try? loginStatus(serve, "alice")) ?? last; return last.status == 1 },
                "a key holder from the flooded address still gets in: \(last.err)")

        // One held open while the address is over budget: the next login is refused, and ssh says why.
        let held = try openTCP(port: serve.port)
        #expect(Wait.until(seconds: 10) {
            last = (try? loginStatus(serve, "alice")) ?? last
            return last.status == 255 && last.err.contains("too many failed logins from 127.0.0.1")
        }, "the refused viewer is told why: \(last.err)")
        // The held one gets the short deadline of a slowed address; then key holders get in again.
        #expect(Wait.until(seconds: 10) { peerClosed(held) }, "a slowed address's waiting connection is closed after 5 s")
        close(held)
        #expect(Wait.until(seconds: 10) { last = (try? loginStatus(serve, "alice")) ?? last; return last.status == 1 }, "\(last.err)")
        #expect(serve.stop() == 0)
    }

    @Test func connectionsWaitingToLogInAreCappedOldestFirst() throws {
        let serve = try ServeProcess()
        try serve.start(["--demo", "--demo-users", "20", "--listen", "127.0.0.1:0", "--max-unauthenticated", "8"])
        var held: [Int32] = []
        for _ in 0..<12 {
            held.append(try openTCP(port: serve.port))
            // In order: the server must have taken this one before the next (its version line arrives).
            #expect(Wait.until(seconds: 5) { hasData(held.last!) })
        }
        defer { held.forEach { close($0) } }
        #expect(Wait.until(seconds: 5) { held.prefix(4).allSatisfy(peerClosed) }, "the four oldest made room")
        #expect(!held.suffix(8).contains(where: peerClosed), "the eight newest still wait")
        let log = (try? String(contentsOfFile: serve.dir + "/state/roster/roster.log", encoding: .utf8)) ?? ""
        #expect(log.contains("closed the oldest connection waiting to log in"))
        // Eight strangers holding the door open do not keep a key holder out.
        let alice = try loginStatus(serve, "alice")
        #expect(alice.status == 1, "\(alice.err)")
        #expect(serve.stop() == 0)
    }

    @Test func oneMultiplexedConnectionGetsAtMostItsShareOfSessions() throws {
        let serve = try ServeProcess()
        try serve.start(["--demo", "--demo-users", "20", "--listen", "127.0.0.1:0", "--max-sessions-per-connection", "2"])
        let control = serve.dir + "/cm"
        let base = serve.sshCommand(key: "alice").replacingOccurrences(of: "ssh ", with: "ssh -o ControlPath=\(control) ")
        let master = try Tmux(base.replacingOccurrences(of: "ssh ", with: "ssh -o ControlMaster=yes "))
        master.waitFor(text: "(all loaded)")
        #expect(Wait.until(seconds: 5) { FileManager.default.fileExists(atPath: control) })
        let second = try Tmux(base.replacingOccurrences(of: "ssh ", with: "ssh -o ControlMaster=no "))
        second.waitFor(text: "(all loaded)")
        let third = try Tmux(base.replacingOccurrences(of: "ssh ", with: "ssh -o ControlMaster=no "))
        third.waitFor(text: "roster serve: at most 2 sessions per connection")
        third.waitFor(text: "EXIT=1")
        #expect(serve.children.count == 2)
        try second.send("q")
        second.waitFor(text: "EXIT=0")
        try master.send("q")
        master.waitFor(text: "EXIT=0")
        #expect(serve.stop() == 0)
    }

    @Test func aHostileCommentAndTERMReachNeitherArgvNorTheLogRaw() throws {
        let serve = try ServeProcess()
        let comment = "eve\u{1b}]0;owned\u{07}\u{0}root\u{202E}txt.exe " + String(repeating: "x", count: 10_000)
        try "\(try serve.pub("mallory").split(separator: " ").prefix(2).joined(separator: " ")) \(comment)\n"
            .write(toFile: serve.authorizedKeys, atomically: true, encoding: .utf8)
        try serve.start(["--demo", "--demo-users", "20", "--listen", "127.0.0.1:0"])
        // A TERM with a bidi override and 5,000 characters: logged as sent, but escaped and cut.
        let t = try Tmux(serve.sshCommand(key: "mallory"), env: ["TERM": "t\u{202E}" + String(repeating: "t", count: 5_000)])
        t.waitFor(text: "(all loaded)")
        let child = try #require(serve.children.first)
        let argv = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(child)/cmdline")).split(separator: 0)
        let servedAs = String(decoding: try #require(argv.last), as: UTF8.self)
        #expect(servedAs.hasPrefix("--served-as=eve"))
        #expect(!servedAs.utf8.contains { $0 < 0x20 || $0 == 0x7F }, "no control byte in argv: \(servedAs.debugDescription)")
        #expect(servedAs.contains("root"), "a NUL does not cut the name short")
        #expect(servedAs.count < 100, "the name is cut: \(servedAs.count)")
        try t.send("q")
        t.waitFor(text: "EXIT=0")
        #expect(Wait.until(seconds: 5) { serve.records.count == 1 })
        let raw = try Data(contentsOf: URL(fileURLWithPath: serve.sessionLog))
        #expect(!raw.contains(0x1b) && !raw.contains(0x07), "serve.jsonl has no raw control byte")
        #expect(!String(decoding: raw, as: UTF8.self).contains("\u{202E}"), "nor a raw bidi override (the CLI's JSON rule)")
        #expect(raw.count < 2_000, "long fields are cut: \(raw.count) bytes")
        let record = try #require(serve.records.first)
        #expect((record["term"] as? String)?.count ?? 0 <= 200)
        #expect(serve.stop() == 0)
    }
}

/// A plain TCP connection to 127.0.0.1:`port` that sends nothing.
func openTCP(port: Int) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = UInt16(port).bigEndian
    let connected = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else {
        close(fd)
        throw POSIXError(.ECONNREFUSED)
    }
    return fd
}

/// Whether the server has written something (its SSH version line) on `fd`; reads nothing.
func hasData(_ fd: Int32) -> Bool {
    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return poll(&p, 1, 0) > 0
}

/// Whether the server has closed `fd`: what it sent is read and thrown away, then EOF or a reset.
func peerClosed(_ fd: Int32) -> Bool {
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, 0) > 0 else { return false }
        let n = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        if n == 0 || (n < 0 && errno != EAGAIN) { return true }
        if n < 0 { return false }
    }
}
