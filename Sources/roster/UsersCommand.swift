import ArgumentParser
import Foundation
import LookerAPI
import RosterCore
import ScreenKit

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "List, show, disable and enable users; their access, attributes, sessions, API keys and what they own.",
        subcommands: [List.self, Show.self, Disable.self, Enable.self, UserAccessCommand.self, UserGrantCommand.self,
                      UserRevokeCommand.self, UserAttributeValuesCommand.self, UserSetAttributeCommand.self,
                      UserClearAttributeCommand.self, UserSessionsCommand.self, UserLogoutCommand.self,
                      UserAPIKeysCommand.self, UserDeleteAPIKeyCommand.self, UserOwnedCommand.self])

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

    /// Pages the raw JSON of the listing; `body` writes a page and returns how many users it held.
    /// While pages are small the next one is requested as soon as this one arrives, so fetching
    /// overlaps writing (at the price of one request past the end: the request for the page after
    /// a short one is already out). A large page (over 2 MiB) is let go before the next is asked
    /// for, so at most one large page is ever in memory.
    static func forEachPage(_ client: LookerClient, search: UserSearch?, fields: String?, pageSize: Int,
                            _ body: (RawJSONPage) throws -> Int) async throws {
        func fetch(_ offset: Int) -> Task<RawJSONPage, any Error> {
            Task { try await client.usersPageJSON(search: search, limit: pageSize, offset: offset, fields: fields, sorts: "id") }
        }
        func drop(_ task: Task<RawJSONPage, any Error>?) async {
            task?.cancel()
            _ = await task?.result
        }
        var offset = 0
        var current = fetch(0)
        while true {
            var raw: RawJSONPage? = try await current.value
            var next = raw!.count <= 2 << 20 ? fetch(offset + pageSize) : nil
            let count: Int
            do {
                count = try body(raw!)
                raw = nil
            } catch {
                await drop(next)
                throw error
            }
            offset += count
            if count < pageSize {
                await drop(next)
                return
            }
            if count > pageSize {
                // A server that sent more than asked: ask again from where it really got to.
                await drop(next)
                next = nil
            }
            current = next ?? fetch(offset)
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
