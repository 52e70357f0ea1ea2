import ArgumentParser
import Foundation
import LookerAPI
import Logging
import RosterCore
import RosterApp
import RosterServices
import Sandbox
import Serve

/// `roster` and `roster --demo`: the terminal UI.
struct TUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the terminal UI (the default command).",
        discussion: """
            With --demo, an embedded Looker-compatible sandbox starts on loopback and the UI opens on it: \
            nothing to configure. Keys: ? in the UI lists them all. Read-only is on with --read-only, \
            read_only = true in the profile, and by default over SSH (--write overrides).
            """ + "\n" + ExitStatus.helpText)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Run on the embedded sandbox (seeded demo data), no configuration needed.") var demo = false
    @Option(help: "Users in the demo sandbox.") var demoUsers = 500
    @Flag(help: "Add users with hostile names (escape sequences, bidi, zero-width…) to the demo.") var hostileNames = false
    @Option(help: "Delay added to every demo sandbox answer, in milliseconds.") var demoLatencyMs = 0
    @Option(help: "Theme name (themes list shows them).") var theme: String?
    @Flag(help: "No colors (NO_COLOR does the same); meaning stays in text and attributes.") var noColor = false
    @Flag(help: "ASCII borders and marks.") var ascii = false
    @Option(help: "Requests a bulk run keeps in flight at most (halved on 429, grown back slowly).") var concurrency = 4
    @Option(help: ArgumentHelp("Run as a session of roster serve for this viewer: read-only, credentials from fd 3.",
                               valueName: "NAME")) var servedAs: String?

    func validate() throws {
        if servedAs != nil && (demo || global.write || global.config != nil || global.profile != nil) {
            throw ValidationError("--served-as takes its credentials from roster serve: no --demo, --write, --config or --profile")
        }
    }

    func run() async throws {
        var sandbox: Sandbox?
        let config: RosterConfig
        var servedDemo = false
        if servedAs != nil {
            // The server hands over what it resolved; a served child never reads looker.ini.
            do {
                let handoff = try Handoff.read()
                config = handoff.config
                servedDemo = handoff.demo
            } catch {
                throw CLIFailure(.usage, "roster: \(error)")
            }
        } else if demo {
            var options = SandboxOptions()
            options.users = max(1, demoUsers)
            options.hostileNames = hostileNames
            options.latencyMs = max(0, demoLatencyMs)
            do {
                sandbox = try await Sandbox.start(options)
            } catch {
                throw CLIFailure(.other, "roster: cannot start the demo sandbox: \(error)")
            }
            config = RosterConfig(looker: LookerConfig(baseURL: sandbox!.baseURL, clientID: sandbox!.clientID,
                                                       clientSecret: sandbox!.clientSecret))
        } else {
            config = try global.loadConfig()
        }
        let policy = Policy.decide(readOnlyFlag: global.readOnly, writeFlag: global.write, profileValue: demo ? nil : config.readOnly,
                                   environment: global.environment, servedAs: servedAs)
        var tuiSettings = TUISettings(config: config, policy: policy, demo: demo || servedDemo, themeName: theme,
                                      noColor: noColor, ascii: ascii)
        tuiSettings.notices = logWarnings
        tuiSettings.concurrency = max(1, min(32, concurrency))
        let settings = tuiSettings
        // The event loop blocks its thread in poll(): give it a thread of its own rather than one of
        // the few cooperative threads the client's tasks need.
        let code = await withCheckedContinuation { (done: CheckedContinuation<Int32, Never>) in
            let thread = Thread { done.resume(returning: TUI.run(settings)) }
            thread.name = "roster-ui"
            thread.start()
        }
        await sandbox?.stop()
        if code != 0 { throw ExitCode(code) }
    }
}
