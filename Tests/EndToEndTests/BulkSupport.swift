import Foundation
import Sandbox
import Testing
import TestSupport

/// What the bulk tests share: a private state directory (runs, journal, log), the real binary run
/// to completion or started in the background, and the sandbox's request log read back.
final class BulkBench {
    let dir: String
    let sandbox: SandboxProcess
    private let folder: TemporaryDirectory

    init(sandboxArguments: [String]) throws {
        folder = try TemporaryDirectory("roster-bulk")
        dir = folder.path
        let latency = sandboxArguments.contains("--latency-ms") ? [] : ["--latency-ms", "0"]
        sandbox = try SandboxProcess(arguments: sandboxArguments + latency, logRequests: true)
    }

    deinit {
        folder.remove()
    }

    var env: [String: String] {
        var env = sandbox.env
        env["XDG_STATE_HOME"] = dir + "/state"
        env["XDG_CONFIG_HOME"] = dir + "/config"
        return env
    }

    func roster(_ args: [String], extraEnv: [String: String] = [:], timeout: Double = 120) throws -> CLIRun {
        try runRoster(args, env: env.merging(extraEnv) { $1 }, cwd: dir, timeout: timeout)
    }

    /// Starts roster in the background with stdout and stderr going to files (no pipe to fill up).
    func start(_ args: [String]) throws -> Background {
        try Background(args, env: env, dir: dir)
    }

    /// The sandbox's request log: one entry per request, in order.
    func requests() -> [LoggedRequest] { sandbox.requests() }

    /// The request log once a marker sent now is in it (see ``SandboxProcess/requestsBeforeMarker(sourceLocation:)``).
    func requestsBeforeMarker(sourceLocation: SourceLocation = #_sourceLocation) -> [LoggedRequest]? {
        sandbox.requestsBeforeMarker(sourceLocation: sourceLocation)
    }

    /// The same, empty (the issue recorded) when the marker never showed: for counting what runs
    /// that have ended sent.
    func loggedRequests(sourceLocation: SourceLocation = #_sourceLocation) -> [LoggedRequest] {
        requestsBeforeMarker(sourceLocation: sourceLocation) ?? []
    }

    /// The request log's path.
    var requestLog: String { sandbox.requestLog ?? "" }

    /// Successful writes to each user's email credential among `requests` (user id → count).
    static func credentialPatches(_ requests: some Sequence<LoggedRequest>) -> [String: Int] {
        var counts: [String: Int] = [:]
        for r in requests where r.method == "PATCH" && (200..<300).contains(r.status) {
            let parts = r.path.split(separator: "/")
            // /api/4.0/users/{id}/credentials_email
            if parts.count == 5, parts[2] == "users", parts[4] == "credentials_email" { counts[String(parts[3]), default: 0] += 1 }
        }
        return counts
    }

    /// Every user's email login address (nil: none), from `roster users list --format json`.
    func loginEmails() throws -> [String: String?] {
        let run = try roster(["users", "list", "--format", "json"])
        #expect(run.status == 0, "users list: \(run.stderrText)")
        let users = try JSONSerialization.jsonObject(with: run.stdout) as? [[String: Any]] ?? []
        var emails: [String: String?] = [:]
        for user in users {
            guard let id = user["id"] as? String else { continue }
            emails[id] = (user["credentials_email"] as? [String: Any])?["email"] as? String
        }
        return emails
    }

    func write(_ text: String, to name: String) throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// A roster process left running, its output in files (no pipe to fill up and block it), with a
/// private environment: no `LOOKERSDK_*` or `SSH_CONNECTION` of the test run's, then `env`.
final class Background {
    let process = Process()
    let out: String
    let err: String

    init(_ args: [String], env: [String: String], dir: String, cwd: String? = nil) throws {
        let tag = UUID().uuidString.prefix(8)
        out = dir + "/bg-\(tag).out"
        err = dir + "/bg-\(tag).err"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        process.executableURL = URL(fileURLWithPath: rosterBinary())
        process.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "SSH_CONNECTION")
        for key in environment.keys where key.hasPrefix("LOOKERSDK_") { environment.removeValue(forKey: key) }
        for (k, v) in env { environment[k] = v }
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: cwd ?? dir)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: err)
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var stdoutData: Data { FileManager.default.contents(atPath: out) ?? Data() }
    var stderrData: Data { FileManager.default.contents(atPath: err) ?? Data() }
    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }

    /// Polls until `condition` holds or the process ended; false on timeout.
    func waitUntil(timeout: Double, _ condition: (Background) -> Bool) -> Bool {
        Wait.until(seconds: timeout) { condition(self) || !process.isRunning } && condition(self)
    }

    /// Waits for the exit (bounded) and returns the status; kills the process on timeout.
    func waitForExit(timeout: Double) -> Int32? {
        if let status = process.exitStatus(within: timeout) { return status }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return nil
    }
}

/// The JSON lines a non-terminal run prints on stdout.
struct RunLines {
    var runID: String?
    var rows: [[String: Any]] = []
    var summary: [String: Any]?

    init(_ text: String) {
        for line in text.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            switch object["event"] as? String {
            case "started", "resumed": runID = object["run_id"] as? String
            case "row": rows.append(object)
            case "summary": summary = object
            default: break
            }
        }
    }

    func users(_ outcome: String) -> [String] {
        rows.filter { $0["outcome"] as? String == outcome }.compactMap { $0["user_id"] as? String }
    }
}

/// A plan as `roster bulk plan --format json` prints it: the rows that write, and every row.
struct PlanDocument {
    var writes: [String: String] = [:]
    var rows = 0
    var json: [String: Any] = [:]

    init(_ data: Data) throws {
        json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        let rows = json["rows"] as? [[String: Any]] ?? []
        self.rows = rows.count
        for row in rows where row["skip"] == nil {
            guard let id = row["user_id"] as? String else { continue }
            writes[id] = (row["after"] as? [String: Any])?["email"] as? String ?? ""
        }
    }
}
