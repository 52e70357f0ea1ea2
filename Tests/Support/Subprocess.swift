import Foundation

/// Commands run to their end with a deadline, and processes waited for with one.
public enum Subprocess {
    /// How a command ended and what it printed.
    public struct Result: Sendable {
        /// The exit status, or 128 + the signal that ended it.
        public var status: Int32
        public var out: String
        public var err: String
        /// It was still running at the deadline and was killed.
        public var timedOut: Bool
    }

    /// Runs `argv` (looked up on PATH) with stdin from `stdin`, stdout and stderr into files (a
    /// daemon it starts would keep a pipe open), and waits for its exit: at most `timeout` seconds
    /// (then SIGKILL), or without a bound when `timeout` is nil. `emptySignalMask` starts it with no
    /// signal blocked (the test runner's threads block most of them, and children inherit that).
    public static func run(_ argv: [String], stdin: String = "/dev/null", timeout: Double? = 30,
                           emptySignalMask: Bool = false) throws -> Result {
        let base = NSTemporaryDirectory() + "roster-run-\(UUID().uuidString)"
        defer { unlink(base + ".out"); unlink(base + ".err") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, base + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, base + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if emptySignalMask {
            var empty = sigset_t()
            sigemptyset(&empty)
            posix_spawnattr_setsigmask(&attributes, &empty)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        }
        let args = argv.map { strdup($0) } + [nil]
        defer { args.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, argv[0], &actions, &attributes, args, environ)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        var status: Int32 = 0
        var timedOut = false
        if let timeout {
            // Reaped by its own pid: a blocking wait on it alone, polled so the deadline holds.
            let ended = Wait.until(seconds: timeout) { waitpid(pid, &status, WNOHANG) == pid }
            if !ended {
                timedOut = true
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            }
        } else {
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let out = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
        return Result(status: code, out: out, err: err, timedOut: timedOut)
    }
}

extension Process {
    /// Waits at most `timeout` seconds for the process to end: its status, or nil when it is still
    /// running (it is left running; the caller decides).
    public func exitStatus(within timeout: Double) -> Int32? {
        guard Wait.until(seconds: timeout, { !isRunning }) else { return nil }
        waitUntilExit()
        return terminationStatus
    }
}
