import RosterServices
import ArgumentParser
import Foundation
import LookerAPI
import Logging
import RosterCore

/// `roster`: the TUI by default, and its scriptable twins as subcommands.
struct RosterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "A terminal user manager for Looker: users and their email/password credentials.",
        discussion: ExitStatus.helpText + "\n--read-only, --write, --config and --profile may also come before the subcommand.",
        version: "roster " + RosterVersion.string,
        subcommands: [TUICommand.self, UsersCommand.self, CredentialCommand.self, SandboxCommand.self, ServeCommand.self,
                      RolesCommand.self, GroupsCommand.self, AttributesCommand.self,
                      ConfigCommand.self, ThemesCommand.self, JournalCommand.self, BulkCommand.self, OffboardCommand.self],
        defaultSubcommand: TUICommand.self)
}

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The looker.ini to read (default: ./looker.ini, then $XDG_CONFIG_HOME/roster/looker.ini).")
    var config: String?

    @Option(name: .long, help: "The looker.ini section to use (default: the first).")
    var profile: String?

    @Flag(name: .long, help: "Change nothing: only GET requests are sent.")
    var readOnly = false

    @Flag(name: .long, help: "Allow changes even where read-only is the default (over SSH, or read_only = true).")
    var write = false

    func validate() throws {
        if readOnly && write { throw ValidationError("--read-only and --write exclude each other") }
    }

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The resolved configuration; warnings go to stderr once.
    func loadConfig() throws -> RosterConfig {
        do {
            let config = try RosterConfig.load(configPath: self.config, profile: profile, environment: environment,
                                               currentDirectory: FileManager.default.currentDirectoryPath)
            for warning in config.warnings { Diagnostics.warning(warning) }
            return config
        } catch {
            throw CLIFailure(.usage, "roster: config: \(error)")
        }
    }

    /// What this run may do: the flags, the profile's `read_only`, the SSH default (`Policy.decide`).
    func policy(_ config: RosterConfig?) -> Policy {
        Policy.decide(readOnlyFlag: readOnly, writeFlag: write, profileValue: config?.readOnly, environment: environment)
    }

    /// A client for scripts: rate-limit waits are reported on stderr.
    func makeClient() throws -> LookerClient {
        let config = try loadConfig()
        return LookerClient(config: config.looker, readOnly: policy(config).readOnly, logger: Logger(label: "roster.cli"), onEvent: { event in
            if case .rateLimited(let delay, let attempt, let of) = event {
                Diagnostics.write("roster: waiting for the rate limit, retrying in \(delay.formattedSeconds) (\(attempt)/\(of))")
            }
        })
    }
}

extension Duration {
    /// "2 s", "0.5 s".
    var formattedSeconds: String {
        let ms = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "\(ms / 1000) s" : String(format: "%.1f s", Double(ms) / 1000)
    }
}

/// Runs `body` with a client and always shuts it down (logging out); maps client errors to exit codes.
func withClient<T>(_ options: GlobalOptions, _ body: (LookerClient) async throws -> T) async throws -> T {
    let client = try options.makeClient()
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch let error as LookerError {
        await client.shutdown()
        throw CLIFailure(error)
    } catch {
        await client.shutdown()
        throw error
    }
}
