import ArgumentParser
import Foundation
import LookerAPI
import ScreenKit

/// `roster roles list`, `roster groups list`, `roster attributes list`: what an instance defines,
/// for scripts and for choosing names (`--role NAME`, `--group NAME`) before granting them.
struct RolesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles", abstract: "List the instance's roles.", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every role with its permission set and model set, as a table, JSON or CSV.",
            discussion: ExitStatus.helpText)
        @OptionGroup var global: GlobalOptions
        @Option(help: "table, json or csv.") var format: ListFormat = .table

        func run() async throws {
            let roles = try await withClient(global) { client in try await client.roles() }
            try Records.print(roles, format: format, headers: ["ID", "NAME", "PERMISSION SET", "MODEL SET"],
                              maxWidths: [10, 40, 40, 40], noun: "roles") { role in
                [role.id?.rawValue ?? unknownValue, role.name ?? "", role.permissionSet?.name ?? "", role.modelSet?.name ?? ""]
            }
        }
    }
}

struct GroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups", abstract: "List the instance's groups.", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every group with its member count and whether SAML, LDAP or OIDC manages it.",
            discussion: ExitStatus.helpText)
        @OptionGroup var global: GlobalOptions
        @Option(help: "table, json or csv.") var format: ListFormat = .table

        func run() async throws {
            let groups = try await withClient(global) { client in try await client.groups() }
            try Records.print(groups, format: format, headers: ["ID", "NAME", "USERS", "EXTERNALLY MANAGED"],
                              maxWidths: [10, 48, 8, 18], noun: "groups") { group in
                [group.id?.rawValue ?? unknownValue, group.name ?? "", group.userCount.map(String.init) ?? unknownValue,
                 Records.yesNo(group.externallyManaged)]
            }
        }
    }
}

struct AttributesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attributes", abstract: "List the instance's user attributes.", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every user attribute: its type, default, and whether its values are hidden or user-editable.",
            discussion: "The default of an attribute whose values are hidden is never printed.\n" + ExitStatus.helpText)
        @OptionGroup var global: GlobalOptions
        @Option(help: "table, json or csv.") var format: ListFormat = .table

        func run() async throws {
            let attributes = try await withClient(global) { client in try await client.userAttributes() }.map { a in
                // A hidden value stays hidden everywhere, the default included.
                var shown = a
                if a.valueIsHidden == true, a.defaultValue != nil { shown.defaultValue = Secret.mask }
                return shown
            }
            try Records.print(attributes, format: format,
                              headers: ["ID", "NAME", "LABEL", "TYPE", "DEFAULT", "HIDDEN", "USER CAN EDIT"],
                              maxWidths: [10, 32, 32, 24, 32, 6, 13], noun: "user attributes") { a in
                [a.id?.rawValue ?? unknownValue, a.name ?? "", a.label ?? "", a.type ?? "", a.defaultValue ?? "",
                 Records.yesNo(a.valueIsHidden), Records.yesNo(a.userCanEdit)]
            }
        }
    }
}

/// `roster users sessions ID` and `roster users api-keys ID`: who is logged in where, and which keys exist.
struct UserSessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions", abstract: "A user's web sessions: when, from where, with what.",
        discussion: ExitStatus.helpText)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
    @Option(help: "table or json.") var format: ItemFormat = .table

    func run() async throws {
        let sessions = try await withClient(global) { client in try await client.sessions(userID: id) }
        try Records.print(sessions, format: format.listFormat,
                          headers: ["ID", "CREATED", "EXPIRES", "IP", "BROWSER", "OS", "PLACE", "SUDO BY"],
                          maxWidths: [10, 25, 25, 39, 24, 24, 40, 8], noun: "sessions") { s in
            [s.id?.rawValue ?? unknownValue, s.createdAt ?? "", s.expiresAt ?? "", s.ipAddress ?? "", s.browser ?? "",
             s.operatingSystem ?? "", [s.city, s.state, s.country].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
             s.sudoUserID?.rawValue ?? ""]
        }
    }
}

struct UserAPIKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-keys", abstract: "A user's API keys (client ids only: Looker never returns a secret).",
        discussion: ExitStatus.helpText)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
    @Option(help: "table or json.") var format: ItemFormat = .table

    func run() async throws {
        let keys = try await withClient(global) { client in try await client.apiKeys(userID: id) }
        try Records.print(keys, format: format.listFormat, headers: ["ID", "CLIENT ID", "CREATED", "DISABLED"],
                          maxWidths: [10, 40, 25, 8], noun: "API keys") { k in
            [k.id?.rawValue ?? unknownValue, k.clientID ?? "", k.createdAt ?? "", Records.yesNo(k.isDisabled)]
        }
    }
}

extension ItemFormat {
    var listFormat: ListFormat { self == .json ? .json : .table }
}

/// A short list of records (a few hundred at most: roles, groups, attributes) in one of the formats.
/// JSON is the records as Looker sends them, encoded and made safe like every JSON output; table and
/// CSV cells are sanitized (and CSV guarded against formulas) by `TextTable`, `Output` and `CSV`.
enum Records {
    static func print<T: Encodable>(_ records: [T], format: ListFormat, headers: [String], maxWidths: [Int], noun: String,
                                    cells: (T) -> [String]) throws {
        var out = Output()
        switch format {
        case .json:
            try out.json(records)
        case .csv:
            out.line(CSV.row(headers.map { $0.lowercased().replacingOccurrences(of: " ", with: "_") }))
            for record in records { out.line(CSV.row(cells(record))) }
        case .table:
            let rows = records.map(cells)
            if rows.isEmpty {
                out.line("no " + noun)
            } else {
                out.table(headers: headers, rows: rows, maxWidths: maxWidths)
            }
        }
        out.flush()
    }

    static func yesNo(_ value: Bool?) -> String { value.map { $0 ? "yes" : "no" } ?? unknownValue }
}
