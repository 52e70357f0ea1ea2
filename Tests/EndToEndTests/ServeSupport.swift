import Foundation
import Testing
import TestSupport

/// A `roster serve` process with its own config and state folders, keys made by ssh-keygen, and
/// what it printed at start (port, known_hosts line).
final class ServeProcess {
    let dir: String
    /// The folder is removed with the process that made it (a restart test shares it).
    let owned: Bool
    let process = Process()
    private(set) var port = 0
    private(set) var knownHostsLine = ""
    private(set) var startOutput = ""
    var authorizedKeys: String { dir + "/config/roster/authorized_keys" }
    var sessionLog: String { dir + "/state/roster/serve.jsonl" }
    var hostKeyPath: String { dir + "/state/roster/ssh_host_ed25519_key" }
    var stderrPath: String { dir + "/serve.err" }

    /// Makes the folder and keys: `alice` (allowed), `mallory` (not listed), `rsa` (listed, refused).
    init(dir existing: String? = nil) throws {
        dir = try existing ?? TemporaryDirectory("roster-serve").path
        owned = existing == nil
        guard existing == nil else { return }
        try FileManager.default.createDirectory(atPath: dir + "/config/roster", withIntermediateDirectories: true)
        for (name, type) in [("alice", "ed25519"), ("mallory", "ed25519"), ("rsa", "rsa")] {
            try run(["ssh-keygen", "-q", "-t", type, "-N", "", "-C", "\(name)@laptop", "-f", key(name)])
        }
        let lines = ["# viewers of the demo", "", try pub("alice"), try pub("rsa")]
        try (lines.joined(separator: "\n") + "\n").write(toFile: authorizedKeys, atomically: true, encoding: .utf8)
    }

    func key(_ name: String) -> String { dir + "/\(name)" }
    func pub(_ name: String) throws -> String {
        try String(contentsOfFile: key(name) + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts the server and waits for its start lines.
    func start(_ arguments: [String], env: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: rosterBinary())
        process.arguments = ["serve"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = dir + "/config"
        environment["XDG_STATE_HOME"] = dir + "/state"
        for (k, v) in env { environment[k] = v }
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("connect: ") && Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        startOutput = text
        for line in text.split(separator: "\n") {
            if line.hasPrefix("known_hosts: ") { knownHostsLine = String(line.dropFirst("known_hosts: ".count)) }
            if line.hasPrefix("connect: ssh -p ") { port = Int(line.split(separator: " ")[3]) ?? 0 }
        }
        #expect(port > 0, "serve printed its port: \(text)")
    }

    /// SIGTERM, then waits (bounded) for the exit.
    @discardableResult
    func stop(timeout: Double = 15) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        return process.exitStatus(within: timeout)
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        if owned { try? FileManager.default.removeItem(atPath: dir) }
    }

    /// The ssh options every test uses (no agent, no prompts, no known_hosts unless given).
    func sshOptions(key name: String, knownHosts: String? = nil) -> [String] {
        var options = ["-p", String(port), "-i", key(name), "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
                       "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR"]
        if let knownHosts {
            options += ["-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=\(knownHosts)"]
        } else {
            options += ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"]
        }
        return options
    }

    /// The interactive command line for tmux.
    func sshCommand(key name: String, knownHosts: String? = nil) -> String {
        (["ssh"] + sshOptions(key: name, knownHosts: knownHosts) + ["-tt", "viewer@127.0.0.1"]).joined(separator: " ")
    }

    /// The server's children (the sessions' TUIs), from /proc.
    var children: [Int32] { childPIDs(of: process.processIdentifier) }

    /// Session records written so far.
    var records: [[String: Any]] {
        let text = (try? String(contentsOfFile: sessionLog, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}

/// Runs a command to its end (bounded), stdin from /dev/null; returns its status and output. A
/// command still running at the deadline is killed and fails the test.
@discardableResult
func run(_ argv: [String], timeout: Double = 30, stdin: String = "/dev/null",
         sourceLocation: SourceLocation = #_sourceLocation) throws -> (status: Int32, out: String, err: String) {
    let result = try Subprocess.run(argv, stdin: stdin, timeout: timeout)
    if result.timedOut {
        Issue.record("\(argv.prefix(3).joined(separator: " ")) … did not end within \(timeout) s", sourceLocation: sourceLocation)
    }
    return (result.status, result.out, result.err)
}

/// Processes whose parent is `parent`, from /proc/PID/stat.
func childPIDs(of parent: Int32) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { Int32($0) }.filter { pid in
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 2 && Int32(fields[1]) == parent
    }
}

/// A free TCP port on 127.0.0.1 (bound to 0, read back, released).
func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
    return Int(UInt16(bigEndian: addr.sin_port))
}

extension Tmux {
    /// The pane's terminal modes a full-screen UI changes: alternate screen, cursor visible,
    /// application cursor keys, application keypad.
    func modes() throws -> String {
        try Self.tmux(["display", "-p", "-t", name, "#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{keypad_flag}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `modes()` of a terminal no UI is holding: main screen, cursor shown, normal keys.
    static let restoredModes = "0 1 0 0"
}
