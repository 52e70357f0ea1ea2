import Foundation
import Testing

/// What the bulk tests share: a private state directory (runs, journal, log), the real binary run
/// to completion or started in the background, and the sandbox's request log read back.
final class BulkBench {
    let dir: String
    let sandbox: SandboxProcess
    let requestLog: String

    init(sandboxArguments: [String]) throws {
        dir = NSTemporaryDirectory() + "roster-bulk-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        requestLog = dir + "/requests.jsonl"
        let latency = sandboxArguments.contains("--latency-ms") ? [] : ["--latency-ms", "0"]
        sandbox = try SandboxProcess(arguments: sandboxArguments + ["--request-log", requestLog] + latency)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: dir)
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
    func requests() -> [LoggedRequest] {
        let text = (try? String(contentsOfFile: requestLog, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return LoggedRequest(method: object["method"] as? String ?? "", path: object["path"] as? String ?? "",
                                 status: object["status"] as? Int ?? 0)
        }
    }

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

struct LoggedRequest {
    var method: String
    var path: String
    var status: Int
}

/// A roster process left running, its output in files, for killing it half-way.
final class Background {
    let process = Process()
    let out: String
    let err: String

    init(_ args: [String], env: [String: String], dir: String) throws {
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
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: err)
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var stdout: String { (try? String(contentsOfFile: out, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: err, encoding: .utf8)) ?? "" }

    /// Polls until `condition` holds or the process ended; false on timeout.
    func waitUntil(timeout: Double, _ condition: (Background) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(self) { return true }
            if !process.isRunning { return condition(self) }
            usleep(20_000)
        }
        return false
    }

    /// Waits for the exit (bounded) and returns the status; kills the process on timeout.
    func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        process.waitUntilExit()
        return process.terminationStatus
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
