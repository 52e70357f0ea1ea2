import ArgumentParser
import Foundation
import LookerAPI
import RosterCore

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "List, show, disable and enable users.",
        subcommands: [List.self, Show.self, Disable.self, Enable.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every user, page by page, as a table, JSON or CSV.",
            discussion: """
                Pages are written as they arrive: memory stays flat however many users there are. A field \
                the server did not send (see --fields) shows as ? in the table and CSV.
                """ + "\n" + ExitStatus.helpText)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only users whose first name, last name or email contains TEXT (% and _ are wildcards).")
        var search: String?
        @Option(help: "table, json or csv.") var format: ListFormat = .table
        @Option(help: "Users per request, 1 to \(ArgumentCheck.maxPageSize).", transform: ArgumentCheck.pageSize)
        var pageSize = 1000
        @Option(help: "Fields to request (Looker's fields syntax); default: all for json, the list's for table/csv.")
        var fields: String?

        func run() async throws {
            let search = self.search.map { UserSearch.text($0) }
            let fields = self.fields ?? (format == .json ? nil : LookerClient.listFields)
            let format = self.format
            let pageSize = self.pageSize
            try await withClient(global) { client in
                var listing = Listing(format: format)
                try await UsersCommand.forEachPage(client, search: search, fields: fields, pageSize: pageSize) { raw in
                    try listing.add(page: raw)
                }
                listing.finish()
            }
        }
    }

    /// Pages the raw JSON of the listing, the next page fetched while `body` handles this one;
    /// `body` returns how many users the page held. At most two pages are held at once.
    static func forEachPage(_ client: LookerClient, search: UserSearch?, fields: String?, pageSize: Int,
                            _ body: (RawJSONPage) throws -> Int) async throws {
        var offset = 0
        var next: Task<RawJSONPage, any Error>? = Task {
            try await client.usersPageJSON(search: search, limit: pageSize, offset: 0, fields: fields, sorts: "id")
        }
        while let task = next {
            let count = try body(try await task.value)
            offset += count
            let nextOffset = offset
            next = count < pageSize ? nil : Task {
                try await client.usersPageJSON(search: search, limit: pageSize, offset: nextOffset, fields: fields, sorts: "id")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one user.", discussion: ExitStatus.helpText)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
        @Option(help: "table or json.") var format: ItemFormat = .table

        func run() async throws {
            try await withClient(global) { client in
                let user = try await client.user(id: id)
                var out = Output()
                if format == .json {
                    var user = user
                    if let c = user.credentialsEmail { user.credentialsEmail = masked(c, reveal: false) }
                    try out.json(user)
                } else {
                    let pairs: [(String, String)] = [
                        ("id", user.id?.rawValue ?? unknownValue), ("name", user.shownName), ("email", user.email ?? ""),
                        ("enabled", user.isDisabled.map { $0 ? "no (disabled)" : "yes" } ?? unknownValue),
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
}
