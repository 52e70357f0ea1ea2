import Foundation
import Testing

/// The real `roster` binary in a real terminal: a detached tmux session, driven with send-keys and
/// read with capture-pane. Every wait polls the screen for a condition with a deadline.
final class Tmux {
    let name: String
    let workDir: String

    /// Starts `command` (run by sh) in a new session of `cols`×`rows`. The pane stays open after the
    /// command ends and shows `EXIT=<code>` and the tty's `icanon`/`echo` state.
    init(_ command: String, cols: Int = 120, rows: Int = 35, env: [String: String] = [:]) throws {
        name = "roster-e2e-\(UUID().uuidString.prefix(8))"
        workDir = NSTemporaryDirectory() + name
        try FileManager.default.createDirectory(atPath: workDir, withIntermediateDirectories: true)
        var exports = ["LANG=C.UTF-8", "TERM=xterm-256color", "XDG_STATE_HOME=\(workDir)/state", "XDG_CONFIG_HOME=\(workDir)/config",
                       "SWIFT_BACKTRACE=interactive=no"]
        exports += env.map { "\($0.key)='\($0.value)'" }
        let script = "export \(exports.joined(separator: " ")); \(command); echo EXIT=$?; stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; sleep 600"
        try Self.tmux(["new-session", "-d", "-s", name, "-x", String(cols), "-y", String(rows), script])
    }

    /// A tmux server of the test run's own, so a test never drives (or runs the binary of) a
    /// server someone else started, and never touches a user's sessions.
    static let socket = "roster-e2e-\(getpid())"

    deinit {
        _ = try? Self.tmux(["kill-session", "-t", name])
        try? FileManager.default.removeItem(atPath: workDir)
    }

    /// Runs one tmux command and returns what it printed. Spawned with posix_spawn and reaped with
    /// a blocking waitpid on its own pid: the first command starts the tmux server (a daemon), and
    /// Foundation's Process was seen to miss that client's exit and wait forever. Output goes
    /// through a file, since the server would inherit a pipe and keep it open.
    @discardableResult
    static func tmux(_ args: [String]) throws -> String {
        let path = NSTemporaryDirectory() + "roster-tmux-\(UUID().uuidString).out"
        defer { unlink(path) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = (["tmux", "-u", "-L", socket] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The first command starts the tmux server, and every pane inherits its signal mask: the
        // test runner's thread blocks most signals, which left ssh deaf to SIGWINCH. Start clean.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "tmux", &actions, &attributes, argv, environ)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    func send(_ keys: String...) throws { try Self.tmux(["send-keys", "-t", name] + keys) }
    /// Sends text literally (no key-name lookup).
    func type(_ text: String) throws { try Self.tmux(["send-keys", "-t", name, "-l", text]) }
    func resize(cols: Int, rows: Int) throws {
        try Self.tmux(["resize-window", "-t", name, "-x", String(cols), "-y", String(rows)])
    }

    var screen: String { (try? Self.tmux(["capture-pane", "-p", "-t", name])) ?? "" }
    var lines: [String] { screen.components(separatedBy: "\n") }

    /// Polls the screen until `condition` holds; fails the test with the last screen on timeout.
    @discardableResult
    func waitFor(_ what: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation,
                 _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = screen
            if condition(last) { return true }
            usleep(50_000)
        }
        Issue.record("timed out waiting for \(what); screen was:\n\(last)", sourceLocation: sourceLocation)
        return false
    }

    @discardableResult
    func waitFor(text: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        waitFor("'\(text)'", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// Polls for `condition` until `timeout`; false (and no issue) when it never held.
    func poll(timeout: Double, _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(screen) { return true }
            usleep(50_000)
        }
        return false
    }

    /// The line that contains `text`, if any.
    func line(containing text: String) -> String? { lines.first { $0.contains(text) } }
}

/// Where the built `roster` binary is: beside the test bundle (SwiftPM puts products together).
func rosterBinary() -> String {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("roster").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/roster").path
}

/// A standalone `roster sandbox` process, for tests that inspect its request log.
final class SandboxProcess {
    let process = Process()
    let baseURL: String
    let clientID: String
    let clientSecret: String

    init(arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: rosterBinary())
        process.arguments = ["sandbox"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let json = try JSONSerialization.jsonObject(with: line) as? [String: String] ?? [:]
        baseURL = json["base_url"] ?? ""
        clientID = json["client_id"] ?? ""
        clientSecret = json["client_secret"] ?? ""
    }

    var env: [String: String] {
        ["LOOKERSDK_BASE_URL": baseURL, "LOOKERSDK_CLIENT_ID": clientID, "LOOKERSDK_CLIENT_SECRET": clientSecret]
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }
}
