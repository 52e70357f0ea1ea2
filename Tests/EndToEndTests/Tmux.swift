import Foundation
import RosterCore
import Sandbox
import Testing
import TestSupport

/// The real `roster` binary in a real terminal: a detached tmux session, driven with send-keys and
/// read with capture-pane. Every wait polls the screen for a condition with a deadline.
final class Tmux {
    let name: String
    let workDir: String

    /// Starts `command` (run by sh) in a new session of `cols`×`rows`. The pane stays open after the
    /// command ends and shows `EXIT=<code>` and the tty's `icanon`/`echo` state. With `recordingPID`,
    /// the command is exec'd by a shell that first writes its pid (so roster's) for ``pid()``.
    init(_ command: String, cols: Int = 120, rows: Int = 35, env: [String: String] = [:], recordingPID: Bool = false) throws {
        name = "roster-e2e-\(UUID().uuidString.prefix(8))"
        workDir = try TemporaryDirectory(name).path
        var exports = ["LANG=C.UTF-8", "TERM=xterm-256color", "XDG_STATE_HOME=\(workDir)/state", "XDG_CONFIG_HOME=\(workDir)/config",
                       "SWIFT_BACKTRACE=interactive=no"]
        exports += env.map { "\($0.key)='\($0.value)'" }
        let run = recordingPID ? "sh -c 'echo $$ > \(workDir)/pid; exec \(command)'" : command
        let script = "export \(exports.joined(separator: " ")); \(run); echo EXIT=$?; stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; sleep 600"
        try Self.tmux(["new-session", "-d", "-s", name, "-x", String(cols), "-y", String(rows), script])
    }

    /// The pid of the command started with `recordingPID`, once its shell has written it.
    func pid() -> Int32? {
        var pid: Int32?
        Wait.until(seconds: 10) {
            pid = Int32((try? String(contentsOfFile: workDir + "/pid", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
            return pid != nil
        }
        return pid
    }

    /// A tmux server of the test run's own, so a test never drives (or runs the binary of) a
    /// server someone else started, and never touches a user's sessions.
    static let socket = "roster-e2e-\(getpid())"

    deinit {
        _ = try? Self.tmux(["kill-session", "-t", name])
        try? FileManager.default.removeItem(atPath: workDir)
    }

    /// Runs one tmux command and returns what it printed. Reaped by its own pid with a blocking
    /// wait: the first command starts the tmux server (a daemon), and Foundation's Process was seen to
    /// miss that client's exit and wait forever. Output goes through a file, since the server would
    /// inherit a pipe and keep it open. The first command starts the server, and every pane inherits
    /// its signal mask: the test runner's thread blocks most signals, which left ssh deaf to SIGWINCH,
    /// so it starts with none blocked.
    @discardableResult
    static func tmux(_ args: [String]) throws -> String {
        try Subprocess.run(["tmux", "-u", "-L", socket] + args, timeout: nil, emptySignalMask: true).out
    }

    func send(_ keys: String...) throws { try Self.tmux(["send-keys", "-t", name] + keys) }
    /// Many keys in one `send-keys`: one burst.
    func send(contentsOf keys: [String]) throws { try Self.tmux(["send-keys", "-t", name] + keys) }
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
        var last = ""
        if Wait.until(seconds: timeout, interval: 0.05, { last = screen; return condition(last) }) { return true }
        Issue.record("timed out waiting for \(what); screen was:\n\(last)", sourceLocation: sourceLocation)
        return false
    }

    @discardableResult
    func waitFor(text: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        waitFor("'\(text)'", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// Polls for `condition` until `timeout`; false (and no issue) when it never held.
    func poll(timeout: Double, _ condition: (String) -> Bool) -> Bool {
        Wait.until(seconds: timeout, interval: 0.05) { condition(screen) }
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

/// A standalone `roster sandbox` process. With `logRequests`, it writes its request log into a
/// folder of its own, read back by ``requests()`` and, complete, by ``requestsBeforeMarker()``.
final class SandboxProcess {
    let process = Process()
    let baseURL: String
    let clientID: String
    let clientSecret: String
    private let folder: TemporaryDirectory?

    init(arguments: [String], logRequests: Bool = false) throws {
        folder = try logRequests ? TemporaryDirectory("roster-sandbox") : nil
        process.executableURL = URL(fileURLWithPath: rosterBinary())
        process.arguments = ["sandbox"] + arguments + (folder.map { ["--request-log", $0.file("requests.jsonl")] } ?? [])
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

    /// The request log's path (nil without `logRequests`).
    var requestLog: String? { folder?.file("requests.jsonl") }

    /// What the request log holds now, oldest first.
    func requests() -> [LoggedRequest] {
        requestLog.map(RequestLog.read) ?? []
    }

    /// The barrier's last step: every request logged before a marker sent now (so every request
    /// answered before it); records an issue and returns nil when the marker never shows.
    func requestsBeforeMarker(sourceLocation: SourceLocation = #_sourceLocation) -> [LoggedRequest]? {
        do {
            guard let logged = try RequestLog.before(marker: baseURL, { requests() }) else {
                Issue.record("the marker never reached the request log", sourceLocation: sourceLocation)
                return nil
            }
            return logged
        } catch {
            Issue.record("the marker was not answered: \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
        folder?.remove()
    }
}

extension Tmux {
    /// What the status line says while something is on its way: each change's progress word
    /// ("saving…"), a rate-limit wait, a listing or a credential being read.
    static let busyWords = UserOperation.allCases.map(\.progress) + ["rate limited", "loading users", "fetching…"]

    /// The screen's status line (its last line with text).
    static func statusLine(_ screen: String) -> String {
        screen.components(separatedBy: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
    }

    /// Leaves every mode one Escape at a time, each once the screen shows where it landed (keys typed
    /// ahead do not answer an overlay drawn after them), until the list's hints are back.
    func backToList(sourceLocation: SourceLocation = #_sourceLocation) throws {
        for _ in 0..<8 where !screen.contains("j/k move") {
            let before = screen
            try send("Escape")
            _ = poll(timeout: 1) { $0 != before }   // a flash may hide the hints; it expires
        }
        waitFor(text: "j/k move", timeout: 15, sourceLocation: sourceLocation)
    }

    /// The barrier before asserting that nothing was sent. Keys are handled in the order typed, so
    /// once a `?` sent after every key under test has opened the help, every one of them has been
    /// handled; then the status line must show nothing on its way (no change, no read), and the help
    /// is closed again. `?` opens the help in the list and on a form's checkbox: `keys` (sent first)
    /// get there. `also` is what else must hold on the same screen (work the status line does not
    /// show as under way). The request log's marker
    /// (``SandboxProcess/requestsBeforeMarker(sourceLocation:)``) completes it.
    func barrier(_ keys: String..., also: (String) -> Bool = { _ in true },
                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Self.tmux(["send-keys", "-t", name] + keys + ["?"])
        waitFor(text: "key closes", sourceLocation: sourceLocation)
        waitFor("nothing on its way", sourceLocation: sourceLocation) { screen in
            let status = Self.statusLine(screen)
            return !Self.busyWords.contains { status.contains($0) } && also(screen)
        }
        try send("Escape")
        waitFor("the help to close", sourceLocation: sourceLocation) { !$0.contains("key closes") }
    }
}
