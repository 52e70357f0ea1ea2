import ArgumentParser
import Foundation

import Logging
import RosterApp

// A closed stdout pipe is handled where we write, not by dying from SIGPIPE.
signal(SIGPIPE, SIG_IGN)
// The log goes to a file, never to the terminal (the TUI owns it; scripts read stdout/stderr).
let environment = ProcessInfo.processInfo.environment
FileLogHandler.bootstrap(path: StatePaths.log(environment: environment),
                         level: Logger.Level(rawValue: environment["ROSTER_LOG_LEVEL"] ?? "info") ?? .info)

// Usage errors exit 2 (not ArgumentParser's 64), so every exit code means what `--help` says.
do {
    var command = try RosterCommand.parseAsRoot()
    if let asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(asyncCommand)
    } else {
        try command.run()
    }
} catch let failure as CLIFailure {
    FileHandle.standardError.write(Data((failure.message + "\n").utf8))
    exit(failure.code.rawValue)
} catch {
    let code = RosterCommand.exitCode(for: error)
    if code == .validationFailure {
        FileHandle.standardError.write(Data((RosterCommand.fullMessage(for: error) + "\n").utf8))
        exit(ExitStatus.usage.rawValue)
    }
    RosterCommand.exit(withError: error)
}

/// Calls the async `run()`; through a generic, so the async requirement is the one chosen.
func runAsync<C: AsyncParsableCommand>(_ command: C) async throws {
    var command = command
    try await command.run()
}
