import ArgumentParser
import Foundation
import LookerAPI
import RosterCore
import RosterServices
import ScreenKit

/// `roster users owned ID`: what offboarding would hand to a successor (scheduled plans, alerts, the
/// dashboards and looks in the personal folder and its sub-folders) and what it would end (sessions,
/// API keys). Reads only.
struct UserOwnedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "owned",
        abstract: "What a user owns: schedules, alerts, the personal folder's dashboards and looks, sessions and API keys.",
        discussion: "Alerts are found by reading every alert (Looker's search has no owner filter).\n" + ExitStatus.helpText)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The user id.", transform: ArgumentCheck.userID) var id: String
    @Option(help: "table or json.") var format: ItemFormat = .table

    func run() async throws {
        let userID = id
        let owned = try await withClient(global) { client in try await client.owned(userID: userID) }
        var out = Output()
        if format == .json {
            try out.json(OwnedJSON(owned))
        } else {
            OwnedJSON.table(owned, into: &out)
        }
        out.flush()
    }
}

/// What `users owned --format json` prints: the user, their personal folder, and one list per kind.
struct OwnedJSON: Encodable {
    struct Item: Encodable {
        var id: String
        var name: String
        var detail: String
        var folderID: String?
        enum CodingKeys: String, CodingKey { case id, name, detail, folderID = "folder_id" }
    }

    var userID: String
    var personalFolderID: String?
    /// Sub-folders stopped at the cap: there may be more content.
    var truncated: Bool
    var schedules: [Item], alerts: [Item], dashboards: [Item], looks: [Item], sessions: [Item], apiKeys: [Item]

    enum CodingKeys: String, CodingKey {
        case userID = "user_id", personalFolderID = "personal_folder_id", truncated, schedules, alerts, dashboards, looks, sessions,
             apiKeys = "api_keys"
    }

    init(_ owned: OwnedSummary) {
        func items(_ kind: OwnedKind) -> [Item] {
            owned.items.filter { $0.kind == kind }.map {
                Item(id: $0.id, name: $0.name, detail: $0.detail, folderID: owned.folderOf[kind.rawValue + "/" + $0.id])
            }
        }
        userID = owned.userID
        personalFolderID = owned.personalFolderID
        truncated = owned.truncated
        schedules = items(.schedule)
        alerts = items(.alert)
        dashboards = items(.dashboard)
        looks = items(.look)
        sessions = items(.session)
        apiKeys = items(.apiKey)
    }

    /// One section per kind with its count; every server string goes through the table's fitting.
    static func table(_ owned: OwnedSummary, into out: inout Output) {
        for kind in OwnedKind.allCases {
            let items = owned.items.filter { $0.kind == kind }
            out.line("\(kind.heading) (\(items.count))")
            if !items.isEmpty {
                out.table(headers: ["ID", "NAME", "DETAIL"], rows: items.map { [$0.id, $0.name, $0.detail] }, maxWidths: [12, 48, 60])
            }
            out.line("")
        }
        if owned.truncated { out.line("(more than \(LookerClient.maxOwnedFolders) sub-folders: the list stops there)") }
    }
}

/// `roster offboard ID… --to SUCCESSOR`: plans handing what the users own to a successor, ending
/// their sessions and API keys and disabling them; prints the preview, and with `--out` writes the
/// plan that `roster bulk apply` runs (and `roster bulk undo` undoes). Reads only.
struct OffboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offboard",
        abstract: "Plan an offboarding: schedules, alerts and content to a successor, sessions and keys ended, users disabled.",
        discussion: """
            roster offboard 42 --to 7 --out leave-42.json
            roster bulk apply leave-42.json      # runs it: paced, resumable, journaled
            roster bulk undo RUN_ID              # hands everything back and enables the user again
            Each schedule and alert goes to the successor, each dashboard and look of the personal folder (and its \
            sub-folders) to the successor's personal folder or --content-folder, each session is logged out and each \
            API key deleted (neither can be undone), then the user is disabled — only when every hand-over row of \
            that user succeeded. Users are never deleted.
            """ + "\n" + ExitStatus.bulkHelpText)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The users leaving.", transform: ArgumentCheck.userID) var ids: [String]
    @Option(name: .customLong("to"), help: ArgumentHelp("The successor's user id.", valueName: "SUCCESSOR_ID"), transform: ArgumentCheck.userID)
    var successor: String
    @Option(help: ArgumentHelp("Move dashboards and looks here instead of the successor's personal folder.", valueName: "FOLDER_ID"),
            transform: { try ArgumentCheck.recordID($0, what: "folder id") })
    var contentFolder: String?
    @Flag(help: "Leave the users' sessions.") var keepSessions = false
    @Flag(help: "Leave the users' API keys.") var keepApiKeys = false
    @Option(help: ArgumentHelp("Write the plan to FILE (for roster bulk apply).", valueName: "FILE")) var out: String?
    @Option(help: "table or json.") var format: ItemFormat = .table

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("give the id of at least one user leaving") }
        if Set(ids).count != ids.count { throw ValidationError("a user is given twice") }
        if let refusal = OffboardPlanner.check(leavers: ids, successorID: successor, successorEnabled: nil) {
            throw ValidationError(refusal.description)
        }
    }

    func run() async throws {
        let config = try global.loadConfig()
        let decision = global.policy(config)
        if let out, decision.readOnly {
            throw CLIFailure(.forbidden, "roster: read-only mode (\(decision.reason)) writes no files: "
                             + "not writing \(out); offboard without --out to preview")
        }
        let (ids, successor, folder, keepSessions, keepKeys) = (ids, successor, contentFolder, keepSessions, keepApiKeys)
        let (plan, head) = try await withClient(global) { client in
            let me = try? await client.me(fields: "id")
            do throws(OffboardPlanFailure) {
                let plan = try await client.offboardPlan(leaverIDs: ids, successorID: successor, folderID: folder, keepSessions: keepSessions,
                                                         keepAPIKeys: keepKeys, apiUserID: me?.id?.rawValue)
                return (plan, BulkPlanFile.Head(plan: plan, config: client.config,
                                                chosenBy: .init(kind: "offboard", value: ids.joined(separator: ","))))
            } catch {
                switch error {
                case .looker(let e): throw e
                case .refused, .noFolder: throw CLIFailure(.usage, "roster: " + error.description)
                case .folderNotFound, .userNotFound: throw CLIFailure(.notFound, "roster: " + error.description)
                }
            }
        }
        if let out { try BulkPlanFile.write(plan, head: head, to: out) }
        var output = Output()
        if format == .json {
            try BulkPlanFile.encode(plan, head: head) { output.passedThrough($0) }
        } else {
            output.line("\(head.title), on \(head.instance)")
            output.line(head.scope)
            BulkPreview.write(plan, to: &output)
            if let out { output.line("plan written to \(out): roster bulk apply \(out)") }
        }
        output.flush()
    }
}
