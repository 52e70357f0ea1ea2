// roster-bench: in-process figures for Roster (decode, filter, render and diff, bytes per scroll,
// memory per user), printed as tables with medians and p99. Build it in release mode:
//
//   swift run -c release roster-bench [memory] [filter] [render] [scroll] [decode] [cli-memory] [--runs N] [--users N]
//
// Without sections every section but cli-memory and listing runs (cli-memory lists every user in a
// child `roster` per format: `roster-bench cli-memory --users 200000`; listing loads every user
// with and without the list's access fields, `roster-bench listing --runs 5`). A sandbox with `--users` users (default 100,000) runs in a
// child process; `--base-url URL --client-id ID --client-secret S` uses a running one instead.
import Foundation
import RosterServices
import RosterCore
import ScreenKit

let allSections = ["memory", "filter", "render", "scroll", "decode"]

struct Arguments {
    var sections: [String] = []
    var runs = 5
    var users = 100_000
    var endpoint: Endpoint?
    var theme = "dark"
    /// Writes the bytes of the first one-row scroll to this file.
    var dumpScroll: String?

    init(_ args: [String]) throws {
        var i = 0
        var base: String?, id = "roster-sandbox", secret = "s3cr3t #;= sandbox"
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw UsageError(message: "\(args[i - 1]) needs a value") }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--runs": runs = Int(try value()) ?? runs
            case "--users": users = Int(try value()) ?? users
            case "--base-url": base = try value()
            case "--client-id": id = try value()
            case "--client-secret": secret = try value()
            case "--theme": theme = try value()
            case "--dump-scroll": dumpScroll = try value()
            case "-h", "--help": throw UsageError(message: nil)
            case let s where allSections.contains(s) || s == "serve" || s == "cli-memory" || s == "listing": sections.append(s)
            default: throw UsageError(message: "unknown argument \(args[i])")
            }
            i += 1
        }
        if sections.isEmpty { sections = allSections }
        endpoint = base.map { Endpoint(baseURL: $0, clientID: id, clientSecret: secret) }
    }
}

struct UsageError: Error {
    var message: String?
    static let usage = """
        usage: roster-bench [memory|filter|render|scroll|decode|cli-memory|listing ...] [--runs N] [--users N] [--theme NAME]
                            [--base-url URL --client-id ID --client-secret SECRET]
        """
}

let arguments: Arguments
do {
    arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
} catch let error as UsageError {
    if let message = error.message { FileHandle.standardError.write(Data("roster-bench: \(message)\n".utf8)) }
    print(UsageError.usage)
    exit(error.message == nil ? 0 : 2)
}

if arguments.sections == ["serve"] {
    try await serve(users: arguments.users)
    exit(0)
}

#if DEBUG
print("warning: a debug build; figures are only meaningful from `swift run -c release roster-bench`")
#endif

let server = arguments.endpoint == nil ? try ServerProcess(users: arguments.users) : nil
let endpoint = arguments.endpoint ?? server!.endpoint
print("roster-bench: \(arguments.users.formatted) users, \(arguments.runs) runs, \(ProcessInfo.processInfo.activeProcessorCount) cores")

if arguments.sections.contains("cli-memory") {
    printTable("CLI listing memory (f)", try cliMemoryBench(endpoint, users: arguments.users))
    if arguments.sections == ["cli-memory"] {
        server?.stop()
        exit(0)
    }
}

if arguments.sections.contains("listing") {
    printTable("Listing with and without the access fields (g)", try await listingBench(endpoint, runs: arguments.runs))
    if arguments.sections == ["listing"] {
        server?.stop()
        exit(0)
    }
}

// Every section but decode needs the users loaded, and loading them is the memory measurement.
let (list, memoryFigures) = try await memoryBench(endpoint)
if arguments.sections.contains("memory") { printTable("Memory (e)", memoryFigures) }
if arguments.sections.contains("filter") {
    printTable("Filter latency (b)", filterBench(list, runs: arguments.runs))
    printTable("Filter qualifiers (b2)", qualifierBench(list, runs: arguments.runs))
}
if arguments.sections.contains("render") { printTable("Render and diff (c)", renderBench(list, runs: arguments.runs)) }
if arguments.sections.contains("scroll") {
    let catalog = ThemeCatalog(userDirectory: nil, shippedDirectory: FileManager.default.currentDirectoryPath + "/themes")
    let theme = catalog.load(name: arguments.theme).theme
    printTable("Bytes per scroll (d), theme \(theme.name)", try scrollBench(list, theme: theme, steps: max(20, arguments.runs * 4), dump: arguments.dumpScroll))
}
if arguments.sections.contains("decode") { printTable("Decode (a)", try await decodeBench(endpoint, runs: arguments.runs)) }
server?.stop()
