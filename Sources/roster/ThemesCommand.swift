import ArgumentParser
import Foundation
import RosterServices
import RosterCore
import ScreenKit

struct ThemesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes", abstract: "List and check themes.", subcommands: [List.self, Check.self])

    static var catalog: ThemeCatalog {
        ThemeCatalog(environment: ProcessInfo.processInfo.environment, executablePath: CommandLine.arguments[0],
                     currentDirectory: FileManager.default.currentDirectoryPath)
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the shipped and your own themes.")
        func run() async throws {
            var out = Output()
            for item in ThemesCommand.catalog.list() {
                var status = item.error.map { "BROKEN: " + $0 } ?? "ok"
                if item.isShadowed { status += " (overridden by your theme)" }
                out.line(DisplayText.pad(item.name, width: 16) + "  " + DisplayText.pad(item.source.rawValue, width: 8)
                         + "  " + DisplayText.pad(item.path ?? "(built in)", width: 48) + "  " + status)
            }
            out.flush()
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a theme file; prints file:line: reason and exits 2 when it is bad.")
        @Argument(help: "The theme file (.toml).") var file: String
        func run() async throws {
            switch ThemeCatalog.check(file: file) {
            case .success(let theme):
                var out = Output()
                out.line("\(file): ok (theme \(theme.name))")
                out.flush()
            case .failure(let error):
                throw CLIFailure(.usage, String(describing: error))
            }
        }
    }
}
