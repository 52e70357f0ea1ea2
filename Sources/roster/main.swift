import ArgumentParser
import Foundation

import Logging
import RosterServices

// A closed stdout pipe is handled where we write, not by dying from SIGPIPE.
signal(SIGPIPE, SIG_IGN)
// The log goes to a file, never to the terminal (the TUI owns it; scripts read stdout/stderr).
let environment = ProcessInfo.processInfo.environment
let logWarnings = FileLogHandler.bootstrap(path: StatePaths.log(environment: environment),
                                           level: Logger.Level(rawValue: environment["ROSTER_LOG_LEVEL"] ?? "info") ?? .info)
for warning in logWarnings { Diagnostics.warning(warning) }

// Usage errors exit 2 (not ArgumentParser's 64), so every exit code means what `--help` says.
// Every message, ArgumentParser's included (they quote the arguments), goes out sanitized.
do {
    let arguments = ArgumentOrder.normalized(Array(CommandLine.arguments.dropFirst()), root: RosterCommand.self)
    var command = try RosterCommand.parseAsRoot(arguments)
    if let asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(asyncCommand)
    } else {
        try command.run()
    }
} catch let failure as CLIFailure {
    Diagnostics.write(failure.message)
    exit(failure.code.rawValue)
} catch {
    let code = RosterCommand.exitCode(for: error)
    let message = RosterCommand.fullMessage(for: error)
    if code == .success {
        // --help and --version.
        var out = Output()
        out.lines(message)
        out.flush()
        exit(0)
    }
    if !message.isEmpty { Diagnostics.write(message) }
    exit(code == .validationFailure ? ExitStatus.usage.rawValue : code.rawValue)
}

/// Calls the async `run()`; through a generic, so the async requirement is the one chosen.
func runAsync<C: AsyncParsableCommand>(_ command: C) async throws {
    var command = command
    try await command.run()
}
