import ArgumentParser
import Foundation
import LookerAPI
import Logging
import RosterServices
import RosterCore
import ScreenKit

/// `roster bulk`: the scriptable twin of the TUI's bulk actions. `plan` chooses users (a filter or
/// a CSV mapping) and shows every row's change; `apply` runs a plan file; `list`, `show`,
/// `resume` and `undo` work on the runs kept under `$XDG_STATE_HOME/roster/runs/`.
struct BulkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulk", abstract: "Change many users at once: plan, apply, list, show, resume, undo.",
        discussion: """
            roster bulk plan --where 'domain:acme.com' --set-domain acme.com=acme.io --out plan.json
            roster bulk apply plan.json
            roster bulk plan --where 'login:saml' --add-role 'Support Analyst' --out roles.json
            Every run is written to disk as it goes: after a crash, a kill or Ctrl-C, `roster bulk resume ID` \
            carries on without changing any row twice; `roster bulk undo ID` puts back what it changed.
            """ + "\n" + ExitStatus.bulkHelpText,
        subcommands: [Plan.self, Apply.self, List.self, Show.self, Resume.self, Undo.self])

    /// `--set-domain OLD=NEW` split and checked: two domain names.
    static func domains(_ text: String) throws -> (String, String) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
            String($0).trimmingCharacters(in: .whitespaces)
        }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ValidationError("--set-domain takes OLD=NEW, e.g. acme.com=acme.io")
        }
        for domain in parts where domain.contains("@") || !BulkPlanner.isValidAddress("x@" + domain) {
            throw ValidationError("'\(DisplayText.fit(domain, width: 80))' is not a domain name")
        }
        return (parts[0], parts[1])
    }

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Choose users and show what an action would change, row by row; --out writes the plan for apply.",
            discussion: """
                Choose the users with --where (the filter's qualifiers: is:disabled, has:email, domain:acme.com, \
                last-login:>90d, … combined with AND, - negates) or --csv FILE, a mapping with the header \
                user_id,email or old_email,new_email (old_email matches email logins, any case). Bad CSV lines are \
                reported as FILE:LINE: reason and nothing is planned. With --csv the action is the mapping itself.
                Access actions name a role, group or attribute by name (any case) or id; an unknown or ambiguous \
                name is exit 2 listing the candidates. Rows a flag or a managed group blocks are skipped, naming it.
                Nothing is sent but reads. The plan records the instance it was made for; apply refuses another.
                """ + "\n" + ExitStatus.bulkHelpText)
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("where"), help: ArgumentHelp("Users matching these filter qualifiers.", valueName: "QUALIFIERS"))
        var query: String?
        @Option(help: ArgumentHelp("A CSV mapping: user_id,email or old_email,new_email.", valueName: "FILE")) var csv: String?
        @Flag(help: "Every user (the same as an empty --where, which alone is refused).") var allUsers = false
        @Option(help: ArgumentHelp("Rename the email logins' domain.", valueName: "OLD=NEW")) var setDomain: String?
        @Option(help: ArgumentHelp("Force (true) or stop forcing (false) a password reset at next login.", valueName: "true|false"))
        var forceReset: Bool?
        @Flag(help: "Disable the users.") var disable = false
        @Flag(help: "Enable the users.") var enable = false
        @Flag(help: "Send the password reset email.") var sendReset = false
        @Flag(name: .customLong("create-from-sso"), help: "Give users without an email login one, from their SSO email.")
        var createFromSSO = false
        @Flag(help: "Delete the email/password login.") var deleteLogin = false
        @Option(help: ArgumentHelp("Give the users a role directly (a name in any case, or an id).", valueName: "NAME"))
        var addRole: String?
        @Option(help: ArgumentHelp("Take a direct role from the users.", valueName: "NAME")) var removeRole: String?
        @Option(help: ArgumentHelp("Add the users to a group.", valueName: "NAME")) var addGroup: String?
        @Option(help: ArgumentHelp("Remove the users from a group.", valueName: "NAME")) var removeGroup: String?
        @Option(help: ArgumentHelp("Set a user attribute's value for each user.", valueName: "NAME=VALUE")) var setAttribute: String?
        @Option(help: ArgumentHelp("Remove the users' own value of an attribute.", valueName: "NAME")) var clearAttribute: String?
        @Flag(help: "Log the users out of every session.") var logout = false
        @Option(help: ArgumentHelp("Write the plan to FILE (for roster bulk apply).", valueName: "FILE")) var out: String?
        @Option(help: "table or json.") var format: ItemFormat = .table

        func validate() throws {
            guard [query != nil, csv != nil, allUsers].count(where: { $0 }) == 1 else {
                throw ValidationError("give one of --where QUALIFIERS, --all-users or --csv FILE")
            }
            let actions = [setDomain != nil, forceReset != nil, disable, enable, sendReset, createFromSSO, deleteLogin,
                           addRole != nil, removeRole != nil, addGroup != nil, removeGroup != nil, setAttribute != nil,
                           clearAttribute != nil, logout].filter { $0 }.count
            if csv != nil && actions > 0 {
                throw ValidationError("--csv gives each user's new address itself: leave out the action")
            }
            if csv == nil && actions != 1 {
                throw ValidationError("give one action: --set-domain OLD=NEW, --force-reset true|false, --disable, --enable, "
                                      + "--send-reset, --create-from-sso, --delete-login, --add-role NAME, --remove-role NAME, "
                                      + "--add-group NAME, --remove-group NAME, --set-attribute NAME=VALUE, --clear-attribute NAME or --logout")
            }
            if let setDomain { _ = try BulkCommand.domains(setDomain) }
            if let setAttribute, (try? BulkAccessOption.attribute(setAttribute)) == nil {
                throw ValidationError("--set-attribute takes NAME=VALUE, e.g. max_rows=5000")
            }
        }

        /// The access action asked for, its name not yet resolved; nil for the other actions.
        var accessChoice: BulkAccessOption? {
            if let addRole { return .addRole(addRole) }
            if let removeRole { return .removeRole(removeRole) }
            if let addGroup { return .addToGroup(addGroup) }
            if let removeGroup { return .removeFromGroup(removeGroup) }
            if let setAttribute, let (name, value) = try? BulkAccessOption.attribute(setAttribute) { return .setAttribute(name: name, value: value) }
            if let clearAttribute { return .clearAttribute(clearAttribute) }
            if logout { return .logout }
            return nil
        }

        var action: BulkAction {
            if let setDomain, let (from, to) = try? BulkCommand.domains(setDomain) { return .setDomain(from: from, to: to) }
            if let forceReset { return .forceReset(forceReset) }
            if disable { return .disable }
            if enable { return .enable }
            if sendReset { return .sendReset }
            if createFromSSO { return .createFromSSO }
            if deleteLogin { return .deleteLogin }
            return .setEmails
        }

        func run() async throws {
            // Everything that can be wrong with the command line is found before anything is sent.
            var mapping: BulkCSV?
            var query: Query?
            if let csv {
                switch BulkCSV.read(path: csv) {
                case .success(let m): mapping = m
                case .failure(let errors): throw CLIFailure(.usage, errors.lines.joined(separator: "\n") + "\nroster: nothing planned")
                }
            }
            if let text = self.query ?? (allUsers ? "" : nil) {
                // An empty filter matches everyone: that has to be said, not slip through.
                guard !text.trimmingCharacters(in: .whitespaces).isEmpty || allUsers else {
                    throw CLIFailure(.usage, "roster: --where '' chooses every user; say --all-users to mean that")
                }
                switch Query.parse(text) {
                case .success(let q): query = q
                case .failure(let error): throw CLIFailure(.usage, "roster: --where: \(error.message)")
                }
            }
            let config = try global.loadConfig()
            let decision = global.policy(config)
            if let out, decision.readOnly {
                throw CLIFailure(.forbidden, "roster: read-only mode (\(decision.reason)) writes no files: "
                                 + "not writing \(out); plan without --out to preview")
            }
            let action = self.action, format = self.format, csv = self.csv, text = self.query ?? (allUsers ? "" : nil), out = self.out
            let access = self.accessChoice
            // The users are let go once planned: only the plan is kept while it is written out.
            let (plan, head) = try await withClient(global) { client in
                let users = try await BulkUsers.load(client)
                let plan: BulkPlan
                let chosenBy: BulkPlanFile.ChosenBy
                if let mapping, let csv {
                    let name = (csv as NSString).lastPathComponent
                    switch users.plan(mapping, file: csv) {
                    case .success(let p): plan = p
                    case .failure(let errors): throw CLIFailure(.usage, errors.lines.joined(separator: "\n") + "\nroster: nothing planned")
                    }
                    chosenBy = .init(kind: "csv", value: name)
                } else if let access {
                    // Names first: an unknown role is a usage error before any user's access is read.
                    let catalog = try await client.accessCatalog()
                    let resolved = try access.action(in: catalog)
                    try BulkUsers.checkNames(query, catalog)
                    let me = try? await client.me(fields: "id")
                    plan = try await users.plan(resolved, query: query ?? Query(), text: text ?? "", apiUserID: me?.id?.rawValue,
                                                read: { ids in access.readsAccess ? try await BulkAccessOption.access(of: ids, client: client) : [:] },
                                                catalog: catalog)
                    chosenBy = .init(kind: allUsers ? "all" : "where", value: text ?? "")
                } else {
                    // The API user is never disabled by a plan (that would cut the run's own access).
                    let me = try? await client.me(fields: "id")
                    // `role:` and `group:` mean here what they mean in the TUI's filter: names resolved in the catalog.
                    let catalog = query?.needsCatalog == true ? try await client.accessCatalog() : nil
                    try BulkUsers.checkNames(query, catalog)
                    plan = users.plan(action, query: query ?? Query(), text: text ?? "", apiUserID: me?.id?.rawValue, catalog: catalog)
                    chosenBy = .init(kind: allUsers ? "all" : "where", value: text ?? "")
                }
                return (plan, BulkPlanFile.Head(plan: plan, config: client.config, chosenBy: chosenBy))
            }
            if let out { try BulkPlanFile.write(plan, head: head, to: out) }
            var output = Output()
            if format == .json {
                // A hidden attribute's value (a password, a key) is kept in the plan file (0600) for
                // apply, never printed.
                var shown = head
                shown.action = plan.action.masked
                try BulkPlanFile.encode(plan.masked, head: shown) { output.passedThrough($0) }
            } else {
                output.line("\(head.title), \(head.scope), on \(head.instance)")
                BulkPreview.write(plan, to: &output)
                if let out { output.line("plan written to \(out): roster bulk apply \(out)") }
            }
            output.flush()
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a plan file: asks first on a terminal (the count, for more than 20 changes).",
            discussion: """
                Each row is re-read right before it is written; a row changed since the plan is skipped. On a \
                terminal a progress line shows counts, rate and ETA; otherwise one JSON line per row on stdout, \
                then a summary line. Ctrl-C stops after the requests in flight (resumable); a second Ctrl-C quits \
                at once. Without a terminal the run needs --yes. Answering anything else than asked aborts (exit 1).
                """ + "\n" + ExitStatus.bulkHelpText)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The plan file (roster bulk plan --out).") var planFile: String
        @Flag(help: "Do not ask.") var yes = false
        @Flag(help: "Apply a plan that was applied before (a plan is otherwise applied once per instance).") var again = false
        @Option(help: "Requests in flight at most, 1 to 16 (fewer while rate limited).", transform: BulkCommand.concurrency)
        var concurrency = 4

        func run() async throws {
            let file = try BulkPlanFile.read(path: planFile)
            let config = try global.loadConfig()
            try BulkCommand.refuseInReadOnly(global, config, "apply")
            try file.checkInstance(config.looker, path: planFile)
            // A plan file is data anyone may have edited: it is checked whole before anything is asked.
            let problems = file.plan.problems()
            guard problems.isEmpty else {
                throw CLIFailure(.usage, problems.prefix(50).map { "\(planFile): " + $0.text }.joined(separator: "\n")
                                 + (problems.count > 50 ? "\n\(planFile): … and \(problems.count - 50) more" : "")
                                 + "\nroster: nothing applied")
            }
            try await BulkCommand.execute(file.plan, global: global, config: config, yes: yes, again: again,
                                          concurrency: concurrency, command: "apply")
        }
    }

    /// `--concurrency`: 1 to 16. Looker's own limits make more pointless; the runner backs off on 429.
    static func concurrency(_ text: String) throws -> Int {
        guard let n = Int(text), (1...16).contains(n) else { throw ValidationError("--concurrency must be a whole number from 1 to 16") }
        return n
    }

    /// The first of the three read-only refusals: before anything is asked or sent. (The runner
    /// refuses, and the client sends nothing but GET, should this one ever be skipped.)
    static func refuseInReadOnly(_ global: GlobalOptions, _ config: RosterConfig, _ command: String) throws {
        let decision = global.policy(config)
        if decision.readOnly {
            throw CLIFailure(.forbidden, "roster: bulk \(command) refused: read-only mode (\(decision.reason))")
        }
    }

    /// Shows the preview, asks, and runs `plan` as a new run.
    static func execute(_ plan: BulkPlan, global: GlobalOptions, config: RosterConfig, yes: Bool, again: Bool = false,
                        concurrency: Int, command: String) async throws {
        // An undo with nothing left to write still runs (it writes nothing): it is what marks the run
        // undone, so that run is never resumed afterwards.
        let undo = if case .undo = plan.action { true } else { false }
        if plan.writeCount == 0 && !undo {
            var out = Output()
            out.line("nothing to change: " + BulkPreview.totals(plan))
            out.flush()
            return
        }
        if !yes && isatty(STDIN_FILENO) == 1 {
            // The question comes with the whole preview, on the terminal the answer is typed at.
            var out = Output(fd: isatty(STDOUT_FILENO) == 1 ? STDOUT_FILENO : STDERR_FILENO)
            out.line(plan.action.title + ", " + plan.scope)
            BulkPreview.write(plan, to: &out)
            out.flush()
        }
        try BulkConsole.confirm(writes: plan.writeCount, yes: yes || plan.writeCount == 0, command: command)
        let session = BulkConsole()
        try await withRunner(global, config, session) { runner in
            try await session.run(runner) { events in
                try await runner.start(plan: plan, concurrency: concurrency, again: again, events: events)
            }
        }
    }

    /// A runner on the configured instance, writing runs and the journal in the state directory.
    /// The client's 429 retries show on the session's progress line rather than as a stderr line
    /// each, which would break the line on a terminal and say nothing new in JSON mode.
    static func withRunner(_ global: GlobalOptions, _ config: RosterConfig, _ session: BulkConsole,
                           _ body: (BulkRunner) async throws -> Void) async throws {
        let decision = global.policy(config)
        let client = LookerClient(config: config.looker, readOnly: decision.readOnly, retry: .paced, logger: Logger(label: "roster.bulk"), onEvent: { event in
            if case .rateLimited(let delay, _, _) = event { session.rateLimited(for: delay) }
        })
        do {
            let me = try? await client.me(fields: JournalRecorder.meFields)
            let journal = Journal(path: StatePaths.journal(environment: global.environment))
            try await body(BulkRunner(service: client, store: store(global), journal: journal, apiUser: JournalRecorder.apiUser(me),
                                      apiUserID: me?.id?.rawValue))
            await client.shutdown()
        } catch {
            await client.shutdown()
            throw failure(error)
        }
    }

    static func store(_ global: GlobalOptions) -> RunStore {
        RunStore(directory: RunStore.defaultDirectory(environment: global.environment))
    }
}
