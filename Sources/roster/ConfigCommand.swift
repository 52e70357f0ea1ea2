import ArgumentParser
import Foundation
import LookerAPI

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Inspect the configuration.", subcommands: [Show.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the resolved configuration, the secret masked.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let config = try global.loadConfig()
            let decision = global.policy(config)
            var out = Output()
            for line in config.redactedLines { out.line(line) }
            out.line("mode          = \(decision.readOnly ? "read-only" : "read-write") (\(decision.reason))")
            out.flush()
        }
    }
}
