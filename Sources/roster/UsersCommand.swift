import ArgumentParser
import Foundation
import LookerAPI
import RosterCore
import ScreenKit

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "List, show, disable and enable users.",
        subcommands: [List.self, Show.self, Disable.self, Enable.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every user, page by page, as a table, JSON or CSV.",
                                                        discussion: ExitStatus.helpText)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only users whose first name, last name or email contains TEXT (% and _ are wildcards).")
        var search: String?
        @Option(help: "table, json or csv.") var format: OutputFormat = .table
        @Option(help: "Users per request.") var pageSize = 1000
        @Option(help: "Fields to request (Looker's fields syntax); default: all for json, the list's for table/csv.")
        var fields: String?

        func run() async throws {
            let search = self.search.map { UserSearch.text($0) }
            let fields = self.fields ?? (format == .json ? nil : LookerClient.listFields)
            let sanitize = Output.isTerminal
            if format == .json {
                try await withClient(global) { client in
                    try await UsersCommand.listJSON(client, search: search, fields: fields, pageSize: max(1, pageSize))
                }
                return
            }
            try await withClient(global) { client in
                var out = Output()
                var table: TextTable?
                if format == .csv { out.line(CSV.row(["id", "name", "email", "logins", "enabled"], sanitize: false)) }
                for try await page in client.users(search: search, pageSize: pageSize, fields: fields) {
                    switch format {
                    case .json:
                        break   // listJSON
                    case .csv:
                        for user in page { out.line(CSV.row(UsersCommand.row(user), sanitize: sanitize)) }
                    case .table:
                        let rows = page.map(UsersCommand.row)
                        if table == nil {
                            let t = TextTable(headers: ["ID", "NAME", "EMAIL", "LOGINS", "ENABLED"], rows: rows,
                                              maxWidths: [10, 32, 40, 24, 7])
                            out.line(t.headerLine)
                            table = t
                        }
                        for row in rows { out.line(table!.format(row)) }
                    }
                    out.flush()
                }
                if format == .table && table == nil { out.line("no users") }
                out.flush()
            }
        }
    }

    /// JSON passes the server's bytes through (secret URLs masked) instead of decoding and
    /// re-encoding every user; the next page is fetched while this one is written.
    static func listJSON(_ client: LookerClient, search: UserSearch?, fields: String?, pageSize: Int) async throws {
        let secretKeys: Set<[UInt8]> = [Array("password_reset_url".utf8), Array("account_setup_url".utf8)]
        let mask = Array("\"\(Secret.mask)\"".utf8)
        let separator = Array(",\n  ".utf8)
        var out = Output()
        out.raw(Data("[\n  ".utf8))
        var first = true
        var offset = 0
        let size = pageSize
        var next: Task<[UInt8], any Error>? = Task { try await client.usersPageJSON(search: search, limit: size, offset: 0, fields: fields, sorts: "id") }
        while let task = next {
            let raw = try await task.value
            var page: [UInt8] = []
            page.reserveCapacity(raw.count)
            let count: Int
            do {
                count = try raw.withUnsafeBytes { buffer throws(JSONPassThrough.Malformed) in
                    try JSONPassThrough.appendElements(of: buffer, to: &page, first: &first, separator: separator,
                                                       secretKeys: secretKeys, mask: mask)
                }
            } catch {
                let line = String(decoding: raw.prefix(200), as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
                throw LookerError.undecodable(status: 200, firstLine: line)
            }
            offset += count
            let nextOffset = offset
            next = count < size ? nil : Task {
                try await client.usersPageJSON(search: search, limit: size, offset: nextOffset, fields: fields, sorts: "id")
            }
            out.raw(Data(page))
            out.flush()
        }
        out.raw(Data((first ? "]\n" : "\n]\n").utf8))
        out.flush()
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one user.", discussion: ExitStatus.helpText)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user id.") var id: String
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            try await withClient(global) { client in
                let user = try await client.user(id: id)
                var out = Output()
                if format == .json {
                    var user = user
                    if let c = user.credentialsEmail { user.credentialsEmail = masked(c, reveal: false) }
                    out.raw(try JSONOut.pretty.encode(user))
                    out.line("")
                } else {
                    let pairs: [(String, String)] = [
                        ("id", user.id?.rawValue ?? ""), ("name", user.shownName), ("email", user.email ?? ""),
                        ("enabled", user.isDisabled == true ? "no (disabled)" : "yes"),
                        ("logins", user.loginTypes.joined(separator: ", ")),
                        ("locale", user.locale ?? ""), ("roles", (user.roleIDs ?? []).map(\.rawValue).joined(separator: ", ")),
                        ("groups", (user.groupIDs ?? []).map(\.rawValue).joined(separator: ", ")),
                    ]
                    for (k, v) in pairs { out.line(DisplayText.pad(k, width: 8) + "  " + DisplayText.fit(v, width: 400)) }
                }
                out.flush()
            }
        }
    }

    static func row(_ u: User) -> [String] {
        [u.id?.rawValue ?? "", u.shownName, u.email ?? "", u.loginTypes.joined(separator: ","), u.isDisabled == true ? "no" : "yes"]
    }
}
