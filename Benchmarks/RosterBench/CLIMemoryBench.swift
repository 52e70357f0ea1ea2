import Foundation

/// (f) Peak memory of the CLI listing: `roster users list` run as its own process in each format,
/// stdout to /dev/null, its peak RSS read from wait4's rusage. The listing streams page by page,
/// so the peak should not grow with the number of users (target: 64 MB at 200,000 users).
func cliMemoryBench(_ endpoint: Endpoint, users: Int) throws -> [Figure] {
    let roster = URL(fileURLWithPath: ServerProcess.selfPath()).deletingLastPathComponent().appendingPathComponent("roster").path
    guard FileManager.default.isExecutableFile(atPath: roster) else { throw BenchError.http("no roster binary beside roster-bench") }
    let runs: [(String, [String])] = [
        ("table", ["--format", "table"]), ("csv", ["--format", "csv"]), ("json", ["--format", "json"]),
        ("json, --page-size 2000 (the largest)", ["--format", "json", "--page-size", "2000"]),
    ]
    var figures: [Figure] = []
    for (name, args) in runs {
        let (peak, seconds) = try measuredRun(roster, ["users", "list"] + args, endpoint: endpoint)
        figures.append(Figure("users list, \(name), \(users.formatted) users", "peak RSS \(fmt(Double(peak) / 1_048_576, 1)) MiB, \(fmt(seconds, 2)) s",
                              target: "≤ 64 MB", met: Double(peak) <= 64e6))
    }
    return figures
}

/// Runs `path args` with the endpoint in the environment, output to /dev/null; returns the
/// child's peak RSS in bytes and the wall time. Fails when the child does not exit 0.
private func measuredRun(_ path: String, _ args: [String], endpoint: Endpoint) throws -> (Int, Double) {
    var environment = ProcessInfo.processInfo.environment
    environment["LOOKERSDK_BASE_URL"] = endpoint.baseURL
    environment["LOOKERSDK_CLIENT_ID"] = endpoint.clientID
    environment["LOOKERSDK_CLIENT_SECRET"] = endpoint.clientSecret
    environment["XDG_STATE_HOME"] = NSTemporaryDirectory() + "roster-bench-state"
    environment.removeValue(forKey: "SSH_CONNECTION")
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    let argv = ([path] + args).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    let started = Date()
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, path, &actions, nil, argv, envp)
    guard rc == 0 else { throw BenchError.http("cannot start roster: \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let seconds = Date().timeIntervalSince(started)
    guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else { throw BenchError.http("roster \(args) exited with status \(status)") }
    return (usage.ru_maxrss * 1024, seconds)
}
