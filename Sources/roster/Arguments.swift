import ArgumentParser
import Foundation
import LookerAPI
import RosterCore
import ScreenKit

/// The formats of commands that print one record.
enum ItemFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// The formats of `users list`.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// Checks on what the command line says, each failing with exit 2 and a message that says what is
/// wrong (the value itself is shown sanitized by `Diagnostics`).
enum ArgumentCheck {
    /// The largest `--page-size`. The API declares no maximum for `limit` and the sandbox has none;
    /// this bound keeps what a page costs (up to 2.4 KB per user with every field, held while it is
    /// received and written) within the listing's promise of 64 MB whatever the number of users.
    /// Measured: 5,000 all-field users a page peaked at 64 MB, 2,000 at 52 MB.
    static let maxPageSize = 2000

    /// A user id, by the one rule (`UserIDRule`): plan files and CSV rows keep it too.
    static func userID(_ text: String) throws -> String {
        guard !text.isEmpty else { throw ValidationError("the user id is empty") }
        guard UserIDRule.isValid(text) else {
            throw ValidationError("'\(DisplayText.fit(text, width: 40))' is not a user id (letters, digits, _ and - only, at most 64)")
        }
        return text
    }

    /// A session's or an API key's id: the same characters as a user id (`what` names it in the error).
    static func recordID(_ text: String, what: String) throws -> String {
        guard !text.isEmpty else { throw ValidationError("the \(what) is empty") }
        guard UserIDRule.isValid(text) else {
            throw ValidationError("'\(DisplayText.fit(text, width: 40))' is not a \(what) (letters, digits, _ and - only, at most 64)")
        }
        return text
    }

    static func pageSize(_ text: String) throws -> Int {
        guard let size = Int(text), (1...maxPageSize).contains(size) else {
            throw ValidationError("--page-size must be a whole number from 1 to \(maxPageSize)")
        }
        return size
    }
}

/// Puts the command line in the order ArgumentParser parses, before it parses it:
/// - global options given before the subcommand (`roster --read-only users list`) move after the
///   subcommand path, where every subcommand that takes them declares them;
/// - a negative number standing where a positional value goes (`users show -1`) is passed after
///   `--`, so it is taken as the value it is and not as an unknown option.
enum ArgumentOrder {
    /// Options without a value; every other `--name` takes the next word unless written `--name=value`.
    static let flags: Set<String> = ["--read-only", "--write", "--yes", "--demo", "--hostile-names", "--no-color", "--ascii",
                                     "--help", "-h", "--version",
                                     "--disable", "--enable", "--send-reset", "--create-from-sso", "--delete-login",
                                     "--again", "--all-users", "--all-values"]
    static let globalFlags: Set<String> = ["--read-only", "--write"]
    static let globalOptions: Set<String> = ["--config", "--profile"]

    /// Options whose value may start with `-` (a negated qualifier: `--where '-last-login:<90d'`).
    static let dashValueOptions: Set<String> = ["--where"]

    static func normalized(_ args: [String], root: any ParsableCommand.Type) -> [String] {
        movingNegativeValues(movingGlobalOptions(joiningDashValues(args), root: root))
    }

    /// `--where -x` becomes `--where=-x`, so the value is not taken for an option of its own.
    static func joiningDashValues(_ args: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < args.count {
            let word = args[i]
            if word == "--" { return out + args[i...] }
            if dashValueOptions.contains(word), i + 1 < args.count, args[i + 1].hasPrefix("-") {
                out.append(word + "=" + args[i + 1])
                i += 2
                continue
            }
            out.append(word)
            i += 1
        }
        return out
    }

    static func movingGlobalOptions(_ args: [String], root: any ParsableCommand.Type) -> [String] {
        var globals: [String] = []
        var rest: [String] = []
        var i = 0
        // Only the words before the first subcommand name are looked at.
        while i < args.count {
            let word = args[i]
            if word == "--" || subcommand(named: word, of: root) != nil { break }
            let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
            if globalFlags.contains(word) {
                globals.append(word)
            } else if globalOptions.contains(name) {
                globals.append(word)
                if !word.contains("="), i + 1 < args.count {
                    i += 1
                    globals.append(args[i])
                }
            } else {
                rest.append(word)
                if isOptionBeforeItsValue(word, prefix: "-"), i + 1 < args.count {
                    i += 1
                    rest.append(args[i])
                }
            }
            i += 1
        }
        guard !globals.isEmpty, i < args.count, args[i] != "--" else { return args }
        // Walk down the subcommand path, then put the global options right after it.
        var command: any ParsableCommand.Type = root
        var path: [String] = []
        while i < args.count, let sub = subcommand(named: args[i], of: command) {
            path.append(args[i])
            command = sub
            i += 1
        }
        return rest + path + globals + Array(args[i...])
    }

    static func movingNegativeValues(_ args: [String]) -> [String] {
        var kept: [String] = []
        var moved: [String] = []
        var i = 0
        while i < args.count {
            let word = args[i]
            if word == "--" { break }
            if isNegativeNumber(word) {
                moved.append(word)
            } else {
                kept.append(word)
                if isOptionBeforeItsValue(word, prefix: "--"), i + 1 < args.count {
                    // The value of an option, negative or not, stays with it (`--limit -1` is for the option to judge).
                    i += 1
                    kept.append(args[i])
                }
            }
            i += 1
        }
        guard !moved.isEmpty else { return args }
        let after = i < args.count ? Array(args[(i + 1)...]) : []
        return kept + ["--"] + moved + after
    }

    /// An option (`prefix` and a name, no `=value`, not a flag) whose value is the next word.
    static func isOptionBeforeItsValue(_ word: String, prefix: String) -> Bool {
        word.hasPrefix(prefix) && !word.contains("=") && !flags.contains(word)
    }

    static func isNegativeNumber(_ word: String) -> Bool {
        word.count > 1 && word.hasPrefix("-") && word.dropFirst().allSatisfy(\.isASCII) && word.dropFirst().allSatisfy(\.isNumber)
    }

    private static func subcommand(named name: String, of command: any ParsableCommand.Type) -> (any ParsableCommand.Type)? {
        command.configuration.subcommands.first { $0._commandName == name || $0.configuration.aliases.contains(name) }
    }
}
